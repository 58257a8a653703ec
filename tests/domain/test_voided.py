"""Undo is a `voided` event naming the mistaken one: both stay, the fold ignores the voided
fact (and a void naming another station's event, or a void, voids nothing)."""

from __future__ import annotations

from station_app.domain.events import EventType
from station_app.domain.lifecycle import Status, fold
from tests.domain.factories import event

E = EventType


def test_a_voided_busy_attempt_does_not_count():
    first, second = event(E.CONTACT_ATTEMPT, 2, outcome="busy"), event(
        E.CONTACT_ATTEMPT, 3, outcome="busy")
    events = [event(E.ISSUED), event(E.RECEIVED, 1), first, second,
              event(E.VOIDED, 4, event_id=str(second.id), reason="按错了")]
    state = fold(events)
    assert state.contact_attempts == 1
    assert state.status is Status.RECEIVED


def test_a_voided_reached_attempt_takes_the_order_back():
    reached = event(E.CONTACT_ATTEMPT, 2, outcome="reached")
    state = fold([event(E.ISSUED), event(E.RECEIVED, 1), reached,
                  event(E.VOIDED, 3, event_id=str(reached.id))])
    assert state.status is Status.RECEIVED
    assert state.first_reached_at is None and state.contact_attempts == 0


def test_a_void_voids_only_its_own_stations_facts_and_never_a_void():
    attempt = event(E.CONTACT_ATTEMPT, 2, outcome="busy")
    other = event(E.VOIDED, 3, station="99999", event_id=str(attempt.id))
    assert fold([event(E.ISSUED), attempt, other]).contact_attempts == 1
    void = event(E.VOIDED, 3, event_id=str(attempt.id))
    void_of_void = event(E.VOIDED, 4, event_id=str(void.id))
    assert fold([event(E.ISSUED), attempt, void, void_of_void]).contact_attempts == 0
