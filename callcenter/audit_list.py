"""The reviewer's audit list in pages: summary rows read off the orders' derived columns
(`audit_rows`), filtered in SQL, in (completed at, business number) order with a keyset
cursor."""

from __future__ import annotations

import base64
import binascii
import heapq
import itertools
import json
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, TypeVar

import peewee as pw

from callcenter import audit_rows
from callcenter import db as database
from callcenter.config import ServiceConfig
from callcenter.errors import ApiError
from callcenter.models import OrderRow, Station
from common.refusal import Code
from station_app import console_wire
from station_app.domain.lifecycle import Status

AuditState = Literal["unaudited", "audited", "all"]
T = TypeVar("T")
DEFAULT_LIMIT = 200



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
                       "from the first page", "分页标记无效,请从第一页重新开始",
                       code=Code.BAD_CURSOR) from None


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
        case "phone_entered":
            return o.flag_phoned == True  # noqa: E712
        case "corrected":
            return o.flag_corrected == True  # noqa: E712
        case "urged":
            return o.flag_urged == True  # noqa: E712
        case "without_callback":
            return o.flag_without_callback == True  # noqa: E712


def _bounds(f: AuditFilter, config: ServiceConfig) -> tuple[datetime, datetime]:
    from callcenter.review import local_day_bounds

    return local_day_bounds(f.day, config)


def audit_at(row: OrderRow, f: AuditFilter, config: ServiceConfig) -> datetime | None:
    """What the list orders a row by: the completion (or decline) that puts the order on the
    day; with ``state=all`` a reopened order's is the completion its reopen undid."""
    start, end = _bounds(f, config)
    if row.done_at is not None and start <= row.done_at < end:
        return row.done_at
    return row.reopened_done_at if f.state == "all" else row.done_at


def _day(field: pw.Field, start: datetime, end: datetime) -> pw.Expression:
    return (field >= start) & (field < end)


def _narrowed(f: AuditFilter, now: datetime, q: pw.Select) -> pw.Select:
    """The filters besides the day: station, kind, audited or not, flag."""
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


def filtered(f: AuditFilter, now: datetime, config: ServiceConfig,
             query: pw.Select | None = None) -> pw.Select:
    start, end = _bounds(f, config)
    q = query if query is not None else OrderRow.select()
    if f.state == "all":  # also the orders completed that day and reopened since
        q = q.where(_day(OrderRow.done_at, start, end)
                    | _day(OrderRow.reopened_done_at, start, end))
    else:
        q = q.where(_day(OrderRow.done_at, start, end))
    return _narrowed(f, now, q)


def _branches(f: AuditFilter, cursor: str | None, limit: int, now: datetime,
              config: ServiceConfig, query: Callable[[], pw.Select]
              ) -> list[tuple[pw.Select, int]]:
    """The next ``limit`` + 1 rows after ``cursor`` as one query per index the list walks
    (with the index of its key in `audit_rows.COLUMNS`): the orders completed that day in
    (done_at, number) order; with ``state=all`` also those reopened since in
    (reopened_done_at, number) order. Each reads its index from the cursor on (one query
    ordered by which of the two applies sorted the whole day for every page)."""
    start, end = _bounds(f, config)
    after = decode_cursor(cursor) if cursor else None
    keys: list[tuple[pw.Field, pw.Expression, int]] = [
        (OrderRow.done_at, _day(OrderRow.done_at, start, end), audit_rows.DONE_AT)]
    if f.state == "all":
        not_done_that_day = (OrderRow.done_at.is_null() | (OrderRow.done_at < start)
                             | (OrderRow.done_at >= end))
        keys.append((OrderRow.reopened_done_at,
                     _day(OrderRow.reopened_done_at, start, end) & not_done_that_day,
                     audit_rows.UNDONE_AT))
    out = []
    for key, on_the_day, index in keys:
        q = _narrowed(f, now, query().where(on_the_day))
        if after is not None:
            at, number = after
            q = q.where(pw.Tuple(key, OrderRow.business_no)
                        > pw.Tuple(key.db_value(at), number))
        out.append((q.order_by(key, OrderRow.business_no).limit(limit + 1), index))
    return out


def page_models(f: AuditFilter, cursor: str | None, limit: int, now: datetime,
                config: ServiceConfig) -> list[OrderRow]:
    """The next ``limit`` + 1 order rows of the filter after ``cursor`` (one more tells if
    more follow), in the list's order."""
    walks = [[((audit_at(r, f, config), r.business_no), r) for r in q]
             for q, _i in _branches(f, cursor, limit, now, config, OrderRow.select)]
    return [r for _k, r in itertools.islice(_merged(walks), limit + 1)]


def _merged(walks: list[list[tuple[Any, T]]]) -> Iterator[tuple[Any, T]]:
    """The branches' rows in the list's order, each branch's in the database's own order (a
    collation may order numbers unlike Python; the cursor compares as the database does)."""
    if len(walks) == 1:
        return iter(walks[0])
    return heapq.merge(*walks, key=operator.itemgetter(0))


def next_cursor(rows: list[OrderRow], more: bool, f: AuditFilter, config: ServiceConfig
                ) -> str | None:
    """The cursor after the page's last row, None when no more follow."""
    return encode_cursor(audit_at(rows[-1], f, config), rows[-1].business_no) if more else None


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


def list_query() -> pw.Select:
    """The columns a list row is made of (`audit_rows.COLUMNS`)."""
    return audit_rows.query()


def _text_bounds(f: AuditFilter, config: ServiceConfig) -> tuple[str, str]:
    start, end = _bounds(f, config)
    return audit_rows.as_text(start), audit_rows.as_text(end)


def list_rows(query: pw.Select, now: datetime, config: ServiceConfig,
              f: AuditFilter | None = None) -> list[dict[str, Any]]:
    """The rows of ``query`` (made from `list_query`) as list rows: plain tuples off the
    database cursor, no model instances (``f``: the list's filter, for `audit_at`)."""
    build = audit_rows.Rows(now, config, _text_bounds(f, config) if f else None,
                            f is not None and f.state == "all")
    return [build.row(r) for r in database.db.execute_sql(*query.sql())]


def rows_page(f: AuditFilter, cursor: str | None, limit: int, now: datetime,
              config: ServiceConfig) -> dict[str, Any]:
    """A page of list rows in `console_wire.AuditRowsPage`'s shape (for `pydantic_core.to_json`)."""
    check_limit(limit)
    build = audit_rows.Rows(now, config, _text_bounds(f, config), f.state == "all")
    found = list(itertools.islice(_merged([
        [((r[index], r[1]), r) for r in database.db.execute_sql(*q.sql())]
        for q, index in _branches(f, cursor, limit, now, config, audit_rows.query)]),
        limit + 1))
    more = len(found) > limit
    rows = [build.row(r) for _k, r in found[:limit]]
    total = None if cursor else int(
        filtered(f, now, config, OrderRow.select(pw.fn.COUNT(OrderRow.id))).scalar() or 0)
    last = rows[-1] if rows else None
    return {
        "date": f.day, "timezone": str(config.tz), "state": f.state, "rows": rows,
        "next_cursor": encode_cursor(last["audit_at"], last["business_no"])
        if more and last else None,
        "total": total,
    }


def one(order_id: str, now: datetime, config: ServiceConfig) -> console_wire.AuditOrder:
    """One order as the reviewer opens it: its timeline, deadlines, flags, callbacks."""
    from callcenter.review import audit_order
    from callcenter.working_set import order_events

    row = OrderRow.get_or_none(OrderRow.id == order_id)
    if row is None:
        raise ApiError(404, "order_id", "no such order", "没有此订单", code=Code.UNKNOWN_ORDER)
    station = Station.get_or_none(Station.code == row.station_code)
    return audit_order(row, order_events(row.id), station.name if station else "", now, config)
