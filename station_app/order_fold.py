"""An order's state from its stored events: which events count, in which order, and the row
columns (status, next deadline, search text) derived from them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from station_app import hot_queries, wire, wire_orders
from station_app.domain import lifecycle, sla
from station_app.domain.calendar import BusinessCalendar
from station_app.domain.events import EventType
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import FoldEvent
from station_app.store import ORIGIN_LOCAL as ORIGIN_LOCAL  # the core imports them from here
from station_app.store import ORIGIN_SERVER as ORIGIN_SERVER
from station_app.store import WITHDRAWN, OrderRow

OPEN_STATUSES: tuple[str, ...] = tuple(
    s.value for s in (lifecycle.Status.NEW, lifecycle.Status.RECEIVED, lifecycle.Status.CONTACTED,
                      lifecycle.Status.APPOINTED, lifecycle.Status.DEPARTED,
                      lifecycle.Status.ARRIVED)
)
DONE_STATUSES: tuple[str, ...] = tuple(
    s.value for s in (lifecycle.Status.COMPLETED, lifecycle.Status.DECLINED,
                      lifecycle.Status.CANCELLED, lifecycle.Status.CLOSED)
)


class StoredEvent(lifecycle.EventLike, Protocol):
    """What the fold reads of a stored event: an `EventRow`, or a `hot_queries.FoldRow`."""

    @property
    def result(self) -> str | None: ...
    @property
    def origin(self) -> str: ...
    @property
    def acked_at(self) -> Any: ...  # only whether it is there matters
    @property
    def seq(self) -> int: ...
    @property
    def server_seq(self) -> int | None: ...


class StoredOrder(Protocol):
    """What the fold and the deadlines read of an order: an `OrderRow`, or a
    `hot_queries.OrderLine` (which leaves the order's document unread)."""

    @property
    def id(self) -> UUID: ...
    @property
    def kind(self) -> str: ...
    @property
    def complaint_level(self) -> str | None: ...
    @property
    def issued_at(self) -> datetime: ...
    @property
    def entered_locally(self) -> bool: ...


_NOT_COUNTED = frozenset({wire.EventResultStatus.REJECTED.value, WITHDRAWN})


def counts_in_fold(row: StoredEvent) -> bool:
    """Rejected events are facts the server refused, withdrawn ones facts the call center no
    longer holds (`rebuild`): they are shown, but move nothing."""
    return row.result not in _NOT_COUNTED


def fold_key(row: StoredEvent) -> tuple[int, int, int]:
    """`issued` first; then server events and delivered station events, in the order they
    reached this store; then station events still waiting, in the order they were recorded.
    (A phoned-in order's events were stored before the call center's `issued` arrived.)"""
    waiting = row.origin == ORIGIN_LOCAL and row.acked_at is None
    return (1 if waiting else 0, 0 if row.type == EventType.ISSUED.value else 1, row.seq)


def _waiting(row: StoredEvent) -> bool:
    return row.origin == ORIGIN_LOCAL and row.acked_at is None


def server_order_key(row: StoredEvent) -> tuple[int, int, int]:
    """The call center's order (its position of each event), then the events still waiting in
    the order recorded: what every PC of the station folds the same way, whoever recorded
    what first."""
    waiting = _waiting(row)
    return (1 if waiting else 0, row.seq if waiting else (row.server_seq or 0), row.seq)


def synthetic_issue(order: OrderRow) -> FoldEvent:
    """An order typed in from a phone call has no `issued` event yet; the fold starts here."""
    return FoldEvent(
        id=order.id, type=EventType.ISSUED.value, occurred_at=order.issued_at,
        station_code=None, payload={"order": order.data},
    )


def fold(order: StoredOrder, events: Iterable[StoredEvent]) -> lifecycle.OrderState:
    counted = [e for e in events if counts_in_fold(e)]
    # In the call center's order once it gave every fact here a position (the same on every
    # PC of the station); an older file's pulled facts have none: the order they arrived in.
    in_server_order = all(e.server_seq is not None for e in counted if not _waiting(e))
    rows = sorted(counted, key=server_order_key if in_server_order else fold_key)
    items: list[lifecycle.EventLike] = []
    if order.entered_locally or not any(r.type == EventType.ISSUED.value for r in rows):
        whole = order if isinstance(order, OrderRow) else OrderRow.get_by_id(order.id)
        items.append(synthetic_issue(whole))
    items.extend(
        FoldEvent(r.id, r.type, r.occurred_at, r.station_code, r.payload) for r in rows
    )
    return lifecycle.fold(items)


def order_deadlines(
    order: StoredOrder, state: lifecycle.OrderState, now: datetime,
    policy: sla.SlaPolicy, calendar: BusinessCalendar,
) -> list[sla.Deadline]:
    level = ComplaintLevel(order.complaint_level) if order.complaint_level else None
    return sla.deadlines(OrderKind(order.kind), level, state, now, policy, calendar)


def station_deadline(deadlines: Sequence[sla.Deadline]) -> sla.Deadline | None:
    """The earliest deadline still open that binds the station (the callback is the call
    center's)."""
    return next((d for d in deadlines
                 if d.state.open and d.name is not sla.DeadlineName.CALLBACK), None)


def search_text(order: wire_orders.Order | wire_orders.OrderFields) -> str:
    parts = [order.business_no or "", order.customer.name, order.customer.phone,
             order.vehicle.plate or "", order.vehicle.vin or "", order.location]
    return " ".join(p for p in parts if p).lower()


def row_columns(order: wire_orders.Order) -> dict[str, Any]:
    """OrderRow columns that copy the call center's order."""
    return {
        "business_no": order.business_no,
        "kind": order.kind.value,
        "complaint_level": order.complaint_level.value if order.complaint_level else None,
        "station_code": order.station_code,
        "data": order.model_dump(mode="json"),
        "issued_at": order.issued_at,
        "customer_name": order.customer.name,
        "customer_phone": order.customer.phone,
        "plate": order.vehicle.plate or "",
        "vin": order.vehicle.vin or "",
        "location": order.location,
        "search_text": search_text(order),
    }


def refresh(order_id: UUID, now: datetime, policy: sla.SlaPolicy,
            calendar: BusinessCalendar) -> lifecycle.OrderState:
    """Re-fold one order and store its status and next deadline (inside the caller's
    transaction)."""
    order = hot_queries.order_row(order_id)
    if order is None:
        raise OrderRow.DoesNotExist(f"no order {order_id}")
    state = fold(order, hot_queries.fold_rows([order_id]))
    return store_state(order, state, now, policy, calendar)


def store_state(order: OrderRow, state: lifecycle.OrderState, now: datetime,
                policy: sla.SlaPolicy, calendar: BusinessCalendar) -> lifecycle.OrderState:
    """Store ``state``'s status and next deadline on the order's row."""
    nxt = station_deadline(order_deadlines(order, state, now, policy, calendar))
    status = state.status.value if state.status else lifecycle.Status.NEW.value
    hot_queries.store_order_state(
        order.id, status, nxt.due_at if nxt and status in OPEN_STATUSES else None, now)
    return state
