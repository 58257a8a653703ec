"""Devices' last contacts, noted in memory and written together (`devices.Contacts`): the time
and version each device shows afterwards, one statement per chunk on PostgreSQL, and what a
stop that cannot write them says."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

import pytest

from callcenter import admin, devices
from callcenter import db as database
from callcenter.auth import Principal, Role
from callcenter.models import Device, Token
from tests.support.callcenter_server import CallCenterServer

STATION = "36001"


def _station(key: str, code: str = STATION) -> Principal:
    return Principal(key, Role.STATION, code, code)


def _device(device_id: str) -> devices.DeviceInfo:
    (found,) = [d for d in devices.devices(STATION) if d.id == device_id]
    return found


def _seen(contacts: devices.Contacts, key: str, agent: str) -> tuple[datetime, datetime]:
    """Note a contact; the interval of time it was noted in."""
    before = datetime.now(UTC)
    contacts.seen(_station(key), agent)
    return before, datetime.now(UTC)


def _pcs(server: CallCenterServer, count: int) -> list[str]:
    """The station with ``count`` PCs (its first token, then enrolled ones); their ids."""
    ids = [server.add_station(STATION).split(".")[0]]
    for i in range(count - 1):
        ids.append(devices.enrol(devices.issue_code(STATION).code, STATION, f"PC {i + 2}",
                                 version="0.9").device_id)
    return ids


def test_a_contact_writes_its_time_and_version_and_keeps_the_version_without_one(server):
    a, b = _pcs(server, 2)
    contacts = devices.Contacts()
    a_at = _seen(contacts, a, "StationDesk/1.4.0")
    b_at = _seen(contacts, b, "curl/8")
    contacts.flush()
    assert a_at[0] <= _device(a).last_seen_at <= a_at[1]
    assert _device(a).version == "1.4.0"
    assert b_at[0] <= _device(b).last_seen_at <= b_at[1]
    assert _device(b).version == "0.9"  # enrolled with it; a request without one keeps it
    later = devices.Contacts()  # the next interval: a calls again, without a version
    a_again = _seen(later, a, "")
    later.flush()
    assert a_again[0] <= _device(a).last_seen_at <= a_again[1]
    assert _device(a).version == "1.4.0"
    assert contacts.pending == later.pending == 0


def test_several_contacts_of_one_device_in_an_interval_keep_the_last_time_and_version(server):
    a, b, c = _pcs(server, 3)
    contacts = devices.Contacts()
    _seen(contacts, a, "StationDesk/1.0")
    a_last = _seen(contacts, a, "StationDesk/1.1")  # updated meanwhile: noted again
    _seen(contacts, b, "StationDesk/2.0")
    b_last = _seen(contacts, b, "curl/8")  # the same token from a tool that sends no version
    c_first = _seen(contacts, c, "StationDesk/3.0")
    _seen(contacts, c, "StationDesk/3.0")  # same version within SEEN_EVERY: not noted again
    assert contacts.pending == 3
    contacts.flush()
    assert a_last[0] <= _device(a).last_seen_at <= a_last[1] and _device(a).version == "1.1"
    assert b_last[0] <= _device(b).last_seen_at <= b_last[1]
    assert _device(b).version == "2.0"  # the version b sent in the interval, not the old 0.9
    assert c_first[0] <= _device(c).last_seen_at <= c_first[1] and _device(c).version == "3.0"


def test_a_device_revoked_before_the_flush_keeps_its_revocation_and_gets_its_contact(server):
    a, b = _pcs(server, 2)
    contacts = devices.Contacts()
    b_at = _seen(contacts, b, "StationDesk/5.0")
    revoked = devices.revoke_device(STATION, b).revoked_at
    contacts.flush()
    after = _device(b)
    assert after.revoked_at == revoked is not None
    assert b_at[0] <= after.last_seen_at <= b_at[1] and after.version == "5.0"
    assert [d.id for d in devices.devices(STATION)] == [a, b]


def test_a_device_deleted_before_the_flush_does_not_come_back_and_the_others_are_written(server):
    a, b, c, d = _pcs(server, 4)
    contacts = devices.Contacts()
    for key in (a, b, c, d):
        _seen(contacts, key, "StationDesk/6.0")
    revoked = datetime.now(UTC)

    def delete_b_and_lose_c_and_d() -> None:
        Device.delete().where(Device.id == b).execute()
        Token.delete().where(Token.id == b).execute()  # b is gone: device and token
        Device.delete().where(Device.id.in_([c, d])).execute()  # their tokens are still there
        Token.update(revoked_at=revoked).where(Token.id == d).execute()

    database.write(delete_b_and_lose_c_and_d)
    contacts.flush()
    listed = {x.id: x for x in devices.devices(STATION)}
    assert sorted(listed) == sorted([a, c, d])
    assert listed[a].version == "6.0" and listed[a].last_seen_at is not None
    # a token without its device (one from before devices) becomes a device again, as it is
    assert listed[c].version == "6.0" and listed[c].last_seen_at is not None
    assert listed[c].revoked_at is None and listed[d].revoked_at == revoked
    assert contacts.pending == 0


def test_a_contact_noted_while_a_flush_failed_keeps_the_version_of_the_failed_one(server):
    (a,) = _pcs(server, 1)
    contacts = devices.Contacts()
    _seen(contacts, a, "StationDesk/7.0")
    _rename("cc_devices", "cc_devices_away")
    try:
        with pytest.raises(Exception, match="cc_devices"):
            contacts.flush()
    finally:
        _rename("cc_devices_away", "cc_devices")
    again = _seen(contacts, a, "curl/8")  # noted again meanwhile, without a version
    contacts.flush()
    assert again[0] <= _device(a).last_seen_at <= again[1] and _device(a).version == "7.0"


def _rename(table: str, to: str) -> None:
    database.write(lambda: database.db.execute_sql(f"ALTER TABLE {table} RENAME TO {to}"))


STATEMENT = re.compile(r" \[(\d+)\] LOG:  statement: (.*)")


@pytest.mark.postgres
def test_a_flush_is_one_statement_per_chunk_on_the_postgresql_server(postgres_cluster,
                                                                     postgres_url):
    """psycopg2's executemany sends each row as its own statement: 600 round trips for 600
    devices. The server's own log (log_statement = all) lists what it executed."""
    with CallCenterServer(postgres_url):
        first = _pcs_of(600)
        contacts = devices.Contacts()
        for i, key in enumerate(first):
            contacts.seen(_station(key), "StationDesk/8.0" if i % 2 else "curl/8")
        log_file = postgres_cluster.dir / "log"
        with database.connection():  # the flush below runs on this connection
            database.db.execute_sql("SET log_statement = 'all'")
            pid = database.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
            start = log_file.stat().st_size
            contacts.flush()
            with log_file.open("rb") as f:
                f.seek(start)
                lines = f.read().decode("utf-8", "replace").splitlines()
        executed = [m.group(2) for m in map(STATEMENT.search, lines)
                    if m and int(m.group(1)) == pid]
        chunks = -(-600 // devices.FLUSH_CHUNK)
        assert len(executed) == 3 * chunks, (len(executed), [s[:60] for s in executed[:8]])
        assert [s.split()[0] for s in executed] == ["BEGIN", "UPDATE", "COMMIT"] * chunks
        written = {d.id: d for d in devices.devices(STATION)}
        assert all(written[key].last_seen_at is not None for key in first)
        assert [written[key].version for key in first[:4]] == ["", "8.0", "", "8.0"]


def _pcs_of(count: int) -> list[str]:
    """``count`` devices of one station, made in one transaction (enrolling each is slow)."""
    admin.add_station(STATION, "合肥三站", "", "")
    now = datetime.now(UTC)
    ids = [f"pc{i:04d}" for i in range(count)]
    database.write(lambda: Device.insert_many(
        [{"id": key, "station_code": STATION, "name": key, "enrolled_at": now} for key in ids]
    ).execute())
    return ids


def test_contacts_the_service_cannot_write_as_it_stops_are_logged_once(db_url, caplog):
    server = CallCenterServer(db_url, fallback_poll=120).start()
    try:
        token = server.add_station(STATION)
        key = token.split(".")[0]
        _rename("cc_devices", "cc_devices_away")  # the devices' table is away as it stops
        assert server.client(token).get("/v1/changes").status_code == 200
    finally:
        with caplog.at_level(logging.WARNING):
            server.close()
        _rename("cc_devices_away", "cc_devices")
    lost = [r for r in caplog.records if r.name == "callcenter.devices"]
    assert len(lost) == 1, [r.getMessage() for r in lost]
    text = lost[0].getMessage()
    assert lost[0].levelno == logging.ERROR and lost[0].exc_info is not None
    assert "1 device" in text and key in text and "last contact" in text
    assert _device(key).last_seen_at is None  # really not written: nothing claimed otherwise


def test_a_stop_during_a_flush_waits_for_it_and_the_contact_is_written(tmp_path, caplog):
    """The stop cancels the once-a-second writer, which does not stop its thread's flush:
    the last flush found nothing to write and the pool closed the SQLite connection under
    the flush still writing (the process crashed: a segmentation fault)."""
    import sqlite3
    import threading
    import time

    path = tmp_path / "callcenter.sqlite3"
    server = CallCenterServer(str(path), fallback_poll=120).start()
    blocker = sqlite3.connect(path, isolation_level=None)
    try:
        token = server.add_station(STATION)
        key = token.split(".")[0]
        blocker.execute("BEGIN IMMEDIATE")  # another process writing: the flush waits for it
        assert server.client(token).get("/v1/changes").status_code == 200
        contacts = server.app.state.contacts
        deadline = time.monotonic() + 5
        while contacts.pending and time.monotonic() < deadline:  # the writer took it
            time.sleep(0.01)
        assert contacts.pending == 0
        stopping = threading.Thread(target=server.close)
        stopping.start()
        time.sleep(0.5)
        blocker.execute("COMMIT")
        stopping.join(20)
        assert not stopping.is_alive()
    finally:
        blocker.close()
        server.close()
    assert [r.getMessage() for r in caplog.records if r.name == "callcenter.devices"] == []
    assert _device(key).last_seen_at is not None


def test_a_database_away_for_a_while_is_logged_once_and_its_return_once(db_url, caplog,
                                                                         monkeypatch):
    """The once-a-second writer logged a warning with a whole traceback every second the
    devices' table could not be written (600 in a ten-minute outage), and nothing when it
    could again. A second outage soon after the first is said again, not counted into it."""
    import time

    from callcenter import app as app_module

    monkeypatch.setattr(app_module, "CONTACTS_EVERY", 0.1)  # ten rounds a second
    server = CallCenterServer(db_url, fallback_poll=120).start()
    try:
        tokens = [server.add_station(code) for code in (STATION, "36002")]
        key = tokens[0].split(".")[0]
        contacts = server.app.state.contacts
        with caplog.at_level(logging.INFO, logger="callcenter.app"):
            for token in tokens:  # a new contact in each outage
                _rename("cc_devices", "cc_devices_away")
                try:
                    assert server.client(token).get("/v1/changes").status_code == 200
                    time.sleep(1.0)  # ~10 rounds that cannot write
                    assert contacts.pending == 1  # kept for when the table is back
                finally:
                    _rename("cc_devices_away", "cc_devices")
                deadline = time.monotonic() + 5
                while contacts.pending and time.monotonic() < deadline:
                    time.sleep(0.05)
                time.sleep(0.3)
        lines = [r for r in caplog.records if r.name == "callcenter.app"]
        assert [r.levelno for r in lines] == [logging.WARNING, logging.INFO] * 2, [
            r.getMessage() for r in lines]
        for away, back in (lines[0:2], lines[2:4]):
            assert away.exc_info is not None  # the cause, once
            text = away.getMessage()
            assert "1 device" in text and "kept" in text and "cc_devices" in text
            failed = int(re.search(r"after (\d+) failed", back.getMessage()).group(1))
            assert failed >= 3 and "written again" in back.getMessage()  # one line for all
        assert _device(key).last_seen_at is not None
    finally:
        server.close()
