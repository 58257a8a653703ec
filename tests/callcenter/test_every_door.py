"""Every rule holds through every door: a person's event is authored by the token's holder,
and call-center facts with their own endpoint (callback, close, reopen, send back, cancel,
reassign, urge, issue) are refused on POST /v1/events, where their endpoint's rules would be
skipped."""

from __future__ import annotations

import pytest

from tests.callcenter.flows import work_to_completion
from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration
A, B = "12345", "23456"
SCORES = {"skill": 5, "attitude": 5, "timeliness": 5, "parts": 5, "overall": 5}


@pytest.fixture
def station(server):
    server.add_station(B)
    return server.client(server.add_station(A))


def _push(client, event) -> dict:
    r = client.post("/v1/events", json={"events": [event]})
    assert r.status_code == 200, r.text
    return r.json()["results"][0]


def _events(server, order_id: str) -> list[dict]:
    return server.dispatcher.get(f"/v1/orders/{order_id}").json()["events"]


@pytest.mark.parametrize("role,name", [("dispatcher", "调度员甲"), ("reviewer", "审核员乙"),
                                       ("admin", "管理员丙")])
def test_a_persons_event_is_authored_by_the_tokens_holder(server, station, role, name):
    order = server.issue_order(A)
    client = server.client(server.add_user(name, role))
    note = new_event(order["id"], "note", {"text": "来电"}, author="冒名的人")
    assert _push(client, note)["status"] == "accepted"
    stored = next(e for e in _events(server, order["id"]) if e["id"] == note["id"])
    assert stored["author"] == name
    assert _push(client, note)["status"] == "duplicate"  # a retry is still the same fact


def test_a_stations_event_keeps_its_clerk_as_author(server, station):
    order = server.issue_order(A)
    received = new_event(order["id"], "received", author="王师傅")
    assert _push(station, received)["status"] == "accepted"
    stored = next(e for e in _events(server, order["id"]) if e["id"] == received["id"])
    assert stored["author"] == "王师傅" and stored["station_code"] == A


def test_a_pushed_callback_cannot_skip_the_numbering_and_the_three_attempts_rule(server,
                                                                                  station):
    order = server.issue_order(A)
    work_to_completion(station, order["id"])
    forged = new_event(order["id"], "callback",
                       {"outcome": "no_answer", "attempt": 7, "unreachable": True})
    result = _push(server.reviewer, forged)
    assert result["status"] == "rejected" and "/callbacks" in result["reason"], result
    assert forged["id"] not in {e["id"] for e in _events(server, order["id"])}
    r = server.reviewer.post(f"/v1/orders/{order['id']}/callbacks", json={"outcome": "no_answer"})
    payload = r.json()["events"][-1]["payload"]
    assert payload["attempt"] == 1 and payload["unreachable"] is False


@pytest.mark.parametrize("who,etype,payload,endpoint", [
    ("reviewer", "callback", {"outcome": "reached", "scores": SCORES}, "/callbacks"),
    ("reviewer", "closed", {"close_date": "2026-01-01"}, "/close"),
    ("reviewer", "reopened", {"reason": "用户不满意"}, "/reopen"),
    ("dispatcher", "cancelled", {"reason": "用户取消"}, "/cancel"),
    ("dispatcher", "reassigned", {"from_station": A, "to_station": B, "reason": "就近"},
     "/reassign"),
    ("reviewer", "sent_back", {"reason": "报告不全"}, "/send-back"),
    ("dispatcher", "urged", {"reason": "用户催促"}, "/urge"),
])
def test_call_center_facts_only_through_their_endpoints(server, station, who, etype, payload,
                                                        endpoint):
    order = server.issue_order(A)
    work_to_completion(station, order["id"])
    before = server.dispatcher.get(f"/v1/orders/{order['id']}").json()
    client = getattr(server, who)
    result = _push(client, new_event(order["id"], etype, payload))
    assert result["status"] == "rejected" and endpoint in result["reason"], result
    after = server.dispatcher.get(f"/v1/orders/{order['id']}").json()
    assert (after["status"], len(after["events"])) == (before["status"], len(before["events"]))
    assert after["order"]["station_code"] == A
