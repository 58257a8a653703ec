"""Applying a page of the call center's change feed to the station store.

Each change is checked on its own; one the station cannot read is quarantined (kept with the
error, logged) and the changes after it still apply. Events are only ever added: a pulled change
never touches an event recorded here, and the status is re-folded from all of them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple
from uuid import UUID

import peewee as pw
import pydantic

from station_app import echoes, hot_queries, wire, wire_orders
from station_app.domain import sla
from station_app.domain.calendar import BusinessCalendar
from station_app.domain.errors import DomainError
from station_app.domain.events import EventType
from station_app.order_detail import Notice
from station_app.order_fold import ORIGIN_LOCAL, ORIGIN_SERVER, refresh, row_columns
from station_app.store import WITHDRAWN, EventRow, OrderRow, QuarantinedChange, Store
from station_app.store_context import db
from station_app.sync_status import CURSOR, CURSOR_MARK

log = logging.getLogger("station_app.sync")


# The call center's events the clerk must not miss: a sound and a tray message, like a new order.
ALERTING_EVENTS = frozenset({EventType.URGED, EventType.SENT_BACK, EventType.REOPENED})


class MalformedChange(ValueError):
    """A change that parses but cannot be applied (an event for an order this station lacks)."""


class MalformedPage(ValueError):
    """The page itself is unreadable; nothing of it is applied and the cursor stays."""


@dataclass
class Applied:
    changed: list[UUID] = field(default_factory=list)
    new: list[UUID] = field(default_factory=list)
    quarantined: int = 0
    cursor: int = 0
    resent: int = 0  # events of this PC the call center no longer had, back in the outbox

    def touch(self, order_id: UUID) -> None:
        if order_id not in self.changed:
            self.changed.append(order_id)


@dataclass(frozen=True)
class Context:
    now: datetime
    station_code: str
    policy: sla.SlaPolicy
    calendar: BusinessCalendar


def page_as_dict(page: wire.ChangesPage | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(page, wire.ChangesPage):
        return page.model_dump(mode="json")
    return page


def apply_page(store: Store, page: Mapping[str, Any], ctx: Context,
               asked_at: datetime | None = None) -> Applied:
    """Apply ``page`` and advance the cursor; the caller holds the transaction. ``asked_at``:
    when the page was asked for; a page that found the feed's end has brought back every
    event of this PC acknowledged before then (`station_app.echoes`)."""
    raw_changes = page.get("changes")
    last_seq = page.get("last_seq")
    if not isinstance(raw_changes, list) or isinstance(last_seq, bool) or not isinstance(
        last_seq, int
    ):
        raise MalformedPage("the change feed page has no list of changes or no last_seq")
    cursor = int(store.get_sync(CURSOR, 0))
    out = Applied()
    highest = max(cursor, last_seq)
    for raw in raw_changes:
        seq = raw.get("seq") if isinstance(raw, dict) else None
        if isinstance(seq, int) and not isinstance(seq, bool):
            if seq <= cursor:
                continue  # already applied (a page repeated after a lost reply)
            highest = max(highest, seq)
        apply_change(raw, seq, ctx, out)
    if last_seq >= cursor:  # (a page answering an older cursor leaves the mark as it is)
        mark = page.get("last_mark")
        mark = mark if isinstance(mark, str) and highest == last_seq else ""
        if store.get_sync(CURSOR_MARK, "") != mark:
            store.set_sync(CURSOR_MARK, mark)
    store.set_sync(CURSOR, highest)
    out.cursor = highest
    if asked_at is not None and not raw_changes and last_seq <= cursor:
        lost = echoes.put_back_unechoed(asked_at)
        for oid in dict.fromkeys(oid for _, oid in lost):
            refresh(oid, ctx.now, ctx.policy, ctx.calendar)
            out.touch(oid)
        out.resent += len(lost)
    return out


def apply_change(raw: Any, seq: Any, ctx: Context, out: Applied) -> None:
    """One change in a savepoint; one that fails leaves no trace but its quarantine."""
    try:
        with db.atomic():
            _apply_one(raw, ctx, out)
    except (pydantic.ValidationError, DomainError, MalformedChange, ValueError, KeyError,
            TypeError, pw.IntegrityError) as exc:
        _quarantine(raw, seq, exc, ctx.now)
        out.quarantined += 1


def _quarantine(raw: Any, seq: Any, exc: Exception, now: datetime) -> None:
    if not isinstance(seq, int) or isinstance(seq, bool):
        lowest = QuarantinedChange.select(pw.fn.MIN(QuarantinedChange.seq)).scalar() or 0
        seq = min(lowest, 0) - 1  # no readable seq: numbered below zero, newest lowest
    kind = raw.get("kind") if isinstance(raw, dict) else None
    error = " ".join(str(exc).split())[:2000]
    log.warning("quarantined change seq=%s kind=%r from the call center: %s", seq, kind, error)
    QuarantinedChange.insert(
        seq=seq, payload=json.dumps(raw, ensure_ascii=False, default=str), error=error,
        received_at=now,
    ).on_conflict_replace().execute()


def _apply_one(raw: Any, ctx: Context, out: Applied) -> None:
    change = wire.Change.model_validate(raw)
    try:
        kind = wire.ChangeKind(change.kind)
    except ValueError:
        raise MalformedChange(f"unknown change kind {change.kind!r}") from None
    match kind:
        case wire.ChangeKind.ORDER:
            order_id = _order_arrived(change, ctx, out)
        case wire.ChangeKind.EVENT:
            event = _event(change)
            order_id, news = _event_arrived(event, ctx, position(getattr(change, "pos", None)))
            if not news:
                return  # here already, and nothing the order's fold reads changed
            if event.type in ALERTING_EVENTS:
                out.new.append(order_id)  # alerted like a new order (ui/alerts)
        case wire.ChangeKind.ORDER_REMOVED:
            event = _event(change)
            if event.type is not EventType.REASSIGNED:
                raise MalformedChange(f"order_removed carries a {event.type} event")
            order_id, _news = _event_arrived(event, ctx)
    refresh(order_id, ctx.now, ctx.policy, ctx.calendar)
    out.touch(order_id)


def _event(change: wire.Change) -> wire.Event:
    if change.event is None:
        raise MalformedChange(f"a {change.kind} change without its event")
    return wire.Event.model_validate(change.event)


def _order_arrived(change: wire.Change, ctx: Context, out: Applied) -> UUID:
    if change.order is None:
        raise MalformedChange("an order change without its order")
    order = wire_orders.Order.model_validate(change.order)
    events = [wire.Event.model_validate(e) for e in change.events or []]
    if any(e.order_id != order.id for e in events):
        raise MalformedChange("an order change carries events of another order")
    positions = getattr(change, "positions", None)
    if not isinstance(positions, list) or len(positions) != len(events):
        positions = [None] * len(events)  # a call center from before positions
    columns = row_columns(order)
    existing = hot_queries.order_row(order.id)
    if existing is None:
        typed_in = _typed_in(order.business_no)
        if typed_in is not None:
            # The call center's copy of an order typed in here: same row, the server's id (the
            # foreign keys cascade, so the events recorded here follow), never a second order.
            OrderRow.update(id=order.id, entered_locally=False, unread=True, updated_at=ctx.now,
                            **columns).where(OrderRow.id == typed_in.id).execute()
            out.touch(typed_in.id)
            out.new.append(order.id)
        else:
            # An order a clerk of this station already acted on (on the PC this one replaces,
            # or beside it) is no news here: rebuilt without an alert.
            news = not someone_here_acted(events, ctx)
            notice, reason = notice_of(events, ctx.station_code)
            hot_queries.insert(OrderRow, id=order.id, status="new", updated_at=ctx.now,
                               unread=news, notice=notice, notice_reason=reason, **columns)
            if news:
                out.new.append(order.id)
    else:
        back = existing.notice == Notice.REASSIGNED_AWAY.value
        cleared = back or existing.notice == Notice.GONE_FROM_CALL_CENTER.value
        OrderRow.update(
            unread=True, updated_at=ctx.now,
            notice=None if cleared else existing.notice,
            notice_reason="" if cleared else existing.notice_reason,
            **columns,
        ).where(OrderRow.id == order.id).execute()
        if back:
            out.new.append(order.id)
    _store_events(events, [position(p) for p in positions], ctx)
    return order.id


@cache
def _typed_in_select() -> str:
    return (f'SELECT "{OrderRow.id.column_name}" FROM "{OrderRow._meta.table_name}" '
            f'WHERE "{OrderRow.entered_locally.column_name}" '
            f'AND "{OrderRow.business_no.column_name}" = ? LIMIT 1')


def _typed_in(business_no: str) -> OrderRow | None:
    """The order typed in here from a phone call with this business number, if any."""
    row = db.execute_sql(_typed_in_select(), (business_no,)).fetchone()
    return None if row is None else hot_queries.order_row(UUID(row[0]))


def position(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def someone_here_acted(events: list[wire.Event], ctx: Context) -> bool:
    """Whether a clerk of this station (on this PC or another) already acted on the order:
    then it is not news here (a rescue received at the front desk stops alerting in the
    manager's office)."""
    return any(e.station_code == ctx.station_code for e in events)


def _event_arrived(event: wire.Event, ctx: Context, pos: int | None = None
                   ) -> tuple[UUID, bool]:
    """Store the event and what it says of its order: the order, and whether anything the
    order's fold reads changed."""
    row = hot_queries.order_row(event.order_id)
    if row is None:
        raise MalformedChange(f"an event for order {event.order_id}, which this station lacks")
    known = known_events([event.id]).get(EventRow.id.db_value(event.id))
    if known is None:
        _insert(event, pos)
    elif not known.withdrawn:  # here already (this PC's own, back): news only if it teaches
        return row.id, learn(event.id, known, pos, ctx)
    else:  # back at the call center: it counts again, and says so as on its first arrival
        learn(event.id, known, pos, ctx)
    # A clerk of this station recorded it on another PC: seen here too, no alert.
    updates: dict[str, Any] = {"unread": not someone_here_acted([event], ctx)}
    notice = _notice(event, ctx.station_code)
    if notice is not None and notice[0] is not None:
        updates |= {"notice": notice[0], "notice_reason": notice[1]}
    elif row.notice == Notice.GONE_FROM_CALL_CENTER.value:  # the call center has it again
        updates |= {"notice": None, "notice_reason": ""}
    if event.type is EventType.UPDATED:
        order = wire_orders.Order.model_validate({**row.data, **event.body.changes})
        updates |= row_columns(order)
    OrderRow.update(**updates).where(OrderRow.id == row.id).execute()
    return row.id, True


_NOTICES = {EventType.CANCELLED: Notice.CANCELLED, EventType.REOPENED: Notice.REOPENED,
            EventType.SENT_BACK: Notice.SENT_BACK, EventType.URGED: Notice.URGED}


def _notice(event: wire.Event, station_code: str) -> tuple[str | None, str] | None:
    """The banner this call-center event leaves (notice, reason); (None, "") for the order
    coming (back) to this station, which starts it afresh; None for no change."""
    if event.type in _NOTICES:
        return _NOTICES[event.type].value, event.body.reason
    if event.type is EventType.REASSIGNED:
        if event.body.to_station != station_code:
            return Notice.REASSIGNED_AWAY.value, event.body.reason
        return None, ""
    return None


def notice_of(events: list[wire.Event], station_code: str) -> tuple[str | None, str]:
    """The banner an order's history leaves, as its events arriving one by one leave it (a
    PC rebuilt from the call center shows what the PC that was there all along shows)."""
    notice: tuple[str | None, str] = (None, "")
    for event in events:
        notice = _notice(event, station_code) or notice
    return notice


@cache
def _known_select() -> str:
    f = EventRow._meta.fields
    names = ", ".join(f'"{f[n].column_name}"'
                      for n in ("id", "origin", "acked_at", "server_seq", "echo", "result"))
    return f'SELECT {names} FROM "{EventRow._meta.table_name}" WHERE "{f["id"].column_name}" IN '


class Known(NamedTuple):
    """What is stored of an event that is here already."""

    origin: str
    acked_at: Any
    server_seq: int | None
    echo: str | None  # `station_app.echoes`
    result: str | None

    @property
    def withdrawn(self) -> bool:
        """The call center's event its restored database had lost (`store.WITHDRAWN`)."""
        return self.origin == ORIGIN_SERVER and self.result == WITHDRAWN


def known_events(ids: list[UUID]) -> dict[str, Known]:
    """Which of these events are here already, by their id as stored."""
    out: dict[str, Known] = {}
    for start in range(0, len(ids), 500):
        chunk = [EventRow.id.db_value(i) for i in ids[start:start + 500]]
        sql = f"{_known_select()}({', '.join('?' * len(chunk))})"
        for eid, *known in db.execute_sql(sql, chunk):
            out[eid] = Known(*known)
    return out


def learn(event_id: UUID, seen: Known, pos: int | None, ctx: Context) -> bool:
    """What the call center's copy of an event here already tells (``seen`` as
    `known_events` found it): that it holds this PC's own one, and where it stands in the
    server's order (moved after a restore of the call center's database, when the event
    was sent again). Whether anything was written."""
    origin, acked_at, server_seq, echo, _result = seen
    wrote = False
    if seen.withdrawn:  # the call center has it again (a later backup restored after all)
        EventRow.update(result=None).where(EventRow.id == event_id).execute()
        wrote = True
    if origin == ORIGIN_LOCAL and acked_at is None:
        # The call center already holds this one (a reply lost on the way back).
        EventRow.update(acked_at=ctx.now, result=wire.EventResultStatus.DUPLICATE.value,
                        result_reason="").where(EventRow.id == event_id).execute()
        wrote = True
    if origin == ORIGIN_LOCAL:
        echoes.seen_back(event_id, echo)  # (nothing the fold reads)
    if pos is not None and server_seq != pos:
        EventRow.update(server_seq=pos).where(EventRow.id == event_id).execute()
        wrote = True
    return wrote


def _store_events(events: list[wire.Event], positions: list[int | None], ctx: Context
                  ) -> None:
    """Store pulled events (their server positions too, which the fold orders by); one
    already here — this PC's own, skipped by its id — only learns what the server says."""
    known = known_events([e.id for e in events])
    for event, pos in zip(events, positions, strict=True):
        seen = known.get(EventRow.id.db_value(event.id))
        if seen is not None:
            learn(event.id, seen, pos, ctx)
        else:
            _insert(event, pos)


def _insert(event: wire.Event, pos: int | None) -> None:
    hot_queries.insert(
        EventRow, id=event.id, order=event.order_id, type=event.type.value,
        occurred_at=event.occurred_at, recorded_at=event.recorded_at, author=event.author,
        station_code=event.station_code, backdate_reason=event.backdate_reason,
        clock_offset_ms=event.clock_offset_ms, payload=event.payload,
        origin=ORIGIN_SERVER, server_seq=pos, device_id=event.device_id,
        device_name=event.device_name, phoned_at=event.phoned_at)
