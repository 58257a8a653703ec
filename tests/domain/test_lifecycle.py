"""The order lifecycle: every transition of the table, late facts, and the fold's properties."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station_app.domain.events import EventType
from station_app.domain.lifecycle import (
    STATE_NEUTRAL,
    TRANSITIONS,
    OrderState,
    Status,
    Verdict,
    allowed_actions,
    apply,
    fold,
    judge,
)
from tests.domain.factories import event

E = EventType
S = Status

# (events before, event, expected status after, expected verdict). Every source status and
# every event type appears at least once; the completeness test below keeps it so.
PATHS: dict[Status, list[EventType]] = {
    S.NEW: [E.ISSUED],
    S.RECEIVED: [E.ISSUED, E.RECEIVED],
    S.CONTACTED: [E.ISSUED, E.RECEIVED, E.CONTACT_ATTEMPT],
    S.APPOINTED: [E.ISSUED, E.APPOINTMENT_BOOKED],
    S.DEPARTED: [E.ISSUED, E.CONTACT_ATTEMPT, E.DEPARTED],
    S.ARRIVED: [E.ISSUED, E.CONTACT_ATTEMPT, E.DEPARTED, E.ARRIVED],
    S.COMPLETED: [E.ISSUED, E.CONTACT_ATTEMPT, E.ARRIVED, E.COMPLETED],
    S.DECLINED: [E.ISSUED, E.DECLINED],
    S.CANCELLED: [E.ISSUED, E.CANCELLED],
    S.CLOSED: [E.ISSUED, E.ARRIVED, E.COMPLETED, E.CLOSED],
}

EXPECTED: dict[tuple[Status, EventType], Status | None] = {
    # None: the event is late in that status (kept, status unchanged)
    (S.NEW, E.RECEIVED): S.RECEIVED,
    (S.NEW, E.CONTACT_ATTEMPT): S.CONTACTED,
    (S.NEW, E.APPOINTMENT_BOOKED): S.APPOINTED,
    (S.NEW, E.DEPARTED): S.DEPARTED,
    (S.NEW, E.ARRIVED): S.ARRIVED,
    (S.NEW, E.COMPLETED): S.COMPLETED,
    (S.NEW, E.DECLINED): S.DECLINED,
    (S.NEW, E.CANCELLED): S.CANCELLED,
    (S.NEW, E.REASSIGNED): S.NEW,
    (S.NEW, E.CLOSED): None,
    (S.NEW, E.REOPENED): None,
    (S.NEW, E.CALLBACK): None,
    (S.RECEIVED, E.CONTACT_ATTEMPT): S.CONTACTED,
    (S.RECEIVED, E.ARRIVED): S.ARRIVED,
    (S.RECEIVED, E.COMPLETED): S.COMPLETED,
    (S.CONTACTED, E.APPOINTMENT_BOOKED): S.APPOINTED,
    (S.CONTACTED, E.DEPARTED): S.DEPARTED,
    (S.CONTACTED, E.RECEIVED): S.CONTACTED,
    (S.APPOINTED, E.APPOINTMENT_BOOKED): S.APPOINTED,
    (S.APPOINTED, E.DEPARTED): S.DEPARTED,
    (S.APPOINTED, E.ARRIVED): S.ARRIVED,
    (S.DEPARTED, E.ARRIVED): S.ARRIVED,
    (S.DEPARTED, E.APPOINTMENT_BOOKED): None,
    (S.DEPARTED, E.DEPARTED): None,
    (S.DEPARTED, E.CONTACT_ATTEMPT): S.DEPARTED,
    (S.ARRIVED, E.COMPLETED): S.COMPLETED,
    (S.ARRIVED, E.DECLINED): S.DECLINED,
    (S.ARRIVED, E.CANCELLED): S.CANCELLED,
    (S.ARRIVED, E.DEPARTED): None,
    (S.COMPLETED, E.CALLBACK): S.COMPLETED,
    (S.COMPLETED, E.CLOSED): S.CLOSED,
    (S.COMPLETED, E.REOPENED): S.RECEIVED,
    (S.COMPLETED, E.CANCELLED): None,
    (S.COMPLETED, E.ARRIVED): None,
    (S.COMPLETED, E.COMPLETED): None,
    (S.COMPLETED, E.UPDATED): S.COMPLETED,
    (S.COMPLETED, E.SENT_BACK): S.COMPLETED,
    (S.COMPLETED, E.URGED): None,
    (S.ARRIVED, E.URGED): S.ARRIVED,
    (S.DECLINED, E.REASSIGNED): S.NEW,
    (S.DECLINED, E.CLOSED): S.CLOSED,
    (S.DECLINED, E.DEPARTED): None,
    (S.CANCELLED, E.DEPARTED): None,
    (S.CANCELLED, E.ARRIVED): None,
    (S.CANCELLED, E.COMPLETED): None,
    (S.CANCELLED, E.CONTACT_ATTEMPT): None,
    (S.CANCELLED, E.NOTE): S.CANCELLED,
    (S.CANCELLED, E.FORM_PRINTED): S.CANCELLED,
    (S.CANCELLED, E.CLOSED): S.CLOSED,
    (S.CANCELLED, E.REOPENED): None,
    (S.CANCELLED, E.UPDATED): None,
    (S.CLOSED, E.REOPENED): S.RECEIVED,
    (S.CLOSED, E.CALLBACK): S.CLOSED,
    (S.CLOSED, E.COMPLETED): None,
    (S.CLOSED, E.CANCELLED): None,
    (S.CLOSED, E.NOTE): S.CLOSED,
    (S.CLOSED, E.ISSUED): None,
    (S.DEPARTED, E.VOIDED): S.DEPARTED,  # a void keeps the status; the fold drops its target
}


def _state(status: Status) -> tuple[OrderState, list]:
    events = [event(t, i) for i, t in enumerate(PATHS[status])]
    state = fold(events)
    assert state.status is status, f"path to {status} folds to {state.status}"
    return state, events


@pytest.mark.parametrize(("source", "etype"), sorted(EXPECTED, key=str))
def test_transition(source: Status, etype: EventType) -> None:
    state, _ = _state(source)
    e = event(etype, 100)
    after = apply(state, e)
    expected = EXPECTED[(source, etype)]
    if expected is None:
        assert judge(state, e) in (Verdict.LATE, Verdict.INVALID)
        assert after.status is source
        assert e.id in after.late_event_ids
    else:
        assert after.status is expected
        assert e.id not in after.late_event_ids


def test_every_status_and_event_type_is_exercised() -> None:
    assert {s for s, _ in EXPECTED} == set(Status)
    assert {e for _, e in EXPECTED} == set(EventType)


def test_table_agrees_with_allowed_actions() -> None:
    for status in Status:
        state, _ = _state(status)
        for action in allowed_actions(state, for_station="34012"):
            assert (status, action) in TRANSITIONS


def test_contact_attempt_not_reached_keeps_waiting_but_counts() -> None:
    state = fold([event(E.ISSUED), event(E.CONTACT_ATTEMPT, 1, outcome="no_answer"),
                  event(E.CONTACT_ATTEMPT, 5, outcome="busy")])
    assert state.status is S.RECEIVED
    assert state.contact_attempts == 2
    assert state.first_reached_at is None
    state = apply(state, event(E.CONTACT_ATTEMPT, 9, outcome="reached"))
    assert state.status is S.CONTACTED
    assert state.first_reached_at is not None and state.first_reached_at.minute == 9


def test_arrival_after_cancel_is_a_late_fact_kept() -> None:
    arrived = event(E.ARRIVED, 30)
    state = fold([event(E.ISSUED), event(E.DEPARTED, 10), event(E.CANCELLED, 20), arrived])
    assert state.status is S.CANCELLED
    assert state.late_event_ids == (arrived.id,)
    assert state.arrived_at is None


def test_reassign_moves_the_order_and_old_station_facts_become_late() -> None:
    old_station_departure = event(E.DEPARTED, 20, station="34012")
    state = fold([event(E.ISSUED), event(E.CONTACT_ATTEMPT, 5), event(E.REASSIGNED, 10),
                  old_station_departure])
    assert state.station_code == "34013"
    assert state.status is S.NEW
    assert old_station_departure.id in state.late_event_ids
    assert allowed_actions(state, for_station="34012") == frozenset({E.NOTE})
    assert E.CONTACT_ATTEMPT in allowed_actions(state, for_station="34013")
    new_station = apply(state, event(E.CONTACT_ATTEMPT, 25, station="34013"))
    assert new_station.status is S.CONTACTED


def test_reopen_starts_the_work_again() -> None:
    state = fold([event(E.ISSUED), event(E.ARRIVED, 10), event(E.COMPLETED, 60),
                  event(E.CLOSED, 1440), event(E.REOPENED, 1500)])
    assert state.status is S.RECEIVED
    assert state.reopened_count == 1
    assert state.reopen_reason == "用户反映未修好"
    assert state.completed_at is None and state.close_date is None
    assert E.COMPLETED in allowed_actions(state, for_station="34012")


def test_nothing_before_issue_and_no_second_issue() -> None:
    orphan = event(E.ARRIVED)
    assert judge(OrderState(), orphan) is Verdict.INVALID
    state = fold([orphan, event(E.ISSUED, 1)])
    assert state.status is S.NEW and state.late_event_ids == (orphan.id,)
    assert allowed_actions(OrderState()) == frozenset()


def test_callbacks_count_and_unreachable() -> None:
    state = fold([event(E.ISSUED), event(E.ARRIVED, 1), event(E.COMPLETED, 2),
                  event(E.CALLBACK, 100), event(E.CALLBACK, 200),
                  event(E.CALLBACK, 300, unreachable=True, note="三次无法接通")])
    assert state.callback_attempts == 3
    assert state.callback_unreachable


STATION_TYPES = [t for t in EventType if t is not EventType.ISSUED]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(EventType)), max_size=25))
def test_any_sequence_folds_and_replays_identically(types: list[EventType]) -> None:
    events = [event(t, i) for i, t in enumerate(types)]
    first = fold(events)
    again = fold(list(events))
    assert first == again
    # every event either moved/kept the state or was remembered as late: none vanishes
    late = set(first.late_event_ids)
    state = OrderState()
    for e in events:
        verdict = judge(state, e)
        state = apply(state, e)
        assert (e.id in late) == (verdict in (Verdict.LATE, Verdict.INVALID))
    assert state == first


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(EventType)), max_size=25))
def test_state_neutral_events_change_nothing_but_the_late_list(types: list[EventType]) -> None:
    events = [event(t, i) for i, t in enumerate(types)]
    everything = fold(events)
    without = fold([e for e in events if e.type not in STATE_NEUTRAL])
    assert replace(everything, late_event_ids=()) == replace(without, late_event_ids=())
    assert set(without.late_event_ids) <= set(everything.late_event_ids)


def test_state_neutral_is_exactly_the_events_that_keep_every_state() -> None:
    # An event type is neutral when, applied in any status it can meet, it changes nothing.
    neutral = set()
    for etype in STATION_TYPES:
        states = [fold([event(t, i) for i, t in enumerate(path)]) for path in PATHS.values()]
        if all(replace(apply(s, event(etype, 99)), late_event_ids=()) ==
               replace(s, late_event_ids=()) for s in states):
            neutral.add(etype)
    # A void changes nothing by itself but takes its target out of the fold: never neutral.
    assert neutral - {E.VOIDED} == set(STATE_NEUTRAL)
