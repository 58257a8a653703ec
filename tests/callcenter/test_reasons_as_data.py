"""#16 item 7 on the wire: every verdict's reason is data — a stable `code`, the field, and
`message_en` / `message_zh` apart — for a client that says it reads them (X-Wire-Version: 2);
a duplicate carries its first copy's verdict; a v1 client still gets exactly the v1 shape."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ConfigDict

from station_app import wire_fields
from tests.support.callcenter_server import new_event
from tests.support.refusals import in_both_languages, refusal

pytestmark = pytest.mark.integration
A = "12345"
V2 = {"X-Wire-Version": "2"}  # wire.WIRE_VERSION_HEADER, wire.WIRE_VERSION
MISSING = "4f1c2a9e-0d3b-4c55-8a1e-7f0e2b9c1d00"


def _push(client: Any, *events: Any, headers: dict[str, str] | None = None
          ) -> list[dict[str, Any]]:
    r = client.post("/v1/events", json={"events": list(events)},
                    headers=V2 if headers is None else headers)
    assert r.status_code == 200, r.text
    return r.json()["results"]  # type: ignore[no-any-return]


def test_a_late_fact_and_its_duplicate_say_why_as_data(server):
    station = server.client(server.add_station(A))
    order = server.issue_order(A)
    server.cancel_order(order["id"], "用户自行修好")
    departed = new_event(order["id"], "departed", {"technicians": ["李师傅"]})
    [first] = _push(station, departed)
    assert first["status"] == "late" and first.get("reason", "") == ""
    why = first["why"]
    assert why["code"] == "late_after_cancel" and in_both_languages(why)
    assert "cancelled" in why["message_en"] and "已取消" in why["message_zh"]
    [again] = _push(station, departed)
    assert again["status"] == "duplicate" and again["why"]["code"] == "duplicate"
    assert again["original"] == {"status": "late", "why": why, "seq": first["seq"]}


def test_each_rejection_in_a_batch_has_its_own_code_and_field(server):
    station = server.client(server.add_station(A))
    order = server.issue_order(A)
    received = new_event(order["id"], "received")
    _push(station, received)
    cases = [
        (new_event(MISSING, "received"), "unknown_order", "order_id"),
        (new_event(order["id"], "received", occurred_at="2999-01-01T00:00:00+00:00"),
         "impossible_time", "occurred_at"),
        ({**received, "author": "别人"}, "id_reused", "id"),
        (new_event(order["id"], "received", {"bogus": 1}), "unknown_field", "payload.bogus"),
        (new_event(order["id"], "received", author=""), "invalid", "author"),
        ("just a string", "invalid", "event"),
    ]
    results = _push(station, *[c[0] for c in cases])
    got = [(r["status"], r["why"]["code"], r["why"]["field"]) for r in results]
    assert got == [("rejected", code, field) for _, code, field in cases]
    assert all(in_both_languages(r["why"]) for r in results), results


class _V1Result(wire_fields.WireModel):
    """`EventResult` as the v1 station (1.x) reads it: unknown keys refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    status: str
    reason: str = ""
    seq: int | None = None


def test_a_v1_client_gets_the_v1_shape_it_can_read(server):
    station = server.client(server.add_station(A))
    order = server.issue_order(A)
    server.cancel_order(order["id"], "用户自行修好")
    departed = new_event(order["id"], "departed", {"technicians": ["李师傅"]})
    for result in (_push(station, departed, headers={}) + _push(station, departed, headers={})
                   + _push(station, new_event(MISSING, "received"), headers={})):
        _V1Result.model_validate(result)  # no `why`, no `original`: a 1.x station reads it
        assert " / " in result["reason"]  # its one line, English / Chinese, as before


def test_an_error_body_carries_the_refusal_apart_in_each_language(server):
    r = server.dispatcher.post("/v1/orders", json={
        "station_code": A, "kind": "rescue",
        "customer": {"name": "张先生", "phone": "13912345678"}})
    assert r.status_code == 422
    why = refusal(r)
    assert why["field"] == "location" and why["code"] == "missing"
    assert "place of breakdown" in why["message_en"] and "用户地点" in why["message_zh"]
    assert " / " not in r.json()["detail"] and "用户地点" not in r.json()["detail"]
