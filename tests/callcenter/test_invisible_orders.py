"""Nothing is said about orders a station may not see: another station's order, and an event
id already used on another station's order, answer exactly as an order that does not exist."""

from __future__ import annotations

import uuid

import pytest

from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration
A, B = "12345", "23456"


def _result(client, event) -> dict:
    r = client.post("/v1/events", json={"events": [event]})
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    return result


def _missing_answer(client) -> dict:
    missing = _result(client, new_event(str(uuid.uuid4()), "note", {"text": "探测"}))
    assert missing["status"] == "rejected"
    return missing


def test_reusing_an_event_id_of_another_stations_order_answers_as_a_missing_order(server):
    a = server.client(server.add_station(A))
    b = server.client(server.add_station(B))
    theirs = server.issue_order(A)
    mine = server.issue_order(B)
    original = new_event(theirs["id"], "received")
    assert _result(a, original)["status"] == "accepted"
    missing = _missing_answer(b)

    on_their_order = {**new_event(theirs["id"], "note", {"text": "探测"}), "id": original["id"]}
    on_my_order = {**new_event(mine["id"], "note", {"text": "探测"}), "id": original["id"]}
    for probe in (on_their_order, on_my_order):
        got = _result(b, probe)
        assert (got["status"], got["reason"]) == (missing["status"], missing["reason"]), got
        assert "same event id" not in got["reason"]


def test_another_stations_order_answers_as_a_missing_order(server):
    server.client(server.add_station(A))
    b = server.client(server.add_station(B))
    theirs = server.issue_order(A)
    got = _result(b, new_event(theirs["id"], "note", {"text": "探测"}))
    missing = _missing_answer(b)
    assert (got["status"], got["reason"]) == (missing["status"], missing["reason"])


def test_a_reused_id_on_ones_own_orders_still_says_so(server):
    a = server.client(server.add_station(A))
    order = server.issue_order(A)
    first = new_event(order["id"], "note", {"text": "一"})
    assert _result(a, first)["status"] == "accepted"
    again = {**new_event(order["id"], "note", {"text": "二"}), "id": first["id"]}
    assert "same event id" in _result(a, again)["reason"]
