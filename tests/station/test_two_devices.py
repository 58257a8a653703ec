"""Two PCs of one station against a real call center: the station's first PC (its token from
before devices) in this process, a second one enrolled with a one-time code in a child process
(the station store is one per process). Every fact recorded on one shows on the other, with who
and on which device; both fold an order alike; a PC set up from nothing rebuilds the station's
orders equal to the PC that recorded them; a revoked PC stops while the other goes on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from callcenter import devices
from station_app.order_detail import Notice
from station_app.station import Station
from station_app.sync import SyncClient
from station_app.sync_worker import SyncWorker
from station_app.transport import HttpTransport
from tests.station.device_view import order_view, station_view
from tests.station.factories import STATION

ROOT = Path(__file__).resolve().parents[2]
COMPLETED = {"work_done": "更换起动机", "technicians": ["李师傅"]}


class Device:
    """The child process: one command, one answer."""

    def __init__(self, data_dir: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.station.device_child", str(data_dir)], cwd=ROOT,
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def __call__(self, op: str, **args: Any) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        answer = json.loads(self.proc.stdout.readline())
        assert "error" not in answer or op == "status", answer
        return answer

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def pc_a(tmp_path: Path, callcenter_server) -> Iterator[Station]:
    """The station's PC from before devices: set up with the station token, nothing else."""
    st = Station.open(tmp_path / "pc-a")
    st.set_settings({"station_code": STATION, "user": "张三",
                     "server_url": callcenter_server.base_url})
    st.set_token(callcenter_server.add_station(STATION, "合肥一站"))
    try:
        yield st
    finally:
        st.close()


@pytest.fixture
def pc_b(tmp_path: Path, callcenter_server, pc_a) -> Iterator[Device]:
    """A second PC, enrolled with a one-time code; its clerk is 李四."""
    device = Device(tmp_path / "pc-b")
    code = devices.issue_code(STATION).code
    device("enrol", server=callcenter_server.base_url, station=STATION, code=code,
           name="经理室")
    device("settings", values={"user": "李四"})
    try:
        yield device
    finally:
        device.close()


def sync(station: Station) -> None:
    transport = HttpTransport(station.settings.get("server_url"), station.token() or "")
    try:
        SyncClient(station, transport).once()
    finally:
        transport.close()


def wait_until(check, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_contact_on_one_pc_is_on_the_other_within_a_second(callcenter_server, pc_a, pc_b):
    order = UUID(callcenter_server.issue_order(STATION, kind="rescue")["id"])
    worker = SyncWorker(pc_a, long_poll=20)
    worker.start()
    pc_b("start")
    try:
        wait_until(lambda: order in pc_a.order_ids())
        assert pc_a.order(order).unread
        received = pc_a.mark_read(order)  # the front desk receives the rescue
        assert received is not None
        pc_b("wait_for", event=str(received.id), timeout=10)
        assert pc_b("unread", order=str(order)) == {"unread": False}  # no alert there now
        for _ in range(3):
            contact = pc_a.record_contact(order, "reached", "用户在高速出口等候")
            recorded = time.time()
            seen = pc_b("wait_for", event=str(contact.id), timeout=10)["seen_at"]
            assert seen - recorded < 1.0
        entry = next(e for e in pc_b("order", order=str(order))["timeline"]
                     if e["id"] == str(contact.id))
        assert (entry["author"], entry["device_id"]) == ("张三", pc_a.device_id())
        # and back: the manager's note shows at the front desk, with the manager's PC's name
        note = pc_b("record", order=str(order), type="note", payload={"text": "已通知救援车"})
        wait_until(lambda: any(str(e.event.id) == note["id"]
                               for e in pc_a.order(order).timeline), timeout=1.0)
        mine = next(e for e in pc_a.order(order).timeline if str(e.event.id) == note["id"])
        assert (mine.event.author, mine.event.device_name) == ("李四", "经理室")
    finally:
        pc_b("stop")
        worker.stop()


def test_two_clerks_at_once_keep_every_fact_and_agree(callcenter_server, pc_a, pc_b):
    order = UUID(callcenter_server.issue_order(STATION)["id"])
    sync(pc_a)
    pc_b("sync")
    pc_a.mark_read(order)
    pc_b("record", order=str(order), type="received", payload={})  # both received it offline
    pc_a.record_contact(order, "reached")
    pc_b("record", order=str(order), type="contact_attempt", payload={"outcome": "no_answer"})
    first = pc_a.record_departed(order, ["王师傅"])
    second = pc_b("record", order=str(order), type="departed",
                  payload={"technicians": ["赵师傅"]})
    for _ in range(2):  # each sends its own, then hears the other's
        sync(pc_a)
        pc_b("sync")
    a, b = order_view(pc_a, order), pc_b("order", order=str(order))
    assert a == b
    departures = [(e["author"], e["payload"]["technicians"]) for e in a["timeline"]
                  if e["type"] == "departed"]
    assert sorted(departures) == [("张三", ["王师傅"]), ("李四", ["赵师傅"])]
    assert {str(first.id), second["id"]} <= {e["id"] for e in a["timeline"]}
    assert a["status"] == "departed"
    server = callcenter_server.dispatcher.get(f"/v1/orders/{order}").json()
    assert server["status"] == a["status"]
    assert len([e for e in server["events"] if e["type"] == "departed"]) == 2


def _scenario(server, pc: Station) -> list[UUID]:
    """A day at the counter on the first PC: orders in every state."""
    ids = [UUID(server.issue_order(STATION, kind=k)["id"])
           for k in ("rescue", "dispatch", "repair", "dispatch", "repair", "dispatch")]
    sync(pc)
    for oid in ids:
        pc.mark_read(oid)
    pc.record_contact(ids[1], "no_answer")
    pc.record_contact(ids[1], "reached")
    for oid in ids[2:5]:
        pc.record_contact(oid, "reached")
    pc.record(ids[2], "appointment_booked",
              {"appointment_at": (datetime.now(UTC) + timedelta(days=1)).isoformat()})
    for oid in ids[3:5]:
        pc.record_departed(oid, ["李师傅"])
        pc.record_arrived(oid)
        pc.record(oid, "completed", COMPLETED)
    pc.record_note(ids[0], "客户在服务区")
    sync(pc)
    server.callback(str(ids[4]), "reached")
    server.close_order(str(ids[4]))
    server.cancel_order(str(ids[0]), "客户自行解决")
    urged = server.dispatcher.post(f"/v1/orders/{ids[2]}/urge", json={"reason": "用户催促"})
    assert urged.status_code == 200, urged.text
    late = pc.record_arrived(ids[0])  # the counter had not heard of the cancel yet
    sync(pc)
    assert late.id in pc.order(ids[0]).state.late_event_ids
    assert (pc.order(ids[0]).notice, pc.order(ids[2]).notice) == (Notice.CANCELLED, Notice.URGED)
    return ids


def test_a_new_pc_rebuilds_the_station_equal_to_the_pc_that_recorded_it(
        callcenter_server, pc_a, pc_b):
    ids = _scenario(callcenter_server, pc_a)
    pc_b("sync")
    a, b = station_view(pc_a), pc_b("view")
    assert set(b) == {str(i) for i in ids}
    statuses = {a[str(i)]["status"] for i in ids}
    assert statuses == {"cancelled", "received", "contacted", "appointed", "completed",
                        "closed"}
    for oid in a:
        assert b[oid] == a[oid], oid  # status, deadlines, banner, the whole timeline, late facts
    assert b[str(ids[2])]["notice"] == ["urged", "用户催促"]


def test_a_rebuild_window_of_zero_days_brings_only_the_open_orders(callcenter_server, pc_a,
                                                                     tmp_path):
    ids = _scenario(callcenter_server, pc_a)
    pc = Device(tmp_path / "pc-c")
    try:
        pc("settings", values={"rebuild_days": 0})
        pc("enrol", server=callcenter_server.base_url, station=STATION,
           code=devices.issue_code(STATION).code, name="备用机")
        pc("sync")
        view = pc("view")
        want = {str(i) for i in ids if station_view(pc_a)[str(i)]["status"] in
                ("received", "contacted", "appointed")}
        assert set(view) == want and len(want) == 3
    finally:
        pc.close()


def test_a_revoked_pc_stops_while_the_other_goes_on(callcenter_server, pc_a, pc_b):
    order = UUID(callcenter_server.issue_order(STATION)["id"])
    sync(pc_a)
    pc_b("sync")
    device_b = next(d for d in devices.devices(STATION) if d.name == "经理室")
    devices.revoke_device(STATION, device_b.id)
    pc_b("record", order=str(order), type="note", payload={"text": "被撤销后记录"})
    pc_b("start")
    try:
        wait_until(lambda: pc_b("status")["link"] == "token_refused")
    finally:
        pc_b("stop")
    assert pc_b("status")["waiting"] == 1  # kept, not lost: sent once a new token is set
    pc_a.mark_read(order)
    sync(pc_a)
    assert pc_a.sync_status().events_waiting == 0 and pc_a.sync_status().link.value == "online"
    server = callcenter_server.dispatcher.get(f"/v1/orders/{order}").json()
    assert [e["type"] for e in server["events"]] == ["issued", "received"]


def test_station_app_enrol_on_the_command_line(callcenter_server, tmp_path):
    callcenter_server.add_station(STATION, "合肥一站")
    callcenter_server.add_station("34999", "合肥二站")
    code = devices.issue_code(STATION).code

    def enrol(folder: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "station_desk.cli", "--data-dir", str(tmp_path / folder),
             "enrol", "--server", callcenter_server.base_url, *args], cwd=ROOT,
            capture_output=True, text=True, timeout=60)

    done = enrol("pc", "--station", STATION, "--name", "前台", code)
    assert done.returncode == 0, done.stderr
    assert "前台" in done.stdout and "首次同步时将取回本站工单" in done.stdout
    with Station.open(tmp_path / "pc") as st:
        assert st.token() and st.settings.get("device_name") == "前台"
        assert st.code == STATION and st.device_id() == devices.devices(STATION)[-1].id
    again = enrol("pc2", "--station", STATION, code)
    assert again.returncode == 1 and "already used" in again.stderr
    assert "已被使用" in again.stderr and "Traceback" not in again.stderr
    theirs = enrol("pc3", "--station", STATION, devices.issue_code("34999").code)
    assert theirs.returncode == 1 and "not for station" in theirs.stderr
    wrong_station = enrol("pc4", "--station", "1234x", code)
    assert wrong_station.returncode == 1 and "Traceback" not in wrong_station.stderr
