"""A reviewer's day over the API, on SQLite and PostgreSQL: eleven orders of every kind at three
stations — a fast station clock, a departure before the contact, an appointment late, a
re-filled report, a forgotten arrival filled in, a reopen, a strong complaint closed without a
callback, a declined order called back without scores, a cancel after the deadline and one
before it, a reassignment with a late fact, an urge, a duplicate push, callbacks on different
occasions. The report and audit figures are worked out by hand below (the comments say how),
not by `sla.py`, and must be what the service answers.

The day D is the day before yesterday (local): every deadline of D has passed by now. The
service's calendar opens 08:00–20:00 every day, so a working minute on D is a clock minute and
"the next working day" is D+1.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from station_app.domain.calendar import BusinessCalendar
from tests.callcenter.flows import COMPLETED
from tests.support.callcenter_server import CallCenterServer, new_event

pytestmark = pytest.mark.integration

TZ = ZoneInfo("Asia/Shanghai")
A, B, C = "11111", "22222", "33333"
FAST = -180_000  # station A's clock is 3 minutes fast: corrected = stated - 3 min
SCORES = {"skill": 5, "attitude": 4, "timeliness": 3, "parts": 5, "overall": 4}  # mean 4.2
LOW = {"skill": 3, "attitude": 3, "timeliness": 2, "parts": 4, "overall": 3}     # mean 3.0
EVERY_DAY = BusinessCalendar(tz=TZ, hours={d: (time(8), time(20)) for d in range(7)})


def pct(met: int, decided: int) -> float | None:
    return None if decided == 0 else round(100.0 * met / decided, 1)


class Day:
    def __init__(self, server: CallCenterServer) -> None:
        self.server = server
        self.d = datetime.now(TZ).date() - timedelta(days=2)
        self.st = {code: server.client(server.add_station(code, name))
                   for code, name in ((A, "合肥北站"), (B, "芜湖站"), (C, "蚌埠站"))}

    def at(self, hh: int, mm: int = 0, day: int = 0) -> datetime:
        """Local hh:mm on D + day, in UTC."""
        return datetime.combine(self.d + timedelta(days=day), time(hh, mm),
                                tzinfo=TZ).astimezone(UTC)

    def issue(self, code: str, kind: str, at: datetime, **extra) -> str:
        fields = {"kind": kind, "issued_at": at.isoformat(), **extra}
        if kind == "rescue":
            fields.setdefault("location", "G3京台高速 合肥南出口")
        return self.server.issue_order(code, **fields)["id"]

    def push(self, code: str, oid: str, etype: str, at: datetime, payload=None,
             offset: int | None = None, expect: str = "accepted", event=None) -> dict:
        event = event or new_event(oid, etype, payload or {}, occurred_at=at.isoformat(),
                                   recorded_at=datetime.now(UTC).isoformat(),
                                   backdate_reason="补录:按纸质记录录入", clock_offset_ms=offset)
        r = self.st[code].post("/v1/events", json={"events": [event]})
        r.raise_for_status()
        result = r.json()["results"][0]
        assert result["status"] == expect, (etype, result)
        return event

    def callback(self, oid: str, outcome: str, at: datetime, scores=None) -> dict:
        r = self.server.reviewer.post(f"/v1/orders/{oid}/callbacks", json={
            "outcome": outcome, "scores": scores, "occurred_at": at.isoformat()})
        assert r.status_code == 200, r.text
        return r.json()["events"][-1]["payload"]

    def review(self, oid: str, action: str, **body) -> dict:
        client = self.server.dispatcher if action in ("urge", "cancel", "reassign") \
            else self.server.reviewer
        r = client.post(f"/v1/orders/{oid}/{action}", json=body)
        assert r.status_code == 200, r.text
        return r.json()


def _run_the_day(day: Day) -> dict[str, str]:
    at, push, cb = day.at, day.push, day.callback
    o: dict[str, str] = {}
    # R1 rescue @A 09:00, clock 3 min fast. Reached stated 09:17 = 09:14: contact met (due
    # 09:15); completed stated 10:33 = 10:30 (due +24 h): met; callback reached D 14:00 (due
    # D+1 20:00): met; closed.
    o["R1"] = r1 = day.issue(A, "rescue", at(9))
    push(A, r1, "contact_attempt", at(9, 5), {"outcome": "no_answer"}, FAST)
    push(A, r1, "departed", at(9, 10), {"technicians": ["李"]}, FAST)
    reached = push(A, r1, "contact_attempt", at(9, 17), {"outcome": "reached"}, FAST)
    push(A, r1, "contact_attempt", at(9, 17), event=reached, expect="duplicate")
    push(A, r1, "arrived", at(9, 50), {}, FAST)
    push(A, r1, "completed", at(10, 33), {**COMPLETED, "service_place": "on_site",
                                          "service_address": "G3 1024公里"}, FAST)
    assert cb(r1, "reached", at(14), SCORES)["attempt"] == 1
    day.review(r1, "close", close_date=day.d.isoformat(), note="回访属实")
    # R2 rescue @A 11:00: departed stated 11:13, first reached stated 11:38 = 11:35: contact
    # missed (a departure is not a contact). Completed 13:00 (corrected): met. Callbacks
    # D 15:00, D 15:10 (same occasion: < 60 min), D+1 09:00, D+1 11:00 not the owner: the third
    # occasion, unreachable at D+1 11:00 <= D+1 20:00: callback met. Closed.
    o["R2"] = r2 = day.issue(A, "rescue", at(11))
    push(A, r2, "contact_attempt", at(11, 3), {"outcome": "no_answer"}, FAST)
    push(A, r2, "departed", at(11, 13), {"technicians": ["李"]}, FAST)
    push(A, r2, "contact_attempt", at(11, 38), {"outcome": "reached"}, FAST)
    push(A, r2, "completed", at(13, 3), COMPLETED, FAST)
    unreachable = [cb(r2, outcome, when)["unreachable"] for outcome, when in (
        ("no_answer", at(15)), ("no_answer", at(15, 10)), ("no_answer", at(9, day=1)),
        ("not_owner", at(11, day=1)))]
    assert unreachable == [False, False, False, True]
    day.review(r2, "close", close_date=(day.d + timedelta(days=1)).isoformat())
    # F1 new fault mode @B 09:30: reached 09:40 is not the appointment; booked 12:00 (due
    # 11:30): missed. Completed 16:00: met. No callback by D+1 20:00: breached.
    o["F1"] = f1 = day.issue(B, "fault_mode", at(9, 30))
    push(B, f1, "contact_attempt", at(9, 40), {"outcome": "reached"})
    push(B, f1, "appointment_booked", at(12), {"appointment_at": at(14).isoformat()})
    push(B, f1, "completed", at(16), COMPLETED)
    # P1 dispatch @B 10:00: reached 10:30 (due 60 working min = 11:00): met; completed 15:00;
    # sent back to re-fill (now), the station's corrected report adds the place; callback
    # reached D+1 10:00 (LOW): met.
    o["P1"] = p1 = day.issue(B, "dispatch", at(10))
    push(B, p1, "contact_attempt", at(10, 30), {"outcome": "reached"})
    push(B, p1, "completed", at(15), COMPLETED)
    assert day.review(p1, "send-back", mode="refill", reason="未填写服务地点")["status"] == \
        "completed"
    fixed = {**COMPLETED, "service_place": "station", "service_address": "芜湖站维修车间"}
    day.push(B, p1, "completed", datetime.now(UTC) - timedelta(seconds=5), fixed)
    cb(p1, "reached", at(10, day=1), LOW)
    # P2 dispatch @B 10:00: reached 10:20, completed 12:00, the arrival 11:00 filled in
    # afterwards (a correction); callback reached D 18:00 (SCORES); closed; reopened (now):
    # contact and completion restart now and run, the callback waits for a new completion.
    o["P2"] = p2 = day.issue(B, "dispatch", at(10))
    push(B, p2, "contact_attempt", at(10, 20), {"outcome": "reached"})
    push(B, p2, "completed", at(12), COMPLETED)
    push(B, p2, "arrived", at(11), {})
    cb(p2, "reached", at(18), SCORES)
    day.review(p2, "close", close_date=day.d.isoformat())
    day.review(p2, "send-back", mode="redo", reason="用户反映仍有异响")
    # C1 strong complaint @C 09:00: reached 09:45 (due 30 min): missed; completed 17:00 (due
    # 1 working day): met; closed now without a callback: the callback (due D+1 20:00) ended
    # unmet -> not met, and one close without callback.
    o["C1"] = c1 = day.issue(C, "complaint", at(9), complaint_level="strong")
    push(C, c1, "contact_attempt", at(9, 45), {"outcome": "reached"})
    push(C, c1, "completed", at(17), COMPLETED)
    day.review(c1, "close", without_callback_reason="用户明确拒绝回访,服务站提供签字确认单")
    # C2 general complaint @C 09:00: declined 10:00 before its contact (due D+1 09:00) and
    # completion: both void; the reached callback D 11:00 confirms the customer agreed, no
    # scores: met (due D+1 20:00).
    o["C2"] = c2 = day.issue(C, "complaint", at(9), complaint_level="general")
    push(C, c2, "declined", at(10), {"reason": "无配件,用户同意改派"})
    cb(c2, "reached", at(11))
    # C3 medium complaint @C 09:00 (contact due 11:00), nobody reached; urged, cancelled now:
    # contact not met, completion (due D+3 09:00, after now) void; the station's arrival after
    # the cancel is late.
    o["C3"] = c3 = day.issue(C, "complaint", at(9), complaint_level="medium")
    day.review(c3, "urge", reason="用户第三次来电")
    day.review(c3, "cancel", reason="用户自行修复")
    push(C, c3, "arrived", datetime.now(UTC) - timedelta(minutes=1), {}, expect="late")
    # W1 repair @A 09:00: reached stated 14:03 = 14:00 (due D+1 09:00): met; completed stated
    # D+1 10:03 = D+1 10:00 (due D+3 09:00): met; its callback (3 working days) still runs.
    o["W1"] = w1 = day.issue(A, "repair", at(9))
    push(A, w1, "contact_attempt", at(14, 3), {"outcome": "reached"}, FAST)
    push(A, w1, "completed", at(10, 3, day=1), COMPLETED, FAST)
    # R3 rescue @A 16:00, reassigned to B now: its deadlines restart now and run (B's order);
    # A's arrival after the reassignment is late.
    o["R3"] = r3 = day.issue(A, "rescue", at(16))
    push(A, r3, "received", at(16, 2), {}, FAST)
    day.review(r3, "reassign", to_station=B, reason="就近改派")
    push(A, r3, "arrived", datetime.now(UTC) - timedelta(minutes=1), {}, FAST, expect="late")
    # T1 rescue @C issued 2 min ago, cancelled now: both deadlines void.
    o["T1"] = t1 = day.issue(C, "rescue", datetime.now(UTC) - timedelta(minutes=2))
    day.review(t1, "cancel", reason="重复来电")
    return o


def test_a_reviewers_day_matches_the_hand_computed_figures(db_url):
    with CallCenterServer(db_url, calendar=EVERY_DAY) as server:
        day = Day(server)
        o = _run_the_day(day)
        today = datetime.now(TZ).date()
        r = server.reviewer.get("/v1/reports/stations", params={
            "from": day.d.isoformat(), "to": today.isoformat()})
        assert r.status_code == 200, r.text
        got = {s["station_code"]: s for s in r.json()["stations"]}

        # A: R1, R2, W1.  contact R1 met, R2 missed, W1 met; completion all met; callback R1
        # and R2 met, W1 running; closed R1, R2; scores R1 (4.2).
        # B: F1, P1, P2, R3.  contact F1 missed, P1 met, P2 and R3 running; completion F1, P1
        # met, P2 and R3 running; callback F1 breached, P1 met (P2 waits); reopened P2; scores
        # P1 (3.0) and P2 (4.2, given before the reopen).
        # C: C1, C2, C3, T1.  contact C1 missed, C3 not met, C2 and T1 void; completion C1
        # met, the rest void; callback C1 not met, C2 met; closed C1 (without callback); one
        # urge (C3).
        want = {
            A: dict(orders=3, contact=(2, 3), completion=(3, 3), callback=(2, 2), closed=2,
                    reopened=0, scores=[4.2], without=0, urges=0),
            B: dict(orders=4, contact=(1, 2), completion=(2, 2), callback=(1, 2), closed=0,
                    reopened=1, scores=[3.0, 4.2], without=0, urges=0),
            C: dict(orders=4, contact=(0, 2), completion=(1, 1), callback=(1, 2), closed=1,
                    reopened=0, scores=[], without=1, urges=1),
        }
        assert set(got) == {A, B, C}
        for code, w in want.items():
            s = got[code]
            assert s["orders"] == w["orders"], code
            for name in ("contact", "completion", "callback"):
                met, decided = w[name]
                assert (s[f"{name}_sla_met"], s[f"{name}_sla_decided"]) == (met, decided), \
                    (code, name, s)
                assert s[f"{name}_sla_met_pct"] == pct(met, decided), (code, name)
            assert s["closed"] == w["closed"] and s["reopened"] == w["reopened"], code
            assert s["closed_pct"] == (pct(w["closed"], w["orders"]) or 0.0), code
            assert s["satisfaction_callbacks"] == len(w["scores"]), code
            mean = round(sum(w["scores"]) / len(w["scores"]), 2) if w["scores"] else None
            assert s["mean_satisfaction"] == (pytest.approx(mean) if mean else None), code
            assert s["closed_without_callback"] == w["without"], code
            assert s["urges"] == w["urges"], code

        page = server.reviewer.get("/v1/audit", params={"date": day.d.isoformat(),
                                                         "state": "all"}).json()
        items = {x["order"]["id"]: x for x in page["orders"]}
        # completed or declined on D (corrected): R1 R2 F1 P1 P2 (reopened since) C1 C2
        assert set(items) == {o[k] for k in ("R1", "R2", "F1", "P1", "P2", "C1", "C2")}
        _check_audit(day, o, items)


def _deadline(item: dict, name: str) -> dict:
    return next(d for d in item["deadlines"] if d["name"] == name)


def _utc(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _check_audit(day: Day, o: dict[str, str], items: dict[str, dict]) -> None:
    at = day.at
    r1 = items[o["R1"]]
    contact = _deadline(r1, "contact")
    assert (_utc(contact["started_at"]), _utc(contact["due_at"])) == (at(9), at(9, 15))
    assert _utc(contact["done_at"]) == at(9, 14) and contact["state"] == "met"
    completed = [t for t, e in zip(r1["times"], r1["events"], strict=True)
                 if e["type"] == "completed"][0]
    assert (_utc(completed["station_time"]), _utc(completed["corrected_time"]),
            completed["clock_offset_ms"]) == (at(10, 33), at(10, 30), FAST)
    assert r1["flags"]["clock_off"] is True and r1["flags"]["contact_late"] is False
    assert r1["events"][-1]["type"] == "closed"
    corrected = [_utc(t["corrected_time"]) for t in r1["times"]]
    assert corrected == sorted(corrected)  # in time order
    report = next(e for e in r1["events"] if e["type"] == "completed")["payload"]
    assert report["service_place"] == "on_site"
    callback = _deadline(r1, "callback")
    assert _utc(callback["due_at"]) == at(20, day=1) and callback["limit"] == \
        "1 end_of_working_days"

    r2 = items[o["R2"]]
    assert _deadline(r2, "contact")["state"] == "missed" and r2["flags"]["contact_late"]
    assert _utc(_deadline(r2, "contact")["done_at"]) == at(11, 35)
    assert [c["payload"]["outcome"] for c in r2["callbacks"]] == [
        "no_answer", "no_answer", "no_answer", "not_owner"]
    assert [c["payload"]["unreachable"] for c in r2["callbacks"]][-1] is True

    f1 = items[o["F1"]]
    appointment = _deadline(f1, "appointment")
    assert appointment["name"] == "appointment" and appointment["state"] == "missed"
    assert _deadline(f1, "callback")["state"] == "breached"

    p1 = items[o["P1"]]
    assert {c["field"] for c in p1["report_changes"]} == {"service_place", "service_address"}
    assert any(e["type"] == "sent_back" for e in p1["events"])

    p2 = items[o["P2"]]
    assert p2["status"] == "received" and p2["flags"]["reopened_before"]
    assert p2["flags"]["corrected"] is True and p2["late_event_ids"] == []
    arrived = [t for t, e in zip(p2["times"], p2["events"], strict=True)
               if e["type"] == "arrived"][0]
    assert arrived["correction"] is True and _utc(arrived["corrected_time"]) == at(11)
    contact = _deadline(p2, "contact")
    assert contact["done_at"] is None and _utc(contact["started_at"]) > at(0, day=2)

    c1 = items[o["C1"]]
    assert c1["flags"]["without_callback"] is True
    assert _deadline(c1, "callback")["state"] == "not_met"
    c2 = items[o["C2"]]
    assert {d["name"]: d["state"] for d in c2["deadlines"]} == {
        "contact": "void", "completion": "void", "callback": "met"}
    assert c2["callbacks"][0]["payload"]["scores"] is None
