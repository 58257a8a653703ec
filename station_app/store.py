"""The station's local SQLite file: orders, their events (the outbox is the events without a
server acknowledgement), the sync cursor, settings and print jobs.

Opened once per process with `Store.open()`. WAL journal, ``synchronous=FULL`` (a counter PC
loses power; a recorded contact must survive), foreign keys, busy timeout. The schema version is
kept in ``PRAGMA user_version`` and upgraded by the functions in `MIGRATIONS`, in order.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import peewee as pw

from common.dbfields import JsonField, TypedModel, UtcDateTimeField
from common.errors import UserError
from station_app.instance_lock import InstanceLock
from station_app.store_context import active_database, db, db_router
from station_app.store_db import (  # noqa: F401 - the store's errors are imported from here
    ALMOST_FULL_MB,
    PageCheck,
    StationDatabase,
    StoreCorrupt,
    StoreEmpty,
    StoreError,
    StoreFull,
    StoreLocked,
    check_pages,
    free_mb,
)
from station_app.store_open import check_header, take_lock, translate


class StoreTooNew(StoreError):
    pass


# ---------------------------------------------------------------------------------------------
# Fields and models


class BaseModel(TypedModel):
    class Meta:
        database = db
        legacy_table_names = False


class OrderRow(BaseModel):
    """An order as the station knows it: the call center's fields plus what the fold says."""

    id = pw.UUIDField(primary_key=True)
    business_no = pw.TextField(index=True)
    kind = pw.TextField()
    complaint_level = pw.TextField(null=True)
    station_code = pw.TextField()
    data = JsonField()  # the wire Order as JSON
    status = pw.TextField(index=True)
    issued_at = UtcDateTimeField(index=True)
    updated_at = UtcDateTimeField()
    customer_name = pw.TextField(default="")
    customer_phone = pw.TextField(default="")
    plate = pw.TextField(default="")
    vin = pw.TextField(default="")
    location = pw.TextField(default="")
    search_text = pw.TextField(default="")  # lower-cased fields the search box looks in
    next_due_at = UtcDateTimeField(null=True, index=True)  # the earliest open deadline
    entered_locally = pw.BooleanField(default=False)  # typed in from a phone call or a fax
    notice = pw.TextField(null=True)  # cancelled / reassigned_away / reopened
    notice_reason = pw.TextField(default="")
    unread = pw.BooleanField(default=True)

    class Meta:
        table_name = "orders"


ORIGIN_LOCAL = "local"    # an event recorded at this station (`origin`); unacknowledged: the outbox
ORIGIN_SERVER = "server"  # an event that came from the call center
WITHDRAWN = "withdrawn"   # `result` of a call center's event its restored database lacks


class EventRow(BaseModel):
    """One event; ``origin='local'`` rows without ``acked_at`` are the outbox."""

    seq = pw.AutoField()  # local order of recording
    id = pw.UUIDField(unique=True)
    order = pw.ForeignKeyField(OrderRow, field=OrderRow.id, backref="events",
                               on_update="CASCADE", on_delete="RESTRICT", column_name="order_id")
    type = pw.TextField()
    occurred_at = UtcDateTimeField()
    recorded_at = UtcDateTimeField()
    author = pw.TextField()
    station_code = pw.TextField(null=True)
    backdate_reason = pw.TextField(null=True)
    clock_offset_ms = pw.IntegerField(null=True)
    payload = JsonField()
    origin = pw.TextField()  # local | server
    server_seq = pw.IntegerField(null=True)
    acked_at = UtcDateTimeField(null=True, index=True)
    result = pw.TextField(null=True)  # accepted | duplicate | late | rejected
    # the call center's reason once it answered; before that, why the last try to send failed
    # (JSON {"en", "zh"}: hot_queries.note_try_failed)
    result_reason = pw.TextField(default="")
    attempts = pw.IntegerField(default=0)
    last_attempt_at = UtcDateTimeField(null=True)
    phoned_at = UtcDateTimeField(null=True)  # wire.Event.phoned_at: on a phone-entered order
    device_id = pw.TextField(null=True)  # the station's PC that recorded it (schema 3)
    device_name = pw.TextField(null=True)
    # This PC's own event coming back down the feed: awaited | seen | resent (schema 4,
    # `station_app.echoes`); none for the call center's events, rejected ones and older ones.
    echo = pw.TextField(null=True)

    class Meta:
        table_name = "events"
        indexes = ((("origin", "acked_at", "seq"), False),)


class SyncState(BaseModel):
    key = pw.TextField(primary_key=True)
    value = JsonField()

    class Meta:
        table_name = "sync_state"


class Setting(BaseModel):
    key = pw.TextField(primary_key=True)
    value = JsonField()

    class Meta:
        table_name = "settings"


class QuarantinedChange(BaseModel):
    """A change from the server the station could not read; kept for support staff."""

    seq = pw.IntegerField(primary_key=True)
    payload = pw.TextField(column_name="raw")  # what the server sent; not `raw`: Model.raw()
    error = pw.TextField()
    received_at = UtcDateTimeField()

    class Meta:
        table_name = "quarantined_changes"


class PrintJob(BaseModel):
    """A form on its way to a receipt printer; persisted before a byte is sent."""

    id = pw.AutoField()
    printer = pw.TextField(default="default")
    form = pw.TextField()
    order = pw.ForeignKeyField(OrderRow, field=OrderRow.id, null=True, column_name="order_id",
                               on_update="CASCADE")
    copy_number = pw.IntegerField(default=1)
    data = pw.BlobField()  # the encoded bytes, exactly as they go on the wire
    preview = pw.TextField(default="")  # the receipt as text, for the queue list and checks
    state = pw.TextField(index=True, default="queued")  # queued|printing|done|failed|cancelled
    attempts = pw.IntegerField(default=0)
    last_error = pw.TextField(default="")
    created_at = UtcDateTimeField()
    updated_at = UtcDateTimeField()
    done_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "print_jobs"


_SYNC_VALUE = (f'SELECT "{SyncState.value.column_name}" FROM "{SyncState._meta.table_name}" '
               f'WHERE "{SyncState.key.column_name}" = ?')

ALL_MODELS: list[type[BaseModel]] = [
    OrderRow, EventRow, SyncState, Setting, QuarantinedChange, PrintJob,
]


# ---------------------------------------------------------------------------------------------
# Migrations: MIGRATIONS[n] takes the schema from version n to n + 1. Never edit a released one.


def _v0_create(database: pw.SqliteDatabase) -> None:
    database.create_tables(ALL_MODELS)


# The search box's index: an FTS5 trigram index over orders.search_text (substrings of 3 or
# more characters). Orders have a text key and SQLite may renumber their rowids (VACUUM), so
# order_search gives each order a stable integer key for the contentless FTS table.
_V1_SEARCH_INDEX = """
CREATE INDEX orders_list_issued ON orders (issued_at, id, status);
CREATE INDEX orders_list_status ON orders (status, issued_at, id);
CREATE TABLE order_search (rowid INTEGER PRIMARY KEY, order_id TEXT NOT NULL UNIQUE);
CREATE VIRTUAL TABLE order_search_fts USING fts5(search_text, content='', tokenize='trigram');
INSERT INTO order_search (order_id) SELECT id FROM orders;
INSERT INTO order_search_fts (rowid, search_text)
    SELECT s.rowid, o.search_text FROM order_search s JOIN orders o ON o.id = s.order_id;
CREATE TRIGGER order_search_insert AFTER INSERT ON orders BEGIN
    INSERT INTO order_search (order_id) VALUES (new.id);
    INSERT INTO order_search_fts (rowid, search_text)
        SELECT rowid, new.search_text FROM order_search WHERE order_id = new.id;
END;
CREATE TRIGGER order_search_update AFTER UPDATE OF id, search_text ON orders
WHEN old.id IS NOT new.id OR old.search_text IS NOT new.search_text BEGIN
    INSERT INTO order_search_fts (order_search_fts, rowid, search_text)
        SELECT 'delete', rowid, old.search_text FROM order_search WHERE order_id = old.id;
    UPDATE order_search SET order_id = new.id WHERE order_id = old.id;
    INSERT INTO order_search_fts (rowid, search_text)
        SELECT rowid, new.search_text FROM order_search WHERE order_id = new.id;
END;
CREATE TRIGGER order_search_delete AFTER DELETE ON orders BEGIN
    INSERT INTO order_search_fts (order_search_fts, rowid, search_text)
        SELECT 'delete', rowid, old.search_text FROM order_search WHERE order_id = old.id;
    DELETE FROM order_search WHERE order_id = old.id;
END;
"""


def _v1_search_index(database: pw.SqliteDatabase) -> None:
    for statement in _statements(_V1_SEARCH_INDEX):
        database.execute_sql(statement)


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (triggers hold `;` up to their END)."""
    out: list[str] = []
    for chunk in script.split(";\n"):
        if out and out[-1].lstrip().upper().startswith("CREATE TRIGGER") and \
                not out[-1].rstrip().upper().endswith("END"):
            out[-1] += ";\n" + chunk
        elif chunk.strip():
            out.append(chunk)
    return [s.strip() for s in out if s.strip()]


def _v2_phoned_at(database: pw.SqliteDatabase) -> None:
    # A new file's events table already has it (_v0 creates the models as they are now).
    columns = [r[1] for r in database.execute_sql('PRAGMA table_info("events")').fetchall()]
    if "phoned_at" not in columns:
        database.execute_sql('ALTER TABLE "events" ADD COLUMN "phoned_at" TEXT')


def _v3_devices(database: pw.SqliteDatabase) -> None:
    """Which of the station's PCs recorded an event."""
    have = {row[1] for row in database.execute_sql('PRAGMA table_info("events")')}
    for column in ("device_id", "device_name"):
        if column not in have:  # a file made by this version has them from _v0_create
            database.execute_sql(f'ALTER TABLE "events" ADD COLUMN "{column}" TEXT')


def _v4_echoes(database: pw.SqliteDatabase) -> None:
    """Whether the call center sent each acknowledged event of this PC back."""
    if "echo" not in {row[1] for row in database.execute_sql('PRAGMA table_info("events")')}:
        database.execute_sql('ALTER TABLE "events" ADD COLUMN "echo" TEXT')
    database.execute_sql('CREATE INDEX IF NOT EXISTS "events_awaiting_echo" '
                         'ON "events" ("acked_at") WHERE "echo" = \'awaited\'')  # the few


MIGRATIONS: list[Callable[[pw.SqliteDatabase], None]] = [
    _v0_create, _v1_search_index, _v2_phoned_at, _v3_devices, _v4_echoes]
SCHEMA_VERSION = len(MIGRATIONS)

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": 5000,
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Store:
    """An open station file with its own database; threads share it (peewee keeps a
    connection per thread). Several may be open in one process: the models reach the one
    `active()` in the running context (`station.Station` makes every call of its own so)."""

    def __init__(self, path: Path, lock: InstanceLock | None, database: StationDatabase) -> None:
        self.path = path
        self._lock = lock
        self.db = database

    @contextlib.contextmanager
    def active(self) -> Iterator[Self]:
        """The models' statements go to this store until the block ends (this thread or
        task only; nested blocks of other stores take over and give back)."""
        token = active_database.set(self.db)
        try:
            yield self
        finally:
            active_database.reset(token)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, exclusive: bool = True,
             check: str = "now") -> Self:
        """Open (creating if missing) and migrate the station file at ``path``.

        ``exclusive`` takes the instance lock, so a second copy of the application on the same
        data is refused with a clear message instead of both writing to it.
        Every page of an existing file is checked before anything is written to it: at once
        (``check="now"``), or (``"background"``, for the window, whose start it would slow by
        about a second at 100,000 orders) on a thread of its own while reads go on, every
        write waiting for its verdict.
        """
        path = Path(path)
        lock = take_lock(path) if exclusive else None
        db = StationDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
        db.bind_path(path)
        token = active_database.set(db)
        try:
            existed = check_header(path)
            try:
                db.connect(reuse_if_open=True)
                version = db.execute_sql("PRAGMA user_version").fetchone()[0]
                if existed and (check == "now" or version < SCHEMA_VERSION):
                    check_pages(path, db.execute_sql)  # a migration writes: check first
                elif existed:
                    db.page_check = PageCheck(path, db)
                if version > SCHEMA_VERSION:
                    raise StoreTooNew(
                        path,
                        f"this file was written by a newer Station Desk (schema {version}, "
                        f"this version knows {SCHEMA_VERSION}); update the application",
                        f"数据文件来自更新版本的程序(版本{version}),请先升级本程序",
                    )
                for step in range(version, SCHEMA_VERSION):
                    with db.atomic():
                        MIGRATIONS[step](db)
                        db.execute_sql(f"PRAGMA user_version = {step + 1}")
            except (pw.DatabaseError, sqlite3.Error) as exc:
                db.close()
                raise translate(path, exc) from exc
            except UserError:
                db.close()
                raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        finally:
            active_database.reset(token)
        db_router.initialize(db)  # the one opened last, where no store is active
        return cls(path, lock, db)

    def close(self) -> None:
        if self.db.page_check is not None:
            self.db.page_check.stop()
        if not self.db.is_closed():
            self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """One SQLite transaction (``BEGIN IMMEDIATE``, so writers queue instead of failing)."""
        db = self.db
        with self.active(), db.connection_context() if db.is_closed() else \
                contextlib.nullcontext(), db.atomic("IMMEDIATE"):
            yield

    def integrity_ok(self) -> bool:
        return self.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"

    # -- small key/value tables --------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = Setting.get_or_none(Setting.key == key)
        return default if row is None else row.value

    def set_settings(self, values: dict[str, Any]) -> None:
        """Write several settings in one transaction: all or none."""
        with self.transaction():
            for k, v in values.items():
                Setting.insert(key=k, value=v).on_conflict_replace().execute()

    def get_sync(self, key: str, default: Any = None) -> Any:
        # Asked for on every record and every query (the clock offset): the statement's text
        # is made once (see station_app/hot_queries.py for why).
        row = self.db.execute_sql(_SYNC_VALUE, (key,)).fetchone()
        return default if row is None else SyncState.value.python_value(row[0])

    def set_sync(self, key: str, value: Any) -> None:
        SyncState.insert(key=key, value=value).on_conflict_replace().execute()

    def forget_sync(self, key: str) -> None:
        SyncState.delete().where(SyncState.key == key).execute()
