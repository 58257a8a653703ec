"""Lists of orders for the station window: filters and search on indexed columns, ids first,
then one page of summaries at a time (a model over 100,000 orders loads only what it shows)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

import peewee as pw

from station_app import wire
from station_app.domain import sla
from station_app.domain.calendar import BusinessCalendar
from station_app.order_fold import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ORIGIN_LOCAL,
    fold,
    order_deadlines,
    station_deadline,
)
from station_app.store import EventRow, OrderRow


class OrderFilter(StrEnum):
    OPEN = "open"                  # new … arrived: the station still has work to do
    DUE_SOON = "due_soon"          # open, next deadline within `due_soon_minutes`
    OVERDUE = "overdue"            # open, next deadline passed
    WAITING_SYNC = "waiting_sync"  # has station events the call center has not acknowledged
    CLOSED = "closed"              # done: completed, declined, cancelled or closed
    ALL = "all"

    @property
    def zh(self) -> str:
        return {"open": "未完成", "due_soon": "即将到期", "overdue": "已超时",
                "waiting_sync": "待同步", "closed": "已结束", "all": "全部"}[self.value]


@dataclass(frozen=True)
class OrderSummary:
    """One line of the order list."""

    id: UUID
    kind: str
    complaint_level: str | None
    business_no: str
    customer_name: str
    customer_phone: str
    location: str
    issued_at: datetime
    status: str
    next_due_at: datetime | None
    next_deadline: str | None       # sla.DeadlineName value
    next_deadline_state: str | None  # sla.SlaState value
    unread: bool
    notice: str | None
    notice_reason: str
    entered_locally: bool
    events_waiting: int
    events_rejected: int


def _waiting_orders() -> pw.SelectQuery:
    return (EventRow.select(EventRow.order)
            .where((EventRow.origin == ORIGIN_LOCAL) & EventRow.acked_at.is_null()))


def _where(flt: OrderFilter, search: str, now: datetime, due_soon: timedelta) -> pw.Expression:
    cond: pw.Expression = pw.Value(1) == pw.Value(1)
    match flt:
        case OrderFilter.OPEN:
            cond = OrderRow.status.in_(OPEN_STATUSES)
        case OrderFilter.DUE_SOON:
            cond = (OrderRow.status.in_(OPEN_STATUSES) & (OrderRow.next_due_at > now)
                    & (OrderRow.next_due_at <= now + due_soon))
        case OrderFilter.OVERDUE:
            cond = OrderRow.status.in_(OPEN_STATUSES) & (OrderRow.next_due_at <= now)
        case OrderFilter.WAITING_SYNC:
            cond = OrderRow.id.in_(_waiting_orders())
        case OrderFilter.CLOSED:
            cond = OrderRow.status.in_(DONE_STATUSES)
        case OrderFilter.ALL:
            pass
    words = search.strip().lower().split()
    for word in words:
        cond &= OrderRow.search_text.contains(word)
    return cond


def order_ids(flt: OrderFilter, search: str, now: datetime, due_soon: timedelta) -> list[UUID]:
    """Ids in list order: by deadline for the deadline filters, else newest issued first."""
    query = OrderRow.select(OrderRow.id).where(_where(flt, search, now, due_soon))
    if flt in (OrderFilter.DUE_SOON, OrderFilter.OVERDUE):
        query = query.order_by(OrderRow.next_due_at.asc(), OrderRow.issued_at.desc())
    else:
        query = query.order_by(OrderRow.issued_at.desc())
    return [row[0] for row in query.tuples().iterator()]


def count(flt: OrderFilter, search: str, now: datetime, due_soon: timedelta) -> int:
    return OrderRow.select().where(_where(flt, search, now, due_soon)).count()


def summaries(ids: Iterable[UUID], now: datetime, policy: sla.SlaPolicy,
              calendar: BusinessCalendar) -> dict[UUID, OrderSummary]:
    """Summaries of a page of orders: one query for the rows, one for their events."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = {r.id: r for r in OrderRow.select().where(OrderRow.id.in_(wanted))}
    events: dict[UUID, list[EventRow]] = defaultdict(list)
    for e in EventRow.select().where(EventRow.order.in_(wanted)):
        events[e.order_id].append(e)
    out: dict[UUID, OrderSummary] = {}
    for oid in wanted:
        row = rows.get(oid)
        if row is None:
            continue
        evs = events[oid]
        state = fold(row, evs)
        nxt = station_deadline(order_deadlines(row, state, now, policy, calendar))
        local = [e for e in evs if e.origin == ORIGIN_LOCAL]
        out[oid] = OrderSummary(
            id=oid, kind=row.kind, complaint_level=row.complaint_level,
            business_no=row.business_no, customer_name=row.customer_name,
            customer_phone=row.customer_phone, location=row.location,
            issued_at=row.issued_at, status=row.status, next_due_at=row.next_due_at,
            next_deadline=nxt.name.value if nxt else None,
            next_deadline_state=nxt.state.value if nxt else None,
            unread=row.unread, notice=row.notice, notice_reason=row.notice_reason,
            entered_locally=row.entered_locally,
            events_waiting=sum(1 for e in local if e.acked_at is None),
            events_rejected=sum(
                1 for e in local if e.result == wire.EventResultStatus.REJECTED.value
            ),
        )
    return out
