"""A second PC of the station in its own process (the station store is one per process): reads
one JSON command a line on stdin, answers one JSON line on stdout.

    {"op": "enrol", "server": URL, "station": CODE, "code": C, "name": N}
    {"op": "settings", "values": {...}}
    {"op": "sync"}                       push + pull everything once
    {"op": "start"} / {"op": "stop"}     the sync worker (long-poll)
    {"op": "record", "order": ID, "type": T, "payload": {...}}
    {"op": "wait_for", "event": ID, "timeout": S}   → {"seen_at": time.time()} or an error
    {"op": "view"} / {"op": "order", "order": ID}
    {"op": "unread", "order": ID} / {"op": "status"}
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from typing import Any
from uuid import UUID

from station_app.enrolment import enrol
from station_app.station import Station
from station_app.sync import SyncClient
from station_app.sync_worker import SyncWorker
from station_app.transport import HttpTransport
from tests.station.device_view import order_view, station_view


def main(data_dir: str) -> None:
    station = Station.open(data_dir)
    worker: SyncWorker | None = None
    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            out = _run(station, cmd, worker)
            if cmd["op"] == "start":
                worker = SyncWorker(station, long_poll=20)
                worker.start()
            elif cmd["op"] == "stop" and worker is not None:
                worker.stop()
                worker = None
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            out = {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()}
        print(json.dumps(out, ensure_ascii=False, default=str), flush=True)
    if worker is not None:
        worker.stop()
    station.close()


def _run(station: Station, cmd: dict[str, Any], worker: SyncWorker | None) -> dict[str, Any]:
    match cmd["op"]:
        case "enrol":
            done = enrol(station, cmd["server"], cmd["station"], cmd["code"], cmd["name"])
            return {"device_id": done.device_id, "device_name": done.device_name}
        case "settings":
            station.set_settings(cmd["values"])
            return {}
        case "sync":
            transport = HttpTransport(station.settings.get("server_url"), station.token() or "")
            try:
                report, applied = SyncClient(station, transport).once()
            finally:
                transport.close()
            return {"sent": report.sent, "changed": len(applied.changed)}
        case "start" | "stop":
            return {}
        case "record":
            ev = station.record(UUID(cmd["order"]), cmd["type"], cmd.get("payload") or {})
            return {"id": str(ev.id), "recorded_at": time.time()}
        case "wait_for":
            deadline = time.monotonic() + cmd["timeout"]
            while time.monotonic() < deadline:
                for oid in station.order_ids():
                    if any(str(e.event.id) == cmd["event"] for e in station.order(oid).timeline):
                        return {"seen_at": time.time()}
                time.sleep(0.01)
            return {"error": f"event {cmd['event']} not seen in {cmd['timeout']} s"}
        case "view":
            return station_view(station)
        case "order":
            return order_view(station, UUID(cmd["order"]))
        case "unread":
            return {"unread": station.order(UUID(cmd["order"])).unread}
        case "status":
            status = station.sync_status()
            return {"link": status.link.value, "error": status.last_error_en,
                    "waiting": status.events_waiting}
    raise ValueError(f"unknown op {cmd['op']}")


if __name__ == "__main__":
    main(sys.argv[1])
