"""Inputs at the edge of what Python's datetime and SQLite's integers hold: each is a 422 naming
the field, never a 500; inside a batch one such event is that event's rejection, and the valid
event beside it is stored."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter import judging
from tests.callcenter.flows import work_to_completion
from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration

A = "12345"
EARLIEST = "0001-01-01T00:00:00+14:00"
LATEST = "9999-12-31T23:59:59-14:00"
EXTREMES = [EARLIEST, LATEST]


class World:
    def __init__(self, server) -> None:
        self.server = server
        self.station = server.client(server.add_station(A))
        self.dispatcher = server.client(server.add_user("调度", "dispatcher"))
        self.reviewer = server.client(server.add_user("审核", "reviewer"))
        self.order = server.issue_order(A)


@pytest.fixture(scope="module")
def world(shared_server):
    return World(shared_server)


def _order_body(**extra: Any) -> dict[str, Any]:
    return {"station_code": A, "kind": "dispatch",
            "customer": {"name": "张先生", "phone": "13912345678"}, **extra}


def _assert_names(r, field: str) -> None:
    assert r.status_code == 422, r.text
    body = r.json()
    assert field in body["detail"], body
    assert any(field in e["field"] for e in body["errors"]), body


@pytest.mark.parametrize("when", EXTREMES)
def test_issued_at_at_the_edge_of_time_is_a_422(world, when):
    _assert_names(world.dispatcher.post("/v1/orders", json=_order_body(issued_at=when)),
                  "issued_at")


@pytest.mark.parametrize("when", EXTREMES)
@pytest.mark.parametrize("field", ["occurred_at", "recorded_at"])
def test_event_times_at_the_edge_of_time_reject_only_that_event(world, field, when):
    bad = new_event(world.order["id"], "note", {"text": "边界时间"}, **{field: when})
    good = new_event(world.order["id"], "note", {"text": "正常记录"})
    r = world.station.post("/v1/events", json={"events": [bad, good]})
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["status"] == "rejected" and field in first["reason"], first
    assert second["status"] == "accepted", second
    stored = world.station.get(f"/v1/orders/{world.order['id']}").json()
    assert good["id"] in {e["id"] for e in stored["events"]}


@pytest.mark.parametrize("when", EXTREMES)
def test_appointment_at_the_edge_of_time_rejects_only_that_event(world, when):
    bad = new_event(world.order["id"], "appointment_booked", {"appointment_at": when})
    good = new_event(world.order["id"], "note", {"text": "正常记录"})
    r = world.station.post("/v1/events", json={"events": [bad, good]})
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["status"] == "rejected" and "appointment_at" in first["reason"], first
    assert second["status"] == "accepted", second


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("who,path,field", [
    ("reviewer", "/v1/audit?date={d}", "date"),
    ("reviewer", "/v1/reports/stations?from={d}&to={d}", "from"),
    ("dispatcher", "/v1/board?date={d}", "date"),
])
def test_days_at_the_edge_of_the_calendar_are_a_422(world, who, path, field, day):
    _assert_names(getattr(world, who).get(path.format(d=day)), field)


def test_a_day_given_as_a_number_is_not_read_as_1970(world):
    _assert_names(world.reviewer.get("/v1/audit?date=0"), "date")


def test_a_cursor_beyond_64_bits_is_a_422(world):
    _assert_names(world.station.get("/v1/changes", params={"after": 2**63}), "after")
    assert world.station.get("/v1/changes", params={"after": 2**63 - 1}).status_code == 200


def test_an_unexpected_error_judging_one_event_rejects_only_that_event(world, monkeypatch):
    """Fault injection (nothing real provokes an unknown bug on purpose): the judge raises for
    one event; the batch still answers, the event beside it is stored."""
    order = world.server.issue_order(A)
    done = world.server.issue_order(A)
    work_to_completion(world.station, done["id"])
    bad = new_event(order["id"], "received")
    good = new_event(order["id"], "note", {"text": "旁边的记录"})
    real_judge = judging.lifecycle.judge

    def judge(state, fe):
        if str(fe.id) == bad["id"]:
            raise RuntimeError("a bug nobody has found yet")
        return real_judge(state, fe)

    monkeypatch.setattr(judging.lifecycle, "judge", judge)
    r = world.station.post("/v1/events", json={"events": [bad, good]})
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["status"] == "rejected" and first["reason"], first
    assert "RuntimeError" not in first["reason"] and "bug" not in first["reason"]
    assert second["status"] == "accepted", second
