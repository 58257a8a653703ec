"""A database restored from a backup (docs/deploy.md, "Backup and restore"): its change feed is
numbered as at the backup, behind what the stations' PCs already received. An order issued
after the restore was numbered what a PC had already, so it asked for the changes after it and
was never sent the order: nothing at the counter said so. `callcenter after-restore` moves every
station's feed past what any PC can hold.

A restore done without the command is caught by the PCs themselves: each asks for the changes
after the one it holds together with that change's identity, which the restored feed does not
hold; told so, the PC fetches its orders again and sends again what it had sent since the
backup."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from uuid import UUID

import pytest

from callcenter import cli
from callcenter import db as database
from station_app.order_detail import Notice, SyncMark
from station_app.station import Station
from station_app.sync import SyncClient
from station_app.sync_status import CURSOR, CURSOR_MARK
from station_app.sync_worker import SyncWorker
from station_app.transport import HttpTransport
from tests.station.test_two_devices import sync, wait_until
from tests.support.callcenter_server import CallCenterServer

STATION = "34101"


def _backup_sqlite(path: Path, to: Path) -> Callable[[], None]:
    """`sqlite3 … ".backup"` now; the returned restore puts it back in place of the file."""
    src, dst = sqlite3.connect(path), sqlite3.connect(to)
    src.backup(dst)
    src.close()
    dst.close()

    def restore() -> None:
        for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        to.replace(path)

    return restore


def _backup_postgres(cluster, url: str, to: Path) -> Callable[[], None]:
    """docs/deploy.md's pg_dump now; the returned restore is its dropdb, createdb, pg_restore."""
    name, port = url.rsplit("/", 1)[1], str(cluster.port)
    where = ["-h", "127.0.0.1", "-p", port, "-U", "postgres"]
    subprocess.run([str(cluster.bin_dir / "pg_dump"), *where, "--format=custom",
                    f"--file={to}", name], check=True, capture_output=True)

    def restore() -> None:
        database.db.obj.close_all()
        cluster.drop_database(url)
        cluster._admin(f"CREATE DATABASE {name}")
        subprocess.run([str(cluster.bin_dir / "pg_restore"), *where, f"--dbname={name}",
                        "--no-owner", str(to)], check=True, capture_output=True)

    return restore


def _sync(pc: Station, server: CallCenterServer) -> None:
    pc.set_settings({"server_url": server.base_url})  # a restarted service has a new port
    sync(pc)


@contextmanager
def _serving_an_order(db: Path, pc: Station) -> Iterator[tuple[CallCenterServer, UUID]]:
    """The call center on ``db`` with the PC's station and one order, which the PC has."""
    with CallCenterServer(str(db), fallback_poll=120) as server:
        pc.set_token(server.add_station(STATION, "合肥一站"))
        order = UUID(server.issue_order(STATION)["id"])
        _sync(pc, server)
        yield server, order


def _push_only(pc: Station, server: CallCenterServer) -> None:
    transport = HttpTransport(server.base_url, pc.token() or "")
    try:
        SyncClient(pc, transport).push()
    finally:
        transport.close()


def _restored_station_misses_nothing(db: str, backup: Callable[[], Callable[[], None]],
                                     pc: Station, capsys) -> None:
    with CallCenterServer(db, fallback_poll=120) as server:
        pc.set_token(server.add_station(STATION, "合肥一站"))
        first = UUID(server.issue_order(STATION)["id"])
        restore = backup()
        lost = UUID(server.issue_order(STATION)["id"])  # after the backup: lost with the database
        _sync(pc, server)
        assert set(pc.order_ids()) == {first, lost}
    restore()

    assert cli.main(["--db", db, "after-restore"]) == 0
    said = capsys.readouterr().out
    assert "1 station" in said and "1个服务站" in said

    with CallCenterServer(db, fallback_poll=120) as server:
        issued = UUID(server.issue_order(STATION)["id"])
        _sync(pc, server)
        assert issued in set(pc.order_ids())  # before: never received, and nothing said so
        assert pc.order(lost).notice is Notice.GONE_FROM_CALL_CENTER
        assert pc.order(first).notice is None
        page = server.client(pc.token()).get("/v1/changes", params={"after": 0}).json()
        assert str(issued) in [c["order"]["id"] for c in page["changes"]]  # and a new PC


class _Before(NamedTuple):
    first: UUID  # the order the PC worked on
    sent: list[UUID]  # its events: the first before the backup, the others after it
    lost: UUID  # an order issued after the backup
    uncancelled: UUID  # an order issued before the backup and cancelled after it


def _sent_across_a_backup(db: str, backup: Callable[[], Callable[[], None]], pc: Station
                          ) -> tuple[_Before, Callable[[], None]]:
    with CallCenterServer(db, fallback_poll=120) as server:
        pc.set_token(server.add_station(STATION, "合肥一站"))
        first = UUID(server.issue_order(STATION)["id"])
        uncancelled = UUID(server.issue_order(STATION)["id"])
        _sync(pc, server)
        received = pc.mark_read(first)  # the clerk opened it: received, pushed
        assert received is not None
        _sync(pc, server)
        restore = backup()
        # after the backup, each acknowledged and then lost with the database:
        contact = pc.record_contact(first, "reached")
        departed = pc.record_departed(first, ["王师傅"])
        lost = UUID(server.issue_order(STATION)["id"])
        server.cancel_order(str(uncancelled))
        _sync(pc, server)
        assert pc.outbox() == []
        assert pc.order(uncancelled).state.status.value == "cancelled"
    return _Before(first, [received.id, contact.id, departed.id], lost, uncancelled), restore


def _held(server: CallCenterServer, pc: Station, order_id: UUID) -> list[str]:
    """The ids of the events the call center holds of the order."""
    events = server.client(pc.token()).get(f"/v1/orders/{order_id}").json()["events"]
    return [e["id"] for e in events]


def _restored_without_the_command(db: str, backup: Callable[[], Callable[[], None]],
                                  pc: Station) -> None:
    before, restore = _sent_across_a_backup(db, backup, pc)
    first, lost = before.first, before.lost
    restore()  # and the service started again without `callcenter after-restore`

    with CallCenterServer(db, fallback_poll=120) as server:
        issued = UUID(server.issue_order(STATION)["id"])  # numbered as `lost` was
        _sync(pc, server)
        assert issued in set(pc.order_ids())  # before: never received, and nothing said so
        assert lost in set(pc.order_ids())  # what the call center lost stays at the counter
        assert pc.order(lost).notice is Notice.GONE_FROM_CALL_CENTER  # and says so
        assert pc.order(first).notice is None and pc.order(issued).notice is None
        # the cancellation the call center lost no longer counts: the order is live again
        live = pc.order(before.uncancelled)
        assert live.state.status.value == "new" and live.unread
        assert live.notice is Notice.RESTORED_AT_CALL_CENTER
        assert [t.sync for t in live.timeline if t.event.type.value == "cancelled"] == [
            SyncMark.WITHDRAWN]
        held = _held(server, pc, first)
        assert all(held.count(str(e)) == 1 for e in before.sent)  # back, each once
        assert pc.outbox() == []
        detail = pc.order(first)
        assert not detail.unread  # nothing new for the clerk: not shown as news
        assert [t.event.id for t in detail.timeline].count(before.sent[1]) == 1
        assert {t.sync.value for t in detail.timeline if t.origin == "local"} == {"delivered"}

        # answered once: the next order comes the ordinary way
        later = UUID(server.issue_order(STATION)["id"])
        _sync(pc, server)
        assert later in set(pc.order_ids())
        cursor, mark = pc.store.get_sync(CURSOR), pc.store.get_sync(CURSOR_MARK)
        assert server.client(pc.token()).get(
            "/v1/changes", params={"after": cursor, "mark": mark}).status_code == 200


@pytest.fixture
def pc(tmp_path: Path) -> Iterator[Station]:
    st = Station.open(tmp_path / "pc")
    st.set_settings({"station_code": STATION, "user": "张三"})
    try:
        yield st
    finally:
        st.close()


def test_after_a_sqlite_restore_the_station_gets_the_new_orders(tmp_path, pc, capsys):
    db = tmp_path / "callcenter.sqlite3"
    _restored_station_misses_nothing(
        str(db), lambda: _backup_sqlite(db, tmp_path / "backup.sqlite3"), pc, capsys)


@pytest.mark.postgres
def test_after_a_postgresql_restore_the_station_gets_the_new_orders(postgres_cluster,
                                                                    postgres_url, tmp_path,
                                                                    pc, capsys):
    _restored_station_misses_nothing(
        postgres_url, lambda: _backup_postgres(postgres_cluster, postgres_url,
                                               tmp_path / "cc-Mon.dump"), pc, capsys)


def test_a_sqlite_restore_without_the_command_is_caught_by_the_station(tmp_path, pc):
    db = tmp_path / "callcenter.sqlite3"
    _restored_without_the_command(
        str(db), lambda: _backup_sqlite(db, tmp_path / "backup.sqlite3"), pc)


@pytest.mark.postgres
def test_a_postgresql_restore_without_the_command_is_caught_by_the_station(
        postgres_cluster, postgres_url, tmp_path, pc):
    _restored_without_the_command(
        postgres_url, lambda: _backup_postgres(postgres_cluster, postgres_url,
                                               tmp_path / "cc-Mon.dump"), pc)


def test_the_counter_pcs_sync_worker_sends_the_lost_events_again_at_once(tmp_path, pc):
    """What runs at the counter: the worker's puller meets the rewind and wakes the pusher,
    which has sent what the clerk recorded while the service was down and would otherwise
    sleep until the next record or its idle retry (ten minutes here)."""
    db = tmp_path / "callcenter.sqlite3"
    before, restore = _sent_across_a_backup(
        str(db), lambda: _backup_sqlite(db, tmp_path / "backup.sqlite3"), pc)
    restore()
    with CallCenterServer(str(db), fallback_poll=120) as server:
        pc.set_settings({"server_url": server.base_url})
        issued = UUID(server.issue_order(STATION)["id"])
        note = pc.record_note(before.first, "用户电话催问")  # while the service was down
        worker = SyncWorker(pc, long_poll=1, idle_retry=600)
        worker.start()
        try:
            wait_until(lambda: issued in set(pc.order_ids())
                       and all(str(e) in _held(server, pc, before.first)
                               for e in [*before.sent, note.id]), timeout=20)
        finally:
            worker.stop()
        assert pc.outbox() == []


def test_events_acknowledged_just_before_a_restore_are_sent_again(tmp_path, pc):
    """The narrow window: the call center acknowledged the PC's entries and was then restored
    from a backup taken before them, while the PC had not yet read their echo. The PC holds
    no change the restored feed lacks, so nothing is rewound; reading the feed to its end
    without the echoes tells it the call center no longer holds them."""
    db = tmp_path / "callcenter.sqlite3"
    with _serving_an_order(db, pc) as (server, first):
        received = pc.mark_read(first)
        assert received is not None
        _sync(pc, server)
        restore = _backup_sqlite(db, tmp_path / "backup.sqlite3")
        contact = pc.record_contact(first, "reached")
        departed = pc.record_departed(first, ["王师傅"])
        _push_only(pc, server)  # acknowledged; the PC stops before pulling
        assert pc.outbox() == []
        assert {str(contact.id), str(departed.id)} <= set(_held(server, pc, first))
    restore()

    with CallCenterServer(str(db), fallback_poll=120) as server:
        assert str(contact.id) not in _held(server, pc, first)  # lost with the database
        _sync(pc, server)
        held = _held(server, pc, first)
        assert [held.count(str(e.id)) for e in (received, contact, departed)] == [1, 1, 1]
        assert pc.outbox() == []
        assert pc.order(first).state.status.value == "departed"


def test_the_counter_pcs_sync_worker_sends_the_unechoed_events_again(tmp_path, pc):
    """The same at the counter: the worker's long-poll comes back empty, and the pusher,
    which would sleep until the next record or its idle retry, sends them."""
    db = tmp_path / "callcenter.sqlite3"
    with _serving_an_order(db, pc) as (server, first):
        restore = _backup_sqlite(db, tmp_path / "backup.sqlite3")
        received = pc.mark_read(first)
        assert received is not None
        _push_only(pc, server)
    restore()
    with CallCenterServer(str(db), fallback_poll=120) as server:
        pc.set_settings({"server_url": server.base_url})
        worker = SyncWorker(pc, long_poll=1, idle_retry=600)
        worker.start()
        try:
            wait_until(lambda: str(received.id) in _held(server, pc, first), timeout=20)
        finally:
            worker.stop()
        assert pc.outbox() == []


@pytest.mark.parametrize("issued_in_between", [False, True])
def test_a_wrong_backup_restored_then_the_right_one_gives_back_what_it_took(
        tmp_path, pc, issued_in_between):
    """IT restores Monday's backup, sees Tuesday's is there and restores that. The cancellation
    made on Monday evening went with the first restore, and the PC struck it through; the
    second brings it back, and the PC shows the order cancelled again: through the feed, or
    through a rebuild when an order issued in between has moved the PC past Tuesday's feed."""
    db = tmp_path / "callcenter.sqlite3"
    with _serving_an_order(db, pc) as (server, order):
        monday = _backup_sqlite(db, tmp_path / "monday.sqlite3")
        server.cancel_order(str(order))
        _sync(pc, server)
        tuesday = _backup_sqlite(db, tmp_path / "tuesday.sqlite3")
    monday()
    with CallCenterServer(str(db), fallback_poll=120) as server:
        _sync(pc, server)
        assert pc.order(order).state.status.value == "new"  # as the call center has it now
        if issued_in_between:
            between = UUID(server.issue_order(STATION)["id"])
            _sync(pc, server)
    tuesday()
    with CallCenterServer(str(db), fallback_poll=120) as server:
        _sync(pc, server)
        back = pc.order(order)
        assert back.state.status.value == "cancelled"
        assert back.notice is Notice.CANCELLED
        assert [t.sync for t in back.timeline if t.event.type.value == "cancelled"] == [
            SyncMark.FROM_SERVER]
        if issued_in_between:
            assert pc.order(between).notice is Notice.GONE_FROM_CALL_CENTER
