"""The per-station report answered by SQL over the derived columns: the same shares as the fold
of every order's events, each with the counts it is made of."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from callcenter import db as database
from callcenter import review_report
from callcenter.config import ServiceConfig
from station_app import console_wire
from tests.callcenter.flows import work_to_completion

pytestmark = pytest.mark.integration

A, B = "12345", "23456"
SCORES = {"skill": 5, "attitude": 4, "timeliness": 3, "parts": 5, "overall": 4}
LOW = {"skill": 2, "attitude": 3, "timeliness": 1, "parts": 2, "overall": 2}
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_report_matches_the_fold_and_shows_its_counts(server):
    stations = {A: server.client(server.add_station(A, "合肥北站")),
                B: server.client(server.add_station(B, "芜湖站"))}
    reviewer = server.client(server.add_user("审核员", "reviewer"))
    day = datetime.now(SHANGHAI).date()
    # A repair's contact limit is one working day: six calendar days back hold at least four
    # whatever the weekday (two days back on a Monday morning held none, and n=4 was open).
    six_days_ago = datetime.now(UTC) - timedelta(days=6)
    ids = {}
    for n in range(10):
        code = A if n < 6 else B
        kind = "rescue" if n % 2 else "repair"
        extra = {"location": "G3"} if kind == "rescue" else {}
        issued = six_days_ago + timedelta(minutes=n)
        order = server.issue_order(code, kind=kind, issued_at=issued.isoformat(), **extra)
        ids[n] = order["id"]
        if n in (4, 9):
            continue  # never contacted: its contact deadline is breached, completion open
        late = n % 4 == 1
        work_to_completion(stations[code], order["id"],
                           start=issued + timedelta(minutes=90 if late else 1))
    for n, scores in ((0, SCORES), (1, LOW), (6, SCORES)):
        r = reviewer.post(f"/v1/orders/{ids[n]}/callbacks",
                          json={"outcome": "reached", "scores": scores})
        assert r.status_code == 200, r.text
    reviewer.post(f"/v1/orders/{ids[0]}/close", json={})
    reviewer.post(f"/v1/orders/{ids[2]}/reopen", json={"reason": "未修好"})
    reviewer.post(f"/v1/orders/{ids[7]}/callbacks", json={"outcome": "no_answer"})

    period = {"from": (day - timedelta(days=8)).isoformat(), "to": day.isoformat()}
    r = reviewer.get("/v1/reports/stations", params=period)
    assert r.status_code == 200, r.text
    got = console_wire.StationsReport.model_validate(r.json())
    reference = database.read(lambda: review_report.stations_report(
        day - timedelta(days=8), day, datetime.now(UTC), ServiceConfig()))
    shares = ("orders", "contact_sla_met_pct", "completion_sla_met_pct", "mean_satisfaction",
              "closed_pct", "reopened_pct")
    assert [s.model_dump(include=set(shares)) for s in got.stations] == [
        s.model_dump(include=set(shares)) for s in reference.stations]

    a = next(s for s in got.stations if s.station_code == A)
    assert a.orders == 6 and a.closed == 1 and a.reopened == 1
    # contact: 5 worked (n=1 and 5 reached after 90 min: a rescue's 15 min missed) + n=4
    # breached; n=2 was reopened: its contact restarted and is still running, not decided
    assert (a.contact_sla_met, a.contact_sla_decided) == (2, 5)
    assert a.contact_sla_met_pct == pytest.approx(40.0)
    assert a.satisfaction_callbacks == 2 and a.mean_satisfaction == pytest.approx(3.1)
    b = next(s for s in got.stations if s.station_code == B)
    assert b.orders == 4 and b.satisfaction_callbacks == 1


def test_a_report_never_mixes_two_policies(server):
    """Orders whose deadlines another process computed under other limits are recomputed for
    the policy in force before the report is counted."""
    from callcenter import derived
    from callcenter.models import OrderRow

    station = server.client(server.add_station(A, "合肥北站"))
    reviewer = server.client(server.add_user("审核员", "reviewer"))
    issued = datetime.now(UTC) - timedelta(hours=3)
    order = server.issue_order(A, kind="rescue", location="G3", issued_at=issued.isoformat())
    work_to_completion(station, order["id"], start=issued + timedelta(minutes=5))
    day = datetime.now(SHANGHAI).date()
    period = {"from": (day - timedelta(days=1)).isoformat(), "to": day.isoformat()}
    before = reviewer.get("/v1/reports/stations", params=period).json()["stations"][0]
    assert before["contact_sla_met"] == 1

    def as_if_other_limits() -> None:  # another process: a 1-minute contact limit
        OrderRow.update(contact_due_at=issued + timedelta(minutes=1),
                        derived_policy="0123456789abcdef").where(
            OrderRow.id == order["id"]).execute()

    database.write(as_if_other_limits)
    after = reviewer.get("/v1/reports/stations", params=period).json()["stations"][0]
    assert after["contact_sla_met"] == 1 and after["contact_sla_decided"] == 1
    row = database.read(lambda: OrderRow.get_by_id(order["id"]))
    assert row.derived_policy == derived.policy_fingerprint(server.app.state.config)
