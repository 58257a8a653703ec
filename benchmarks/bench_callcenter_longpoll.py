"""Long-poll wake-up latency with many stations waiting: p50/p99 from just before the
dispatcher's POST /v1/orders to the station's GET /v1/changes answering with the order, while
1,000 stations each hold a long-poll on the same server (SQLite and PostgreSQL).

The service runs as `callcenter serve` in its own process; the 1,000 stations are one asyncio
process (httpx); orders go to random stations one after another.

    .venv/bin/python benchmarks/bench_callcenter_longpoll.py [--stations 1000] [--orders 200]
        [--db sqlite postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from bench_callcenter_setup import database, prepare, serve


async def _station(client: httpx.AsyncClient, token: str, arrived: dict[str, float],
                   signals: dict[str, asyncio.Event], ready: asyncio.Event, counter: list[int],
                   total: int) -> None:
    cursor = 0
    headers = {"Authorization": f"Bearer {token}"}
    first = True
    while True:
        request = client.get("/v1/changes", params={"after": cursor, "wait": 30},
                             headers=headers)
        if first:
            counter[0] += 1
            if counter[0] == total:
                ready.set()
            first = False
        r = await request
        r.raise_for_status()
        page = r.json()
        now = time.perf_counter()
        for change in page["changes"]:
            if change["kind"] == "order":
                arrived[change["order_id"]] = now
                signals.setdefault(change["order_id"], asyncio.Event()).set()
        cursor = page["last_seq"]


async def _run(url: str, tokens: dict[str, str], dispatcher: str, orders: int
               ) -> tuple[list[float], list[float]]:
    limits = httpx.Limits(max_connections=len(tokens) + 50, max_keepalive_connections=None)
    arrived: dict[str, float] = {}
    signals: dict[str, asyncio.Event] = {}
    ready = asyncio.Event()
    counter = [0]
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        tasks = [asyncio.create_task(_station(client, t, arrived, signals, ready, counter,
                                              len(tokens))) for t in tokens.values()]
        await ready.wait()
        await asyncio.sleep(3)  # let every long-poll reach the server and park
        codes = list(tokens)
        latencies, posts = [], []
        headers = {"Authorization": f"Bearer {dispatcher}"}
        for _ in range(orders):
            code = random.choice(codes)
            t0 = time.perf_counter()
            r = await client.post("/v1/orders", headers=headers, json={
                "station_code": code, "kind": "rescue", "location": "G3高速 1024公里",
                "customer": {"name": "张先生", "phone": "13912345678"}})
            posts.append(time.perf_counter() - t0)
            r.raise_for_status()
            oid = r.json()["id"]
            await asyncio.wait_for(signals.setdefault(oid, asyncio.Event()).wait(), 30)
            latencies.append(arrived[oid] - t0)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return latencies, posts


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"])
    args = parser.parse_args()
    print(f"{args.stations} stations long-polling, {args.orders} orders one after another")
    print("| database | wake-up p50 | wake-up p99 | POST /v1/orders p50 |")
    print("|---|---|---|---|")
    for kind in args.db:
        with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as db_url:
            tokens, dispatcher = prepare(db_url, args.stations)
            with serve(db_url) as url:
                lat, posts = asyncio.run(_run(url, tokens, dispatcher, args.orders))
        print(f"| {kind} | {_pct(lat, 50):.1f} ms | {_pct(lat, 99):.1f} ms | "
              f"{statistics.median(posts) * 1000:.1f} ms |", flush=True)


if __name__ == "__main__":
    main()
