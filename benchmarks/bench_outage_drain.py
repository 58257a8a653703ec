"""After an outage: how long from the call center being back until the outbox is empty, and how
many attempts each waiting event made. A real call center (in this process, on 127.0.0.1), a
station with the real `SyncWorker` (default backoff: base 1 s, cap 60 s, full jitter); during
the outage a clerk records one note a second.

    .venv/bin/python benchmarks/bench_outage_drain.py [--outage 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from uuid import UUID

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATION = "12345"


def one_run(folder: Path, outage: float) -> tuple[float, float, int, int]:
    from station_app.station import Station
    from station_app.sync_status import Link
    from station_app.sync_worker import SyncWorker
    from tests.support.callcenter_server import CallCenterServer

    with CallCenterServer.sqlite(folder) as server:
        token = server.add_station(STATION, "合肥一站")
        order = UUID(server.issue_order(STATION)["id"])
        with Station.open(folder / "station") as st:
            st.set_settings({"station_code": STATION, "user": "张三",
                             "server_url": server.base_url})
            st.set_token(token)
            online: list[float] = []
            st.on_sync_state(lambda s: online.append(time.monotonic())
                             if s.link is Link.ONLINE else None)
            worker = SyncWorker(st)
            worker.start()
            try:
                while st.sync_status().cursor == 0:
                    time.sleep(0.05)
                server.stop()
                end = time.monotonic() + outage
                while time.monotonic() < end:
                    st.record_note(order, "停电中")
                    time.sleep(1)
                attempts = max(e.attempts for e in st.outbox())
                waiting = st.sync_status().events_waiting
                online.clear()
                back = time.monotonic()
                server.start()
                while st.sync_status().events_waiting:
                    time.sleep(0.02)
                drained = time.monotonic()
            finally:
                worker.stop(timeout=5)
            return drained - back, drained - online[0], attempts, waiting


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--outage", type=float, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(one_run(Path(tmp), args.outage))
    back = [r[0] for r in results]
    seen = [r[1] for r in results]
    print(f"outage {args.outage:.0f} s, {results[0][3]} notes recorded in it, "
          f"load average {os.getloadavg()}")
    print(f"call center back → outbox empty: median {statistics.median(back):.1f} s "
          f"(runs: {', '.join(f'{b:.1f}' for b in back)})")
    print(f"puller sees it → outbox empty: median {statistics.median(seen) * 1000:.0f} ms")
    print(f"attempts per waiting event during the outage: {[r[2] for r in results]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
