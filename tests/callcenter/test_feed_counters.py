"""The change feed's numbering (`feed.append_many`, one statement per station): seqs continue
per station, a station's first change makes its counter even when two writers make it at
once, and on PostgreSQL every process listening hears of each station at commit (only then).
Real SQLite files and the throwaway PostgreSQL."""

from __future__ import annotations

import select
import threading
import time

import pytest

from callcenter import db as database
from callcenter import feed
from callcenter.models import ChangeRow, FeedCounter, create_schema


def _open(db_url: str) -> None:
    database.db.initialize(database.make_database(db_url))
    database.read(create_schema)

    def counters() -> None:
        FeedCounter.insert(station_code="10001", last_seq=7).execute()

    database.write(counters)


def _changes(*stations: str) -> list[tuple[str, str, str, dict]]:
    return [(s, "event", f"order-{n}", {"n": n}) for n, s in enumerate(stations)]


def test_seqs_continue_per_station_with_or_without_a_counter_yet(db_url):
    _open(db_url)
    seqs = database.write(lambda: feed.append_many(_changes("10001", "20002", "10001",
                                                            "20002", "20002")))
    assert seqs == [8, 1, 9, 2, 3]  # 20002 had no counter row: its first change is 1
    assert database.write(lambda: feed.append("20002", "order", "o", {"x": 1})) == 4
    assert database.read(
        lambda: feed.counters(["10001", "20002"])) == {"10001": 9, "20002": 4}
    stored = database.read(lambda: list(ChangeRow.select(ChangeRow.station_code, ChangeRow.seq)
                                        .order_by(ChangeRow.id).tuples()))
    assert stored == [("10001", 8), ("20002", 1), ("10001", 9), ("20002", 2), ("20002", 3),
                      ("20002", 4)]
    page = database.read(lambda: feed.read_page("20002", 1))
    assert [c["seq"] for c in page.changes] == [2, 3, 4]


@pytest.mark.postgres
def test_two_writers_making_a_stations_first_counter_at_once(postgres_url):
    """The second waits for the first's counter row and numbers after it (it failed on the
    counter's unique key before)."""
    _open(postgres_url)
    first_in = threading.Event()
    release = threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        def fn() -> list[int]:
            seqs = feed.append_many(_changes("30003", "30003"))
            first_in.set()
            release.wait(10)
            return seqs

        results["first"] = database.write(fn)

    def second() -> None:
        first_in.wait(10)
        try:
            results["second"] = database.write(lambda: feed.append_many(_changes("30003")))
        except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
            results["second"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_in.wait(10)
    time.sleep(0.3)  # the second is waiting on the first's row now
    release.set()
    for t in threads:
        t.join(20)
    assert results == {"first": [1, 2], "second": [3]}


@pytest.mark.postgres
def test_listeners_hear_each_station_at_commit_and_not_after_a_rollback(postgres_url):
    import psycopg2

    _open(postgres_url)
    listener = psycopg2.connect(postgres_url)
    listener.autocommit = True
    try:
        listener.cursor().execute(f"LISTEN {feed.NOTIFY_CHANNEL}")

        def heard(wait: float) -> set[str]:
            out: set[str] = set()
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline:
                if select.select([listener], [], [], 0.05)[0]:
                    listener.poll()
                    out |= {n.payload for n in listener.notifies}
                    listener.notifies.clear()
            return out

        class Undo(Exception):
            pass

        def undone() -> None:
            feed.append_many(_changes("10001"))
            raise Undo

        with pytest.raises(Undo):
            database.write(undone)
        assert heard(0.5) == set()
        database.write(lambda: feed.append_many(_changes("10001", "40004", "10001")))
        assert heard(2.0) == {"10001", "40004"}
    finally:
        listener.close()
