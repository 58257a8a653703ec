"""The SLA rules as the manuals mean them (docs/sla-policy.md): contact is reaching the
customer, a reopen starts over, orders that ended count their never-met deadlines, the callback
presets, the three-attempts rule on different occasions, facts filled in afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from station_app.domain import callbacks, lifecycle
from station_app.domain.calendar import BusinessCalendar
from station_app.domain.events import EventType
from station_app.domain.kinds import OrderKind
from station_app.domain.lifecycle import Status, Verdict
from station_app.domain.sla import (
    ContactRule,
    DeadlineName,
    SlaPolicy,
    SlaState,
    deadlines,
    policy_table,
)
from tests.domain.factories import T0, event

TZ = ZoneInfo("Asia/Shanghai")
CAL = BusinessCalendar(tz=TZ, hours={d: (time(8), time(20)) for d in range(6)})


def _contact(evts, policy=None, now_min=60, kind=OrderKind.RESCUE):
    state = lifecycle.fold(evts)
    ds = deadlines(kind, None, state, T0 + timedelta(minutes=now_min), policy, CAL)
    return next(d for d in ds if d.name in (DeadlineName.CONTACT, DeadlineName.APPOINTMENT))


def test_contact_is_the_first_reached_attempt_not_the_departure() -> None:
    # The rescue: two no-answers, departed at 10 min, first reached at 35 min.
    evts = [event("issued"), event("contact_attempt", 2, outcome="no_answer"),
            event("contact_attempt", 5, outcome="no_answer"), event("departed", 10),
            event("contact_attempt", 35)]
    c = _contact(evts)
    assert c.done_at == T0 + timedelta(minutes=35)
    assert c.state is SlaState.MISSED
    # the old reading is a setting, not the default
    old = _contact(evts, SlaPolicy(contact_rule=ContactRule.ACTION))
    assert old.done_at == T0 + timedelta(minutes=10) and old.state is SlaState.MET


def test_fault_mode_contact_is_the_appointment_booked() -> None:
    evts = [event("issued"), event("contact_attempt", 30), event("appointment_booked", 130)]
    c = _contact(evts, kind=OrderKind.FAULT_MODE, now_min=200)
    assert c.name is DeadlineName.APPOINTMENT and c.state is SlaState.MISSED


def test_a_reopen_restarts_the_contact_and_only_later_facts_meet_it() -> None:
    evts = [event("issued"), event("contact_attempt", 5), event("arrived", 20),
            event("completed", 60), event("reopened", 120)]
    c = _contact(evts, now_min=125)
    assert c.started_at == T0 + timedelta(minutes=120)
    assert c.done_at is None and c.state is SlaState.ON_TRACK
    # A backdated contact from before the reopen, pushed after it, does not meet it either.
    late_push = [*evts, event("contact_attempt", 10)]
    assert _contact(late_push, now_min=125).done_at is None
    after = [*evts, event("contact_attempt", 130)]
    c = _contact(after, now_min=140)
    assert c.done_at == T0 + timedelta(minutes=130) and c.state is SlaState.MET


def test_never_met_deadlines_of_an_ended_order() -> None:
    # Cancelled at 40 min without a contact: the 15-min contact had passed -> not met;
    # the 24 h completion had not -> void (not counted).
    state = lifecycle.fold([event("issued"), event("cancelled", 40)])
    ds = {d.name: d for d in deadlines(OrderKind.RESCUE, None, state, T0 + timedelta(days=3),
                                       None, CAL)}
    assert ds[DeadlineName.CONTACT].state is SlaState.NOT_MET
    assert ds[DeadlineName.COMPLETION].state is SlaState.VOID
    assert SlaState.NOT_MET.decided and not SlaState.VOID.decided


def test_corrected_time_moves_a_fast_stations_minutes_back() -> None:
    # A station 3 min fast: stated 17 min, on the call center's clock 14 min.
    at = T0 + timedelta(minutes=17)
    assert lifecycle.corrected_time(at, -180_000) == T0 + timedelta(minutes=14)
    assert lifecycle.corrected_time(at, None) == at


def test_callback_presets_next_day_and_seed_003() -> None:
    sat = datetime(2026, 11, 21, 16, 0, tzinfo=TZ)  # completed Saturday 16:00
    state = lifecycle.OrderState(status=Status.COMPLETED, assigned_at=sat - timedelta(hours=2),
                                 first_reached_at=sat - timedelta(hours=1), completed_at=sat)
    ds = {d.name: d for d in deadlines(OrderKind.DISPATCH, None, state, sat, None, CAL)}
    # next working day (Sunday off): Monday 20:00
    assert ds[DeadlineName.CALLBACK].due_at == datetime(2026, 11, 23, 20, 0, tzinfo=TZ)
    three_h = SlaPolicy.from_json({"callback": {"dispatch": "3h"}})
    ds = {d.name: d for d in deadlines(OrderKind.DISPATCH, None, state, sat, three_h, CAL)}
    # 180 working minutes: 4 h on Saturday until 20:00 -> 19:00
    assert ds[DeadlineName.CALLBACK].due_at == datetime(2026, 11, 21, 19, 0, tzinfo=TZ)
    rows = [r for r in policy_table(three_h) if r["kind"] == "dispatch"
            and r["deadline"] == "callback"]
    assert "seed 003" in rows[0]["source"]


def test_policy_table_names_a_source_for_every_limit() -> None:
    rows = policy_table(SlaPolicy())
    assert len(rows) == 21
    assert all(r["source"] for r in rows)
    rescue = next(r for r in rows if r["kind"] == "rescue" and r["deadline"] == "contact")
    assert "seed 000" in rescue["source"] and rescue["amount"] == 15
    assert any("our default" in r["source"] for r in rows)


def test_three_attempts_need_different_occasions() -> None:
    policy = SlaPolicy(callback_min_gap_minutes=60)
    t = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    # three calls within ten minutes are one occasion
    assert not callbacks.unreachable_after([t, t + timedelta(minutes=5)],
                                           t + timedelta(minutes=10), policy)
    assert callbacks.unreachable_after([t, t + timedelta(hours=2)], t + timedelta(days=1),
                                       policy)
    # older than the 7-day window: not counted
    assert not callbacks.unreachable_after([t - timedelta(days=9), t - timedelta(days=8)], t,
                                           policy)


def test_a_backdated_arrival_before_the_completion_is_a_correction() -> None:
    evts = [event("issued"), event("contact_attempt", 5), event("completed", 60)]
    state = lifecycle.fold(evts)
    forgotten = event("arrived", 30)
    assert lifecycle.judge(state, forgotten) is Verdict.CORRECTS
    after = lifecycle.apply(state, forgotten)
    assert after.status is Status.COMPLETED and after.arrived_at == forgotten.occurred_at
    assert forgotten.id in after.correction_ids and forgotten.id not in after.late_event_ids
    # after the completion it does not fit: late
    assert lifecycle.judge(state, event("arrived", 90)) is Verdict.LATE
    # after a cancel: late
    cancelled = lifecycle.fold([event("issued"), event("cancelled", 40)])
    assert lifecycle.judge(cancelled, event("arrived", 30)) is Verdict.LATE


def test_refill_lets_the_station_send_a_corrected_report() -> None:
    evts = [event("issued"), event("contact_attempt", 5), event("completed", 60)]
    state = lifecycle.fold(evts)
    assert EventType.COMPLETED not in lifecycle.allowed_actions(state, for_station="34012")
    state = lifecycle.apply(state, event("sent_back", 100))
    assert state.refill_reason == "未填写更换配件"
    assert EventType.COMPLETED in lifecycle.allowed_actions(state, for_station="34012")
    state = lifecycle.apply(state, event("completed", 110))
    assert state.status is Status.COMPLETED and state.report_refills == 1
    assert state.completed_at == T0 + timedelta(minutes=60)
    assert not state.refill_reason
