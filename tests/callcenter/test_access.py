"""The access matrix: every endpoint × role × own/other station, on a real server.

401 for a missing or wrong token, 403 for a wrong role, 404 for another station's order (no
existence leak); per-event rejection on /v1/events."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from station_app.wire import SERVER_TIME_HEADER
from tests.callcenter.flows import work_to_completion
from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration

A, B = "12345", "23456"
ROLES = ["own_station", "other_station", "dispatcher", "reviewer", "admin", "no_token",
         "bad_token"]
SCORES = {"skill": 5, "attitude": 5, "timeliness": 5, "parts": 5, "overall": 5}


class Actors:
    def __init__(self, server) -> None:
        self.server = server
        self.station_a = server.add_station(A, "合肥北站")
        self.station_b = server.add_station(B, "芜湖站")
        tokens = {
            "own_station": self.station_a,
            "other_station": self.station_b,
            "dispatcher": server.add_user("调度", "dispatcher"),
            "reviewer": server.add_user("审核", "reviewer"),
            "admin": server.add_user("管理员", "admin"),
            "no_token": None,
            "bad_token": "0123456789ab.not-the-secret",
        }
        self.clients = {role: server.client(tok) for role, tok in tokens.items()}

    def order(self) -> str:
        return str(self.server.issue_order(A)["id"])

    def completed_order(self) -> str:
        oid = self.order()
        work_to_completion(self.clients["own_station"], oid)
        return oid


@pytest.fixture(scope="module")
def actors(shared_server):
    return Actors(shared_server)


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


# endpoint -> (how to call it, {role: expected status})
def _issue(a: Actors, c) -> Any:
    return c.post("/v1/orders", json={"station_code": A, "kind": "dispatch",
                                      "customer": {"name": "张", "phone": "13912345678"}})


def _get(a, c):
    return c.get(f"/v1/orders/{a.order()}")


def _cancel(a, c):
    return c.post(f"/v1/orders/{a.order()}/cancel", json={"reason": "用户取消"})


def _reassign(a, c):
    return c.post(f"/v1/orders/{a.order()}/reassign", json={"to_station": B, "reason": "改派"})


def _callback(a, c):
    return c.post(f"/v1/orders/{a.completed_order()}/callbacks",
                  json={"outcome": "reached", "scores": SCORES})


def _close(a, c):
    return c.post(f"/v1/orders/{a.completed_order()}/close",
                  json={"without_callback_reason": "访问测试"})


def _reopen(a, c):
    return c.post(f"/v1/orders/{a.completed_order()}/reopen", json={"reason": "未修好"})


def _changes(a, c):
    return c.get("/v1/changes")


def _push_note(a, c):
    return c.post("/v1/events", json={"events": [
        new_event(a.order(), "note", {"text": "备注"})]})


def _audit(a, c):
    return c.get("/v1/audit", params={"date": _today()})


def _report(a, c):
    return c.get("/v1/reports/stations", params={"from": _today(), "to": _today()})


def _stations(a, c):
    return c.get("/v1/stations")


def _health(a, c):
    return c.get("/v1/health")


def _row(station: int, station_other: int, dispatcher: int, reviewer: int, admin: int,
         anonymous: int = 401) -> dict[str, int]:
    return {"own_station": station, "other_station": station_other, "dispatcher": dispatcher,
            "reviewer": reviewer, "admin": admin, "no_token": anonymous,
            "bad_token": anonymous}


MATRIX = {
    "issue": (_issue, _row(403, 403, 201, 403, 201)),
    "get_order": (_get, _row(200, 404, 200, 200, 200)),
    "cancel": (_cancel, _row(403, 403, 200, 403, 200)),
    "reassign": (_reassign, _row(403, 403, 200, 403, 200)),
    "callback": (_callback, _row(403, 403, 403, 200, 200)),
    "close": (_close, _row(403, 403, 403, 200, 200)),
    "reopen": (_reopen, _row(403, 403, 403, 200, 200)),
    "changes": (_changes, _row(200, 200, 403, 403, 403)),
    "push_events": (_push_note, _row(200, 200, 200, 200, 200)),
    "audit": (_audit, _row(403, 403, 403, 200, 200)),
    "report": (_report, _row(403, 403, 403, 200, 200)),
    "stations": (_stations, _row(403, 403, 200, 200, 200)),
    "health": (_health, _row(200, 200, 200, 200, 200, anonymous=200)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_access(actors, endpoint, role):
    call, expected = MATRIX[endpoint]
    r = call(actors, actors.clients[role])
    assert r.status_code == expected[role], r.text
    assert SERVER_TIME_HEADER in r.headers
    if r.status_code == 401:
        assert r.headers.get("www-authenticate") == "Bearer"
    if r.status_code in (401, 403, 404):
        assert r.json()["detail"]  # a message, in both languages


@pytest.mark.parametrize("role,status", [
    ("own_station", "accepted"), ("other_station", "rejected"), ("dispatcher", "accepted"),
    ("reviewer", "accepted"), ("admin", "accepted")])
def test_pushed_note_results_per_role(actors, role, status):
    results = _push_note(actors, actors.clients[role]).json()["results"]
    assert [r["status"] for r in results] == [status]
    if status == "rejected":
        assert "unknown order" in results[0]["reason"]  # as for a missing order


def test_other_station_gets_the_same_404_as_for_a_missing_order(actors):
    other = actors.clients["other_station"]
    exists = other.get(f"/v1/orders/{actors.order()}")
    missing = other.get("/v1/orders/4f1c2a9e-0d3b-4c55-8a1e-7f0e2b9c1d00")
    assert exists.status_code == missing.status_code == 404
    assert exists.json() == missing.json()


def test_station_events_are_the_tokens_station_not_the_bodys(actors):
    own = actors.clients["own_station"]
    oid = actors.order()
    claimed_b = new_event(oid, "received", station_code=B)
    [result] = own.post("/v1/events", json={"events": [claimed_b]}).json()["results"]
    assert result["status"] == "rejected"
    [result] = own.post("/v1/events", json={"events": [new_event(oid, "received")]}).json()[
        "results"]
    assert result["status"] == "accepted"
    events = own.get(f"/v1/orders/{oid}").json()["events"]
    assert events[-1]["station_code"] == A
