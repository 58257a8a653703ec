"""The reviewer's audit list in pages: summary rows read off the orders' derived columns,
filtered in SQL, in (completed at, business number) order with a keyset cursor."""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import peewee as pw

from callcenter import db as database
from callcenter import derived
from callcenter.config import ServiceConfig
from callcenter.errors import ApiError
from callcenter.models import OrderRow, Station
from common.refusal import Code
from station_app import console_wire
from station_app.domain import sla
from station_app.domain.calendar import BusinessCalendar
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import Status

AuditState = Literal["unaudited", "audited", "all"]
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


def _done_that_day(f: AuditFilter, config: ServiceConfig) -> pw.Expression:
    start, end = _bounds(f, config)
    return (OrderRow.done_at >= start) & (OrderRow.done_at < end)


def _sort_key(f: AuditFilter, config: ServiceConfig) -> pw.Node:
    """What the list is ordered by: the completion (or decline) that puts the order on the
    day; with ``state=all`` a reopened order's is the completion its reopen undid."""
    if f.state != "all":
        return OrderRow.done_at
    return pw.Case(None, [(_done_that_day(f, config), OrderRow.done_at)],
                   OrderRow.reopened_done_at)


def audit_at(row: OrderRow, f: AuditFilter, config: ServiceConfig) -> datetime | None:
    """`_sort_key` of one row."""
    start, end = _bounds(f, config)
    if row.done_at is not None and start <= row.done_at < end:
        return row.done_at
    return row.reopened_done_at if f.state == "all" else row.done_at


def filtered(f: AuditFilter, now: datetime, config: ServiceConfig,
             query: pw.Select | None = None) -> pw.Select:
    start, end = _bounds(f, config)
    q = query if query is not None else OrderRow.select()
    if f.state == "all":  # also the orders completed that day and reopened since
        q = q.where(_done_that_day(f, config) | (
            (OrderRow.reopened_done_at >= start) & (OrderRow.reopened_done_at < end)))
    else:
        q = q.where(_done_that_day(f, config))
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
    key = _sort_key(f, config)
    if cursor:
        done, number = decode_cursor(cursor)
        # as stored, whatever converter the CASE's parts leave in force
        at = pw.Value(OrderRow.done_at.db_value(done), converter=str)
        q = q.where((key > at) | ((key == at) & (OrderRow.business_no > number)))
    return q.order_by(key, OrderRow.business_no).limit(limit + 1)


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


_DEADLINES = list(derived.DEADLINE_COLUMNS.items())
_LIST_COLUMNS = (
    OrderRow.id, OrderRow.business_no, OrderRow.station_code, OrderRow.kind, OrderRow.data,
    OrderRow.status, OrderRow.done_at, OrderRow.reopened_count, OrderRow.derived,
    OrderRow.flag_backdated, OrderRow.flag_clock_off, OrderRow.flag_late_facts,
    OrderRow.flag_phoned, OrderRow.flag_corrected, OrderRow.flag_urged,
    OrderRow.flag_without_callback, OrderRow.reopened_done_at,
    OrderRow.callback_state, OrderRow.callback_unreached,
    *(getattr(OrderRow, c) for _n, pair in _DEADLINES for c in pair),
    Station.name,
)
_FIRST_DEADLINE = 19  # index of the first deadline column in a row of `_LIST_COLUMNS`


def list_query() -> pw.Select:
    """The columns a list row is made of (the station's name joined)."""
    return OrderRow.select(*_LIST_COLUMNS).join(
        Station, pw.JOIN.LEFT_OUTER, on=(OrderRow.station_code == Station.code))


def _at(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


class _MemoCalendar(BusinessCalendar):
    """The business calendar, remembering working minutes to a due time within one page
    (many rows share a due time: the callback is due at the next working day's close)."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        for f in dataclasses.fields(calendar):
            object.__setattr__(self, f.name, getattr(calendar, f.name))
        object.__setattr__(self, "_memo", {})

    def working_minutes_between(self, a: datetime, b: datetime) -> float:
        memo: dict[tuple[datetime, datetime], float] = self.__dict__["_memo"]
        known = memo.get((a, b))
        if known is None:
            known = memo[(a, b)] = super().working_minutes_between(a, b)
        return known


class _Rows:
    """Builds list rows off the stored columns: each deadline's due and done times are
    stored; only its state at ``now`` is worked out here (`sla.judged`), never the deadline
    itself. Rows are plain dicts in `console_wire.AuditRow`'s shape."""

    def __init__(self, now: datetime, config: ServiceConfig, f: AuditFilter | None) -> None:
        self.now, self.config, self.filter = now, config, f
        self.bounds = _bounds(f, config) if f is not None else None
        self.calendar = _MemoCalendar(config.business_calendar)
        self._limits: dict[tuple[str, str | None], list[tuple[sla.DeadlineName, sla.Limit,
                                                               str]]] = {}

    def limits(self, kind: str, level: str | None
               ) -> list[tuple[sla.DeadlineName, sla.Limit, str]]:
        key = (kind, level)
        known = self._limits.get(key)
        if known is None:
            items = self.config.policy.limits_for(
                OrderKind(kind), ComplaintLevel(level) if level else None).items()
            known = self._limits[key] = [(n, lim, f"{lim.amount:g} {lim.clock.value}")
                                         for n, lim in items]
        return known

    def deadlines(self, r: tuple[Any, ...], kind: str, level: str | None,
                  state: dict[str, Any]) -> list[sla.Deadline] | None:
        """The order's deadlines at ``now`` from its stored columns; None when one that
        started has no stored due time (void: the order ended first)."""
        status = Status(state["status"]) if state.get("status") else None
        completed, declined = _at(state.get("completed_at")), _at(state.get("declined_at"))
        assigned = _at(state.get("assigned_at"))
        cancelled, closed = _at(state.get("cancelled_at")), _at(state.get("closed_at"))
        cfg, now = self.config, self.now
        out = []
        for name, limit, _text in self.limits(kind, level):
            start = (completed or declined) if name is sla.DeadlineName.CALLBACK else assigned
            if start is None:
                continue
            i = _FIRST_DEADLINE + 2 * _DEADLINE_INDEX[name]
            if r[i] is None:
                return None
            ended = sla.ended_at(name, status, cancelled, closed, declined, now)
            due = datetime.fromisoformat(r[i])
            out.append(sla.judged(name, limit, start, due, _at(r[i + 1]), ended, now,
                                  cfg.policy, self.calendar))
        out.sort(key=lambda d: d.due_at)
        return out

    def audit_at(self, done_at: datetime | None, undone_at: datetime | None
                 ) -> datetime | None:
        """`audit_at` of a row (its place in the list)."""
        if self.bounds is None or self.filter is None:
            return done_at
        start, end = self.bounds
        if done_at is not None and start <= done_at < end:
            return done_at
        return undone_at if self.filter.state == "all" else done_at

    def row(self, r: tuple[Any, ...]) -> dict[str, Any]:
        (oid, number, code, kind, data_text, status, done_text, reopened, derived_text,
         backdated, clock_off, late_facts, phoned, corrected, urged, without_callback,
         undone_text, cb_state, cb_unreached) = r[:_FIRST_DEADLINE]
        done_at = _at(done_text)
        data = json.loads(data_text)
        level = data.get("complaint_level")
        stored = json.loads(derived_text) if derived_text else None
        if not stored or stored.get("version") != derived.DERIVED_VERSION:
            stored = derived.to_json(derived.Derived())
        state = stored["state"]
        deadlines = self.deadlines(r, kind, level, state)
        if deadlines is None:  # rare: fold the stored state's deadlines in full
            full = derived.from_json(stored) or derived.Derived()
            deadlines = derived.order_deadlines(kind, level, full.state, self.now, self.config)
        contact = completion = None
        for dl in deadlines:
            if dl.name is sla.DeadlineName.COMPLETION:
                completion = dl
            elif dl.name is sla.DeadlineName.CONTACT or (
                    dl.name is sla.DeadlineName.APPOINTMENT and contact is None):
                contact = dl
        texts = {n: t for n, _lim, t in self.limits(kind, level)}
        customer = data.get("customer") or {}
        return {
            "id": oid, "business_no": number, "station_code": code,
            "station_name": r[-1] or "", "kind": kind, "complaint_level": level,
            "customer_name": customer.get("name", ""),
            "customer_phone": customer.get("phone", ""),
            "done_at": done_at, "audit_at": self.audit_at(done_at, _at(undone_text)),
            "status": status,
            "audited": status == Status.CLOSED.value, "close_date": state.get("close_date"),
            "flags": {
                "contact_late": contact is not None and contact.state.late,
                "completion_late": completion is not None and completion.state.late,
                "backdated": bool(backdated), "clock_off": bool(clock_off),
                "late_facts": bool(late_facts), "reopened_before": reopened > 0,
                "corrected": bool(corrected), "urged": bool(urged),
                "without_callback": bool(without_callback), "phone_entered": bool(phoned),
            },
            "callback_state": cb_state, "callback_unreached": cb_unreached,
            "callback_outcome": stored.get("callback_outcome", ""),
            "callback_mean": stored.get("callback_mean"),
            "deadlines": [{"name": d.name.value, "due_at": d.due_at, "done_at": d.done_at,
                           "state": d.state.value, "started_at": d.started_at,
                           "limit": texts.get(d.name, ""), "at_risk_at": None}  # board only
                          for d in deadlines],
        }


_DEADLINE_INDEX = {name: i for i, (name, _pair) in enumerate(_DEADLINES)}


def list_rows(query: pw.Select, now: datetime, config: ServiceConfig,
              f: AuditFilter | None = None) -> list[dict[str, Any]]:
    """The rows of ``query`` (made from `list_query`) as list rows: plain tuples off the
    database cursor, no model instances (``f``: the list's filter, for `audit_at`)."""
    build = _Rows(now, config, f)
    return [build.row(r) for r in database.db.execute_sql(*query.sql())]


def rows_page(f: AuditFilter, cursor: str | None, limit: int, now: datetime,
              config: ServiceConfig) -> dict[str, Any]:
    """A page of list rows in `console_wire.AuditRowsPage`'s shape (for `pydantic_core.to_json`)."""
    check_limit(limit)
    rows = list_rows(page_query(f, cursor, limit, now, config, list_query()), now, config, f)
    more = len(rows) > limit
    rows = rows[:limit]
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
