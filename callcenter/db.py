"""The call center database: one peewee proxy, opened from a URL (SQLite file or PostgreSQL),
and the transaction helper every write goes through."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qs, unquote, urlparse

import peewee as pw
import platformdirs
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

from common.errors import UserError

db = pw.DatabaseProxy()
"""The call center database (distinct from `station_app.store.db`); bound by `open_database`."""

APP_NAME = "StationDeskCallCenter"
DB_FILENAME = "callcenter.sqlite3"
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 30_000,
    # A batch of 500 events on 500 orders dirties ~1,500 pages: with SQLite's 2 MB default
    # cache every batch read them again from the file, and a checkpoint every 1,000 pages
    # copied the same pages back twice a batch (docs/performance.md, ingest).
    "cache_size": -16_384,  # KiB, per connection
    "wal_autocheckpoint": 8_000,  # pages (~32 MB of WAL between checkpoints)
}
_RETRIES = 6
T = TypeVar("T")


def default_sqlite_path() -> Path:
    folder = Path(platformdirs.user_data_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder / DB_FILENAME


def data_folder(url: str | None) -> Path:
    """Where the service keeps its logs: beside a SQLite file, else the platform data folder."""
    if url and not is_postgres(url) and ("://" not in url or url.startswith("sqlite:///")):
        path = Path(unquote(url[len("sqlite:///"):])) if url.startswith("sqlite:///") else Path(url)
        return path.absolute().parent
    return default_sqlite_path().parent


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def make_database(url: str | None) -> pw.Database:
    """A peewee database for ``url``: ``postgresql://user:pw@host:port/name?host=/socket/dir``,
    ``sqlite:///path``, a plain file path, or None for the platform data folder."""
    if url and is_postgres(url):
        parts = urlparse(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        name = unquote(parts.path.lstrip("/")) or query.pop("dbname", "")
        if not name:
            raise UserError(f"no database name in {url!r}", f"数据库地址中缺少数据库名:{url}")
        kwargs: dict[str, object] = {
            "user": unquote(parts.username) if parts.username else query.pop("user", None),
            "password": unquote(parts.password) if parts.password else query.pop("password", None),
            "host": parts.hostname or query.pop("host", None),
            "port": parts.port or (int(query.pop("port")) if "port" in query else None),
        }
        kwargs.update(query)
        kwargs = {k: v for k, v in kwargs.items() if v is not None}
        return PooledPostgresqlDatabase(name, max_connections=64, stale_timeout=300,
                                        timeout=30, **kwargs)
    if url is None:
        path = default_sqlite_path()
    elif url.startswith("sqlite:///"):
        path = Path(unquote(url[len("sqlite:///"):]))
        if not url.startswith("sqlite:////") and not path.is_absolute():
            path = Path(os.getcwd()) / path
    elif "://" in url:
        raise UserError(
            f"unsupported database URL {url!r}: use a file path, sqlite:///PATH or postgresql://",
            f"不支持的数据库地址:{url}(请使用文件路径、sqlite:///路径 或 postgresql://)",
        )
    else:
        path = Path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    return PooledSqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, max_connections=64,
                                stale_timeout=300, timeout=30, check_same_thread=False)


def postgres_dsn(database: pw.Database) -> dict[str, object]:
    """Connection keywords for a second, dedicated psycopg2 connection (LISTEN)."""
    params = dict(database.connect_params)
    params["dbname"] = database.database
    return params


@contextmanager
def connection() -> Iterator[None]:
    """A pooled connection for the current thread, returned to the pool afterwards."""
    if not db.is_closed():
        yield
        return
    db.connect()
    try:
        yield
    finally:
        db.close()


class FairLock:
    """A lock handed to its waiters in the order they came (`threading.Lock` promises no
    order): SQLite's own busy wait retries with sleeps, so without a queue some writers wait
    seconds while later ones get in."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiters: deque[threading.Event] = deque()
        self._held = False

    def acquire(self) -> None:
        with self._mutex:
            if not self._held:
                self._held = True
                return
            turn = threading.Event()
            self._waiters.append(turn)
        turn.wait()  # release() hands the lock over: it stays held

    def release(self) -> None:
        with self._mutex:
            if self._waiters:
                self._waiters.popleft().set()
            else:
                self._held = False

    @property
    def waiting(self) -> int:
        with self._mutex:
            return len(self._waiters)

    def __enter__(self) -> FairLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


SQLITE_WRITERS = FairLock()
"""Every write transaction of this process on SQLite waits here, in turn, before BEGIN
IMMEDIATE (other processes on the same file still meet SQLite's busy wait)."""


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, pw.OperationalError):
        text = str(exc).lower()
        return any(word in text for word in ("deadlock", "could not serialize", "locked", "busy"))
    return False


def write(fn: Callable[[], T]) -> T:
    """Run ``fn`` in one write transaction, retried on deadlock or a busy SQLite file.

    On SQLite the writers of this process queue in `SQLITE_WRITERS`, then the transaction
    starts IMMEDIATE, so no writer fails on a read-to-write upgrade.
    """
    with connection():
        for attempt in range(_RETRIES):
            try:
                if isinstance(db.obj, pw.SqliteDatabase):
                    with SQLITE_WRITERS, db.atomic("IMMEDIATE"):
                        return fn()
                with db.atomic():
                    return fn()
            except (pw.OperationalError, sqlite3.OperationalError) as exc:
                if attempt == _RETRIES - 1 or not _retryable(exc):
                    raise
                time.sleep(0.01 * 2**attempt)
    raise AssertionError("unreachable")


def read(fn: Callable[[], T]) -> T:
    with connection():
        return fn()


def for_update(query: pw.Select) -> pw.Select:
    """``SELECT ... FOR UPDATE`` where the database has it (SQLite locks the whole file)."""
    return query.for_update() if isinstance(db.obj, pw.PostgresqlDatabase) else query


def is_postgres_db() -> bool:
    return isinstance(db.obj, pw.PostgresqlDatabase)
