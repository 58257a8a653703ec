"""A PC starting from nothing — a replaced counter PC, a second one beside it — fetches its
station's open orders and those of the recent window (the `rebuild_days` setting), each with
its whole history, from the call center (``GET /v1/rebuild``), a page at a time; then it
follows the change feed from where the call center stood at the first page. A page is applied
with where it got to in one transaction, so an interrupted rebuild goes on from there.

An order new to this PC (the usual case: the file is empty) is folded from the events in hand
and written with the page's others in one statement per table; one this PC already has, or
typed in from a phone call, or that cannot be read, goes the change feed's way
(`changes.apply_change`: merged, or quarantined), with the same result.

A PC also rebuilds when the call center's feed no longer holds what it received (its database
restored from an older backup, `restart`): an order it has with every event the page brings
is left as it is (no alert), and its own acknowledged events that the call center's copy of
the order lacks go back in the outbox (`_resend_lost`). An order it has that the call center
would have listed but did not (issued after the backup) says so on the order once the last page
is in (`_say_gone`)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NamedTuple
from uuid import UUID

import peewee as pw
import pydantic

from station_app import changes, echoes, hot_queries, order_fold, wire, wire_orders
from station_app.domain.events import EventType
from station_app.domain.lifecycle import STATE_NEUTRAL, Status
from station_app.order_detail import Notice
from station_app.store import ORIGIN_LOCAL, ORIGIN_SERVER, WITHDRAWN, EventRow, OrderRow, Store
from station_app.store_context import db
from station_app.sync_status import CURSOR, CURSOR_MARK

log = logging.getLogger(__name__)
REBUILT = "rebuilt"            # true once done (or never needed: the feed went past 0)
REBUILD_AFTER = "rebuild_after"  # the next page's cursor
REBUILD_SEQ = "rebuild_seq"    # the feed position at the first page
REBUILD_MARK = "rebuild_mark"  # ... and its identity
AFTER_RESTORE = "rebuild_after_restore"  # true while rebuilding after a restore
LISTED = "rebuild_listed"      # the ids of the orders the pages of that rebuild brought


def restart(store: Store) -> None:
    """Rebuild again: the call center's feed no longer holds what this PC received (its
    database was restored from an older backup, `sync.SyncClient.pull`)."""
    for key, value in ((CURSOR, 0), (CURSOR_MARK, ""), (REBUILT, False),
                       (REBUILD_AFTER, ""), (REBUILD_MARK, ""), (AFTER_RESTORE, True),
                       (LISTED, [])):
        store.set_sync(key, value)
    store.forget_sync(REBUILD_SEQ)


def needed(store: Store) -> bool:
    return int(store.get_sync(CURSOR, 0)) == 0 and not store.get_sync(REBUILT, False)


def next_page(store: Store) -> str:
    return str(store.get_sync(REBUILD_AFTER, ""))


def finish(store: Store) -> None:
    """No rebuild to be had (a call center from before devices): the feed from its start."""
    store.set_sync(REBUILT, True)


def apply_page(store: Store, page: Mapping[str, Any], ctx: changes.Context,
               days: int) -> changes.Applied:
    """Apply one page (inside the caller's transaction); ``cursor`` of the result is the feed
    position once the last page is in, else 0. ``days``: the window the pages were asked for
    (`rebuild_days`)."""
    orders, last_seq, nxt = page.get("orders"), page.get("last_seq"), page.get("next")
    if (not isinstance(orders, list) or not isinstance(last_seq, int)
            or isinstance(last_seq, bool) or not (nxt is None or isinstance(nxt, str))):
        raise changes.MalformedPage("the rebuild page has no list of orders, last_seq or next")
    out = changes.Applied()
    fresh, held, other, known = _sort_out([{**raw, "seq": 0} if isinstance(raw, dict) else raw
                                           for raw in orders], ctx)
    try:
        with db.atomic():
            _insert_fresh(fresh, ctx, out)
    except (pw.IntegrityError, sqlite3.IntegrityError):  # (executemany is not peewee's)
        other = [f.raw for f in fresh] + other  # something of them clashes: the careful way
    out.resent += _resend_lost(held)
    after_restore = bool(store.get_sync(AFTER_RESTORE, False))
    withdrawn_now = _withdraw_lost(held, ctx) if after_restore else []
    for order_id in withdrawn_now:
        out.touch(order_id)
    for h in held:
        ids = [EventRow.id.db_value(e.id) for e in h.events]
        if not all(i in known for i in ids):
            other.append(h.raw)  # news for this PC: merged as the feed would merge it
            continue
        # All here already (rebuilt again after a restore): no news, the order stays as read.
        # (A list, not any() over a generator: every event learns, not only up to the first.)
        learned = [changes.learn(e.id, known[i], pos, ctx)
                   for e, i, pos in zip(h.events, ids, h.positions, strict=True)]
        if any(known[i].withdrawn for i in ids) and h.order.id not in withdrawn_now:
            _given_back(h, ctx)
        if any(learned):
            order_fold.refresh(h.order.id, ctx.now, ctx.policy, ctx.calendar)
            out.touch(h.order.id)
    for raw in other:
        changes.apply_change(raw, None, ctx, out)
    if after_restore:
        listed = list(store.get_sync(LISTED) or [])
        listed += [str(raw["order_id"]) for raw in orders
                   if isinstance(raw, dict) and isinstance(raw.get("order_id"), str)]
        store.set_sync(LISTED, listed)
    if store.get_sync(REBUILD_SEQ) is None:
        store.set_sync(REBUILD_SEQ, last_seq)
        mark = page.get("last_mark")
        store.set_sync(REBUILD_MARK, mark if isinstance(mark, str) else "")
    if nxt is None:
        if after_restore:
            _say_gone(set(store.get_sync(LISTED) or []), days, ctx, out)
            store.set_sync(AFTER_RESTORE, False)
            store.forget_sync(LISTED)
        cursor = int(store.get_sync(REBUILD_SEQ))
        store.set_sync(CURSOR, cursor)
        store.set_sync(CURSOR_MARK, str(store.get_sync(REBUILD_MARK, "")))
        store.set_sync(REBUILT, True)
        store.set_sync(echoes.ECHOES, True)  # a call center with devices sends each PC's back
        out.cursor = cursor
    else:
        store.set_sync(REBUILD_AFTER, nxt)
    return out


@dataclass(frozen=True)
class _Fresh:
    raw: dict[str, Any]
    order: wire_orders.Order
    events: list[wire.Event]
    positions: list[int | None]


class _Folded(NamedTuple):
    """An event as `order_fold.fold` reads a stored one (`hot_queries.FoldRow`)."""

    id: UUID
    type: str
    occurred_at: Any
    station_code: str | None
    payload: dict[str, Any]
    result: str | None
    origin: str
    acked_at: Any
    seq: int
    server_seq: int | None


def _parse(raw: Any) -> _Fresh | None:
    """The page's order as the feed's `order` change reads it, or None if it does not read."""
    try:
        change = wire.Change.model_validate(raw)
        if change.kind != wire.ChangeKind.ORDER.value or change.order is None:
            return None
        order = wire_orders.Order.model_validate(change.order)
        events = [wire.Event.model_validate(e) for e in change.events or []]
    except (pydantic.ValidationError, ValueError, TypeError, KeyError):
        return None
    positions = getattr(change, "positions", None)
    if not isinstance(positions, list) or len(positions) != len(events):
        positions = [None] * len(events)
    if any(e.order_id != order.id for e in events) or not any(
            e.type is EventType.ISSUED for e in events):
        return None
    return _Fresh(raw, order, events, [changes.position(p) for p in positions])


def _sort_out(raws: list[Any], ctx: changes.Context
              ) -> tuple[list[_Fresh], list[_Fresh], list[Any], dict[str, Any]]:
    """The orders this PC has nothing of, those it holds (by id), and the rest (one lookup per
    table for the page); with what `changes.known_events` found of the page's events."""
    parsed = [(raw, _parse(raw)) for raw in raws]
    good = [p for _, p in parsed if p is not None]
    orders_here = _present(OrderRow, OrderRow.id, [p.order.id for p in good])
    typed_in = _present(OrderRow, OrderRow.business_no, [p.order.business_no for p in good],
                        OrderRow.entered_locally)
    events_here = changes.known_events([e.id for p in good for e in p.events])
    fresh: list[_Fresh] = []
    held: list[_Fresh] = []
    other: list[Any] = []
    seen: set[UUID] = set()
    for raw, p in parsed:
        if p is not None and p.order.id not in seen and (
                OrderRow.id.db_value(p.order.id) in orders_here):
            seen.add(p.order.id)
            held.append(p)
        elif (p is None or p.order.business_no in typed_in or p.order.id in seen
                or any(EventRow.id.db_value(e.id) in events_here for e in p.events)):
            other.append(raw)
        else:
            seen.add(p.order.id)
            fresh.append(p)
    return fresh, held, other, events_here


def _resend_lost(held: list[_Fresh]) -> int:
    """Put back in the outbox this PC's events of these orders that the call center
    acknowledged once and no longer holds (its database restored from an older backup):
    how many. The call center keeps each event once by its id, so one it did hold after
    all is answered a duplicate, never stored twice."""
    if not held:
        return 0
    on_server = {e.id for h in held for e in h.events}
    lost: list[UUID] = []
    for start in range(0, len(held), 500):
        orders = [h.order.id for h in held[start:start + 500]]
        lost += [eid for (eid,) in EventRow.select(EventRow.id).where(
            (EventRow.origin == ORIGIN_LOCAL) & EventRow.acked_at.is_null(False)
            & (pw.fn.COALESCE(EventRow.result, "") != wire.EventResultStatus.REJECTED.value)
            & EventRow.order.in_(orders)).tuples() if eid not in on_server]
    echoes.back_in_outbox(lost, None)  # its echo awaited afresh once acknowledged
    return len(lost)


def _withdraw_lost(held: list[_Fresh], ctx: changes.Context) -> list[UUID]:
    """After a restore: mark withdrawn the call center's own events of these orders that its
    copy no longer holds (a cancellation, reassignment, urge, close… made after the backup),
    so they move nothing, and let the order stand as the call center's copy has it (its
    fields too), saying why. Entries a clerk of this station made on another PC are left: that
    PC sends them again. The orders changed."""
    on_server = {e.id for h in held for e in h.events}
    by_id = {h.order.id: h.order for h in held}
    lost: list[tuple[UUID, UUID]] = []
    for start in range(0, len(held), 500):
        orders = [h.order.id for h in held[start:start + 500]]
        lost += [(eid, oid) for eid, oid in EventRow.select(EventRow.id, EventRow.order).where(
            (EventRow.origin == ORIGIN_SERVER) & EventRow.station_code.is_null()
            & (EventRow.type != EventType.ISSUED.value)  # the order is there: so is its issuing
            & (pw.fn.COALESCE(EventRow.result, "") != WITHDRAWN)
            & EventRow.order.in_(orders)).tuples() if eid not in on_server]
    for start in range(0, len(lost), 500):
        EventRow.update(result=WITHDRAWN).where(
            EventRow.id.in_([eid for eid, _ in lost[start:start + 500]])).execute()
    changed = list(dict.fromkeys(oid for _, oid in lost))
    for oid in changed:
        OrderRow.update(notice=Notice.RESTORED_AT_CALL_CENTER.value, notice_reason="",
                        unread=True, updated_at=ctx.now,
                        **order_fold.row_columns(by_id[oid])).where(OrderRow.id == oid).execute()
        order_fold.refresh(oid, ctx.now, ctx.policy, ctx.calendar)
    if lost:
        log.warning("the call center no longer holds %d of its entries on %d orders this PC "
                    "holds (its database was restored from an older backup): they no longer "
                    "count here", len(lost), len(changed))
    return changed


def _given_back(h: _Fresh, ctx: changes.Context) -> None:
    """The call center has again what an earlier restore had taken from this order (a later
    backup restored after all): the order is as its history there leaves it."""
    notice, reason = changes.notice_of(h.events, ctx.station_code)
    OrderRow.update(notice=notice, notice_reason=reason, unread=True, updated_at=ctx.now,
                    **order_fold.row_columns(h.order)).where(OrderRow.id == h.order.id).execute()


GONE = Notice.GONE_FROM_CALL_CENTER.value
NOT_EXPECTED = (Notice.CANCELLED.value, Notice.REASSIGNED_AWAY.value)
EDGE = timedelta(days=1)  # of the window, where the two clocks may disagree


def _say_gone(listed: set[str], days: int, ctx: changes.Context, out: changes.Applied) -> None:
    """After a restore's rebuild: mark the orders the call center would have listed and did
    not — open, or issued within the window (`callcenter.rebuild.page`), not typed in here, not
    cancelled or given to another station — as gone from it (unread, without a new-order alert;
    what is recorded on them will be answered "unknown order"); an order so marked before and
    listed now loses the mark."""
    since = ctx.now - timedelta(days=days) + EDGE
    rows = (OrderRow.select(OrderRow.id, OrderRow.business_no, OrderRow.notice)
            .where(~OrderRow.entered_locally
                   & (OrderRow.notice.is_null() | OrderRow.notice.not_in(NOT_EXPECTED))
                   & (OrderRow.status.in_(order_fold.OPEN_STATUSES)
                      | (OrderRow.issued_at >= since) | (OrderRow.notice == GONE))))
    gone, back = [], []
    for row in rows:
        here = str(row.id) in listed
        if not here and row.notice != GONE:
            gone.append(row)
        elif here and row.notice == GONE:
            back.append(row)
    for start in range(0, len(gone), 500):
        OrderRow.update(notice=GONE, notice_reason="", unread=True, updated_at=ctx.now).where(
            OrderRow.id.in_([r.id for r in gone[start:start + 500]])).execute()
    for start in range(0, len(back), 500):
        OrderRow.update(notice=None, notice_reason="", updated_at=ctx.now).where(
            OrderRow.id.in_([r.id for r in back[start:start + 500]])).execute()
    for row in gone + back:
        out.touch(row.id)
    if gone:
        log.warning("the call center no longer has %d orders this PC holds (its database was "
                    "restored from an older backup): %s", len(gone),
                    ", ".join(r.business_no for r in gone))


def _present(model: type[OrderRow], column: pw.Field, values: list[Any],
             also: pw.Field | None = None) -> set[Any]:
    found: set[Any] = set()
    for start in range(0, len(values), 500):
        chunk = [column.db_value(v) for v in values[start:start + 500]]
        where = f'"{column.column_name}" IN ({", ".join("?" * len(chunk))})'
        if also is not None:
            where += f' AND "{also.column_name}"'
        sql = f'SELECT "{column.column_name}" FROM "{model._meta.table_name}" WHERE {where}'
        found.update(row[0] for row in db.execute_sql(sql, chunk))
    return found


def _insert_fresh(fresh: list[_Fresh], ctx: changes.Context, out: changes.Applied) -> None:
    """Fold each order from its events in hand — as `order_fold.refresh` would from the
    stored ones — and write the page's orders, then their events, one statement each."""
    order_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    for f in fresh:
        columns = order_fold.row_columns(f.order)
        line = _OrderLine(f.order.id, columns["kind"], columns["complaint_level"],
                          f.order.issued_at, False)
        rows = [_Folded(e.id, e.type.value, e.occurred_at, e.station_code, e.payload, None,
                        ORIGIN_SERVER, None, i, pos)
                for i, (e, pos) in enumerate(zip(f.events, f.positions, strict=True))
                if e.type not in STATE_NEUTRAL]
        state = order_fold.fold(line, rows)
        status = state.status.value if state.status else Status.NEW.value
        nxt = order_fold.station_deadline(
            order_fold.order_deadlines(line, state, ctx.now, ctx.policy, ctx.calendar))
        news = not changes.someone_here_acted(f.events, ctx)
        notice, reason = changes.notice_of(f.events, ctx.station_code)
        order_rows.append({
            "id": f.order.id, "status": status, "updated_at": ctx.now, "unread": news,
            "notice": notice, "notice_reason": reason,
            "next_due_at": nxt.due_at if nxt and status in order_fold.OPEN_STATUSES else None,
            **columns})
        event_rows += [{
            "id": e.id, "order": e.order_id, "type": e.type.value,
            "occurred_at": e.occurred_at, "recorded_at": e.recorded_at, "author": e.author,
            "station_code": e.station_code, "backdate_reason": e.backdate_reason,
            "clock_offset_ms": e.clock_offset_ms, "payload": e.payload,
            "origin": ORIGIN_SERVER, "server_seq": pos, "device_id": e.device_id,
            "device_name": e.device_name, "phoned_at": e.phoned_at}
            for e, pos in zip(f.events, f.positions, strict=True)]
    hot_queries.insert_many(OrderRow, order_rows)
    hot_queries.insert_many(EventRow, event_rows)
    for f, row in zip(fresh, order_rows, strict=True):  # announced once they are in
        out.touch(f.order.id)
        if row["unread"]:
            out.new.append(f.order.id)


class _OrderLine(NamedTuple):
    """What the fold and the deadlines read of an order (`order_fold.StoredOrder`)."""

    id: UUID
    kind: str
    complaint_level: str | None
    issued_at: Any
    entered_locally: bool
