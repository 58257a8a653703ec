"""A PC reading its own events back from the call center's feed (the echo every PC of the
station gets, `station_app/echoes.py`), against reading as many new events of the call center,
per change, on the same store in the same run. After a push of 500 events, the PC's next pull
brings those 500 back.

The events are notes on 200 orders, 10 each, acknowledged in the store as a push leaves them;
pages of 200 changes, as the call center sends them (`callcenter/feed.py` PAGE_SIZE).

    .venv/bin/python benchmarks/bench_sync_echoes.py [--events 2000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ORDERS, PAGE = 200, 200


def _pages(events: list[dict[str, Any]], first_seq: int) -> list[dict[str, Any]]:
    pages, seq = [], first_seq
    for start in range(0, len(events), PAGE):
        changes = []
        for i, event in enumerate(events[start:start + PAGE]):
            changes.append({"seq": seq, "kind": "event", "order_id": event["order_id"],
                            "event": event, "pos": 1_000 + start + i})
            seq += 1
        pages.append({"changes": changes, "last_seq": seq - 1,
                      "server_time": datetime.now(UTC).isoformat()})
    return pages


def one_run(folder: Path, count: int) -> tuple[float, float]:
    from station_app import hot_queries
    from station_app.station import Station
    from tests.station import factories as f

    with Station.open(folder) as st:
        st.set_settings({"station_code": f.STATION, "user": "张三"})
        orders = [f.order() for _ in range(ORDERS)]
        st.apply_changes(f.page(*[f.order_change(i + 1, o) for i, o in enumerate(orders)]))
        own = [st.record_note(orders[i % ORDERS].id, f"记录 {i}") for i in range(count)]
        with st.store.transaction():
            hot_queries.acknowledge([(e.id, "accepted", "", 1_000 + i)
                                     for i, e in enumerate(own)], st.now())
        theirs = [{**e.model_dump(mode="json"), "id": str(uuid.uuid4()), "station_code": None,
                   "author": "调度员"} for e in own]
        timings = []
        for events, first in ((own, ORDERS + 1), (theirs, ORDERS + 1 + count)):
            pages = _pages([e if isinstance(e, dict) else e.model_dump(mode="json")
                            for e in events], first)
            start = time.perf_counter()
            for page in pages:
                st.apply_changes(page)
            timings.append((time.perf_counter() - start) / count * 1e6)
        return timings[0], timings[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    own, theirs = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            a, b = one_run(Path(tmp) / "pc", args.events)
        own.append(a)
        theirs.append(b)
    print(f"{args.events} events on {ORDERS} orders, pages of {PAGE}, "
          f"median of {args.runs} runs; load average {os.getloadavg()[0]:.2f}")
    mine, new = statistics.median(own), statistics.median(theirs)
    print(f"  own events back (echo):     {mine:7.0f} µs per change")
    print(f"  the call center's new ones: {new:7.0f} µs per change")
    print(f"  ratio own / new:            {mine / new:7.2f}")


if __name__ == "__main__":
    main()
