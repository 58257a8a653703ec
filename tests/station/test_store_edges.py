"""The station file at the field's edges: a full disk, a damaged page, an empty file. Real
SQLite files; a full database made with `PRAGMA max_page_count`, and a really full small disk
(a tmpfs, mounted where the tests run as root)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path
from uuid import UUID

import pytest

from station_app import hot_queries, paths
from station_app.station import Station
from station_app.store import SCHEMA_VERSION, EventRow, StoreCorrupt, StoreEmpty, StoreFull
from station_app.store_context import db
from station_app.sync_status import Link
from station_desk import cli
from tests.station import factories as f
from tests.station.factories import STATION
from tests.support.small_disk import disk_filled


def _deliver(station: Station, *orders: f.wire.Order) -> None:
    station.apply_changes(f.page(*[f.order_change(i + 1, o) for i, o in enumerate(orders)]))


def _fill_database(station: Station) -> None:
    """Let the file grow no more (this connection): what SQLite reports on a full disk."""
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")


def _unfill_database() -> None:
    db.execute_sql("PRAGMA max_page_count = 1073741823")


def _local_events() -> int:
    return EventRow.select().where(EventRow.origin == "local").count()


def _record_until_full(station: Station, order_id: UUID) -> StoreFull:
    for i in range(2000):
        try:
            station.record_note(order_id, "满" * 400 + str(i))
        except StoreFull as exc:
            return exc
    raise AssertionError("the database never filled up")


def _is_clear_full_disk_message(exc: BaseException | str, folder: Path) -> None:
    en, zh = (exc.en, exc.zh) if not isinstance(exc, str) else (exc, exc)
    assert "the disk holding the station data is full" in en and str(folder) in en
    assert "MB free" in en and "nothing of this entry was saved" in en
    assert "磁盘已满" in zh and "MB" in zh


def test_a_full_database_saves_nothing_of_the_entry_says_so_and_recovers(station):
    o = f.order()
    _deliver(station, o)
    station.record_contact(o.id, "reached", "明天")
    _fill_database(station)
    before_events, before = _local_events(), station.order(o.id)
    exc = _record_until_full(station, o.id)
    _is_clear_full_disk_message(exc, station.data_dir)
    saved = _local_events()
    # Nothing partial: every entry is there whole (its event and the order's new state) or not.
    after = station.order(o.id)
    assert saved >= before_events and after.state.status == before.state.status
    assert len([e for e in after.timeline if e.event.type == "note"]) == saved - before_events
    assert station.sync_status().events_waiting == saved
    status = station.sync_status()
    assert status.link is Link.OFFLINE and "disk holding the station data is full" in \
        status.last_error_en and "磁盘已满" in status.last_error_zh
    _unfill_database()  # space freed: the same process goes on
    station.record_note(o.id, "空间已释放")
    assert _local_events() == saved + 1
    assert station.sync_status().last_error_en == ""


def test_a_full_database_refuses_a_phone_order_and_settings_whole(station):
    _fill_database(station)
    with pytest.raises(StoreFull):
        for i in range(2000):
            station.set_settings({"station_name": "合肥一站" * 10 + str(i)})
            station.enter_order_by_phone({
                "business_no": f"TEL{i:05d}", "station_code": STATION, "kind": "dispatch",
                "customer": {"name": "王先生" * 20, "phone": "13900000000"},
                "location": "合肥" * 60})
    _unfill_database()
    station.set_settings({"station_name": "合肥一站"})
    assert station.settings.get("station_name") == "合肥一站"


# -- a really full disk ------------------------------------------------------------------------


def test_a_really_full_disk_in_the_api_the_cli_and_the_status(small_disk, callcenter_server,
                                                               capsys):
    data = small_disk / "data"
    token = callcenter_server.add_station(STATION, "合肥一站")
    server_order = callcenter_server.issue_order(STATION)
    st = Station.open(data)
    st.set_settings({"station_code": STATION, "user": "张三",
                     "server_url": callcenter_server.base_url})
    st.set_token(token)
    assert cli.main(["--data-dir", str(data), "sync", "--once", "-q"]) == 1  # locked by st
    capsys.readouterr()
    st.close()
    assert cli.main(["--data-dir", str(data), "sync", "--once", "-q"]) == 0
    st = Station.open(data)
    oid = UUID(server_order["id"])
    st.record_contact(oid, "reached", "第一次")
    waiting = st.sync_status().events_waiting
    with disk_filled(small_disk):
        exc = _record_until_full(st, oid)
        _is_clear_full_disk_message(exc, data)
        assert st.sync_status().link is Link.OFFLINE
        assert "is full" in st.sync_status().last_error_en
        with pytest.raises(StoreFull):
            st.set_token("another-token")
        waiting = st.sync_status().events_waiting
    st.record_note(oid, "空间已释放")  # recovered, same process
    waiting += 1
    with disk_filled(small_disk):
        st.close()
        capsys.readouterr()
        assert cli.main(["--data-dir", str(data), "sync", "--once"]) == 1
        err = capsys.readouterr().err
        _is_clear_full_disk_message(err, data)
        assert "Traceback" not in err
        assert cli.main(["--data-dir", str(data), "status"]) == 0  # it only reads
        out = capsys.readouterr().out
        assert "offline" in out and "the disk holding the station data is full" in out
        assert "磁盘已满" in out and "Traceback" not in out
    assert cli.main(["--data-dir", str(data), "sync", "--once", "-q"]) == 0
    with Station.open(data) as st:
        assert st.sync_status().events_waiting == 0
    on_server = [e for e in callcenter_server.dispatcher.get(f"/v1/orders/{oid}").json()
                 ["events"] if e.get("station_code") == STATION]
    assert len(on_server) == waiting == len({e["id"] for e in on_server})


# -- damaged and empty files -------------------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _station_file(tmp_path: Path, orders: int = 200) -> Path:
    folder = tmp_path / "data"
    with Station.open(folder) as st:
        st.set_settings({"station_code": STATION, "user": "张三"})
        _deliver(st, *[f.order() for _ in range(orders)])
    return folder / paths.DB_FILENAME


def _damage_one_page(path: Path, table: str = "orders") -> None:
    """Wreck one page in the middle of ``table`` (a leaf of its b-tree), header kept."""
    con = sqlite3.connect(path)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                           (table,)).fetchone()[0]
    finally:
        con.close()
    raw = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    raw[start + 8:start + page_size] = b"\xa5" * (page_size - 8)
    path.write_bytes(bytes(raw))


def test_a_file_with_one_damaged_page_is_refused_and_left_byte_for_byte(tmp_path, capsys):
    path = _station_file(tmp_path)
    _damage_one_page(path)
    before = _digest(path)
    with pytest.raises(StoreCorrupt) as err:
        Station.open(path.parent)
    assert "damaged" in err.value.en and "损坏" in err.value.zh and str(path) in err.value.en
    assert "do not delete it" in err.value.en
    assert _digest(path) == before
    for command in (["status"], ["status", "--json"], ["sync", "--once"]):
        assert cli.main(["--data-dir", str(path.parent), *command]) == 1
        out = capsys.readouterr()
        assert "damaged" in out.err and "损坏" in out.err and "Traceback" not in out.err
    assert _digest(path) == before


def test_damage_met_later_is_the_same_clear_error_and_stops_writes(tmp_path):
    path = _station_file(tmp_path)
    st = Station.open(path.parent)
    try:
        o = f.order()
        st.apply_changes(f.page(f.order_change(1000, o)))
        st.store.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        _damage_one_page(path)
        before = _digest(path)
        failures: list[BaseException] = []

        def fresh_connection() -> None:  # a new thread reads the file, not a cache
            try:
                st.order_ids()
                st.summaries(list(st.order_ids()))
            except BaseException as exc:  # noqa: BLE001 - the test looks at it
                failures.append(exc)
            finally:
                db.close()

        t = threading.Thread(target=fresh_connection)
        t.start()
        t.join()
        assert failures and isinstance(failures[0], StoreCorrupt), failures
        with pytest.raises(StoreCorrupt):
            st.record_note(o.id, "不应写入")
        with pytest.raises(StoreCorrupt):
            st.set_settings({"station_name": "不应写入"})
        status = st.sync_status()
        assert "damaged" in status.last_error_en and status.link is Link.OFFLINE
    finally:
        st.close()
    assert _digest(path) == before


def test_an_empty_file_is_refused_with_how_to_start_fresh(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / paths.DB_FILENAME
    path.write_bytes(b"")
    with pytest.raises(StoreEmpty) as err:
        Station.open(folder)
    assert "empty" in err.value.en and "delete or rename the file" in err.value.en
    assert "空的" in err.value.zh and path.stat().st_size == 0
    assert cli.main(["--data-dir", str(folder), "status"]) == 1
    assert "empty" in capsys.readouterr().err
    assert path.stat().st_size == 0
    path.unlink()  # starting fresh on purpose
    with Station.open(folder) as st:
        assert st.code == ""


def test_the_windows_background_check_refuses_every_write_to_a_damaged_file(tmp_path):
    path = _station_file(tmp_path)
    _damage_one_page(path, "events")
    before = _digest(path)
    told = threading.Event()
    st = Station.open(path.parent, check="background")  # the window's way: it opens at once
    try:
        st.on_sync_state(lambda status: told.set() if "damaged" in status.last_error_en
                         else None)
        with pytest.raises(StoreCorrupt):  # the write waits for the check's verdict
            st.set_settings({"station_name": "不应写入"})
        # told as it was found — or found before anyone listened: then the status says it
        assert told.wait(5) or "damaged" in st.sync_status().last_error_en
        assert "damaged" in st.sync_status().last_error_en
        with pytest.raises(StoreCorrupt):
            st.enter_order_by_phone({"business_no": "TEL1", "station_code": STATION,
                                     "kind": "dispatch", "location": "合肥",
                                     "customer": {"name": "王", "phone": "13900000000"}})
    finally:
        st.close()
    assert _digest(path) == before


def test_the_background_check_lets_a_sound_file_work(tmp_path):
    path = _station_file(tmp_path, orders=20)
    with Station.open(path.parent, check="background") as st:
        o = f.order()
        st.apply_changes(f.page(f.order_change(100, o)))
        st.record_note(o.id, "正常")
        assert st.sync_status().events_waiting == 1 and st.sync_status().last_error_en == ""


def test_a_file_from_before_phoned_at_is_upgraded_keeping_its_events(tmp_path):
    path = _station_file(tmp_path, orders=3)
    con = sqlite3.connect(path)
    con.execute('ALTER TABLE "events" DROP COLUMN "phoned_at"')
    con.execute("PRAGMA user_version = 2")
    con.commit()
    count = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    con.close()
    with Station.open(path.parent) as st:
        assert st.store.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert EventRow.select().count() == count
        local = st.enter_order_by_phone({
            "business_no": "TEL-OLD", "station_code": STATION, "kind": "dispatch",
            "location": "合肥", "customer": {"name": "王", "phone": "13900000000"}})
        event = st.record_note(local, "电话接单")
        assert event.phoned_at == st.order(local).order.issued_at


def test_a_file_from_before_echoes_is_upgraded_and_awaits_the_next_ones(tmp_path):
    path = _station_file(tmp_path, orders=3)
    con = sqlite3.connect(path)
    con.execute('DROP INDEX "events_awaiting_echo"')
    con.execute('ALTER TABLE "events" DROP COLUMN "echo"')
    con.execute("PRAGMA user_version = 3")
    con.commit()
    con.close()
    with Station.open(path.parent) as st:
        assert st.store.db.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {e.echo for e in EventRow.select()} == {None}  # nothing awaited of the old ones
        o = f.order()
        st.apply_changes(f.page(f.order_change(100, o)))
        note = st.record_note(o.id, "升级之后")
        with st.store.transaction():
            hot_queries.acknowledge([(note.id, "accepted", "", 7)], st.now())
        assert EventRow.get(EventRow.id == note.id).echo == "awaited"
        plan = st.store.db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE echo = 'awaited' AND acked_at < ?",
            ("2100",)).fetchall()
        assert "events_awaiting_echo" in str(plan)
