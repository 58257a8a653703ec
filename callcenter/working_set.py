"""The orders and event ids one ingest transaction works on: read once per batch (orders
locked on PostgreSQL), kept current as events are judged, written back in one statement per
kind of row; the event row's insert and the order's history as plain SQL."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import peewee as pw
import pydantic_core

from callcenter import bulk_sql, derived, feed, seen_orders
from callcenter import db as database
from callcenter.config import ServiceConfig
from callcenter.models import EventRow, OrderRow
from common.refusal import Refusal
from station_app import wire
from station_app.domain import lifecycle
from station_app.domain.lifecycle import FoldEvent, OrderState


def fold_event(row: EventRow) -> FoldEvent:
    return derived.fold_event_of(row.id, row.type, row.occurred_at, row.station_code,
                                 json.loads(row.content))


def order_events(order_id: str) -> list[EventRow]:
    return list(EventRow.select().where(EventRow.order == order_id).order_by(EventRow.pos))


def fold_rows(rows: Iterable[EventRow]) -> OrderState:
    return lifecycle.fold(fold_event(r) for r in rows)


EVENT_COLUMNS = ("id", "order_id", "type", "station_code", "occurred_at", "content", "status",
                 "reason", "token_id", "role", "received_at")


class StoredMeanwhile(pw.IntegrityError):
    """A concurrent transaction stored one of the batch's event ids after it was looked up
    (PostgreSQL; nothing of it is written): the batch is judged again."""


@dataclass
class Stored:
    """An event judged and queued for the batch's one INSERT; its position comes from it."""

    id: UUID
    status: wire.EventResultStatus
    why: Refusal | None
    row: tuple[Any, ...]  # the database values of `EVENT_COLUMNS`
    pos: int | None = None

    def result(self) -> wire.EventResult:
        assert self.pos is not None, "the event is not inserted yet"
        return wire.EventResult(id=self.id, status=self.status, why=self.why, seq=self.pos)

    def feed_body(self) -> str:
        """The station's `event` change as JSON text: the stored event as it is, and
        ``pos``, the server's order, which the station folds by."""
        assert self.pos is not None, "the event is not inserted yet"
        return f'{{"event":{self.row[5]},"pos":{self.pos}}}'


_UNKNOWN = object()
TOUCH_GRAIN = timedelta(minutes=1)
"""How fresh an order's `updated_at` is kept by events that change nothing else (a note, a
print): it is written again only once it is older than this. Its one reader is a new PC's
rebuild, whose window is days; a station's queue touches the same orders many times a minute."""
ORDER_FIELDS = ("data", "station_code", "business_no")  # what updates and reassignments change
_DERIVED_COLUMNS: list[str] = []


def _derived_columns() -> list[str]:
    """The columns `store_derived` writes: everything but the order's identity and fields."""
    if not _DERIVED_COLUMNS:
        fixed = {"id", "kind", "issued_at", *ORDER_FIELDS}
        _DERIVED_COLUMNS.extend(n for n in OrderRow._meta.fields if n not in fixed)
    return _DERIVED_COLUMNS


@dataclass
class LoadedOrder:
    """What ingest reads of an order row (the rest it only writes)."""

    id: str
    business_no: str
    station_code: str
    kind: str
    issued_at: datetime
    data: dict[str, Any]
    updated_at: datetime  # as stored when the batch read the row


_LOADED = ("id", "business_no", "station_code", "kind", "issued_at", "data", "derived",
           "derived_policy", "updated_at")


def _select_orders(order_ids: list[str]) -> list[tuple[Any, ...]]:
    """The `_LOADED` columns of these orders in id order (locked on PostgreSQL)."""
    param = database.db.obj.param
    sql = (f"SELECT {', '.join(_LOADED)} FROM {OrderRow._meta.table_name} WHERE id IN "
           f"({', '.join([param] * len(order_ids))}) ORDER BY id")
    if database.is_postgres_db():
        sql += " FOR UPDATE"
    return list(database.db.execute_sql(sql, order_ids).fetchall())


@dataclass
class WorkingOrder:
    row: LoadedOrder
    derived: derived.Derived  # continued event by event from what the row stores
    data_text: str  # the row's `data` as stored
    columns: dict[str, Any] | None  # the derived columns' values the row holds, if known
    dirty: bool = False  # the derived columns are to be written
    touched: bool = False  # an event was stored (at least `updated_at` is to be written)
    fields_changed: bool = False  # the order's own fields (an update or reassignment)

    @property
    def state(self) -> OrderState:
        return self.derived.state


class Working:
    """The orders and event ids one transaction works on: loaded once (orders locked on
    PostgreSQL, in id order), kept current as events are recorded, written back by `flush`."""

    def __init__(self) -> None:
        self._orders: dict[str, WorkingOrder | None] = {}
        # id -> content, reason, pos, status (pos None: queued in `_pending`, not inserted)
        self._known: dict[str, tuple[str, str, int | None, str]] = {}
        self._checked: set[str] = set()
        self._pending: list[Stored] = []
        # the feed's, for flush (an event's body made once it has its position)
        self.changes: list[tuple[str, str, str, dict[str, Any] | Stored]] = []

    def prefetch(self, events: Iterable[wire.Event]) -> None:
        evs = list(events)
        # Orders first: on PostgreSQL this waits for a concurrent batch on the same orders,
        # so the ids it stored are seen below.
        self._load(sorted({str(e.order_id) for e in evs} - set(self._orders)))
        ids = [str(e.id) for e in evs]
        param = database.db.obj.param
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            # Plain SQL: peewee's query building cost more than the look-up (~4 µs an id).
            sql = (f"SELECT id, content, reason, pos, status FROM {EventRow._meta.table_name}"
                   f" WHERE id IN ({', '.join([param] * len(chunk))})")
            for event_id, content, reason, pos, status in database.db.execute_sql(
                    sql, chunk).fetchall():
                self._known[event_id] = (content, reason, pos, status)
        self._checked.update(ids)

    def _load(self, order_ids: list[str]) -> None:
        if not order_ids:
            return
        for oid in order_ids:
            self._orders.setdefault(oid, None)
        for start in range(0, len(order_ids), 500):
            for (oid, number, code, kind, issued_at, data_text, text, policy,
                 updated_at) in _select_orders(order_ids[start:start + 500]):
                d, data, columns = seen_orders.read(oid, text, data_text, policy)
                if d is None:  # not derived yet (start-up fills these): fold it once, here
                    from callcenter.derived_store import fold_rows as fold_stored

                    d = fold_stored(order_events(oid))
                row = LoadedOrder(oid, number, code, kind, datetime.fromisoformat(issued_at),
                                  data, datetime.fromisoformat(updated_at))
                self._orders[oid] = WorkingOrder(row, d, data_text, columns)

    def existing(self, event_id: str) -> tuple[str, str, int, str] | None:
        if event_id not in self._checked:
            row = EventRow.get_or_none(EventRow.id == event_id)
            if row is not None:
                self._known[event_id] = (row.content, row.reason, row.pos, row.status)
            self._checked.add(event_id)
        known = self._known.get(event_id)
        if known is not None and known[2] is None:  # sent twice in this batch
            self.insert_pending()
            known = self._known[event_id]
        return known  # type: ignore[return-value]  # its position is known now

    def mark(self) -> int:
        return len(self.changes)

    def undo(self, event_id: str, mark: int) -> None:
        """Forget what judging ``event_id`` queued (an unexpected error; its savepoint, if
        any, undid its writes); ``mark`` is `mark` before."""
        self._pending = [p for p in self._pending if str(p.id) != event_id]
        self._known.pop(event_id, None)
        self._checked.discard(event_id)
        del self.changes[mark:]

    def order(self, order_id: str) -> WorkingOrder | None:
        if order_id not in self._orders:
            self._load([order_id])
        return self._orders[order_id]

    def queue(self, stored: Stored, content: str, reason: str) -> None:
        """Insert this event with the batch's others (`insert_pending`)."""
        self._pending.append(stored)
        key = stored.row[0]  # the id's text (`EVENT_COLUMNS`)
        self._known[key] = (content, reason, None, stored.status.value)
        self._checked.add(key)

    def insert_pending(self) -> None:
        """Insert the queued events in one statement, in the order they were judged (their
        positions follow it), and give each its position."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        stored = dict(bulk_sql.insert_returning(EventRow, EVENT_COLUMNS,
                                                [p.row for p in pending], ("id", "pos")))
        if len(stored) != len(pending):
            raise StoredMeanwhile("an event of the batch was stored meanwhile")
        for p in pending:
            key = p.row[0]
            p.pos = pos = int(stored[key])
            content, reason, _none, status = self._known[key]
            self._known[key] = (content, reason, pos, status)

    def flush(self, now: datetime, config: ServiceConfig) -> None:
        """Insert the queued events, then write the stations' changes (`feed.append_many`)
        and the orders' columns: the derived ones where an event changed them, else only
        `updated_at` once it is older than `TOUCH_GRAIN` (one statement each for all the
        batch's orders)."""
        self.insert_pending()
        feed.append_many((station, kind, order_id,
                          body.feed_body() if isinstance(body, Stored) else body)
                         for station, kind, order_id, body in self.changes)
        self.changes.clear()
        orders = [o for o in self._orders.values() if o is not None]
        dirty = [o for o in orders if o.dirty]
        stale = now - TOUCH_GRAIN
        touched = [o for o in orders if o.touched and not o.dirty and o.row.updated_at < stale]
        if touched:
            bulk_sql.set_where_id_in(OrderRow, "updated_at", OrderRow.updated_at.db_value(now),
                                     [o.row.id for o in touched])
        for o in orders:
            o.touched = False
        if not dirty:
            return
        fields = OrderRow._meta.fields
        changed = [o for o in dirty if o.fields_changed]
        for o in changed:
            o.data_text = fields["data"].db_value(o.row.data)
        if changed:
            bulk_sql.update_by_id(OrderRow, list(ORDER_FIELDS), [
                [o.data_text if n == "data" else fields[n].db_value(getattr(o.row, n))
                 for n in ORDER_FIELDS] + [o.row.id] for o in changed])
        # Grouped by which columns changed (a batch's orders mostly change the same ones):
        # one UPDATE of those columns per group.
        groups: dict[tuple[str, ...], list[list[Any]]] = {}
        stamp = fields["updated_at"].db_value(now)
        for o in dirty:
            columns = derived.columns(o.derived, o.row.data, now, config, encoded=False)
            # pydantic-core's encoder (Rust) writes the moments, enums and ids too, at five
            # times json's speed (a UTC moment ends in "Z": `datetime.fromisoformat` reads it
            # back). Keys in the state's field order, so equal states give equal text.
            text = pydantic_core.to_json(columns.pop("derived")).decode()
            old = o.columns
            names = tuple(n for n in _derived_columns() if n in columns
                          and (old is None or columns[n] != old.get(n, _UNKNOWN)))
            groups.setdefault(names, []).append(
                [text, stamp, *[fields[n].db_value(columns[n]) for n in names], o.row.id])
            seen_orders.wrote(o.row.id, text, o.derived, o.data_text, o.row.data, columns)
            o.columns = columns
            o.dirty = o.fields_changed = False
        for names, rows in groups.items():
            bulk_sql.update_by_id(OrderRow, ["derived", "updated_at", *names], rows)
