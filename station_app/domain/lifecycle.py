"""The status of an order as a fold of its events, and which actions are allowed now.

One pure function, used by the station (which buttons are enabled), the call center (what it
accepts) and the tests. Events that are facts but not allowed transitions — a technician who
arrives after the call center cancelled — are kept and marked late; they never move the status.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from enum import Enum, StrEnum
from typing import Any, Protocol
from uuid import UUID

from station_app.domain.events import (
    STATION_EVENTS,
    CallbackOutcome,
    ContactOutcome,
    EventType,
)


class Status(StrEnum):
    NEW = "new"                # issued, not yet seen by the station
    RECEIVED = "received"      # the station has it, customer not reached yet
    CONTACTED = "contacted"    # the station reached the customer
    APPOINTED = "appointed"    # an appointment is booked
    DEPARTED = "departed"      # the technician is on the road
    ARRIVED = "arrived"        # the technician is with the customer (or the vehicle at the station)
    COMPLETED = "completed"    # reported done; pending review 待审
    DECLINED = "declined"      # the station cannot serve it
    CANCELLED = "cancelled"    # withdrawn by the call center
    CLOSED = "closed"          # audited and closed 关闭

    @property
    def zh(self) -> str:
        return _STATUS_ZH[self]

    @property
    def terminal(self) -> bool:
        return self in (Status.CANCELLED, Status.CLOSED)


_STATUS_ZH = {
    Status.NEW: "新单",
    Status.RECEIVED: "已接收",
    Status.CONTACTED: "已联系",
    Status.APPOINTED: "已预约",
    Status.DEPARTED: "已出发",
    Status.ARRIVED: "已到达",
    Status.COMPLETED: "已完成(待审)",
    Status.DECLINED: "无法服务",
    Status.CANCELLED: "已取消",
    Status.CLOSED: "关闭",
}


class EventLike(Protocol):
    """What the fold needs of an event; `station_app.wire.Event` and store rows both fit."""

    @property
    def id(self) -> UUID: ...
    @property
    def type(self) -> EventType | str: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def station_code(self) -> str | None: ...
    @property
    def payload(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class FoldEvent:
    """An `EventLike` made from a stored row (or made up, for an order typed in by phone)."""

    id: UUID
    type: str
    occurred_at: datetime
    station_code: str | None
    payload: dict[str, Any] = field(default_factory=dict)


class Verdict(Enum):
    MOVES = "moves"      # allowed; the status changes
    KEEPS = "keeps"      # allowed; the status stays (notes, repeat attempts, callbacks)
    CORRECTS = "corrects"  # a station fact entered afterwards that fits the history before
    #                        the completion (a forgotten arrival): filled in, status stays
    LATE = "late"        # a fact, kept, but not an allowed transition now
    INVALID = "invalid"  # cannot be applied at all (a second `issued`, an event before `issued`)


_ACTIVE = (Status.RECEIVED, Status.CONTACTED, Status.APPOINTED, Status.DEPARTED, Status.ARRIVED)
_BEFORE_ROAD = (Status.NEW, Status.RECEIVED, Status.CONTACTED, Status.APPOINTED)

# (status now, event) -> status after. Events listed in _KEEPS are allowed without a change.
TRANSITIONS: dict[tuple[Status, EventType], Status] = {}


def _allow(event: EventType, sources: Iterable[Status], target: Status | None) -> None:
    for s in sources:
        TRANSITIONS[(s, event)] = s if target is None else target


_allow(EventType.RECEIVED, [Status.NEW], Status.RECEIVED)
_allow(EventType.RECEIVED, _ACTIVE, None)
_allow(EventType.CONTACT_ATTEMPT, [Status.NEW, *_ACTIVE], None)  # reached/not: see _apply
_allow(EventType.APPOINTMENT_BOOKED, [Status.NEW, Status.RECEIVED, Status.CONTACTED],
       Status.APPOINTED)
_allow(EventType.APPOINTMENT_BOOKED, [Status.APPOINTED], None)
_allow(EventType.DEPARTED, _BEFORE_ROAD, Status.DEPARTED)
_allow(EventType.ARRIVED, [*_BEFORE_ROAD, Status.DEPARTED], Status.ARRIVED)
_allow(EventType.COMPLETED, [Status.NEW, *_ACTIVE], Status.COMPLETED)
_allow(EventType.DECLINED, [Status.NEW, *_ACTIVE], Status.DECLINED)
_allow(EventType.NOTE, list(Status), None)
_allow(EventType.FORM_PRINTED, list(Status), None)
_allow(EventType.VOIDED, list(Status), None)  # what it voids is left out of the fold
_allow(EventType.UPDATED, [Status.NEW, *_ACTIVE, Status.COMPLETED, Status.DECLINED], None)
_allow(EventType.CANCELLED, [Status.NEW, *_ACTIVE, Status.DECLINED], Status.CANCELLED)
_allow(EventType.REASSIGNED, [Status.NEW, *_ACTIVE, Status.DECLINED], Status.NEW)
_allow(EventType.CALLBACK, [Status.COMPLETED, Status.DECLINED, Status.CLOSED], None)
_allow(EventType.CLOSED, [Status.COMPLETED, Status.DECLINED, Status.CANCELLED], Status.CLOSED)
_allow(EventType.REOPENED, [Status.COMPLETED, Status.DECLINED, Status.CLOSED], Status.RECEIVED)
_allow(EventType.SENT_BACK, [Status.COMPLETED], None)
_allow(EventType.URGED, [Status.NEW, *_ACTIVE], None)

# Facts a station may fill in after it reported the job done (seed 003: the reviewer checks
# arrival and finish times), as long as they happened before the completion.
CORRECTABLE: frozenset[EventType] = frozenset({
    EventType.RECEIVED, EventType.CONTACT_ATTEMPT, EventType.APPOINTMENT_BOOKED,
    EventType.DEPARTED, EventType.ARRIVED,
})


def corrected_time(occurred_at: datetime, clock_offset_ms: int | None) -> datetime:
    """A station's time on the call center's clock: the station measures how far its clock is
    behind the server's (``server = station + offset``) and sends it with every event."""
    return occurred_at + timedelta(milliseconds=clock_offset_ms or 0)


@dataclass(frozen=True)
class OrderState:
    """Everything the fold learns about an order."""

    status: Status | None = None  # None until `issued` is seen
    station_code: str | None = None
    issued_at: datetime | None = None
    assigned_at: datetime | None = None      # issued, last reassigned or reopened
    received_at: datetime | None = None
    first_attempt_at: datetime | None = None
    first_reached_at: datetime | None = None
    contact_attempts: int = 0
    appointment_at: datetime | None = None   # when the appointment is for
    appointment_booked_at: datetime | None = None
    departed_at: datetime | None = None
    arrived_at: datetime | None = None
    completed_at: datetime | None = None
    declined_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    reassigned_from: str | None = None
    reassign_reason: str = ""
    reopened_count: int = 0
    reopen_reason: str = ""
    reopened_at: datetime | None = None  # the station's deadlines restart here
    refill_reason: str = ""              # sent back to re-fill the report, not yet re-filled
    report_refills: int = 0              # corrected completion reports after a send-back
    urges: int = 0
    callback_attempts: int = 0
    callback_reached_at: datetime | None = None
    callback_unreachable: bool = False
    callback_unreachable_at: datetime | None = None
    closed_at: datetime | None = None
    close_date: date | None = None
    late_event_ids: tuple[UUID, ...] = field(default_factory=tuple)
    correction_ids: tuple[UUID, ...] = field(default_factory=tuple)


_STATE_FIELDS = frozenset(f.name for f in fields(OrderState))


def replace(state: OrderState, **changes: Any) -> OrderState:
    """`dataclasses.replace` for the state without its walk over every field at each call
    (the fold makes one or two per event, on the call center's ingest path too). The same
    value: the state has no ``__post_init__``, and its fields are set as they are."""
    if not changes.keys() <= _STATE_FIELDS:
        raise TypeError(f"OrderState has no field {sorted(changes.keys() - _STATE_FIELDS)}")
    new = object.__new__(OrderState)
    new.__dict__.update(state.__dict__)  # frozen: setattr refuses, the instance dict does not
    new.__dict__.update(changes)
    return new


def judge(state: OrderState, event: EventLike) -> Verdict:
    """What applying ``event`` to ``state`` would mean."""
    etype = EventType(event.type)
    if state.status is None:
        return Verdict.MOVES if etype is EventType.ISSUED else Verdict.INVALID
    if etype is EventType.ISSUED:
        return Verdict.INVALID
    if (
        etype in STATION_EVENTS
        and event.station_code is not None
        and state.station_code is not None
        and event.station_code != state.station_code
        and etype not in (EventType.NOTE, EventType.FORM_PRINTED)
    ):
        return Verdict.LATE  # the order was reassigned away from the station that recorded it
    if (etype is EventType.COMPLETED and state.status is Status.COMPLETED
            and state.refill_reason):
        return Verdict.KEEPS  # the corrected report the reviewer asked for
    target = TRANSITIONS.get((state.status, etype))
    if target is None:
        return Verdict.CORRECTS if _fits_before_completion(state, etype, event) else Verdict.LATE
    return Verdict.KEEPS if target is state.status else Verdict.MOVES


def _fits_before_completion(state: OrderState, etype: EventType, event: EventLike) -> bool:
    if etype not in CORRECTABLE or event.station_code is None:
        return False
    if state.status is not Status.COMPLETED or state.completed_at is None:
        return False
    start = state.reopened_at or state.assigned_at
    return event.occurred_at <= state.completed_at and (
        start is None or state.reopened_at is None or event.occurred_at >= start)


def apply(state: OrderState, event: EventLike) -> OrderState:
    """The state after ``event``; late and invalid events are remembered, not applied."""
    verdict = judge(state, event)
    if verdict in (Verdict.LATE, Verdict.INVALID):
        return replace(state, late_event_ids=(*state.late_event_ids, event.id))
    after = _apply(state, EventType(event.type), event)
    if verdict is Verdict.CORRECTS:
        return replace(after, status=state.status,
                       correction_ids=(*state.correction_ids, event.id))
    return after


def _first(current: datetime | None, at: datetime) -> datetime:
    return current if current is not None else at


def _first_since(s: OrderState, current: datetime | None, at: datetime) -> datetime | None:
    """`_first`, except that a fact from before a reopen no longer counts (it was the first
    visit's; the restarted deadlines wait for one after the reopen)."""
    if s.reopened_at is not None and at < s.reopened_at:
        return current
    if current is None or at < current:
        return at
    return current


def _apply(s: OrderState, etype: EventType, e: EventLike) -> OrderState:
    at = e.occurred_at
    p = e.payload
    status = TRANSITIONS.get((s.status, etype), s.status) if s.status else None
    match etype:
        case EventType.ISSUED:
            order = p.get("order", {})
            return replace(s, status=Status.NEW, station_code=order.get("station_code"),
                           issued_at=at, assigned_at=at)
        case EventType.RECEIVED:
            return replace(s, status=status, received_at=_first(s.received_at, at))
        case EventType.CONTACT_ATTEMPT:
            reached = p.get("outcome") == ContactOutcome.REACHED
            new = s.status
            if s.status in (Status.NEW, Status.RECEIVED):
                new = Status.CONTACTED if reached else Status.RECEIVED
            return replace(
                s,
                status=new,
                received_at=_first(s.received_at, at),
                contact_attempts=s.contact_attempts + 1,
                first_attempt_at=_first_since(s, s.first_attempt_at, at),
                first_reached_at=(_first_since(s, s.first_reached_at, at) if reached
                                  else s.first_reached_at),
            )
        case EventType.APPOINTMENT_BOOKED:
            when = p.get("appointment_at")
            return replace(
                s,
                status=status,
                appointment_at=datetime.fromisoformat(when) if isinstance(when, str) else when,
                appointment_booked_at=_first_since(s, s.appointment_booked_at, at),
                first_reached_at=_first_since(s, s.first_reached_at, at),
            )
        case EventType.DEPARTED:
            return replace(s, status=status, departed_at=_first_since(s, s.departed_at, at))
        case EventType.ARRIVED:
            return replace(s, status=status, arrived_at=_first_since(s, s.arrived_at, at))
        case EventType.COMPLETED:
            if s.status is Status.COMPLETED and s.refill_reason:
                return replace(s, refill_reason="", report_refills=s.report_refills + 1)
            return replace(s, status=status, completed_at=at)
        case EventType.DECLINED:
            return replace(s, status=status, declined_at=at)
        case EventType.CANCELLED:
            return replace(s, status=status, cancelled_at=at, cancel_reason=p.get("reason", ""))
        case EventType.REASSIGNED:
            return replace(
                s,
                status=Status.NEW,
                station_code=p.get("to_station"),
                reassigned_from=p.get("from_station"),
                reassign_reason=p.get("reason", ""),
                assigned_at=at,
                received_at=None, first_attempt_at=None, first_reached_at=None,
                contact_attempts=0, appointment_at=None, appointment_booked_at=None,
                departed_at=None, arrived_at=None, declined_at=None,
            )
        case EventType.CALLBACK:
            reached = p.get("outcome") == CallbackOutcome.REACHED
            return replace(
                s,
                callback_attempts=s.callback_attempts + 1,
                callback_reached_at=at if reached else s.callback_reached_at,
                callback_unreachable=bool(p.get("unreachable")) or s.callback_unreachable,
                callback_unreachable_at=(at if p.get("unreachable")
                                         else s.callback_unreachable_at),
            )
        case EventType.SENT_BACK:
            return replace(s, refill_reason=p.get("reason", "") or "-")
        case EventType.URGED:
            return replace(s, urges=s.urges + 1)
        case EventType.CLOSED:
            close = p.get("close_date")
            return replace(
                s, status=status, closed_at=at,
                close_date=date.fromisoformat(close) if isinstance(close, str) else close,
            )
        case EventType.REOPENED:
            return replace(
                s, status=status, reopened_count=s.reopened_count + 1,
                reopen_reason=p.get("reason", ""), assigned_at=at, reopened_at=at,
                completed_at=None, declined_at=None, closed_at=None, close_date=None,
                callback_reached_at=None, callback_unreachable=False, callback_attempts=0,
                callback_unreachable_at=None, refill_reason="",
                first_attempt_at=None, first_reached_at=None, contact_attempts=0,
                appointment_at=None, appointment_booked_at=None, departed_at=None,
                arrived_at=None,
            )
        case _:
            return s


STATE_NEUTRAL: frozenset[EventType] = frozenset(
    {EventType.NOTE, EventType.FORM_PRINTED, EventType.UPDATED}
)
"""Events that change nothing of the state but, when they are late, the list of late events:
a fold for the status and deadlines alone may leave them out (an order with a hundred notes
folds as fast as one without). `UPDATED` changes the order's fields, not its state."""


def voided_ids(events: Iterable[EventLike]) -> set[str]:
    """The ids (as text) of the events taken back by a `voided` event of the same station.
    A void never voids a void, nor another station's (or the call center's) entry."""
    events = list(events)
    station_of = {str(e.id): (EventType(e.type), e.station_code) for e in events}
    out: set[str] = set()
    for e in events:
        if EventType(e.type) is not EventType.VOIDED:
            continue
        target = str(e.payload.get("event_id", ""))
        etype, code = station_of.get(target, (None, None))
        if (etype is not None and etype is not EventType.VOIDED and code is not None
                and code == e.station_code):
            out.add(target)
    return out


def fold(events: Iterable[EventLike]) -> OrderState:
    """The state of an order after ``events``, applied in the order given, leaving out the
    voided ones (their `voided` events change nothing themselves)."""
    events = list(events)
    voided = voided_ids(events) if any(
        EventType(e.type) is EventType.VOIDED for e in events) else set()
    state = OrderState()
    for e in events:
        if voided and str(e.id) in voided:
            continue
        state = apply(state, e)
    return state


STATION_ACTIONS: tuple[EventType, ...] = (
    EventType.CONTACT_ATTEMPT,
    EventType.APPOINTMENT_BOOKED,
    EventType.DEPARTED,
    EventType.ARRIVED,
    EventType.COMPLETED,
    EventType.DECLINED,
    EventType.NOTE,
    EventType.FORM_PRINTED,
    EventType.VOIDED,
)
CALL_CENTER_ACTIONS: tuple[EventType, ...] = (
    EventType.UPDATED,
    EventType.CANCELLED,
    EventType.REASSIGNED,
    EventType.CALLBACK,
    EventType.CLOSED,
    EventType.REOPENED,
    EventType.SENT_BACK,
    EventType.URGED,
    EventType.NOTE,
)


def allowed_actions(state: OrderState, for_station: str | None = None) -> frozenset[EventType]:
    """The actions that would be accepted now (the UI enables buttons from this).

    ``for_station`` asks for a station's actions: none but notes once the order left it.
    """
    if state.status is None:
        return frozenset()
    candidates = STATION_ACTIONS if for_station is not None else CALL_CENTER_ACTIONS
    if for_station is not None and state.station_code not in (None, for_station):
        return frozenset({EventType.NOTE})
    allowed = frozenset(a for a in candidates if (state.status, a) in TRANSITIONS)
    if for_station is not None and state.status is Status.COMPLETED and state.refill_reason:
        allowed |= {EventType.COMPLETED}  # sent back to re-fill: the corrected report
    return allowed
