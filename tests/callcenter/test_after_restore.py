"""A database restored from a backup (docs/deploy.md, "Backup and restore"): its change feed is
numbered as at the backup, behind what the stations' PCs already received. An order issued
after the restore was numbered what a PC had already, so it asked for the changes after it and
was never sent the order: nothing at the counter said so. `callcenter after-restore` moves every
station's feed past what any PC can hold."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

import pytest

from callcenter import cli
from callcenter import db as database
from station_app.station import Station
from tests.station.test_two_devices import sync
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
        page = server.client(pc.token()).get("/v1/changes", params={"after": 0}).json()
        assert str(issued) in [c["order"]["id"] for c in page["changes"]]  # and a new PC


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
