"""A station's new PC rebuilt from the call center: N orders with ~10 events each (issued,
received, contact, departure, arrival, a printed form, completion, three notes; a callback on
every fifth), all completed yesterday, rebuilt by a fresh station file with one
`SyncClient.once()` — the pages of GET /v1/rebuild — against the call center in its own
process (SQLite). Prints the time per size — wall clock, and the CPU seconds of the station
(this process) and of the call center's process, which a loaded machine disturbs less — so how
it grows is seen in one run, and checks every order arrived completed with all its events.

    .venv/bin/python benchmarks/bench_rebuild.py [--orders 1000 2000 4000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_sync_latency import _free_port, _start_server  # noqa: E402
from seed_callcenter_day import seed_day  # noqa: E402

NOTES = 3


def _add_notes(db_url: str, order_ids: list[str], station: str) -> int:
    from callcenter import db as database
    from callcenter import judging
    from callcenter.commands.common import open_database
    from callcenter.models import EventRow
    from station_app import wire

    open_database(db_url)
    at = datetime.now(UTC) - timedelta(hours=20)
    rows = []
    for oid in order_ids:
        for k in range(NOTES):
            event = wire.Event(id=uuid.uuid4(), order_id=oid, type="note", occurred_at=at,
                               recorded_at=at, author="李师傅", station_code=station,
                               payload={"text": f"备注{k}:客户要求下次保养提醒"})
            rows.append({"id": str(event.id), "order": oid, "type": "note",
                         "station_code": station, "occurred_at": at,
                         "content": judging.canonical(event), "status": "accepted",
                         "reason": "", "token_id": "seed", "role": "station",
                         "received_at": at})

    def write() -> None:
        for i in range(0, len(rows), 400):
            EventRow.insert_many(rows[i:i + 400]).execute()

    database.write(write)
    database.db.obj.close_all()
    return len(rows)


def run(orders: int, folder: Path) -> dict[str, float]:
    from station_app.station import Station
    from station_app.store import EventRow
    from station_app.sync import SyncClient
    from station_app.transport import HttpTransport

    db = folder / f"cc-{orders}.sqlite3"
    seeded = seed_day(str(db), stations=1, orders=orders)
    station = next(iter(seeded.station_tokens))
    events = seeded.events + _add_notes(str(db), seeded.order_ids, station)
    port = _free_port()
    proc = _start_server(db, port)
    try:
        with Station.open(folder / f"pc-{orders}") as st:
            st.set_settings({"station_code": station, "user": "新电脑",
                             "server_url": f"http://127.0.0.1:{port}"})
            st.set_token(seeded.station_tokens[station])
            transport = HttpTransport(f"http://127.0.0.1:{port}", seeded.station_tokens[station],
                                      timeout=120)
            t0, cpu0, server0 = time.perf_counter(), time.process_time(), _cpu_of(proc.pid)
            SyncClient(st, transport).once()
            took = time.perf_counter() - t0
            cpu, server_cpu = time.process_time() - cpu0, _cpu_of(proc.pid) - server0
            transport.close()
            got_orders = len(st.order_ids())
            got_events = EventRow.select().count()
            done = {st.order(oid).state.status.value for oid in st.order_ids()[:50]}
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert got_orders == orders and got_events == events, (got_orders, got_events, events)
    assert done == {"completed"}, done
    return {"orders": orders, "events": events, "seconds": round(took, 2),
            "station_cpu_s": round(cpu, 2), "server_cpu_s": round(server_cpu, 2),
            "events_per_s": round(events / took)}


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, nargs="+", default=[1000, 2000, 4000])
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.orders:
            result = run(n, Path(tmp))
            print(json.dumps({**result, "load": [round(x, 2) for x in os.getloadavg()]}),
                  flush=True)


if __name__ == "__main__":
    main()
