"""The reviewer's rules over the API (issue #18): contact is reaching the customer on corrected
times, a reopen restarts, the callback limit and policy table, close checks, send-back (re-fill
and redo), facts filled in afterwards, callbacks with their time, the handling log, the urge,
the audit in time order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.callcenter.flows import COMPLETED, work_to_completion
from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration

A = "12345"
SCORES = {"skill": 5, "attitude": 4, "timeliness": 3, "parts": 5, "overall": 4}
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def station(server):
    return server.client(server.add_station(A, "合肥北站"))


def _ago(minutes: float) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


def push(station, order_id, etype, payload=None, at=None, **fields):
    at = at or datetime.now(UTC)
    body = {"occurred_at": at.isoformat(), "recorded_at": datetime.now(UTC).isoformat()}
    if at < datetime.now(UTC) - timedelta(minutes=4):
        body["backdate_reason"] = "补录 entered afterwards"
    body.update(fields)
    r = station.post("/v1/events", json={"events": [new_event(order_id, etype, payload,
                                                              **body)]})
    r.raise_for_status()
    return r.json()["results"][0]


def _audit_item(server, order_id, state="all"):
    day = datetime.now(SHANGHAI).date()
    for d in (day, day - timedelta(days=1)):
        page = server.reviewer.get("/v1/audit", params={"date": d.isoformat(), "state": state})
        for o in page.json()["orders"]:
            if o["order"]["id"] == order_id:
                return o
    raise AssertionError(f"order {order_id} not in the audit")


def _deadline(item, name):
    return next(d for d in item["deadlines"] if d["name"] == name)


def test_contact_is_the_first_reached_attempt_on_the_corrected_clock(server, station):
    t0 = _ago(60)
    order = server.issue_order(A, kind="rescue", location="G3 1024公里",
                               issued_at=t0.isoformat())
    fast = {"clock_offset_ms": -180_000}  # the station's clock is 3 min fast
    oid = order["id"]
    push(station, oid, "contact_attempt", {"outcome": "no_answer"}, t0 + timedelta(minutes=3),
         **fast)
    push(station, oid, "departed", {"technicians": ["李"]}, t0 + timedelta(minutes=10), **fast)
    # stated 17 min after the issue; on the call center's clock 14 min: within the 15
    push(station, oid, "contact_attempt", {"outcome": "reached"}, t0 + timedelta(minutes=17),
         **fast)
    push(station, oid, "completed", COMPLETED, t0 + timedelta(minutes=50), **fast)
    item = _audit_item(server, oid)
    contact = _deadline(item, "contact")
    assert contact["state"] == "met"
    assert contact["started_at"] is not None
    done = datetime.fromisoformat(contact["done_at"])
    assert abs((done - (t0 + timedelta(minutes=14))).total_seconds()) < 1
    reached = next(t for t, e in zip(item["times"], item["events"], strict=True)
                   if e["type"] == "contact_attempt" and e["payload"]["outcome"] == "reached")
    assert reached["clock_offset_ms"] == -180_000
    stated = datetime.fromisoformat(reached["station_time"])
    corrected = datetime.fromisoformat(reached["corrected_time"])
    assert stated - corrected == timedelta(minutes=3)


def test_departure_alone_is_not_the_contact(server, station):
    t0 = _ago(60)
    order = server.issue_order(A, kind="rescue", location="G3", issued_at=t0.isoformat())
    oid = order["id"]
    push(station, oid, "contact_attempt", {"outcome": "no_answer"}, t0 + timedelta(minutes=2))
    push(station, oid, "departed", {"technicians": ["李"]}, t0 + timedelta(minutes=10))
    push(station, oid, "contact_attempt", {"outcome": "reached"}, t0 + timedelta(minutes=35))
    push(station, oid, "completed", COMPLETED, t0 + timedelta(minutes=50))
    item = _audit_item(server, oid)
    assert _deadline(item, "contact")["state"] == "missed"
    assert item["flags"]["contact_late"] is True


def test_a_reopen_restarts_the_deadlines(server, station):
    order = server.issue_order(A, kind="rescue", location="G3", issued_at=_ago(90).isoformat())
    work_to_completion(station, order["id"], start=_ago(85))
    r = server.reviewer.post(f"/v1/orders/{order['id']}/send-back",
                             json={"mode": "redo", "reason": "用户反映未修好"})
    assert r.status_code == 200 and r.json()["status"] == "received"
    board = server.dispatcher.get("/v1/board").json()
    row = next(o for o in board["orders"] if o["order"]["id"] == order["id"])
    contact = _deadline(row, "contact")
    assert contact["done_at"] is None and contact["state"] in ("on_track", "at_risk")
    reopened_at = r.json()["events"][-1]["occurred_at"]
    assert contact["started_at"] == reopened_at


def test_sla_policy_is_served_with_sources(server):
    r = server.reviewer.get("/v1/sla-policy")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["contact_rule"] == "reached" and body["callback_attempts"] == 3
    rows = {(x["kind"], x["level"], x["deadline"]): x for x in body["rows"]}
    assert rows[("rescue", None, "contact")]["amount"] == 15
    assert "seed 000" in rows[("rescue", None, "contact")]["source"]
    callback = rows[("dispatch", None, "callback")]
    assert callback["clock"] == "end_of_working_days" and "次日" in callback["source"]
    assert "our default" in rows[("dispatch", None, "contact")]["source"]


def test_close_date_and_callback_are_checked(server, station):
    order = server.issue_order(A, issued_at=_ago(60).isoformat())
    work_to_completion(station, order["id"], start=_ago(55))
    url = f"/v1/orders/{order['id']}/close"
    r = server.reviewer.post(url, json={"close_date": "2099-01-01",
                                        "without_callback_reason": "x"})
    assert r.status_code == 422 and "future" in r.json()["detail"]
    before = (datetime.now(SHANGHAI).date() - timedelta(days=3)).isoformat()
    r = server.reviewer.post(url, json={"close_date": before, "without_callback_reason": "x"})
    assert r.status_code == 422 and "before" in r.json()["detail"]
    r = server.reviewer.post(url, json={})
    assert r.status_code == 422 and "callback" in r.json()["detail"]
    r = server.reviewer.post(url, json={"without_callback_reason": "用户拒绝回访,有签字单"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    item = _audit_item(server, order["id"])
    assert item["flags"]["without_callback"] is True
    today = datetime.now(SHANGHAI).date()
    report = server.reviewer.get("/v1/reports/stations", params={
        "from": (today - timedelta(days=1)).isoformat(), "to": today.isoformat()}).json()
    assert report["stations"][0]["closed_without_callback"] == 1


def test_refill_send_back_reaches_the_station_and_shows_what_changed(server, station):
    order = server.issue_order(A, issued_at=_ago(60).isoformat())
    work_to_completion(station, order["id"], start=_ago(55))
    cursor = station.get("/v1/changes").json()["last_seq"]
    r = server.reviewer.post(f"/v1/orders/{order['id']}/send-back",
                             json={"mode": "refill", "reason": "未填写更换配件的编号"})
    assert r.status_code == 200 and r.json()["status"] == "completed"
    changes = station.get("/v1/changes", params={"after": cursor}).json()["changes"]
    assert [(c["event"]["type"], c["event"]["payload"]["reason"]) for c in changes] == [
        ("sent_back", "未填写更换配件的编号")]
    fixed = {**COMPLETED, "parts": [{"name": "起动机", "part_no": "QD-101", "quantity": "1",
                                     "price": "860"}], "service_place": "on_site",
             "service_address": "合肥市蜀山区长江西路100号"}
    assert push(station, order["id"], "completed", fixed)["status"] == "accepted"
    item = _audit_item(server, order["id"])
    changed = {c["field"] for c in item["report_changes"]}
    assert changed == {"parts", "service_place", "service_address"}
    assert item["status"] == "completed"
    # a second corrected report without a new send-back is late
    assert push(station, order["id"], "completed", fixed)["status"] == "late"


def test_a_forgotten_arrival_is_a_correction_not_late(server, station):
    order = server.issue_order(A, issued_at=_ago(120).isoformat())
    oid = order["id"]
    push(station, oid, "contact_attempt", {"outcome": "reached"}, _ago(110))
    push(station, oid, "completed", COMPLETED, _ago(30))
    result = push(station, oid, "arrived", {}, _ago(60))
    assert result["status"] == "accepted" and "filled in" in result["reason"]
    item = _audit_item(server, oid)
    assert item["flags"]["corrected"] is True and item["late_event_ids"] == []
    arrived = next(t for t, e in zip(item["times"], item["events"], strict=True)
                   if e["type"] == "arrived")
    assert arrived["correction"] is True
    # events in time order: the arrival sits before the completion
    assert [e["type"] for e in item["events"]][-2:] == ["arrived", "completed"]
    # after a cancel, it stays late
    other = server.issue_order(A)
    server.cancel_order(other["id"])
    assert push(station, other["id"], "arrived", {})["status"] == "late"


def test_callback_attempts_carry_their_time_and_need_different_occasions(server, station):
    order = server.issue_order(A, issued_at=_ago(600).isoformat())
    work_to_completion(station, order["id"], start=_ago(590))
    url = f"/v1/orders/{order['id']}/callbacks"
    rv = server.reviewer
    r = rv.post(url, json={"outcome": "no_answer",
                           "occurred_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat()})
    assert r.status_code == 422 and "future" in r.json()["detail"]
    r = rv.post(url, json={"outcome": "no_answer", "occurred_at": _ago(700).isoformat()})
    assert r.status_code == 422 and "before" in r.json()["detail"]
    # three calls within ten minutes: one occasion, not unreachable
    for m in (300, 295, 290):
        r = rv.post(url, json={"outcome": "no_answer", "occurred_at": _ago(m).isoformat()})
        assert r.status_code == 200, r.text
        assert r.json()["events"][-1]["payload"]["unreachable"] is False
    assert r.json()["events"][-1]["occurred_at"][:16] == _ago(290).isoformat()[:16]
    r = rv.post(url, json={"outcome": "no_answer", "occurred_at": _ago(200).isoformat()})
    assert r.json()["events"][-1]["payload"]["unreachable"] is False
    r = rv.post(url, json={"outcome": "not_owner", "occurred_at": _ago(100).isoformat()})
    last = r.json()["events"][-1]["payload"]
    assert last["unreachable"] is True and last["attempt"] == 5
    item = _audit_item(server, order["id"])
    assert [c["payload"]["outcome"] for c in item["callbacks"]][-1] == "not_owner"
    assert _deadline(item, "callback")["state"] == "met"


def test_reached_callback_on_a_declined_order_needs_no_scores(server, station):
    order = server.issue_order(A)
    push(station, order["id"], "declined", {"reason": "无配件,用户同意改派"})
    url = f"/v1/orders/{order['id']}/callbacks"
    r = server.reviewer.post(url, json={"outcome": "reached", "note": "用户确认同意"})
    assert r.status_code == 200, r.text
    other = server.issue_order(A, issued_at=_ago(20).isoformat())
    work_to_completion(station, other["id"], start=_ago(15))
    r = server.reviewer.post(f"/v1/orders/{other['id']}/callbacks", json={"outcome": "reached"})
    assert r.status_code == 422 and "scores" in r.json()["detail"]


def test_handling_log_is_the_call_centers_and_reaches_board_audit_and_station(server, station):
    order = server.issue_order(A, issued_at=_ago(60).isoformat())
    cursor = station.get("/v1/changes").json()["last_seq"]
    r = server.dispatcher.post(f"/v1/orders/{order['id']}/log",
                               json={"text": "联系服务站王先生,其表示马上联系用户",
                                     "at": _ago(50).isoformat()})
    assert r.status_code == 200, r.text
    line = r.json()["events"][-1]
    assert line["type"] == "note" and line["author"] == "调度员 Dispatcher"
    board = server.dispatcher.get("/v1/board").json()
    row = next(o for o in board["orders"] if o["order"]["id"] == order["id"])
    assert [e["payload"]["text"] for e in row["handling_log"]] == [
        "联系服务站王先生,其表示马上联系用户"]
    changes = station.get("/v1/changes", params={"after": cursor}).json()["changes"]
    assert changes[-1]["event"]["type"] == "note"
    work_to_completion(station, order["id"])
    item = _audit_item(server, order["id"])
    assert len(item["handling_log"]) == 1
    assert item["flags"]["backdated"] is False  # the call center's line is not the station's


def test_urge_alerts_the_station_and_is_counted(server, station):
    order = server.issue_order(A, kind="rescue", location="G3", issued_at=_ago(14).isoformat())
    board = server.dispatcher.get("/v1/board").json()
    row = next(o for o in board["orders"] if o["order"]["id"] == order["id"])
    assert row["mark"] == "at_risk"  # 1 of 15 min left
    cursor = station.get("/v1/changes").json()["last_seq"]
    r = server.dispatcher.post(f"/v1/orders/{order['id']}/urge",
                               json={"reason": "用户第二次来电,尚未联系"})
    assert r.status_code == 200, r.text
    changes = station.get("/v1/changes", params={"after": cursor}).json()["changes"]
    assert changes[-1]["event"]["type"] == "urged"
    assert changes[-1]["event"]["payload"]["reason"] == "用户第二次来电,尚未联系"
    assert server.reviewer.post(f"/v1/orders/{order['id']}/urge",
                                json={"reason": "x"}).status_code == 403
    work_to_completion(station, order["id"])
    item = _audit_item(server, order["id"])
    assert item["flags"]["urged"] is True
    today = datetime.now(SHANGHAI).date()
    report = server.reviewer.get("/v1/reports/stations", params={
        "from": (today - timedelta(days=1)).isoformat(), "to": today.isoformat()}).json()
    assert report["stations"][0]["urges"] == 1


def test_reopened_order_stays_in_its_days_audit_with_state_all(server, station):
    order = server.issue_order(A, issued_at=_ago(60).isoformat())
    work_to_completion(station, order["id"], start=_ago(55))
    server.reviewer.post(f"/v1/orders/{order['id']}/reopen", json={"reason": "未修好"})
    assert _audit_item(server, order["id"], "all")["status"] == "received"
