"""SLA deadlines on the business calendar: weekends, holidays, make-up days, the exact edge."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from station_app.domain.calendar import BusinessCalendar
from station_app.domain.errors import DomainError
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import OrderState, Status
from station_app.domain.sla import (
    Clock,
    DeadlineName,
    Limit,
    SlaPolicy,
    SlaState,
    at_risk_at,
    deadlines,
    judged,
    judged_by_instants,
    next_open_deadline,
    turns_at_risk,
)

TZ = ZoneInfo("Asia/Shanghai")
MON_SAT_8_20 = BusinessCalendar(tz=TZ, hours={d: (time(8), time(20)) for d in range(6)})


def local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def issued(at: datetime, **extra: object) -> OrderState:
    fields: dict[str, object] = {"status": Status.RECEIVED, **extra}
    return OrderState(station_code="34012", issued_at=at, assigned_at=at,
                      **fields)  # type: ignore[arg-type]


def by_name(items: list, name: DeadlineName):  # noqa: ANN201
    return next(d for d in items if d.name is name)


SAT_1955 = local(2026, 11, 21, 19, 55)  # a Saturday


def test_rescue_at_1955_on_saturday_runs_round_the_clock() -> None:
    assert SAT_1955.weekday() == 5
    state = issued(SAT_1955)
    ds = deadlines(OrderKind.RESCUE, None, state, SAT_1955, calendar=MON_SAT_8_20)
    contact = by_name(ds, DeadlineName.CONTACT)
    assert contact.due_at == local(2026, 11, 21, 20, 10)
    assert contact.state is SlaState.ON_TRACK
    # 3 of 15 minutes left is under the 25 % at-risk share
    at_risk = deadlines(OrderKind.RESCUE, None, state, local(2026, 11, 21, 20, 7),
                        calendar=MON_SAT_8_20)
    assert by_name(at_risk, DeadlineName.CONTACT).state is SlaState.AT_RISK
    late = deadlines(OrderKind.RESCUE, None, state, local(2026, 11, 21, 20, 30),
                     calendar=MON_SAT_8_20)
    c = by_name(late, DeadlineName.CONTACT)
    assert c.state is SlaState.BREACHED and c.time_left == -timedelta(minutes=20)


def test_working_hour_limit_at_1955_saturday_resumes_monday_morning() -> None:
    ds = deadlines(OrderKind.DISPATCH, None, issued(SAT_1955), SAT_1955, calendar=MON_SAT_8_20)
    # 5 working minutes on Saturday, Sunday closed, 55 more on Monday
    assert by_name(ds, DeadlineName.CONTACT).due_at == local(2026, 11, 23, 8, 55)


def test_callback_counts_working_hours_after_a_saturday_evening_completion() -> None:
    state = issued(SAT_1955 - timedelta(hours=2), status=Status.COMPLETED,
                   first_reached_at=SAT_1955 - timedelta(hours=1, minutes=50),
                   completed_at=SAT_1955)
    seed_003 = SlaPolicy.from_json({"callback": {"rescue": "3h"}})
    ds = deadlines(OrderKind.RESCUE, None, state, SAT_1955, seed_003, calendar=MON_SAT_8_20)
    # seed 003's 180 working minutes: 5 on Saturday, 175 on Monday from 8:00
    assert by_name(ds, DeadlineName.CALLBACK).due_at == local(2026, 11, 23, 10, 55)
    assert by_name(ds, DeadlineName.CONTACT).state is SlaState.MET


NATIONAL_DAY = frozenset(date(2026, 10, d) for d in range(1, 8))


def test_repair_one_working_day_skips_a_holiday() -> None:
    cal = BusinessCalendar(tz=TZ, hours={d: (time(8), time(20)) for d in range(5)},
                           holidays=NATIONAL_DAY)
    wed = local(2026, 9, 30, 14, 0)
    ds = deadlines(OrderKind.REPAIR, None, issued(wed), wed, calendar=cal)
    # Thu 1 Oct – Wed 7 Oct are holidays; the next working day is Thu 8 Oct
    assert by_name(ds, DeadlineName.CONTACT).due_at == local(2026, 10, 8, 14, 0)
    # repair within 3 working days: Thu 8, Fri 9, then Mon 12 (weekend off)
    assert by_name(ds, DeadlineName.COMPLETION).due_at == local(2026, 10, 12, 14, 0)


def test_makeup_saturday_counts_as_a_working_day() -> None:
    cal = BusinessCalendar(tz=TZ, hours={d: (time(8), time(20)) for d in range(5)},
                           holidays=NATIONAL_DAY, makeup_days=frozenset({date(2026, 10, 10)}))
    wed = local(2026, 9, 30, 14, 0)
    ds = deadlines(OrderKind.REPAIR, None, issued(wed), wed, calendar=cal)
    assert by_name(ds, DeadlineName.COMPLETION).due_at == local(2026, 10, 10, 14, 0)


def test_received_after_hours_starts_counting_at_opening() -> None:
    sun = local(2026, 11, 22, 23, 0)
    ds = deadlines(OrderKind.REPAIR, None, issued(sun), sun, calendar=MON_SAT_8_20)
    # the clock starts Monday 8:00; one working day later is Tuesday 8:00
    assert by_name(ds, DeadlineName.CONTACT).due_at == local(2026, 11, 24, 8, 0)


def test_breach_exactly_at_the_deadline() -> None:
    start = local(2026, 11, 23, 9, 0)
    due = start + timedelta(minutes=15)
    state = issued(start)
    just_before = deadlines(OrderKind.RESCUE, None, state, due - timedelta(microseconds=1))
    assert by_name(just_before, DeadlineName.CONTACT).state is SlaState.AT_RISK
    at_due = by_name(deadlines(OrderKind.RESCUE, None, state, due), DeadlineName.CONTACT)
    assert at_due.state is SlaState.BREACHED
    assert at_due.time_left == timedelta(0)
    # a contact made at the very deadline is in time
    met = issued(start, first_reached_at=due)
    done = by_name(deadlines(OrderKind.RESCUE, None, met, due + timedelta(hours=1)),
                   DeadlineName.CONTACT)
    assert done.state is SlaState.MET
    one_later = issued(start, first_reached_at=due + timedelta(microseconds=1))
    missed = by_name(deadlines(OrderKind.RESCUE, None, one_later, due + timedelta(hours=1)),
                     DeadlineName.CONTACT)
    assert missed.state is SlaState.MISSED


def test_complaint_limits_follow_the_level() -> None:
    start = local(2026, 11, 23, 9, 0)
    strong = deadlines(OrderKind.COMPLAINT, ComplaintLevel.STRONG, issued(start), start)
    general = deadlines(OrderKind.COMPLAINT, ComplaintLevel.GENERAL, issued(start), start)
    assert by_name(strong, DeadlineName.CONTACT).due_at == local(2026, 11, 23, 9, 30)
    assert by_name(general, DeadlineName.CONTACT).due_at == local(2026, 11, 24, 9, 0)


def test_cancelled_order_owes_nothing_and_next_deadline_is_earliest_open() -> None:
    start = local(2026, 11, 23, 9, 0)
    cancelled = issued(start, status=Status.CANCELLED, cancelled_at=start + timedelta(hours=2))
    ended = deadlines(OrderKind.RESCUE, None, cancelled, start + timedelta(days=3))
    assert next_open_deadline(ended) is None
    # contact (15 min) had passed when it was cancelled: not met; completion (24 h): void
    assert {d.name: d.state for d in ended} == {DeadlineName.CONTACT: SlaState.NOT_MET,
                                                DeadlineName.COMPLETION: SlaState.VOID}
    ds = deadlines(OrderKind.RESCUE, None, issued(start), start)
    nxt = next_open_deadline(ds)
    assert nxt is not None and nxt.name is DeadlineName.CONTACT


def test_policy_is_configurable_and_round_trips() -> None:
    policy = SlaPolicy.from_json({
        "at_risk_fraction": 0.5,
        "limits": [{"kind": "rescue", "level": None,
                    "deadlines": {"contact": [10, "elapsed"]}}],
    })
    assert policy.limits_for(OrderKind.RESCUE)[DeadlineName.CONTACT] == Limit(10, Clock.ELAPSED)
    assert SlaPolicy.from_json(policy.to_json()) == policy
    with pytest.raises(DomainError) as err:
        SlaPolicy.from_json({"limits": [{"kind": "rescue", "deadlines": {"contact": [0, "x"]}}]})
    assert err.value.zh


def test_calendar_round_trips_and_rejects_nonsense() -> None:
    cal = BusinessCalendar(tz=TZ, holidays=NATIONAL_DAY, makeup_days=frozenset({date(2026, 10,
                                                                                       10)}))
    assert BusinessCalendar.from_json(cal.to_json()) == cal
    with pytest.raises(DomainError):
        BusinessCalendar(hours={0: (time(20), time(8))})
    with pytest.raises(DomainError):
        BusinessCalendar.from_json({"hours": {"0": ["25:00", "08:00"]}})
    with pytest.raises(DomainError):
        BusinessCalendar(hours={}).add_working_minutes(datetime.now(UTC), 10)


def test_working_minutes_between_spans_days() -> None:
    fri_19 = local(2026, 11, 20, 19, 0)
    mon_9 = local(2026, 11, 23, 9, 0)
    # Fri 19–20 (60) + Sat 8–20 (720) + Mon 8–9 (60)
    assert MON_SAT_8_20.working_minutes_between(fri_19, mon_9) == 840
    assert MON_SAT_8_20.working_minutes_between(mon_9, fri_19) == -840


@pytest.mark.parametrize("kind", [OrderKind.RESCUE, OrderKind.DISPATCH, OrderKind.REPAIR])
def test_at_risk_at_is_the_instant_the_deadline_turns_at_risk(kind: OrderKind) -> None:
    """The board marks by this instant: just before it on track, from it on at risk (elapsed,
    working minutes across a Sunday, working days)."""
    policy = SlaPolicy()
    state = issued(SAT_1955)
    contact = by_name(deadlines(kind, None, state, SAT_1955, policy, MON_SAT_8_20),
                      DeadlineName.CONTACT)
    limit = policy.limits_for(kind)[DeadlineName.CONTACT]
    turn = at_risk_at(contact, limit, policy, MON_SAT_8_20)
    assert turn is not None and SAT_1955 < turn < contact.due_at

    def state_at(t: datetime) -> SlaState:
        return by_name(deadlines(kind, None, state, t, policy, MON_SAT_8_20),
                       DeadlineName.CONTACT).state

    assert state_at(turn - timedelta(seconds=1)) is SlaState.ON_TRACK
    assert state_at(turn) is SlaState.AT_RISK
    assert state_at(turn + timedelta(seconds=1)) is SlaState.AT_RISK
    done = by_name(deadlines(kind, None, issued(SAT_1955, first_reached_at=SAT_1955),
                             SAT_1955, policy, MON_SAT_8_20), DeadlineName.CONTACT)
    assert at_risk_at(done, limit, policy, MON_SAT_8_20) is None


def _text(t: datetime | None) -> str | None:
    return None if t is None else t.astimezone(UTC).isoformat(timespec="microseconds")


@pytest.mark.parametrize("limit", [Limit(60, Clock.ELAPSED), Limit(180, Clock.WORKING),
                                   Limit(1, Clock.END_OF_WORKING_DAYS)])
def test_stored_instants_judge_as_the_calendar_does(limit: Limit) -> None:
    """A store keeps due, done, ended and the at-risk instant as UTC text; comparing them
    gives `judged`'s state at every instant (on track, at risk, breached, met, missed, not
    met, void), with no calendar arithmetic."""
    policy, start = SlaPolicy(), SAT_1955
    due = limit.due(start, MON_SAT_8_20)
    risk = turns_at_risk(limit, start, due, policy, MON_SAT_8_20)
    assert risk is not None and start < risk < due
    instants = [start, risk - timedelta(microseconds=1), risk, due - timedelta(seconds=1),
                due, due + timedelta(hours=30)]
    cases = [(None, None), (due - timedelta(minutes=1), None), (due + timedelta(minutes=1), None),
             (None, due - timedelta(minutes=1)), (None, due + timedelta(minutes=1))]
    seen = set()
    for done, ended in cases:
        for now in instants:
            want = judged(DeadlineName.CONTACT, limit, start, due, done, ended, now, policy,
                          MON_SAT_8_20).state
            got = judged_by_instants(_text(due) or "", _text(done), _text(ended),
                                     _text(risk), _text(now) or "")
            assert got is want, (done, ended, now)
            seen.add(want)
    assert seen == set(SlaState)
