"""Malformed input, table-driven: a 4xx that names the field, never a 500, nothing stored; on
/v1/events a bad event is one rejected result, a bad envelope is a 4xx for the batch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from callcenter import db as database
from callcenter.models import ChangeRow, EventRow, OrderRow
from tests.callcenter.flows import work_to_completion
from tests.support.callcenter_server import new_event
from tests.support.refusals import refusal, said

pytestmark = pytest.mark.integration

A, B = "12345", "23456"
GOOD_ORDER = {"station_code": A, "kind": "dispatch",
              "customer": {"name": "张先生", "phone": "13912345678"}}
FUTURE = (datetime.now(UTC) + timedelta(hours=3)).isoformat()


class World:
    def __init__(self, server) -> None:
        self.station = server.client(server.add_station(A))
        server.add_station(B)
        self.dispatcher = server.client(server.add_user("调度", "dispatcher"))
        self.reviewer = server.client(server.add_user("审核", "reviewer"))
        self.order = server.issue_order(A, business_no="PG-TAKEN-1")
        self.done = server.issue_order(A)
        work_to_completion(self.station, self.done["id"])


@pytest.fixture(scope="module")
def world(shared_server):
    return World(shared_server)


def _counts() -> tuple[int, int, int]:
    return database.read(lambda: (OrderRow.select().count(), EventRow.select().count(),
                                  ChangeRow.select().count()))


def _order(**changes: Any) -> dict[str, Any]:
    body = {**GOOD_ORDER, **changes}
    return {k: v for k, v in body.items() if v is not None}


ORDER_CASES = [
    ("not json", b"{not json", 422, "JSON"),
    ("a list", b"[]", 422, ""),
    ("unknown field", _order(colour_of_sky="blue"), 422, "colour_of_sky"),
    ("bad phone", _order(customer={"name": "张", "phone": "12"}), 422, "customer.phone"),
    ("overlong statement", _order(statement="很" * 4001), 422, "statement"),
    ("overlong name", _order(customer={"name": "张" * 81, "phone": "13912345678"}), 422,
     "customer.name"),
    ("wrong type", _order(kind=5), 422, "kind"),
    ("unknown kind", _order(kind="teleport"), 422, "kind"),
    ("rescue without location", _order(kind="rescue"), 422, "location"),
    ("complaint without level", _order(kind="complaint"), 422, "complaint_level"),
    ("short station code", _order(station_code="999"), 422, "station_code"),
    ("unknown station", _order(station_code="99999"), 422, "station_code"),
    ("issued in the future", _order(issued_at=FUTURE), 422, "issued_at"),
    ("time without zone", _order(issued_at="2026-01-01T10:00:00"), 422, "issued_at"),
    ("bad vin", _order(vehicle={"vin": "123"}), 422, "vehicle.vin"),
    ("bad plate", _order(vehicle={"plate": "XX12"}), 422, "vehicle.plate"),
    ("negative mileage", _order(vehicle={"mileage_km": -5}), 422, "vehicle.mileage_km"),
    ("no customer", {k: v for k, v in GOOD_ORDER.items() if k != "customer"}, 422, "customer"),
    ("bad id", _order(id="not-a-uuid"), 422, "id"),
    ("business number taken", _order(business_no="PG-TAKEN-1"), 409, "business_no"),
    ("bad business number", _order(business_no="号码"), 422, "business_no"),
]


@pytest.mark.parametrize("body,status,field", [c[1:] for c in ORDER_CASES],
                         ids=[c[0] for c in ORDER_CASES])
def test_malformed_orders(world, body, status, field):
    before = _counts()
    if isinstance(body, bytes):
        r = world.dispatcher.post("/v1/orders", content=body,
                                  headers={"Content-Type": "application/json"})
    else:
        r = world.dispatcher.post("/v1/orders", json=body)
    assert r.status_code == status, r.text
    assert field in said(refusal(r))  # names the field, in English and in Chinese
    assert _counts() == before


def _actions(world: World) -> list[tuple[str, str, str, Any, int, str]]:
    oid = world.order["id"]
    return [
        ("cancel without reason", "post", f"/v1/orders/{oid}/cancel", {"reason": ""}, 422,
         "reason"),
        ("cancel overlong reason", "post", f"/v1/orders/{oid}/cancel", {"reason": "x" * 501},
         422, "reason"),
        ("cancel bad order id", "post", "/v1/orders/123/cancel", {"reason": "x"}, 422,
         "order_id"),
        ("cancel unknown order", "post",
         "/v1/orders/2b6f0c1e-8f0a-4c1e-9f55-0e0a5c3b9d11/cancel", {"reason": "x"}, 404,
         "order_id"),
        ("reassign bad code", "post", f"/v1/orders/{oid}/reassign",
         {"to_station": "abc", "reason": "x"}, 422, "to_station"),
        ("reassign unknown station", "post", f"/v1/orders/{oid}/reassign",
         {"to_station": "99999", "reason": "x"}, 422, "to_station"),
        ("reassign to itself", "post", f"/v1/orders/{oid}/reassign",
         {"to_station": A, "reason": "x"}, 409, "to_station"),
        ("cancel unknown field", "post", f"/v1/orders/{oid}/cancel",
         {"reason": "x", "force": True}, 422, "force"),
    ]


def _review_actions(world: World) -> list[tuple[str, str, str, Any, int, str]]:
    done = world.done["id"]
    return [
        ("score out of range", "post", f"/v1/orders/{done}/callbacks",
         {"outcome": "reached", "scores": {"skill": 6, "attitude": 5, "timeliness": 5,
                                           "parts": 5, "overall": 5}}, 422, "scores.skill"),
        ("unknown outcome", "post", f"/v1/orders/{done}/callbacks", {"outcome": "maybe"}, 422,
         "outcome"),
        ("close date not a date", "post", f"/v1/orders/{done}/close",
         {"close_date": "yesterday"}, 422, "close_date"),
        ("reopen without reason", "post", f"/v1/orders/{done}/reopen", {}, 422, "reason"),
        ("audit bad date", "get", "/v1/audit?date=2026-13-01", None, 422, "date"),
        ("audit no date", "get", "/v1/audit", None, 422, "date"),
        ("audit bad state", "get", "/v1/audit?date=2026-01-01&state=some", None, 422, "state"),
        ("audit bad station", "get", "/v1/audit?date=2026-01-01&station=abc", None, 422,
         "station"),
        ("report without period", "get", "/v1/reports/stations", None, 422, "from"),
    ]


@pytest.mark.parametrize("case", range(8))
def test_malformed_dispatcher_actions(world, case):
    _check(world, world.dispatcher, _actions(world)[case])


@pytest.mark.parametrize("case", range(9))
def test_malformed_reviewer_actions(world, case):
    _check(world, world.reviewer, _review_actions(world)[case])


def _check(world: World, client, case) -> None:
    name, method, path, body, status, field = case
    before = _counts()
    r = client.post(path, json=body) if method == "post" else client.get(path)
    assert r.status_code == status, f"{name}: {r.text}"
    assert field in r.json()["detail"], name
    assert _counts() == before


@pytest.mark.parametrize("params,field", [
    ({"wait": 31}, "wait"), ({"wait": -1}, "wait"), ({"after": -1}, "after"),
    ({"after": "abc"}, "after"), ({"wait": "soon"}, "wait")])
def test_malformed_change_requests(world, params, field):
    r = world.station.get("/v1/changes", params=params)
    assert r.status_code == 422 and field in r.json()["detail"]


BATCH_CASES = [
    ("not json", b"{events: ["),
    ("a bare list", b"[]"),
    ("events not a list", b'{"events": {}}'),
    ("extra key", b'{"events": [], "station_code": "23456"}'),
    ("no events key", b"{}"),
]


@pytest.mark.parametrize("raw", [c[1] for c in BATCH_CASES], ids=[c[0] for c in BATCH_CASES])
def test_malformed_batch_envelopes(world, raw):
    before = _counts()
    r = world.station.post("/v1/events", content=raw,
                           headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]
    assert _counts() == before


def test_a_batch_over_500_is_refused_whole(world):
    before = _counts()
    events = [new_event(world.order["id"], "note", {"text": f"n{i}"}) for i in range(501)]
    r = world.station.post("/v1/events", json={"events": events})
    assert r.status_code == 422 and "events" in r.json()["detail"]
    assert _counts() == before


def test_bad_events_are_rejected_one_by_one(world):
    oid = world.order["id"]
    issued_at = datetime.fromisoformat(world.order["issued_at"])
    good = new_event(oid, "note", {"text": "好的记录"})
    cases = [
        (new_event(oid, "contact_attempt", {"outcome": "reached", "note": "长" * 501}), "note"),
        (new_event(oid, "arrived", {"speed": 3}), "speed"),
        (new_event(oid, "teleported"), "type"),
        (new_event(oid, "received", occurred_at="2026-01-01T10:00:00"), "occurred_at"),
        (new_event(oid, "received", author=""), "author"),
        ({k: v for k, v in new_event(oid, "received").items() if k != "order_id"}, "order_id"),
        ("just a string", "payload invalid"),
        (new_event(oid, "completed", {"work_done": "修好", "technicians": ["李"]},
                   occurred_at=(issued_at - timedelta(hours=1)).isoformat()),
         "before the order was issued"),
        (new_event(oid, "completed", {"work_done": "修好", "technicians": ["李"],
                                      "fees_out_of_warranty": {"parts": "-1"}}), "parts"),
    ]
    before = _counts()
    r = world.station.post("/v1/events", json={"events": [c[0] for c in cases] + [good]})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected"] * len(cases) + ["accepted"]
    for (_, field), result in zip(cases, results, strict=False):
        assert field in result["reason"], result
    assert results[-1]["id"] == good["id"]
    orders, events, changes = _counts()
    assert (orders, events) == (before[0], before[1] + 1)
