"""The call center takes a station's `voided` event: it keeps both facts, folds without the
voided one (the board's attempt count), and refuses a void naming nothing of this station's."""

from __future__ import annotations

import pytest

from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration

A, B = "12345", "23456"


def test_a_voided_attempt_is_kept_and_not_counted(server):
    station = server.client(server.add_station(A, "合肥北站"))
    order = server.issue_order(A)
    oid = order["id"]
    busy1 = new_event(oid, "contact_attempt", {"outcome": "busy"}, station_code=A)
    busy2 = new_event(oid, "contact_attempt", {"outcome": "busy"}, station_code=A)
    void = new_event(oid, "voided", {"event_id": busy2["id"], "reason": "按了两次"},
                     station_code=A)
    r = station.post("/v1/events", json={"events": [
        new_event(oid, "received", {}, station_code=A), busy1, busy2, void]})
    assert [x["status"] for x in r.json()["results"]] == ["accepted"] * 4, r.json()
    held = server.dispatcher.get(f"/v1/orders/{oid}").json()
    assert [e["type"] for e in held["events"]].count("contact_attempt") == 2  # both kept
    assert held["events"][-1]["payload"]["event_id"] == busy2["id"]
    board = server.dispatcher.get("/v1/board").json()
    mine = next(o for o in board["orders"] if o["order"]["id"] == oid)
    assert mine["contact_attempts"] == 1


def test_a_void_must_name_one_of_the_stations_facts(server):
    station = server.client(server.add_station(A, "合肥北站"))
    oid = server.issue_order(A)["id"]
    unknown = new_event(oid, "voided", {"event_id": "00000000-0000-4000-8000-000000000001"},
                        station_code=A)
    r = station.post("/v1/events", json={"events": [unknown]})
    result = r.json()["results"][0]
    assert result["status"] == "rejected" and "event_id" in result["reason"]
