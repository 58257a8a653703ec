"""Each station's change feed: numbered strictly in order, written in the writer's transaction.

Numbering updates the station's counter row, which PostgreSQL keeps locked until commit
(SQLite has one writer at a time), so change N+1 can only commit after change N: a reader of
``seq > cursor`` never skips a change that commits late.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

import peewee as pw

from callcenter import bulk_sql
from callcenter import db as database
from callcenter.db import db
from callcenter.models import ChangeRow, FeedCounter

NOTIFY_CHANNEL = "cc_changes"
PAGE_SIZE = 200
T = TypeVar("T")

_touched = threading.local()


def _touched_set() -> set[str]:
    if not hasattr(_touched, "stations"):
        _touched.stations = set()
    return _touched.stations


def append(station_code: str, kind: str, order_id: str, body: dict[str, Any]) -> int:
    """Add one change for ``station_code`` inside the current transaction; returns its seq."""
    return append_many([(station_code, kind, order_id, body)])[0]


def append_many(changes: Iterable[tuple[str, str, str, dict[str, Any] | str]]) -> list[int]:
    """Add these (station, kind, order id, body) changes in the current transaction, in this
    order; returns their seqs. A body is a dict or its JSON text (as stored). One counter
    step per station and one INSERT for all (`bulk_sql.insert_many`): building a statement
    per change cost more than the database's work on ingest."""
    items = list(changes)
    if not items:
        return []
    per_station: dict[str, int] = {}
    for station, *_rest in items:
        per_station[station] = per_station.get(station, 0) + 1
    param = db.obj.param
    counters = FeedCounter._meta.table_name
    # One statement per station: the UPDATE holds the counter row until commit (what FOR
    # UPDATE did), and on PostgreSQL its RETURNING also queues the NOTIFY, which PostgreSQL
    # delivers at commit to every server process listening.
    returning = " RETURNING last_seq" + (f", pg_notify('{NOTIFY_CHANNEL}', station_code)"
                                         if isinstance(db.obj, pw.PostgresqlDatabase) else "")
    last: dict[str, int] = {}
    for station, n in per_station.items():
        row = db.execute_sql(
            f"UPDATE {counters} SET last_seq = last_seq + {param} WHERE station_code = {param}"
            + returning, (n, station)).fetchone()
        if row is None:  # the station's first change (or a concurrent writer's too)
            row = db.execute_sql(
                f"INSERT INTO {counters} (station_code, last_seq) VALUES ({param}, {param}) "
                f"ON CONFLICT (station_code) DO UPDATE SET "
                f"last_seq = {counters}.last_seq + excluded.last_seq" + returning,
                (station, n)).fetchone()
        last[station] = int(row[0]) - n  # the seq before this batch's first
    now = ChangeRow.created_at.db_value(datetime.now(UTC))
    body = ChangeRow.body
    rows, seqs = [], []
    for station, kind, order_id, data in items:
        last[station] += 1
        seqs.append(last[station])
        rows.append((station, last[station], kind, order_id,
                     data if isinstance(data, str) else body.db_value(data), now))
    bulk_sql.insert_many(ChangeRow, ("station_code", "seq", "kind", "order_id", "body",
                                     "created_at"), rows)
    _touched_set().update(per_station)
    return seqs


def write(fn: Callable[[], T], wake: Callable[[Iterable[str]], None]) -> T:
    """Run ``fn`` in a write transaction, then wake the stations it wrote changes for."""
    stations = _touched_set()
    stations.clear()
    try:
        return database.write(fn)
    finally:
        if stations:
            wake(set(stations))
        stations.clear()


def read_page(station_code: str, after: int, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    # Plain SQL (as the reads below): every long-poll answer reads here, and peewee building
    # the statement cost more than the database running it.
    p = db.obj.param
    rows = db.execute_sql(
        f"SELECT seq, kind, order_id, body FROM {ChangeRow._meta.table_name} WHERE "
        f"station_code = {p} AND seq > {p} ORDER BY seq LIMIT {p}",
        (station_code, after, limit)).fetchall()
    decode = ChangeRow.body.python_value
    return [{"seq": seq, "kind": kind, "order_id": order_id, **decode(body)}
            for seq, kind, order_id, body in rows]


RESTORE_SKIP = 1_000_000
"""How far `skip_ahead` moves each station's feed: more changes than a station receives in
years, so past whatever its PCs received after any backup."""


def skip_ahead(by: int = RESTORE_SKIP) -> int:
    """Move every station's feed number on by ``by`` (in the caller's transaction); how many
    stations. After a restore the feed is numbered as at the backup, behind what the PCs hold:
    the next changes would be numbered what they have already, and never be sent to them."""
    return int(FeedCounter.update(last_seq=FeedCounter.last_seq + by).execute())


def counters(stations: Iterable[str]) -> dict[str, int]:
    codes = list(stations)
    out: dict[str, int] = {}
    for i in range(0, len(codes), 500):
        chunk = codes[i:i + 500]
        marks = ", ".join([db.obj.param] * len(chunk))
        out.update((code, int(last)) for code, last in db.execute_sql(
            f"SELECT station_code, last_seq FROM {FeedCounter._meta.table_name} "
            f"WHERE station_code IN ({marks})", chunk).fetchall())
    return out


def ever_had(station_code: str, order_id: str) -> bool:
    """Whether the order was ever sent to ``station_code``."""
    return (ChangeRow.select(ChangeRow.id)
            .where((ChangeRow.station_code == station_code) & (ChangeRow.order_id == order_id)
                   & (ChangeRow.kind == "order")).exists())
