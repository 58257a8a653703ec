"""The station's list queries over 100,000 orders (each with its `issued` event and a few with
waiting station events): ids for each filter, a text search, a count, a page of 50 summaries,
one order's detail, one recorded event.

    .venv/bin/python benchmarks/bench_sync_station_queries.py [--orders 100000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _fill(station, count: int, now: datetime) -> list[uuid.UUID]:
    from station_app import order_fold, wire_orders
    from station_app.store import EventRow, OrderRow

    ids = []
    kinds = ["dispatch", "rescue", "repair", "fault_mode"]
    statuses = ["new", "received", "contacted", "completed", "closed", "cancelled"]
    orders, events = [], []
    for i in range(count):
        issued_at = now - timedelta(minutes=i * 3)
        order = wire_orders.Order.model_validate({
            "id": uuid.uuid4(), "business_no": f"BN{i:08d}", "station_code": "12345",
            "kind": kinds[i % 4], "customer": {"name": f"客户{i}", "phone": f"139{i:08d}"},
            "vehicle": {"plate": f"皖B{i % 100000:05d}"}, "location": f"合肥市{i % 50}号",
            "issued_at": issued_at, "issued_by": "调度"})
        status = statuses[i % len(statuses)]
        orders.append({**order_fold.row_columns(order), "id": order.id, "status": status,
                       "updated_at": now, "unread": i % 7 == 0,
                       "next_due_at": (issued_at + timedelta(hours=1)
                                       if status in order_fold.OPEN_STATUSES else None)})
        events.append({"id": uuid.uuid4(), "order": order.id, "type": "issued",
                       "occurred_at": issued_at, "recorded_at": issued_at, "author": "调度",
                       "payload": {"order": order.model_dump(mode="json")}, "origin": "server"})
        if i % 100 == 0:
            events.append({"id": uuid.uuid4(), "order": order.id, "type": "note",
                           "occurred_at": now, "recorded_at": now, "author": "基准",
                           "station_code": "12345", "payload": {"text": "待同步"},
                           "origin": "local"})
        ids.append(order.id)
    with station.store.transaction():
        for s in range(0, len(orders), 500):
            OrderRow.insert_many(orders[s:s + 500]).execute()
        for s in range(0, len(events), 500):
            EventRow.insert_many(events[s:s + 500]).execute()
    return ids


def _time(label: str, fn, repeat: int = 5) -> None:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    size = len(result) if isinstance(result, list | dict) else type(result).__name__
    print(f"{label:42} median {statistics.median(times):7.1f} ms  "
          f"(max {max(times):.1f})  → {size}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="reuse/keep the filled station here")
    args = parser.parse_args()
    from station_app.orders_query import OrderFilter
    from station_app.station import Station

    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp, Station.open(Path(tmp)) as station:
        station.set_settings({"station_code": "12345", "user": "基准"})
        t0 = time.perf_counter()
        ids = _fill(station, args.orders, now)
        print(f"filled {args.orders} orders in {time.perf_counter() - t0:.1f} s")
        for flt in OrderFilter:
            _time(f"order_ids({flt.name})", lambda flt=flt: station.order_ids(flt))
        _time("order_ids(ALL, '13900012')", lambda: station.order_ids(OrderFilter.ALL, "13900012"))
        _time("order_ids(OPEN, '皖b0001')", lambda: station.order_ids(OrderFilter.OPEN, "皖b0001"))
        _time("count(OPEN)", lambda: station.count(OrderFilter.OPEN))
        _time("summaries(50 ids)", lambda: station.summaries(ids[1000:1050]))
        _time("order(id) detail", lambda: station.order(ids[5]))
        _time("record_note (one transaction, fsync)",
              lambda: station.record_note(ids[5], "基准记录"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
