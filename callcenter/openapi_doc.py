"""The OpenAPI document the service publishes at /openapi.json, made true: every schema it
references is in it, every status a route can answer is listed with the body it carries
(`ErrorBody`), the bearer scheme is declared, and the main requests have an example."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from callcenter import auth
from station_app import wire

REF = "#/components/schemas/{model}"
PUBLIC = frozenset({"/v1/health", "/v1/enrol"})
# Statuses a route answers beyond what its shape says (see its docstring).
EXTRA: dict[tuple[str, str], set[str]] = {
    ("post", "/v1/enrol"): {"403", "404", "409", "410", "429"},
    ("get", "/v1/changes"): {"409"},
}
# ... and what such a status means there, where it is not `_WHY`'s general meaning.
WHY_AT: dict[tuple[str, str, str], str] = {
    ("get", "/v1/changes", "409"): "`feed_rewound`: the feed does not hold change `after` as "
    "`mark` names it (the database was restored from an older backup); rebuild from "
    "`/v1/rebuild`",
}
LONG_POLLS = frozenset({"/v1/changes", "/v1/board/changes"})


class ErrorBody(BaseModel):
    """Every refusal: ``detail`` is the first error as one line, English / Chinese; ``errors``
    names each field at fault."""

    detail: str
    errors: list[wire.ErrorDetail]


_WHY = {
    "400": "the request cannot be read as such (e.g. a Content-Length that is not a number)",
    "401": "no token, or a token that is unknown or revoked (WWW-Authenticate: Bearer)",
    "403": "the token's role may not do this",
    "404": "no such order, or one the caller may not see (the same answer for both)",
    "409": "the order's state or existing data does not allow this",
    "410": "the enrolment code has expired",
    "413": "the body is larger than the limit (16 MiB)",
    "422": "a field is malformed or breaks a rule; each error names its field",
    "429": "too many failed enrolment attempts from this address or for this station "
           "(Retry-After)",
    "503": "the database is not reachable, or too many requests wait now (Retry-After)",
}

_ORDER = {"station_code": "12345", "kind": "rescue",
          "customer": {"name": "张先生", "phone": "13912345678"},
          "location": "合肥市蜀山区长江西路100号",
          "statement": "1. 车辆无法启动\n2. 用户在路边等候"}
_EVENT = {"id": "3f1c2a9e-0d3b-4c55-8a1e-7f0e2b9c1d01",
          "order_id": "3f1c2a9e-0d3b-4c55-8a1e-7f0e2b9c1d00", "type": "received",
          "occurred_at": "2026-12-01T09:30:00+08:00", "recorded_at": "2026-12-01T09:30:05+08:00",
          "author": "王师傅", "payload": {}}
EXAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/v1/orders"): _ORDER,
    ("post", "/v1/events"): {"events": [_EVENT]},
    ("post", "/v1/orders/{order_id}/cancel"): {"reason": "用户已自行解决"},
    ("post", "/v1/orders/{order_id}/reassign"): {"to_station": "23456", "reason": "就近改派"},
    ("post", "/v1/orders/{order_id}/callbacks"): {
        "outcome": "reached", "note": "用户满意",
        "scores": {"skill": 5, "attitude": 5, "timeliness": 4, "parts": 5, "overall": 5}},
    ("post", "/v1/orders/{order_id}/close"): {"note": "回访属实"},
    ("post", "/v1/orders/{order_id}/reopen"): {"reason": "用户反映未修好"},
}


def install(app: FastAPI) -> None:
    app.openapi = lambda: document(app)  # type: ignore[method-assign]


def document(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description,
                      routes=app.routes)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    _, defs = models_json_schema([(wire.EventBatch, "validation"), (ErrorBody, "validation")],
                                 ref_template=REF)
    for name, schema in defs.get("$defs", {}).items():
        schemas.setdefault(name, schema)
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    doc["components"]["securitySchemes"] = {"bearer": {
        "type": "http", "scheme": "bearer",
        "description": "`<token_id>.<secret>` as printed once by `callcenter add-station` or "
                       "`callcenter add-user`"}}
    doc["security"] = [{"bearer": []}]
    routes = {(m.lower(), r.path): r for r in _api_routes(app.routes) for m in r.methods or ()}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            _complete(op, method, path, routes.get((method, path)))
    app.openapi_schema = doc
    return doc


def _complete(op: dict[str, Any], method: str, path: str, route: APIRoute | None) -> None:
    responses = op.setdefault("responses", {})
    statuses = {"422"} if (op.get("parameters") or op.get("requestBody")) else set()
    if path in PUBLIC:
        op["security"] = []
    else:
        statuses |= {"401", "503"}
        if route is not None and _role_checked(route):
            statuses.add("403")
    if "{order_id}" in path:
        statuses.add("404")
    if method == "post":
        statuses |= {"400", "409", "413", "422"}
    if path in LONG_POLLS:
        statuses.add("503")
    statuses |= EXTRA.get((method, path), set())
    for status in sorted(statuses):
        why = WHY_AT.get((method, path, status), _WHY[status])
        responses[status] = {"description": why, "content": {
            "application/json": {"schema": {"$ref": REF.format(model="ErrorBody")}}}}
    if (method, path) == ("post", "/v1/orders"):
        responses["200"] = {**responses["201"],
                            "description": "the same order again: a retried request with its id"}
    example = EXAMPLES.get((method, path))
    if example is not None and "requestBody" in op:
        op["requestBody"]["content"]["application/json"]["example"] = example


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """The app's routes, also those of included routers (their prefix is in their path: the
    app includes them without one)."""
    out: list[APIRoute] = []
    for r in routes:
        if isinstance(r, APIRoute):
            out.append(r)
        elif hasattr(r, "original_router"):
            out += _api_routes(r.original_router.routes)
    return out


def _role_checked(route: APIRoute) -> bool:
    """Whether a dependency of the route refuses some roles (403)."""
    for dep in route.dependant.dependencies:
        call = dep.call
        if (call in (auth.require_station, auth.station_token)
                or getattr(call, "__name__", "") == "dependency"):
            return True
    return False
