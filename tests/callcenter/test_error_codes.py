"""Every HTTP refusal carries a machine-readable `code` on each error, beside the field and the
English and Chinese messages (the codes are listed in callcenter/README.md)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration
A = "12345"
MISSING = "4f1c2a9e-0d3b-4c55-8a1e-7f0e2b9c1d00"


@pytest.fixture(scope="module")
def clients(shared_server):
    station = shared_server.client(shared_server.add_station(A))
    return {"station": station, "anonymous": shared_server.client(),
            "dispatcher": shared_server.dispatcher}


@pytest.mark.parametrize("who,method,path,body,status,code", [
    ("anonymous", "get", "/v1/me", None, 401, "unauthorized"),
    ("station", "get", "/v1/board", None, 403, "role_not_allowed"),
    ("station", "get", f"/v1/orders/{MISSING}", None, 404, "unknown_order"),
    ("dispatcher", "post", "/v1/orders", {"kind": "dispatch"}, 422, "missing"),
    ("dispatcher", "post", "/v1/orders", {"kind": "dispatch", "station_code": A,
                                          "customer": {"name": "张", "phone": "12"}}, 422,
     "invalid_phone"),
    ("dispatcher", "post", f"/v1/orders/{MISSING}/cancel", {"reason": "x"}, 404,
     "unknown_order"),
    ("dispatcher", "get", "/v1/nowhere", None, 404, "not_found"),
    ("dispatcher", "delete", "/v1/orders", None, 405, "method_not_allowed"),
])
def test_each_refusal_names_its_code(clients, who, method, path, body, status, code):
    client = clients[who]
    r = client.request(method, path, json=body) if body is not None else client.request(
        method, path)
    assert r.status_code == status, r.text
    errors = r.json()["errors"]
    assert errors and all(e["code"] == code for e in errors), errors
    assert all(e["message"] and e["message_zh"] for e in errors)
