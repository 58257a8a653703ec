"""What a form reads from an order's events: the folded times and the latest reports.

Times come from `station_app.domain.lifecycle.fold`, so a form says what the status line says;
late events (recorded after the order left the station, or not allowed then) are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from station_app import wire, wire_orders
from station_app.domain.events import EventType
from station_app.domain.lifecycle import OrderState, fold


@dataclass(frozen=True)
class _Issued:
    """Stands in for the `issued` event when the caller has only the later events."""

    id: UUID
    occurred_at: datetime
    payload: dict[str, Any]
    type: EventType = EventType.ISSUED
    station_code: str | None = None


@dataclass(frozen=True)
class Facts:
    state: OrderState
    completed: wire.CompletedPayload | None  # the last completion report
    completed_at: datetime | None
    appointment: wire.AppointmentBookedPayload | None  # the last booking
    appointment_booked_at: datetime | None
    departed_technicians: tuple[str, ...]

    @property
    def technicians(self) -> tuple[str, ...]:
        if self.completed is not None:
            return tuple(self.completed.technicians)
        return self.departed_technicians


def gather(order: wire_orders.Order, events: Sequence[wire.Event]) -> Facts:
    ordered = list(events)  # in the order recorded, as the status line folds them
    history: list[Any] = list(ordered)
    if not any(EventType(e.type) is EventType.ISSUED for e in ordered):
        issued = _Issued(
            id=UUID(int=0),
            occurred_at=order.issued_at,
            payload={"order": {"station_code": order.station_code}},
        )
        history.insert(0, issued)
    state = fold(history)
    late = set(state.late_event_ids)
    valid = [e for e in ordered if e.id not in late]

    def last(kind: EventType) -> wire.Event | None:
        return next((e for e in reversed(valid) if EventType(e.type) is kind), None)

    done = last(EventType.COMPLETED) if state.completed_at is not None else None  # not reopened
    booked = last(EventType.APPOINTMENT_BOOKED)
    departed = last(EventType.DEPARTED)
    return Facts(
        state=state,
        completed=wire.CompletedPayload.model_validate(done.payload) if done else None,
        completed_at=done.occurred_at if done else None,
        appointment=(
            wire.AppointmentBookedPayload.model_validate(booked.payload) if booked else None
        ),
        appointment_booked_at=booked.occurred_at if booked else None,
        departed_technicians=(
            tuple(wire.DepartedPayload.model_validate(departed.payload).technicians)
            if departed
            else ()
        ),
    )
