"""Each station's change feed: numbered strictly in order, written in the writer's transaction.

Numbering updates the station's counter row, which PostgreSQL keeps locked until commit
(SQLite has one writer at a time), so change N+1 can only commit after change N: a reader of
``seq > cursor`` never skips a change that commits late.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

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


class Rewound(Exception):
    """The station holds a change this feed numbers otherwise or not yet: the database was
    restored from a backup taken before the station received it."""


class Page(NamedTuple):
    changes: list[dict[str, Any]]
    last_mark: str  # the identity of the last change the station will hold ("" for none)


def mark_of(kind: str, order_id: str, created_at: str) -> str:
    """A change's identity beside its number: a restored feed numbers its next changes as
    the lost ones were numbered, but never gives them the same moment and order."""
    return hashlib.blake2b(f"{kind}\x1f{order_id}\x1f{created_at}".encode(),
                           digest_size=8).hexdigest()


def read_page(station_code: str, after: int, limit: int = PAGE_SIZE, mark: str = "") -> Page:
    """The station's changes after ``after``. Given ``mark``, the identity of change ``after``
    as the station received it, the feed must hold that change: else `Rewound`."""
    # Plain SQL (as the reads below): every long-poll answer reads here, and peewee building
    # the statement cost more than the database running it.
    p = db.obj.param
    check = bool(mark) and after > 0
    rows = db.execute_sql(
        f"SELECT seq, kind, order_id, body, created_at FROM {ChangeRow._meta.table_name} "
        f"WHERE station_code = {p} AND seq {'>=' if check else '>'} {p} ORDER BY seq LIMIT {p}",
        (station_code, after, limit + check)).fetchall()
    if check:
        first = rows[0] if rows else None
        if first is None or first[0] != after or mark_of(first[1], first[2], first[4]) != mark:
            raise Rewound(f"station {station_code} holds change {after} {mark}, which this "
                          f"feed does not")
        rows = rows[1:]
    if rows:
        _seq, kind, order_id, _body, created_at = rows[-1]
        last_mark = mark_of(kind, order_id, created_at)
    else:
        last_mark = mark if check else mark_at(station_code, after)
    decode = ChangeRow.body.python_value
    return Page([{"seq": seq, "kind": kind, "order_id": order_id, **decode(body)}
                 for seq, kind, order_id, body, _at in rows], last_mark)


def mark_at(station_code: str, seq: int) -> str:
    """The identity of the station's change ``seq`` ("" if the feed has none)."""
    if seq <= 0:
        return ""
    p = db.obj.param
    row = db.execute_sql(
        f"SELECT kind, order_id, created_at FROM {ChangeRow._meta.table_name} "
        f"WHERE station_code = {p} AND seq = {p}", (station_code, seq)).fetchone()
    return "" if row is None else mark_of(*row)


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
