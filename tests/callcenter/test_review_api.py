"""Reviewer endpoints on a real server: callbacks and the three-attempts rule, close/reopen
reaching the station, the audit list with its flags, the per-station report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from station_app import console_wire, wire_orders
from tests.callcenter.flows import work_to_completion
from tests.support.callcenter_server import CallCenterServer, new_event

pytestmark = pytest.mark.integration

A, B = "12345", "23456"
SCORES = {"skill": 5, "attitude": 4, "timeliness": 3, "parts": 5, "overall": 4}
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def station(server):
    return server.client(server.add_station(A, "合肥北站"))


@pytest.fixture
def reviewer(server):
    return server.client(server.add_user("审核员 Reviewer", "reviewer"))


def _completed_order(server, station, **fields):
    order = server.issue_order(A, **fields)
    work_to_completion(station, order["id"])
    return order


def test_three_unreachable_callbacks_close_the_callback(server, station, reviewer):
    start = datetime.now(UTC) - timedelta(hours=5)
    order = server.issue_order(A, issued_at=start.isoformat())
    work_to_completion(station, order["id"], start=start + timedelta(minutes=5))
    url = f"/v1/orders/{order['id']}/callbacks"
    outcomes = ["no_answer", "refused", "no_answer"]
    for n, outcome in enumerate(outcomes, start=1):
        at = (start + timedelta(hours=n)).isoformat()  # three different occasions
        r = reviewer.post(url, json={"outcome": outcome, "note": f"第{n}次回访",
                                     "occurred_at": at})
        assert r.status_code == 200, r.text
        last = r.json()["events"][-1]
        assert last["type"] == "callback"
        assert last["payload"]["attempt"] == n
        assert last["payload"]["unreachable"] is (n == 3)
    r = reviewer.post(url, json={"outcome": "no_answer"})
    assert r.status_code == 409 and "already finished" in r.json()["detail"]


def test_reached_callback_needs_scores(server, station, reviewer):
    order = _completed_order(server, station)
    url = f"/v1/orders/{order['id']}/callbacks"
    r = reviewer.post(url, json={"outcome": "reached"})
    assert r.status_code == 422 and "scores" in r.json()["detail"]
    r = reviewer.post(url, json={"outcome": "no_answer", "scores": SCORES})
    assert r.status_code == 422 and "scores" in r.json()["detail"]
    r = reviewer.post(url, json={"outcome": "reached", "scores": SCORES, "note": "满意"})
    assert r.status_code == 200
    payload = r.json()["events"][-1]["payload"]
    assert payload["attempt"] == 1 and payload["scores"] == SCORES


def test_unreachable_attempts_older_than_seven_days_do_not_count(server, station, reviewer):
    ten_days_ago = datetime.now(UTC) - timedelta(days=10)
    order = server.issue_order(A, issued_at=ten_days_ago.isoformat())
    work_to_completion(station, order["id"], start=ten_days_ago + timedelta(minutes=1))
    for hours in (24, 26):  # two failed attempts nine days ago, from the phone log
        at = (ten_days_ago + timedelta(hours=hours)).isoformat()
        reviewer.post(f"/v1/orders/{order['id']}/callbacks",
                      json={"outcome": "no_answer", "occurred_at": at}).raise_for_status()
    r = reviewer.post(f"/v1/orders/{order['id']}/callbacks", json={"outcome": "no_answer"})
    payload = r.json()["events"][-1]["payload"]
    assert payload["attempt"] == 3 and payload["unreachable"] is False


def test_close_and_reopen_reach_the_station(server, station, reviewer):
    order = _completed_order(server, station)
    reviewer.post(f"/v1/orders/{order['id']}/callbacks",
                  json={"outcome": "reached", "scores": SCORES}).raise_for_status()
    cursor = station.get("/v1/changes").json()["last_seq"]
    r = reviewer.post(f"/v1/orders/{order['id']}/close", json={"note": "回访属实"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    closed = r.json()["events"][-1]
    today = datetime.now(SHANGHAI).date().isoformat()
    assert closed["type"] == "closed" and closed["payload"]["close_date"] == today

    r = reviewer.post(f"/v1/orders/{order['id']}/reopen", json={"reason": "用户反映未修好"})
    assert r.status_code == 200 and r.json()["status"] == "received"
    page = station.get("/v1/changes", params={"after": cursor}).json()
    assert [(c["kind"], c["event"]["type"]) for c in page["changes"]] == [
        ("event", "closed"), ("event", "reopened")]
    assert page["changes"][1]["event"]["payload"]["reason"] == "用户反映未修好"
    # a closed order cannot be reopened twice in a row, nor cancelled once closed
    r = reviewer.post(f"/v1/orders/{order['id']}/reopen", json={"reason": "again"})
    assert r.status_code == 409


def test_close_needs_a_completed_order(server, station, reviewer):
    order = server.issue_order(A)
    r = reviewer.post(f"/v1/orders/{order['id']}/close", json={})
    assert r.status_code == 409 and "not allowed now" in r.json()["detail"]


def _yesterday_at(hour: int) -> datetime:
    """A fixed local hour of yesterday (Shanghai), so no test straddles a local midnight."""
    day = datetime.now(SHANGHAI).date() - timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI).astimezone(UTC)


def test_audit_lists_the_day_with_flags(server, station, reviewer):
    morning = _yesterday_at(9)
    late = server.issue_order(A, kind="rescue", location="G3高速 1024公里",
                              issued_at=morning.isoformat())
    # reached the customer only after an hour: the 15-min contact limit of a rescue is missed
    work_to_completion(station, late["id"], start=morning + timedelta(hours=1),
                       clock_offset_ms=180_000)
    server.add_station(B, "芜湖站")
    other = server.issue_order(B, issued_at=morning.isoformat())
    work_to_completion(server.client(server.add_station(B)), other["id"],
                       start=morning + timedelta(minutes=5))

    today = morning.astimezone(SHANGHAI).date().isoformat()
    r = reviewer.get("/v1/audit", params={"date": today, "state": "unaudited", "station": A})
    assert r.status_code == 200, r.text
    page = console_wire.AuditPage.model_validate(r.json())
    assert [o.order.id for o in page.orders] == [wire_orders.Order.model_validate(late).id]
    item = page.orders[0]
    assert item.station_name == "合肥北站" and item.customer_phone == "13912345678"
    assert item.flags.contact_late and item.flags.backdated and item.flags.clock_off
    assert not item.flags.completion_late and not item.flags.late_facts
    assert [e.type for e in item.events][-1] == "completed"

    everyone = reviewer.get("/v1/audit", params={"date": today, "state": "all"}).json()
    assert {o["order"]["station_code"] for o in everyone["orders"]} == {A, B}
    reviewer.post(f"/v1/orders/{late['id']}/close",
                  json={"without_callback_reason": "用户拒绝回访"}).raise_for_status()
    audited = reviewer.get("/v1/audit", params={"date": today, "state": "audited"}).json()
    assert [o["order"]["id"] for o in audited["orders"]] == [late["id"]]
    assert audited["orders"][0]["audited"] is True
    yesterday = (morning.astimezone(SHANGHAI).date() - timedelta(days=1)).isoformat()
    assert reviewer.get("/v1/audit", params={"date": yesterday,
                                             "state": "all"}).json()["orders"] == []


def test_audit_flags_late_facts_after_cancel(server, station, reviewer):
    order = server.issue_order(A)
    station.post("/v1/events", json={"events": [new_event(order["id"], "received")]})
    server.cancel_order(order["id"])
    # the station had already been out: its report arrives after the cancel
    work = [new_event(order["id"], "completed", {"work_done": "已修好", "technicians": ["李"]})]
    assert station.post("/v1/events", json={"events": work}).json()["results"][0]["status"] \
        == "late"
    full = reviewer.get(f"/v1/orders/{order['id']}").json()
    assert full["status"] == "cancelled" and full["late_event_ids"] == [work[0]["id"]]


def test_station_report(server, station, reviewer):
    today = datetime.now(SHANGHAI).date()
    # a three-day window around today: no local midnight can push an order out of it
    period = {"from": (today - timedelta(days=1)).isoformat(),
              "to": (today + timedelta(days=1)).isoformat()}
    good = _completed_order(server, station)
    reviewer.post(f"/v1/orders/{good['id']}/callbacks",
                  json={"outcome": "reached", "scores": SCORES})
    reviewer.post(f"/v1/orders/{good['id']}/close", json={})
    other = _completed_order(server, station)
    reviewer.post(f"/v1/orders/{other['id']}/reopen", json={"reason": "未修好"})
    server.issue_order(A)  # still open, on track: counts as an order, not for the SLA shares
    r = reviewer.get("/v1/reports/stations", params=period)
    assert r.status_code == 200, r.text
    [row] = console_wire.StationsReport.model_validate(r.json()).stations
    assert row.station_code == A and row.station_name == "合肥北站" and row.orders == 3
    assert row.contact_sla_met_pct == 100.0
    assert row.completion_sla_met_pct == 100.0
    assert row.mean_satisfaction == pytest.approx(4.2)
    assert row.closed_pct == pytest.approx(33.3) and row.reopened_pct == pytest.approx(33.3)
    bad = reviewer.get("/v1/reports/stations", params={"from": period["from"],
                                                      "to": "2020-01-01"})
    assert bad.status_code == 422 and "to" in bad.json()["detail"]


def test_the_test_servers_reviewer_helpers(server, station):
    order = _completed_order(server, station)
    assert server.callback(order["id"])["events"][-1]["payload"]["attempt"] == 1
    assert server.close_order(order["id"])["status"] == "closed"
    assert server.reopen_order(order["id"])["status"] == "received"


def test_audit_uses_the_configured_time_limits(db_url):
    from station_app.domain.sla import SlaPolicy

    relaxed = SlaPolicy.from_json({"limits": [
        {"kind": "rescue", "level": None,
         "deadlines": {"contact": [120, "elapsed"], "completion": [1440, "elapsed"]}}]})
    with CallCenterServer(db_url, policy=relaxed) as server:
        station = server.client(server.add_station(A))
        morning = _yesterday_at(9)
        order = server.issue_order(A, kind="rescue", location="G3",
                                   issued_at=morning.isoformat())
        work_to_completion(station, order["id"], start=morning + timedelta(hours=1))
        day = morning.astimezone(SHANGHAI).date().isoformat()
        [item] = server.reviewer.get("/v1/audit", params={"date": day}).json()["orders"]
        assert item["flags"]["contact_late"] is False  # 60 min, within the 120 configured
        contact = next(d for d in item["deadlines"] if d["name"] == "contact")
        assert contact["state"] == "met"
