"""The reviewer's audit list in pages: summary rows read off the orders' derived columns,
filtered in SQL, in (completed at, business number) order with a keyset cursor."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Literal, cast
from uuid import UUID

import peewee as pw

from callcenter import derived
from callcenter.config import ServiceConfig
from callcenter.errors import ApiError
from callcenter.models import OrderRow, Station
from station_app import console_wire, wire
from station_app.domain import sla
from station_app.domain.lifecycle import Status

AuditState = Literal["unaudited", "audited", "all"]
DEFAULT_LIMIT = 200

CallbackState = Literal["pending", "reached", "unreachable"]  # console_wire.AuditRow.callback_state


@dataclass(frozen=True)
class AuditFilter:
    day: date
    state: AuditState = "unaudited"
    station: str | None = None
    kind: str | None = None
    flag: console_wire.AuditFlagName | None = None


def encode_cursor(done_at: datetime | None, business_no: str) -> str:
    text = json.dumps([done_at.isoformat() if done_at else None, business_no])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        done, number = json.loads(base64.urlsafe_b64decode(padded.encode()))
        at = datetime.fromisoformat(done)
        if at.tzinfo is None:
            raise ValueError("naive")
        return at, str(number)
    except (ValueError, TypeError, binascii.Error):
        raise ApiError(422, "cursor", "this cursor is not one the server gave; start again "
                       "from the first page", "分页标记无效,请从第一页重新开始") from None


def _late(due: pw.Field, done: pw.Field, now: datetime) -> pw.Expression:
    return (due.is_null(False)
            & ((done.is_null(False) & (done > due)) | (done.is_null() & (due <= now))))


def _flag_condition(flag: console_wire.AuditFlagName, now: datetime) -> pw.Expression:
    o = OrderRow
    match flag:
        case "contact_late":  # the contact deadline, or the appointment's where there is none
            return (_late(o.contact_due_at, o.contact_done_at, now)
                    | (o.contact_due_at.is_null()
                       & _late(o.appointment_due_at, o.appointment_done_at, now)))
        case "completion_late":
            return _late(o.completion_due_at, o.completion_done_at, now)
        case "backdated":
            return o.flag_backdated == True  # noqa: E712 (SQL)
        case "clock_off":
            return o.flag_clock_off == True  # noqa: E712
        case "late_facts":
            return o.flag_late_facts == True  # noqa: E712
        case "reopened_before":
            return o.reopened_count > 0


def filtered(f: AuditFilter, now: datetime, config: ServiceConfig,
             query: pw.Select | None = None) -> pw.Select:
    from callcenter.review import local_day_bounds

    start, end = local_day_bounds(f.day, config)
    q = query if query is not None else OrderRow.select()
    q = q.where((OrderRow.done_at >= start) & (OrderRow.done_at < end))
    if f.station:
        q = q.where(OrderRow.station_code == f.station)
    if f.kind:
        q = q.where(OrderRow.kind == f.kind)
    if f.state == "audited":
        q = q.where(OrderRow.status == Status.CLOSED.value)
    elif f.state == "unaudited":
        q = q.where(OrderRow.status != Status.CLOSED.value)
    if f.flag:
        q = q.where(_flag_condition(f.flag, now))
    return q


def page_query(f: AuditFilter, cursor: str | None, limit: int, now: datetime,
               config: ServiceConfig, query: pw.Select | None = None) -> pw.Select:
    """The next ``limit`` + 1 rows of the filter after ``cursor`` (one more tells if more
    follow)."""
    q = filtered(f, now, config, query)
    if cursor:
        done, number = decode_cursor(cursor)
        q = q.where((OrderRow.done_at > done)
                    | ((OrderRow.done_at == done) & (OrderRow.business_no > number)))
    return q.order_by(OrderRow.done_at, OrderRow.business_no).limit(limit + 1)


def check_limit(limit: int) -> None:
    if not 1 <= limit <= console_wire.AUDIT_PAGE_MAX:
        raise ApiError(422, "limit", f"a page holds 1 to {console_wire.AUDIT_PAGE_MAX} orders",
                       f"每页1至{console_wire.AUDIT_PAGE_MAX}个订单")


def station_names(codes: set[str] | None = None) -> dict[str, str]:
    """Station names by code (of these codes only, when given: a page names a few)."""
    query = Station.select(Station.code, Station.name)
    if codes is not None:
        query = query.where(Station.code.in_(sorted(codes)))
    return {s.code: s.name for s in query}


def summary(row: OrderRow, station_name: str, now: datetime, config: ServiceConfig
            ) -> console_wire.AuditRow:
    from callcenter import review

    d = derived.from_json(row.derived) or derived.Derived()
    data = row.data
    deadlines = derived.order_deadlines(data["kind"], data.get("complaint_level"), d.state, now,
                                        config)
    by_name = {x.name: x for x in deadlines}
    contact = by_name.get(sla.DeadlineName.CONTACT) or by_name.get(sla.DeadlineName.APPOINTMENT)
    completion = by_name.get(sla.DeadlineName.COMPLETION)
    customer = data.get("customer") or {}
    # Built without validation: every value comes from the stored columns and the domain's
    # functions (validating 500 rows cost more than reading them).
    kind_only = cast(wire.Order, SimpleNamespace(  # all `limit_text` reads of an order
        kind=data["kind"], complaint_level=data.get("complaint_level")))
    return console_wire.AuditRow.model_construct(
        id=UUID(row.id), business_no=row.business_no, station_code=row.station_code,
        station_name=station_name, kind=row.kind, complaint_level=data.get("complaint_level"),
        customer_name=customer.get("name", ""), customer_phone=customer.get("phone", ""),
        done_at=row.done_at, status=row.status, audited=row.status == Status.CLOSED.value,
        close_date=d.state.close_date,
        flags=console_wire.AuditFlags.model_construct(
            contact_late=contact is not None and contact.state.late,
            completion_late=completion is not None and completion.state.late,
            backdated=row.flag_backdated, clock_off=row.flag_clock_off,
            late_facts=row.flag_late_facts, reopened_before=row.reopened_count > 0,
            corrected=bool(d.state.correction_ids), urged=d.state.urges > 0,
            without_callback=d.without_callback),
        callback_state=cast(CallbackState, row.callback_state),
        callback_unreached=row.callback_unreached,
        callback_outcome=d.callback_outcome, callback_mean=d.callback_mean,
        deadlines=review.wire_deadlines(kind_only, deadlines, config),
    )


def rows_page(f: AuditFilter, cursor: str | None, limit: int, now: datetime,
              config: ServiceConfig) -> console_wire.AuditRowsPage:
    check_limit(limit)
    rows = list(page_query(f, cursor, limit, now, config))
    more = len(rows) > limit
    rows = rows[:limit]
    names = station_names({r.station_code for r in rows})
    total = None if cursor else int(
        filtered(f, now, config, OrderRow.select(pw.fn.COUNT(OrderRow.id))).scalar() or 0)
    return console_wire.AuditRowsPage(
        date=f.day, timezone=str(config.tz), state=f.state,
        rows=[summary(r, names.get(r.station_code, ""), now, config) for r in rows],
        next_cursor=encode_cursor(rows[-1].done_at, rows[-1].business_no) if more else None,
        total=total,
    )


def one(order_id: str, now: datetime, config: ServiceConfig) -> console_wire.AuditOrder:
    """One order as the reviewer opens it: its timeline, deadlines, flags, callbacks."""
    from callcenter.ingest import order_events
    from callcenter.review import audit_order

    row = OrderRow.get_or_none(OrderRow.id == order_id)
    if row is None:
        raise ApiError(404, "order_id", "no such order", "没有此订单")
    station = Station.get_or_none(Station.code == row.station_code)
    return audit_order(row, order_events(row.id), station.name if station else "", now, config)
