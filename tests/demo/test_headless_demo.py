"""`station-app demo --headless` as CI runs it: a real process, a short run, its summary's figures
checked, then cross-checked against the call center's database (served again from the kept
folder) and the station's file. Also: Ctrl+C stops it cleanly and frees its port."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from callcenter.embedded import EmbeddedServer
from station_app.console_client import CallCenterClient
from station_app.domain.events import EventType
from station_desk.demo import scenario as sc
from tests.support.interrupt import FAULTHANDLER, interrupt

pytestmark = pytest.mark.integration
CLI = [sys.executable, "-m", "station_desk.cli"]


def _run(args: list[str], timeout: float = 90) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run(CLI + args, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("demo")
    out = folder / "summary.json"
    done = _run(["demo", "--headless", "--duration", "12", "--offline-at", "3",
                 "--data-dir", str(folder / "data"), "--summary-json", str(out)])
    return {"proc": done, "summary": json.loads(out.read_text()) if out.exists() else None,
            "folder": folder / "data"}


def test_the_headless_demo_passes_its_checks_and_prints_a_summary(demo_run: dict[str, Any]
                                                                   ) -> None:
    proc = demo_run["proc"]
    said = proc.stdout[-4000:] + proc.stderr[-2000:]
    assert proc.returncode == 0, said
    assert "all checks passed" in proc.stdout, said
    assert "the call center goes away" in proc.stdout and "is back" in proc.stdout, said
    s = demo_run["summary"]
    today = len(sc.build().today_cases())
    assert today - 2 <= s["orders_issued"] == s["orders_reached"], said  # every one arrived
    assert s["contacts_recorded"] >= s["orders_issued"], said
    assert s["events_recorded"] == s["events_synced"] > 0 and s["events_waiting"] == 0, said
    assert s["forms_printed"] == s["receipts_read_back"] >= 3, said
    assert s["sla_decided"] >= s["sla_met"] > 0, said
    assert s["reviewed"] >= 1, said
    assert s["offline_seconds"] > 0 and "network cut:" in proc.stdout, said
    assert s["problems"] == [], said
    printed = re.search(r"orders issued:\s+(\d+)", proc.stdout)
    assert printed and int(printed.group(1)) == s["orders_issued"], said


def test_the_summary_agrees_with_the_call_center_and_the_station_files(
        demo_run: dict[str, Any]) -> None:
    """Both stations are real: each file holds its own orders and the events it recorded,
    every one of them at the call center once (station 2 worked offline through the cut too)."""
    from printers.queue import DONE
    from station_app.order_fold import ORIGIN_LOCAL
    from station_app.station import Station
    from station_app.store import EventRow, OrderRow, PrintJob

    s, folder = demo_run["summary"], demo_run["folder"]
    assert s is not None
    tokens = json.loads((folder / "demo.json").read_text())["tokens"]
    local: dict[str, dict[Any, Any]] = {}
    orders: dict[str, list[Any]] = {}
    for code, name in ((sc.STATION_1[0], "station1"), (sc.STATION_2[0], "station2")):
        with Station.open(folder / name):
            local[code] = {r.id: r for r in
                           EventRow.select().where(EventRow.origin == ORIGIN_LOCAL)}
            orders[code] = [r.id for r in OrderRow.select(OrderRow.id)]
            if code == sc.STATION_1[0]:
                jobs = PrintJob.select().where(PrintJob.state == DONE).count()
                printed = sum(1 for r in local[code].values()
                              if r.type == EventType.FORM_PRINTED.value)
    assert local[sc.STATION_2[0]] and orders[sc.STATION_2[0]]  # a station, not a script
    assert not set(orders[sc.STATION_1[0]]) & set(orders[sc.STATION_2[0]])  # each its own
    assert sum(len(x) for x in local.values()) == s["events_recorded"]
    assert all(r.acked_at is not None and r.result != "rejected"
               for x in local.values() for r in x.values())
    assert jobs == printed == s["forms_printed"]

    zone = ZoneInfo("Asia/Shanghai")
    today = datetime.now(zone).date()
    with EmbeddedServer(str(folder / "callcenter.sqlite3")) as server, \
            CallCenterClient(server.base_url, tokens["reviewer"]) as reviewer:
        at_server: dict[str, dict[Any, Any]] = {code: {} for code in local}
        for oid in orders[sc.STATION_1[0]] + orders[sc.STATION_2[0]]:
            for e in reviewer.order(oid).events:
                if e.station_code in at_server:
                    assert e.id not in at_server[e.station_code], "an event twice"
                    at_server[e.station_code][e.id] = e
        report = reviewer.stations_report(today, today)
        audit = reviewer.audit(today - timedelta(days=1), state="all")
    for code in local:  # every recorded event there, once, and no other
        assert set(at_server[code]) == set(local[code]), code
    assert sum(r.orders for r in report.stations) == s["orders_issued"]
    assert len(audit.orders) == len([c for c in sc.build().cases.values() if c.yesterday_at])
    assert sum(o.audited for o in audit.orders) == s["reviewed"]


def test_ctrl_c_stops_the_demo_and_frees_its_port(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **FAULTHANDLER}
    proc = subprocess.Popen(CLI + ["demo", "--headless", "--duration", "300", "--speed", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert proc.stdout is not None
        port = None
        for line in proc.stdout:
            if m := re.search(r"call center: http://127\.0\.0\.1:(\d+)", line):
                port = int(m.group(1))
            if line.startswith("[call center] issued"):
                break
        assert port is not None
        assert interrupt(proc, timeout=30)[0] == 130
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
