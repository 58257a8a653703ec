"""10,000 queued events: time to drain the outbox in batches of 500, against one POST per event,
in the same run, to the same call center (its own process, SQLite, synchronous=FULL).

The queue is filled directly in the store (recording 10,000 events one transaction each would
measure fsync, not sync); every event is a valid note on one of 100 orders.

    .venv/bin/python benchmarks/bench_sync_drain.py [--events 10000] [--single 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_sync_latency import (  # noqa: E402
    STATION,
    _free_port,
    _register,
    _start_server,
)


def _queue(station, order_ids: list[uuid.UUID], count: int, label: str) -> None:
    from station_app.store import EventRow

    now = datetime.now(UTC)
    rows = [{
        "id": uuid.uuid4(), "order": order_ids[i % len(order_ids)], "type": "note",
        "occurred_at": now, "recorded_at": now, "author": "基准", "station_code": STATION,
        "payload": {"text": f"{label} {i}"}, "origin": "local",
    } for i in range(count)]
    with station.store.transaction():
        for start in range(0, count, 500):
            EventRow.insert_many(rows[start:start + 500]).execute()


def _drain(station, batch_size: int) -> tuple[float, int]:
    from station_app.sync import SyncClient, default_transport_factory

    client = SyncClient(station, default_transport_factory(station)(), batch_size=batch_size)
    try:
        t0 = time.perf_counter()
        report = client.push()
        return time.perf_counter() - t0, report.delivered
    finally:
        client.transport.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--single", type=int, default=10_000,
                        help="events to send one POST each (default: as many)")
    parser.add_argument("--orders", type=int, default=100)
    args = parser.parse_args()

    import httpx

    from station_app.station import Station
    from station_app.sync import SyncClient, default_transport_factory

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = folder / "callcenter.sqlite3"
        station_token, dispatcher, _ = _register(db_path, 0)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = _start_server(db_path, port)
        try:
            with httpx.Client(base_url=base_url, timeout=30,
                              headers={"Authorization": f"Bearer {dispatcher}"}) as cc:
                for i in range(args.orders):
                    cc.post("/v1/orders", json={
                        "station_code": STATION, "kind": "dispatch",
                        "customer": {"name": "张先生", "phone": "13912345678"},
                        "location": "合肥", "statement": f"基准 {i}"}).raise_for_status()
            with Station.open(folder / "station") as station:
                station.set_settings({"station_code": STATION, "user": "基准",
                                      "server_url": base_url})
                station.set_token(station_token)
                c = SyncClient(station, default_transport_factory(station)())
                c.once()
                c.transport.close()
                ids = station.order_ids()
                _queue(station, ids, args.events, "batched")
                seconds, delivered = _drain(station, 500)
                print(f"drain {delivered} events in batches of 500: {seconds:.2f} s "
                      f"({delivered / seconds:.0f} events/s)")
                _queue(station, ids, args.single, "single")
                seconds1, delivered1 = _drain(station, 1)
                print(f"drain {delivered1} events one POST each: {seconds1:.2f} s "
                      f"({delivered1 / seconds1:.0f} events/s)")
                print(f"batching is {(delivered / seconds) / (delivered1 / seconds1):.1f}x "
                      "faster per event")
        finally:
            server.terminate()
            server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
