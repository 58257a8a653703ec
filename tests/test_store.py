"""The station file: durable commits, clear errors for locked/corrupt/newer files, migrations."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

from station_app import store, store_context
from station_app.store import EventRow, OrderRow, Store, StoreCorrupt, StoreLocked, StoreTooNew

CHILD = textwrap.dedent(
    """
    import os, signal, sys, uuid
    from datetime import UTC, datetime
    from station_app.store import Store, OrderRow, EventRow

    path, order_id, event_id = sys.argv[1], uuid.UUID(sys.argv[2]), uuid.UUID(sys.argv[3])
    s = Store.open(path)
    now = datetime.now(UTC)
    with s.transaction():
        if OrderRow.get_or_none(OrderRow.id == order_id) is None:
            OrderRow.create(id=order_id, business_no="R1", kind="rescue", station_code="34012",
                            data={}, status="new", issued_at=now, updated_at=now)
        EventRow.create(id=event_id, order=order_id, type="contact_attempt", occurred_at=now,
                        recorded_at=now, author="clerk", payload={"outcome": "reached"},
                        origin="local")
    os.kill(os.getpid(), signal.SIGKILL)  # power cut right after the commit returned
    """
)


def _run_child(path: Path, order_id: uuid.UUID, event_id: uuid.UUID) -> int:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(order_id), str(event_id)],
                          capture_output=True, text=True, timeout=60)
    return done.returncode


def test_event_committed_then_sigkill_survives(tmp_path: Path) -> None:
    path = tmp_path / "station.sqlite3"
    order_id = uuid.uuid4()
    event_ids = [uuid.uuid4() for _ in range(5)]
    for event_id in event_ids:
        assert _run_child(path, order_id, event_id) == -9
    with Store.open(path) as s:
        assert s.integrity_ok()
        stored = {e.id for e in EventRow.select()}
        assert stored == set(event_ids)
        assert s.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_pragmas_and_schema_version(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as s:
        pragma = lambda name: s.db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("synchronous") == 2
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000
        assert pragma("user_version") == store.SCHEMA_VERSION


def test_migrations_run_in_order_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()

    def _v1_add_column(database: object) -> None:
        store_context.db.execute_sql("ALTER TABLE orders ADD COLUMN colour TEXT DEFAULT ''")

    monkeypatch.setattr(store, "MIGRATIONS", [*store.MIGRATIONS, _v1_add_column])
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(store.MIGRATIONS))
    with Store.open(path) as s:
        cols = [r[1] for r in s.db.execute_sql("PRAGMA table_info(orders)").fetchall()]
        assert "colour" in cols
        assert s.db.execute_sql("PRAGMA user_version").fetchone()[0] == len(store.MIGRATIONS)
    Store.open(path).close()  # a second open does not run the migration again


def test_second_instance_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from station_app.store import Store; s = Store.open(sys.argv[1]); "
         "print('open', flush=True); sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreLocked) as err:
            Store.open(path)
        assert str(path) in err.value.en
        assert "已在运行" in err.value.zh
    finally:
        holder.communicate("", timeout=30)
    Store.open(path).close()  # free again once the other instance is gone


def test_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with pytest.raises(StoreCorrupt) as err:
        Store.open(path)
    assert "damaged" in err.value.en and "损坏" in err.value.zh and str(path) in err.value.en
    assert path.read_bytes() == garbage


def test_damaged_database_pages_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    raw = bytearray(path.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # keep the magic header, wreck the schema page
    path.write_bytes(bytes(raw))
    before = path.read_bytes()
    with pytest.raises(StoreCorrupt):
        Store.open(path)
    assert path.read_bytes() == before


def test_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as con:
        con.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 5}")
    with pytest.raises(StoreTooNew, match="newer"):
        Store.open(path)


def test_settings_are_written_all_or_nothing(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.sqlite3") as s:
        s.set_settings({"a": 1, "b": {"x": "中文"}})
        assert s.get_setting("b") == {"x": "中文"}
        with pytest.raises(TypeError):
            s.set_settings({"a": 2, "c": object()})
        assert s.get_setting("a") == 1
        assert s.get_setting("c", "missing") == "missing"


def test_naive_datetimes_are_refused(tmp_path: Path) -> None:
    from datetime import datetime

    with Store.open(tmp_path / "s.sqlite3"):
        with pytest.raises(ValueError, match="naive"):
            OrderRow.create(id=uuid.uuid4(), business_no="R1", kind="rescue",
                            station_code="34012", data={}, status="new",
                            issued_at=datetime(2026, 1, 1), updated_at=datetime(2026, 1, 1))
