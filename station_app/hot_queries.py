"""The statements the station runs most, as SQL text made once.

peewee builds a statement's text anew on every call: `SELECT … FROM orders WHERE id = ?` took
240 µs to build here and 13 µs to run, and recording one event (six statements) spent two
thirds of its time building text, holding the interpreter lock the window's thread waits for;
a push wrote 500 acknowledgements with 500 peewee UPDATEs.
These are the same statements, their table and column names taken from the models, their
values converted by the models' own fields (`Store.get_sync` keeps its one statement the same
way); tests/station/test_hot_queries.py checks them against peewee's.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple
from uuid import UUID

import peewee as pw

from station_app import echoes
from station_app.domain.lifecycle import STATE_NEUTRAL
from station_app.store import ORIGIN_LOCAL, BaseModel, EventRow, OrderRow
from station_app.store_context import db
from station_app.wire import EventResultStatus


def _name(model: type[BaseModel]) -> str:
    return f'"{model._meta.table_name}"'


def _columns(model: type[BaseModel]) -> str:
    return ", ".join(f'"{f.column_name}"' for f in model._meta.sorted_fields)


def _column(field: pw.Field) -> str:
    return f'"{field.column_name}"'


@cache
def _order_by_id() -> str:
    return f"SELECT {_columns(OrderRow)} FROM {_name(OrderRow)} WHERE {_column(OrderRow.id)} = ?"


@cache
def _order_state() -> str:
    return (f"UPDATE {_name(OrderRow)} SET {_column(OrderRow.status)} = ?, "
            f"{_column(OrderRow.next_due_at)} = ?, {_column(OrderRow.updated_at)} = ? "
            f"WHERE {_column(OrderRow.id)} = ?")


@cache
def _insert(model: type[BaseModel]) -> tuple[str, tuple[pw.Field, ...]]:
    fields = tuple(f for f in model._meta.sorted_fields if not isinstance(f, pw.AutoField))
    names = ", ".join(_column(f) for f in fields)
    marks = ", ".join("?" for _ in fields)
    return f"INSERT INTO {_name(model)} ({names}) VALUES ({marks})", fields


def order_row(order_id: UUID) -> OrderRow | None:
    """The order's row, or None (`OrderRow.get_or_none(OrderRow.id == order_id)`)."""
    return next(iter(OrderRow.raw(_order_by_id(), OrderRow.id.db_value(order_id))), None)


def store_order_state(order_id: UUID, status: str, next_due_at: Any, updated_at: Any) -> None:
    db.execute_sql(_order_state(), (
        OrderRow.status.db_value(status), OrderRow.next_due_at.db_value(next_due_at),
        OrderRow.updated_at.db_value(updated_at), OrderRow.id.db_value(order_id)))


def insert(model: type[BaseModel], **values: Any) -> None:
    """`model.insert(**values).execute()`: columns not given take their field's default."""
    sql, fields = _insert(model)
    unknown = set(values) - {f.name for f in fields}
    if unknown:
        raise TypeError(f"{model.__name__} has no field {sorted(unknown)}")
    db.execute_sql(sql, [f.db_value(values[f.name] if f.name in values else _default(f))
                         for f in fields])


def insert_many(model: type[BaseModel], rows: list[dict[str, Any]]) -> None:
    """`insert` of many rows in one `executemany`."""
    if not rows:
        return
    sql, fields = _insert(model)
    unknown = set().union(*rows) - {f.name for f in fields}
    if unknown:
        raise TypeError(f"{model.__name__} has no field {sorted(unknown)}")
    db.cursor().executemany(sql, [
        [f.db_value(row[f.name] if f.name in row else _default(f)) for f in fields]
        for row in rows])


def _default(field: pw.Field) -> Any:
    return field.default() if callable(field.default) else field.default


# -- what the order list's summaries read -----------------------------------------------------


class OrderLine(NamedTuple):
    """What a summary needs of an order's row (its JSON document is left unread); every field
    is one of `orders_query.OrderSummary`'s."""

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
    unread: bool
    notice: str | None
    notice_reason: str
    entered_locally: bool


class FoldRow(NamedTuple):
    """What the status fold needs of an event's row (`order_fold.fold` takes these as it takes
    `EventRow`s; ``acked_at`` is kept as stored, only its absence matters)."""

    id: UUID
    order_id: UUID
    type: str
    occurred_at: datetime
    station_code: str | None
    payload: dict[str, Any]
    result: str | None
    origin: str
    acked_at: str | None
    seq: int
    server_seq: int | None


def _marks(n: int) -> str:
    return ", ".join("?" * n)


@cache
def _lines_select() -> str:
    names = ", ".join(_column(OrderRow._meta.fields[f]) for f in OrderLine._fields)
    return f"SELECT {names} FROM {_name(OrderRow)} WHERE {_column(OrderRow.id)} IN "


@cache
def _fold_rows_select() -> str:
    fields = EventRow._meta.fields
    names = ", ".join(_column(fields["order" if f == "order_id" else f]) for f in FoldRow._fields)
    neutral = ", ".join(f"'{t.value}'" for t in sorted(STATE_NEUTRAL))  # never move the state
    return (f"SELECT {names} FROM {_name(EventRow)} WHERE {_column(EventRow.type)} "
            f"NOT IN ({neutral}) AND {_column(EventRow.order)} IN ")


def order_lines(order_ids: list[UUID]) -> list[OrderLine]:
    """The rows of these orders that exist (in no particular order)."""
    if not order_ids:
        return []
    sql = f"{_lines_select()}({_marks(len(order_ids))})"
    utc = datetime.fromisoformat
    return [
        OrderLine(UUID(oid), kind, level, no, name, phone, place, utc(issued), status,
                  utc(due) if due else None, bool(unread), notice, reason, bool(local))
        for (oid, kind, level, no, name, phone, place, issued, status, due, unread, notice,
             reason, local) in db.execute_sql(sql, [o.hex for o in order_ids])
    ]


def fold_rows(order_ids: list[UUID]) -> list[FoldRow]:
    """The events of these orders that can move their state: all but the state-neutral ones
    (notes, printed forms, updates), whose fold differs from the whole fold only in the list
    of late events (`lifecycle.STATE_NEUTRAL`)."""
    if not order_ids:
        return []
    sql = f"{_fold_rows_select()}({_marks(len(order_ids))})"
    utc, load = datetime.fromisoformat, json.loads
    return [
        FoldRow(UUID(eid), UUID(oid), etype, utc(at), code, load(payload), result, origin,
                acked, seq, server_seq)
        for (eid, oid, etype, at, code, payload, result, origin, acked, seq, server_seq)
        in db.execute_sql(sql, [o.hex for o in order_ids])
    ]


# -- what a push reads and writes -------------------------------------------------------------


OUTBOX_COLUMNS = ("seq", "id", "order", "type", "occurred_at", "recorded_at", "author",
                  "station_code", "backdate_reason", "clock_offset_ms", "payload", "phoned_at",
                  "device_id", "device_name")


@cache
def _outbox() -> str:
    fields = EventRow._meta.fields
    names = ", ".join(f"e.{_column(fields[c])}" for c in OUTBOX_COLUMNS)
    return (f"SELECT {names} FROM {_name(EventRow)} e JOIN {_name(OrderRow)} o "
            f"ON o.{_column(OrderRow.id)} = e.{_column(EventRow.order)} "
            f"WHERE e.{_column(EventRow.origin)} = ? AND e.{_column(EventRow.acked_at)} IS NULL "
            f"AND NOT o.{_column(OrderRow.entered_locally)} "
            f"ORDER BY e.{_column(EventRow.seq)} LIMIT ?")


def outbox_rows(limit: int) -> list[tuple[Any, ...]]:
    """The oldest ``limit`` station events waiting for the call center (phone orders not yet
    matched left out), as stored: the columns of `OUTBOX_COLUMNS`."""
    return db.execute_sql(_outbox(), (ORIGIN_LOCAL, limit)).fetchall()


@cache
def _attempt() -> str:
    attempts = _column(EventRow.attempts)
    return (f"UPDATE {_name(EventRow)} SET {attempts} = {attempts} + 1, "
            f"{_column(EventRow.last_attempt_at)} = ? WHERE {_column(EventRow.seq)} = ?")


@cache
def _try_failed() -> str:
    return (f"UPDATE {_name(EventRow)} SET {_column(EventRow.result_reason)} = ? "
            f"WHERE {_column(EventRow.seq)} = ? AND {_column(EventRow.acked_at)} IS NULL")


def note_try_failed(seqs: list[int], en: str, zh: str) -> None:
    """Why the last try to send these events (by `EventRow.seq`) failed, kept on each until the
    call center answers for it (`EventRow.result_reason` of an unacknowledged event)."""
    why = json.dumps({"en": en, "zh": zh}, ensure_ascii=False)
    db.cursor().executemany(_try_failed(), [(why, seq) for seq in seqs])


def try_failure(row_reason: str) -> dict[str, str]:
    """The en/zh reason `note_try_failed` kept ({} when there is none)."""
    try:
        why = json.loads(row_reason) if row_reason else {}
    except ValueError:
        return {}
    return why if isinstance(why, dict) else {}


@cache
def _acknowledgement() -> str:
    echo = _column(EventRow.echo)
    # A delivered event's echo is awaited from now on, unless it came already or this is the
    # one resending (`station_app.echoes`).
    return (f"UPDATE {_name(EventRow)} SET {_column(EventRow.acked_at)} = ?, "
            f"{_column(EventRow.result)} = ?, {_column(EventRow.result_reason)} = ?, "
            f"{_column(EventRow.server_seq)} = ?, "
            f"{echo} = CASE WHEN ? THEN COALESCE({echo}, '{echoes.AWAITED}') ELSE {echo} END "
            f"WHERE {_column(EventRow.id)} = ?")


def count_attempts(seqs: list[int], at: datetime) -> None:
    """One more attempt to send each of these events (by `EventRow.seq`), made ``at``."""
    when = EventRow.last_attempt_at.db_value(at)
    db.cursor().executemany(_attempt(), [(when, seq) for seq in seqs])


def acknowledge(results: list[tuple[UUID, str, str, int | None]], at: datetime) -> None:
    """The call center's answers — (event id, result, reason, server seq) — received ``at``:
    one statement run for all of them."""
    when = EventRow.acked_at.db_value(at)
    rejected = EventResultStatus.REJECTED.value
    db.cursor().executemany(_acknowledgement(), [
        (when, result, reason, seq, result != rejected, EventRow.id.db_value(event_id))
        for event_id, result, reason, seq in results])
