"""A station's PCs are devices: enrolled with a one-time code, each with its own token, listed
with last contact and version, revoked one by one; the feed gives a station's events to every
device; a new PC rebuilds the station's recent history."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

from callcenter import devices
from callcenter.app import CONTACTS_EVERY
from tests.support.callcenter_server import new_event
from tests.support.refusals import refusal

STATION, OTHER = "34001", "34002"


def _enrol(server, code: str, station: str = STATION, name: str = "前台"):
    return server.client().post("/v1/enrol", json={"code": code, "station_code": station,
                                                   "device_name": name},
                                headers={"User-Agent": "StationDesk/9.8.7"})


def _changes(client, after=0):
    r = client.get("/v1/changes", params={"after": after})
    assert r.status_code == 200, r.text
    return r.json()["changes"]


def test_a_code_enrols_one_pc_once_with_its_own_token(server):
    first = server.add_station(STATION, "合肥一站")
    code = devices.issue_code(STATION).code
    assert len(code) == 9 and code[4] == "-"
    r = _enrol(server, code.lower().replace("-", " "))  # typed as read aloud
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["station_code"] == STATION and body["device_name"] == "前台"
    second = body["token"]
    assert second.split(".")[0] == body["device_id"] != first.split(".")[0]
    # both PCs work: the first (the station's old token) and the enrolled one
    order = server.issue_order(STATION)
    for token in (first, second):
        assert [c["order_id"] for c in _changes(server.client(token))] == [order["id"]]
    # used twice: refused, and no third token was made
    again = _enrol(server, code)
    why = refusal(again)
    assert again.status_code == 409 and why["code"] == "enrolment_used"
    assert "already used" in why["message_en"] and "已被使用" in why["message_zh"]
    listed = devices.devices(STATION)
    assert [d.id for d in listed] == [first.split(".")[0], body["device_id"]]
    assert listed[1].name == "前台" and listed[1].version == "9.8.7"
    # the old token's PC made contact above (contacts are written within a second or two)
    assert _wait_seen([STATION])[STATION] is not None


def test_expired_unknown_and_another_stations_codes_are_refused(server):
    server.add_station(STATION, "合肥一站")
    server.add_station(OTHER, "合肥二站")
    old = devices.issue_code(STATION, minutes=1, now=datetime.now(UTC) - timedelta(minutes=2))
    r = _enrol(server, old.code)
    why = refusal(r)
    assert r.status_code == 410 and why["code"] == "enrolment_expired"
    assert "expired" in why["message_en"] and "过期" in why["message_zh"]
    theirs = devices.issue_code(OTHER).code
    r = _enrol(server, theirs, station=STATION)
    assert r.status_code == 403 and f"not for station {STATION}" in refusal(r)["message_en"]
    r = _enrol(server, "ABCD-EFGH")
    assert r.status_code == 404 and refusal(r)["code"] == "enrolment_unknown"
    # the refused attempt for the wrong station did not use the other station's code up
    assert _enrol(server, theirs, station=OTHER).status_code == 201
    assert [d.name for d in devices.devices(STATION)] == ["PC 1"]


def test_one_code_exchanged_twice_at_once_makes_one_device(server):
    server.add_station(STATION, "合肥一站")
    code = devices.issue_code(STATION).code
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(_enrol(server, code).status_code))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == [201, 409, 409, 409]
    assert len(devices.devices(STATION)) == 2


def test_a_revoked_device_stops_and_the_other_goes_on(server):
    first = server.add_station(STATION, "合肥一站")
    second = _enrol(server, devices.issue_code(STATION).code).json()
    order = server.issue_order(STATION)
    devices.revoke_device(STATION, second["device_id"])
    pc2 = server.client(second["token"])
    assert pc2.get("/v1/changes").status_code == 401
    pushed = pc2.post("/v1/events", json={"events": [new_event(order["id"], "received")]})
    assert pushed.status_code == 401
    pc1 = server.client(first)
    r = pc1.post("/v1/events", json={"events": [new_event(order["id"], "received")]})
    assert r.json()["results"][0]["status"] == "accepted"
    states = {d.id: d.revoked_at is not None for d in devices.devices(STATION)}
    assert states == {first.split(".")[0]: False, second["device_id"]: True}


def test_every_device_gets_the_stations_events_with_the_device_that_recorded_them(server):
    first = server.add_station(STATION, "合肥一站")
    second = _enrol(server, devices.issue_code(STATION).code).json()
    order = server.issue_order(STATION)
    pc1, pc2 = server.client(first), server.client(second["token"])
    cursor = _changes(pc2)[-1]["seq"]
    ev = new_event(order["id"], "received", device_id=first.split(".")[0],
                   device_name="PC 1", author="张三")
    assert pc1.post("/v1/events", json={"events": [ev]}).json()["results"][0]["status"] == \
        "accepted"
    got = _changes(pc2, cursor)
    assert [(c["kind"], c["event"]["id"], c["event"]["device_id"], c["event"]["author"])
            for c in got] == [("event", ev["id"], first.split(".")[0], "张三")]
    assert isinstance(got[0]["pos"], int)
    # the recording PC gets it too (it skips it by its id)
    assert ev["id"] in [c["event"]["id"] for c in _changes(pc1, cursor)]
    # a PC cannot send an event as another device
    forged = new_event(order["id"], "note", {"text": "x"}, device_id=first.split(".")[0])
    r = pc2.post("/v1/events", json={"events": [forged]}).json()["results"][0]
    assert r["status"] == "rejected" and "another device" in r["reason"]


def test_rebuild_gives_open_and_recent_orders_with_their_whole_history(server):
    token = server.add_station(STATION, "合肥一站")
    pc = server.client(token)
    orders = [server.issue_order(STATION) for _ in range(5)]
    for o in orders:
        events = [new_event(o["id"], t) for t in ("received",)]
        pc.post("/v1/events", json={"events": events})
    first = pc.get("/v1/rebuild", params={"days": 30}).json()
    ids = sorted(o["id"] for o in orders)
    assert [o["order_id"] for o in first["orders"]] == ids
    assert all([e["type"] for e in o["events"]] == ["issued", "received"]
               for o in first["orders"])
    assert all(o["positions"] == sorted(o["positions"]) for o in first["orders"])
    assert first["next"] is None and first["last_seq"] == 10  # 5 orders, 5 station events
    other = server.add_station(OTHER, "合肥二站")
    assert server.client(other).get("/v1/rebuild").json()["orders"] == []


def test_devices_on_the_command_line(callcenter_server):
    server = callcenter_server
    server.add_station(STATION, "合肥一站")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "callcenter.cli", "--db", server.db_url,
                               *args], capture_output=True, text=True, timeout=60)

    made = cli("enrol-code", STATION, "--minutes", "10")
    assert made.returncode == 0, made.stderr
    code = made.stdout.splitlines()[0]
    body = _enrol(server, code, name="经理室").json()
    listed = cli("devices", STATION)
    assert listed.returncode == 0 and "经理室" in listed.stdout and "9.8.7" in listed.stdout
    out = cli("revoke-device", STATION, body["device_id"])
    assert out.returncode == 0 and "已撤销" in out.stdout
    assert "revoked" in cli("devices", STATION).stdout
    wrong = cli("revoke-device", STATION, "nope")
    assert wrong.returncode == 1 and "no device nope" in wrong.stderr + wrong.stdout


def test_an_existing_stations_token_becomes_its_first_device_with_no_new_setup(db_url):
    from callcenter import db as database
    from callcenter.models import Meta_
    from tests.support.callcenter_server import CallCenterServer

    with CallCenterServer(db_url) as server:
        token = server.add_station(STATION, "合肥一站")
        order = server.issue_order(STATION)

        def as_before_devices() -> None:  # the database of the release before devices
            database.db.execute_sql("DROP TABLE cc_devices")
            database.db.execute_sql("DROP TABLE cc_enrolment_codes")
            Meta_.update(value="2").where(Meta_.key == "schema_version").execute()

        database.write(as_before_devices)
    with CallCenterServer(db_url) as server:  # the new release starts on it: migrates
        listed = devices.devices(STATION)
        assert [(d.id, d.name, d.revoked_at) for d in listed] == [
            (token.split(".")[0], "PC 1", None)]
        pc = server.client(token)
        assert [c["order_id"] for c in _changes(pc)] == [order["id"]]
        second = _enrol(server, devices.issue_code(STATION).code).json()
        assert [d.name for d in devices.devices(STATION)] == ["PC 1", "前台"]
        assert server.client(second["token"]).get("/v1/changes").status_code == 200


def _wait_seen(codes: list[str], timeout: float = 5.0) -> dict[str, datetime | None]:
    deadline = time.monotonic() + timeout
    while True:
        seen = {c: devices.devices(c)[0].last_seen_at for c in codes}
        if all(seen.values()) or time.monotonic() > deadline:
            return seen
        time.sleep(0.05)


def test_many_stations_contacts_are_written_in_one_transaction_not_one_each(server,
                                                                            monkeypatch):
    """1,000 stations long-polling made ~33 write transactions a second (an fsync each on
    SQLite) just to note their last contact; now the contacts are written together."""
    from callcenter import db as database

    codes = [f"{35000 + i}" for i in range(30)]
    tokens = [server.add_station(code) for code in codes]
    writes: list[int] = []
    write = database.write

    def counted(fn):
        writes.append(1)
        return write(fn)

    monkeypatch.setattr(database, "write", counted)
    started = time.monotonic()
    for token in tokens:
        _changes(server.client(token))  # a read: only the contact is written
    asked_for = time.monotonic() - started
    seen = _wait_seen(codes)
    assert all(seen.values()), seen  # every device's contact is recorded, within seconds
    # one write a flush (every CONTACTS_EVERY s) while the 30 requests came, one after them:
    # not one a contact, however slow the machine is today
    flushes = int(asked_for / CONTACTS_EVERY) + 2
    assert len(writes) <= flushes and len(writes) < len(codes), (
        f"{len(writes)} write transactions for 30 contacts asked for in {asked_for:.1f} s")


def test_a_contact_records_the_pcs_new_version_and_keeps_it_without_one(server):
    token = server.add_station(STATION)
    r = server.client(token).get("/v1/changes", headers={"User-Agent": "StationDesk/2.3.4"})
    assert r.status_code == 200
    deadline = time.monotonic() + 5
    while devices.devices(STATION)[0].version != "2.3.4" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert devices.devices(STATION)[0].version == "2.3.4"
    other = server.add_station(OTHER)
    server.client(other).get("/v1/changes", headers={"User-Agent": "curl/8"})
    seen = _wait_seen([OTHER])
    assert seen[OTHER] is not None and devices.devices(OTHER)[0].version == ""
    assert devices.devices(STATION)[0].version == "2.3.4"  # not overwritten by the other PC
