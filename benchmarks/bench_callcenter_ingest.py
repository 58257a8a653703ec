"""Events ingested per second by POST /v1/events: batches of 500 vs one POST per event, on
SQLite (WAL, synchronous=FULL) and PostgreSQL 15 (fsync on).

The service runs as `callcenter serve` in its own process; one station client posts
sequentially. Each order gets a realistic run of events (received, contact, departed, arrived,
completed, notes), each one checked, deduplicated, folded and fed to the change feed.

    .venv/bin/python benchmarks/bench_callcenter_ingest.py [--db sqlite postgres]
        [--batch-events 5000] [--single-events 500]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from bench_callcenter_setup import database, prepare, serve

STEPS: list[tuple[str, dict[str, Any]]] = [
    ("received", {}),
    ("contact_attempt", {"outcome": "no_answer", "note": "无人接听"}),
    ("contact_attempt", {"outcome": "reached", "note": "约定下午上门"}),
    ("departed", {"technicians": ["李师傅", "王师傅"]}),
    ("arrived", {"note": "已到达用户处"}),
    ("note", {"text": "更换起动机,需要向中心库调件"}),
    ("form_printed", {"form": "outside_service"}),
    ("completed", {"work_done": "更换起动机,试车正常", "technicians": ["李师傅"],
                   "parts": [{"name": "起动机", "part_no": "QD-100", "price": "860.00"}],
                   "outside_distance_km": 12.5}),
    ("note", {"text": "用户满意"}),
    ("form_printed", {"form": "job_sheet"}),
]


def issue_orders(url: str, dispatcher: str, station: str, n: int) -> list[str]:
    ids = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {dispatcher}"}) as c:
        for _ in range(n):
            r = c.post("/v1/orders", json={
                "station_code": station, "kind": "dispatch",
                "customer": {"name": "张先生", "phone": "13912345678"}})
            r.raise_for_status()
            ids.append(r.json()["id"])
    return ids


def events_for(order_ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for oid in order_ids:
        for etype, payload in STEPS:
            now = datetime.now(UTC).isoformat()
            out.append({"id": str(uuid.uuid4()), "order_id": oid, "type": etype,
                        "occurred_at": now, "recorded_at": now, "author": "柜台",
                        "payload": payload})
    return out


def measure(url: str, token: str, events: list[dict[str, Any]], batch: int) -> float:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      timeout=120) as c:
        start = time.perf_counter()
        for i in range(0, len(events), batch):
            r = c.post("/v1/events", json={"events": events[i:i + batch]})
            r.raise_for_status()
            bad = [x for x in r.json()["results"] if x["status"] != "accepted"]
            assert not bad, bad[:3]
        return len(events) / (time.perf_counter() - start)


def run(kind: str, batch_events: int, single_events: int) -> tuple[float, float]:
    per_order = len(STEPS)
    with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as db_url:
        tokens, dispatcher = prepare(db_url, 2)
        (a, token_a), (b, token_b) = tokens.items()
        with serve(db_url) as url:
            batch_orders = issue_orders(url, dispatcher, a, batch_events // per_order)
            single_orders = issue_orders(url, dispatcher, b, single_events // per_order)
            batched = measure(url, token_a, events_for(batch_orders), 500)
            single = measure(url, token_b, events_for(single_orders), 1)
    return batched, single


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--batch-events", type=int, default=5000)
    parser.add_argument("--single-events", type=int, default=500)
    args = parser.parse_args()
    print("| database | batches of 500 | one POST per event | ratio |")
    print("|---|---|---|---|")
    for kind in args.db:
        batched, single = run(kind, args.batch_events, args.single_events)
        print(f"| {kind} | {batched:,.0f} events/s | {single:,.0f} events/s | "
              f"{batched / single:.1f}× |", flush=True)


if __name__ == "__main__":
    main()
