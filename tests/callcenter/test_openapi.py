"""The published OpenAPI document is true: valid, every reference resolves, every status a
route answers is listed with its body, the bearer scheme is declared, examples are accepted."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def doc(shared_server) -> dict[str, Any]:
    r = shared_server.client().get("/openapi.json")
    assert r.status_code == 200
    return r.json()


def _refs(node: Any):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)


def _operations(doc):
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            yield method, path, op


def test_the_document_is_valid_and_every_reference_resolves(doc):
    validate(doc)
    schemas = doc["components"]["schemas"]
    missing = {r for r in _refs(doc) if r.rsplit("/", 1)[-1] not in schemas}
    assert not missing
    assert "EventBatch" in schemas and "ErrorBody" in schemas


def test_the_bearer_scheme_is_declared_and_only_health_and_enrolment_are_public(doc):
    assert doc["components"]["securitySchemes"]["bearer"] == {
        **doc["components"]["securitySchemes"]["bearer"], "type": "http", "scheme": "bearer"}
    for method, path, op in _operations(doc):
        public = op.get("security", doc["security"]) == []
        assert public == (path in ("/v1/health", "/v1/enrol")), (method, path)


def test_every_refusal_is_documented_with_the_body_the_server_sends(doc):
    for method, path, op in _operations(doc):
        responses = op["responses"]
        if path not in ("/v1/health", "/v1/enrol"):
            assert "401" in responses, (method, path)
        if "{order_id}" in path:
            assert "404" in responses, (method, path)
        if method == "post":
            assert {"409", "413", "422"} <= set(responses), (method, path)
        for status, response in responses.items():
            if status.startswith("4") or status.startswith("5"):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path)
    assert {"200", "201"} <= set(doc["paths"]["/v1/orders"]["post"]["responses"])
    assert "403" in doc["paths"]["/v1/audit"]["get"]["responses"]


def test_the_documented_422_is_what_the_server_sends(shared_server, doc):
    client = shared_server.client(shared_server.add_user("审核", "reviewer"))
    r = client.get("/v1/audit", params={"date": "yesterday"})
    assert r.status_code == 422
    body = r.json()
    required = doc["components"]["schemas"]["ErrorBody"]["required"]
    assert set(required) <= set(body)
    assert {"field", "message", "message_zh"} <= set(body["errors"][0])


def test_the_main_requests_have_examples_the_server_accepts(shared_server, doc):
    shared_server.add_station("12345")
    shared_server.add_station("23456")
    example = doc["paths"]["/v1/orders"]["post"]["requestBody"]["content"][
        "application/json"]["example"]
    r = shared_server.dispatcher.post("/v1/orders", json=example)
    assert r.status_code == 201, r.text
    for method, path, op in _operations(doc):
        if method == "post":
            assert "example" in op["requestBody"]["content"]["application/json"] or path in (
                "/v1/orders/{order_id}/send-back", "/v1/orders/{order_id}/log",
                "/v1/orders/{order_id}/urge", "/v1/enrol"), path
