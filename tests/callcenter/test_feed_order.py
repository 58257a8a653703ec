"""Change numbering under concurrent writers: a reader of `seq > cursor` never skips a change
that commits late, and each station's numbers run 1, 2, 3… with no gap."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import psycopg2
import pytest

from callcenter import db as database
from callcenter import feed
from callcenter.commands.common import open_database
from callcenter.models import FeedCounter, Station

pytestmark = pytest.mark.integration

A = "12345"


@pytest.fixture
def feed_db(db_url) -> Iterator[str]:
    open_database(db_url)

    def setup() -> None:
        from datetime import UTC, datetime

        Station.create(code=A, name="A", created_at=datetime.now(UTC))
        FeedCounter.create(station_code=A, last_seq=0)

    database.write(setup)
    yield db_url
    database.db.obj.close_all()


def _wait_for_lock_waiter(db_url: str) -> None:
    """Until a PostgreSQL backend of this database waits on a row lock."""
    name = db_url.rsplit("/", 1)[1]
    host_port = db_url.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":")
    conn = psycopg2.connect(dbname=name, user="postgres", host=host, port=int(port))
    conn.autocommit = True
    try:
        deadline = time.monotonic() + 10
        with conn.cursor() as cur:
            while time.monotonic() < deadline:
                cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                            "AND wait_event_type = 'Lock'", (name,))
                if cur.fetchone()[0] > 0:
                    return
                time.sleep(0.01)
    finally:
        conn.close()
    raise AssertionError("the second writer never waited for the first")


def test_a_change_that_commits_late_is_never_skipped(feed_db):
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_writer() -> None:
        def body() -> None:
            feed.append(A, "event", "order-1", {"n": 1})
            holding.set()
            assert release.wait(20)

        try:
            database.write(body)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    def fast_writer() -> None:
        try:
            database.write(lambda: feed.append(A, "event", "order-2", {"n": 2}))
        except BaseException as exc:
            errors.append(exc)

    slow = threading.Thread(target=slow_writer)
    slow.start()
    assert holding.wait(10)
    fast = threading.Thread(target=fast_writer)
    fast.start()
    if database.is_postgres_db():
        _wait_for_lock_waiter(feed_db)
    else:
        fast.join(0.3)  # SQLite: the writer queues on the file lock; nothing to observe
        assert fast.is_alive()
    # The reader sees neither change while the first is uncommitted: the second cannot commit
    # ahead of it, so a cursor can never move past the first.
    assert database.read(lambda: feed.read_page(A, 0).changes) == []
    release.set()
    slow.join()
    fast.join()
    assert not errors
    page = database.read(lambda: feed.read_page(A, 0).changes)
    assert [(c["seq"], c["n"]) for c in page] == [(1, 1), (2, 2)]


def test_concurrent_writers_and_a_following_reader(feed_db):
    writers, per_writer = 4, 25
    seen: list[int] = []
    stop = threading.Event()

    def write(w: int) -> None:
        for i in range(per_writer):
            database.write(lambda i=i: feed.append(A, "event", f"o{w}-{i}", {"w": w, "i": i}))

    def read() -> None:
        cursor, mark = 0, ""  # as a station follows it: each read proves where it stands
        while not stop.is_set() or cursor < writers * per_writer:
            page = database.read(lambda c=cursor, m=mark: feed.read_page(A, c, mark=m))
            for change in page.changes:
                assert change["seq"] == cursor + 1, (change["seq"], cursor)
                cursor = change["seq"]
                seen.append(cursor)
            mark = page.last_mark

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join(30)
    assert seen == list(range(1, writers * per_writer + 1))
