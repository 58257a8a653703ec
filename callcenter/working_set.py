"""The orders and event ids one ingest transaction works on: read once per batch (orders
locked on PostgreSQL), kept current as events are judged, written back in one statement per
kind of row; the event row's insert and the order's history as plain SQL."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import peewee as pw

from callcenter import db as database
from callcenter import derived, feed
from callcenter.config import ServiceConfig
from callcenter.models import EventRow, OrderRow
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


def insert_event(**values: Any) -> int:
    """Insert one event row and return its position; `pw.IntegrityError` when a concurrent
    transaction stored that id meanwhile (nothing written: ``ON CONFLICT DO NOTHING`` keeps
    PostgreSQL's transaction usable without a savepoint). Plain SQL: peewee's query building
    cost more than SQLite's insert itself on the ingest path."""
    columns = list(values)
    param = database.db.obj.param
    sql = (f"INSERT INTO {EventRow._meta.table_name} ({', '.join(columns)}) "
           f"VALUES ({', '.join([param] * len(columns))}) ON CONFLICT (id) DO NOTHING")
    for key in ("occurred_at", "received_at"):
        values[key] = EventRow._meta.fields[key].db_value(values[key])
    if database.is_postgres_db():
        row = database.db.execute_sql(sql + " RETURNING pos", list(values.values())).fetchone()
        if row is None:
            raise pw.IntegrityError(f"event {values['id']} stored meanwhile")
        return int(row[0])
    cursor = database.db.execute_sql(sql, list(values.values()))
    if not cursor.rowcount:
        raise pw.IntegrityError(f"event {values['id']} stored meanwhile")
    return int(cursor.lastrowid)


ORDER_FIELDS = ("data", "station_code", "business_no")  # what updates and reassignments change
_DERIVED_COLUMNS: list[str] = []


def _derived_columns() -> list[str]:
    """The columns `store_derived` writes: everything but the order's identity and fields."""
    if not _DERIVED_COLUMNS:
        fixed = {"id", "kind", "issued_at", *ORDER_FIELDS}
        _DERIVED_COLUMNS.extend(n for n in OrderRow._meta.fields if n not in fixed)
    return _DERIVED_COLUMNS


def _update_orders(names: list[str], params: list[list[Any]]) -> None:
    """UPDATE these columns with one prepared statement; each entry of ``params`` holds the
    database values of ``names`` and the order's id. Plain SQL: peewee's `save` built each
    statement anew, which cost more than the database's work on ingest."""
    fields = OrderRow._meta.fields
    param = database.db.obj.param
    sql = (f"UPDATE {OrderRow._meta.table_name} SET "
           + ", ".join(f"{fields[n].column_name} = {param}" for n in names)
           + f" WHERE id = {param}")
    database.db.cursor().executemany(sql, params)


@dataclass
class LoadedOrder:
    """What ingest reads of an order row (the rest it only writes)."""

    id: str
    business_no: str
    station_code: str
    kind: str
    issued_at: datetime
    data: dict[str, Any]


_LOADED = ("id", "business_no", "station_code", "kind", "issued_at", "data", "derived")
# The derived state last read or written per order, by its stored text: a batch on an order
# the previous batch touched skips decoding it (the text tells whether it is still current).
_DERIVED_SEEN: dict[str, tuple[str, derived.Derived]] = {}
_DERIVED_KEEP = 20_000


def _remember(order_id: str, text: str, d: derived.Derived) -> None:
    if len(_DERIVED_SEEN) >= _DERIVED_KEEP:
        _DERIVED_SEEN.clear()
    _DERIVED_SEEN[order_id] = (text, d)


def _decoded(order_id: str, text: str | None) -> derived.Derived | None:
    if text is None:
        return None
    seen = _DERIVED_SEEN.get(order_id)
    if seen is not None and seen[0] == text:
        return seen[1]
    d = derived.from_json(json.loads(text))
    if d is not None:
        _remember(order_id, text, d)
    return d


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
    dirty: bool = False
    fields_changed: bool = False  # the order's own fields (an update or reassignment)

    @property
    def state(self) -> OrderState:
        return self.derived.state


class Working:
    """The orders and event ids one transaction works on: loaded once (orders locked on
    PostgreSQL, in id order), kept current as events are recorded, written back by `flush`."""

    def __init__(self) -> None:
        self._orders: dict[str, WorkingOrder | None] = {}
        self._known: dict[str, tuple[str, str, int, str]] = {}  # id -> content, reason, pos,
        # status
        self._checked: set[str] = set()
        self.changes: list[tuple[str, str, str, dict[str, Any]]] = []  # the feed's, for flush

    def prefetch(self, events: Iterable[wire.Event]) -> None:
        evs = list(events)
        # Orders first: on PostgreSQL this waits for a concurrent batch on the same orders,
        # so the ids it stored are seen below.
        self._load(sorted({str(e.order_id) for e in evs} - set(self._orders)))
        ids = [str(e.id) for e in evs]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in EventRow.select(EventRow.id, EventRow.content, EventRow.reason,
                                     EventRow.pos, EventRow.status
                                     ).where(EventRow.id.in_(chunk)):
                self._known[r.id] = (r.content, r.reason, r.pos, r.status)
        self._checked.update(ids)

    def _load(self, order_ids: list[str]) -> None:
        if not order_ids:
            return
        for oid in order_ids:
            self._orders.setdefault(oid, None)
        for start in range(0, len(order_ids), 500):
            for oid, number, code, kind, issued_at, data, text in _select_orders(
                    order_ids[start:start + 500]):
                d = _decoded(oid, text)
                if d is None:  # not derived yet (start-up fills these): fold it once, here
                    from callcenter.derived_store import fold_rows as fold_stored

                    d = fold_stored(order_events(oid))
                row = LoadedOrder(oid, number, code, kind, datetime.fromisoformat(issued_at),
                                  json.loads(data))
                self._orders[oid] = WorkingOrder(row, d)

    def existing(self, event_id: str) -> tuple[str, str, int, str] | None:
        if event_id not in self._checked:
            row = EventRow.get_or_none(EventRow.id == event_id)
            if row is not None:
                self._known[event_id] = (row.content, row.reason, row.pos, row.status)
            self._checked.add(event_id)
        return self._known.get(event_id)

    def forget(self, event_id: str) -> None:
        """Look the id up again next time (a concurrent transaction stored it meanwhile)."""
        self._checked.discard(event_id)

    def order(self, order_id: str) -> WorkingOrder | None:
        if order_id not in self._orders:
            self._load([order_id])
        return self._orders[order_id]

    def stored(self, event_id: str, content: str, reason: str, pos: int, status: str) -> None:
        self._known[event_id] = (content, reason, pos, status)
        self._checked.add(event_id)

    def flush(self, now: datetime, config: ServiceConfig) -> None:
        """Write the changed orders' derived columns (one prepared UPDATE for all of them)
        and the stations' changes (`feed.append_many`)."""
        feed.append_many(self.changes)
        self.changes.clear()
        dirty = [o for o in self._orders.values() if o is not None and o.dirty]
        if not dirty:
            return
        names = _derived_columns()
        fields = OrderRow._meta.fields
        params = []
        for o in dirty:
            columns = derived.columns(o.derived, o.row.data, now, config)
            columns["updated_at"] = now
            text = fields["derived"].db_value(columns.pop("derived"))
            _remember(o.row.id, text, o.derived)
            params.append([text if n == "derived" else fields[n].db_value(columns[n])
                           for n in names] + [o.row.id])
            o.dirty = False
        _update_orders(names, params)
        changed = [o for o in dirty if o.fields_changed]
        if changed:
            _update_orders(list(ORDER_FIELDS), [
                [fields[n].db_value(getattr(o.row, n)) for n in ORDER_FIELDS] + [o.row.id]
                for o in changed])
        for o in changed:
            o.fields_changed = False
