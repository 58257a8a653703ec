"""SQLite writers of one process queue in arrival order in front of BEGIN IMMEDIATE instead
of racing in SQLite's busy wait."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from callcenter import db as database
from callcenter.models import Station, create_schema


def test_the_lock_is_handed_over_in_arrival_order():
    lock = database.FairLock()
    lock.acquire()
    got: list[int] = []
    threads = []
    for n in range(8):
        t = threading.Thread(target=lambda n=n: (lock.acquire(), got.append(n), lock.release()))
        t.start()
        threads.append(t)
        while lock.waiting != n + 1:  # this one is queued before the next comes
            threading.Event().wait(0.001)
    lock.release()
    for t in threads:
        t.join(5)
    assert got == list(range(8))


@pytest.fixture
def sqlite_db(tmp_path):
    database.db.initialize(database.make_database(str(tmp_path / "cc.sqlite3")))
    database.read(create_schema)
    yield
    database.db.obj.close_all()


def test_a_write_waits_its_turn_before_it_begins(sqlite_db):
    began = threading.Event()

    def write() -> None:
        def fn() -> None:
            began.set()
            Station.create(code="12345", name="合肥北站", created_at=datetime.now(UTC))
        database.write(fn)

    database.SQLITE_WRITERS.acquire()  # another writer of this process holds its turn
    t = threading.Thread(target=write)
    t.start()
    try:
        while database.SQLITE_WRITERS.waiting != 1:
            threading.Event().wait(0.001)
        assert not began.is_set()  # queued in the process, not inside SQLite's busy wait
    finally:
        database.SQLITE_WRITERS.release()
    t.join(10)
    assert began.is_set()
    assert database.read(lambda: Station.select().count()) == 1


def test_many_writers_all_get_through(sqlite_db):
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for k in range(10):
                database.write(lambda n=n, k=k: Station.create(
                    code=f"{n:02d}{k:03d}", name="站", created_at=datetime.now(UTC)))
        except BaseException as exc:  # noqa: BLE001 (collected for the assertion)
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert database.read(lambda: Station.select().count()) == 200
