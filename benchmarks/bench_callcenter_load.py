"""The call center under a thousand stations' load, on the seeded day: every station holds a
long-poll while stations push ~100 batches/s and the dispatcher issues orders; measured: issue
→ delivered to the station's long-poll (p50/p99), push latency (p50/p99), errors. Then 2,000
long-polls held open and `/v1/health` latency under them.

`callcenter serve` runs in its own process(es) (`--workers 2` on PostgreSQL, one process on
SQLite); the stations are one asyncio client process on the same 2-core machine, so the client
takes CPU from the server: the figures are an upper bound.

    .venv/bin/python benchmarks/bench_callcenter_load.py [--db postgres sqlite]
        [--stations 1000] [--orders 2000] [--seconds 120] [--pushes 100] [--issues 5]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from bench_callcenter_setup import database, serve_process
from seed_callcenter_day import seed_day


def _pct(values: list[float], p: float) -> str:
    if not values:
        return "-"
    values = sorted(values)
    return f"{values[min(len(values) - 1, int(p * len(values)))] * 1000:.0f}"


class Load:
    """One client process's share of the load: long-polling stations, or the pushers and the
    dispatcher. Times are wall-clock (``time.time``) so processes' records can be matched."""

    def __init__(self, url: str, tokens: dict[str, str], stop: Any) -> None:
        self.url, self.tokens, self.stop = url, tokens, stop
        self.delivered: list[tuple[str, float]] = []  # (order id, when its change arrived)
        self.issued: dict[str, float] = {}
        self.pushes: list[float] = []
        self.errors: list[str] = []
        self.parked = 0

    async def station(self, client: httpx.AsyncClient, code: str) -> None:
        headers = {"Authorization": f"Bearer {self.tokens[code]}"}
        cursor = (await client.get("/v1/changes", headers=headers)).json()["last_seq"]
        self.parked += 1
        while not self.stop.is_set():
            try:
                r = await client.get("/v1/changes", params={"after": cursor, "wait": 25},
                                     headers=headers)
            except httpx.HTTPError as exc:
                self.errors.append(f"poll {type(exc).__name__}")
                await asyncio.sleep(1)
                continue
            if r.status_code != 200:
                self.errors.append(f"poll {r.status_code}")
                await asyncio.sleep(1)
                continue
            page = r.json()
            now = time.time()
            self.delivered += [(c.get("order_id", ""), now) for c in page["changes"]
                               if c.get("kind") == "order"]
            cursor = page["last_seq"]

    async def pusher(self, client: httpx.AsyncClient, rate: float,
                     orders_of: dict[str, list[str]], seed: int) -> None:
        """Open loop: a push leaves every 1/rate s on average, whether or not the ones before
        were answered (a slow server does not slow the arrivals)."""
        codes = sorted(orders_of)
        rng = random.Random(seed)
        tasks = set()
        while not self.stop.is_set():
            code = rng.choice(codes)
            at = datetime.now(UTC).isoformat()
            events = [{"id": str(uuid.uuid4()), "order_id": rng.choice(orders_of[code]),
                       "type": "note", "occurred_at": at, "recorded_at": at, "author": "柜台",
                       "payload": {"text": "用户来电询问进度"}} for _ in range(rng.randint(1, 3))]
            task = asyncio.get_running_loop().create_task(self._push(client, code, events))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            await asyncio.sleep(rng.expovariate(rate))
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _push(self, client: httpx.AsyncClient, code: str, events: list) -> None:
        start = time.perf_counter()
        try:
            r = await client.post("/v1/events", json={"events": events},
                                  headers={"Authorization": f"Bearer {self.tokens[code]}"})
            if r.status_code != 200:
                self.errors.append(f"push {r.status_code}")
            elif any(x["status"] != "accepted" for x in r.json()["results"]):
                self.errors.append("push refused")
        except httpx.HTTPError as exc:
            self.errors.append(f"push {type(exc).__name__}")
            return
        self.pushes.append(time.perf_counter() - start)

    async def issuer(self, client: httpx.AsyncClient, rate: float, dispatcher: str) -> None:
        codes = sorted(self.tokens)
        rng = random.Random(11)
        headers = {"Authorization": f"Bearer {dispatcher}"}
        while not self.stop.is_set():
            code = rng.choice(codes)
            oid = str(uuid.uuid4())
            self.issued[oid] = time.time()
            try:
                r = await client.post("/v1/orders", headers=headers, json={
                    "id": oid, "station_code": code, "kind": "dispatch",
                    "customer": {"name": "张先生", "phone": "13912345678"}})
                if r.status_code not in (200, 201):
                    self.errors.append(f"issue {r.status_code}")
            except httpx.HTTPError as exc:
                self.errors.append(f"issue {type(exc).__name__}")
            await asyncio.sleep(rng.expovariate(rate))


def _limits(n: int) -> httpx.Limits:
    return httpx.Limits(max_connections=n + 400, max_keepalive_connections=n + 400)


def _pollers(url: str, tokens: dict[str, str], stop: Any, ready: Any, out: Any) -> None:
    """A client process holding these stations' long-polls until ``stop``."""
    async def main() -> None:
        load = Load(url, tokens, stop)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=_limits(len(tokens))) as c:
            polls = [asyncio.create_task(load.station(c, code)) for code in tokens]
            while load.parked < len(tokens):
                await asyncio.sleep(0.1)
            ready.put(len(tokens))
            while not stop.is_set():
                await asyncio.sleep(0.2)
            await asyncio.sleep(3)  # the last issues arrive
            for t in polls:
                t.cancel()
            await asyncio.gather(*polls, return_exceptions=True)
        out.put({"delivered": load.delivered, "errors": load.errors})

    asyncio.run(main())


def _generator(url: str, tokens: dict[str, str], dispatcher: str,
               orders_of: dict[str, list[str]], pushes: float, issues: float, seed: int,
               stop: Any, out: Any) -> None:
    """A client process pushing at ``pushes`` batches/s (and issuing at ``issues``/s)."""
    async def main() -> None:
        load = Load(url, tokens, stop)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=_limits(400)) as c:
            work = [asyncio.create_task(load.pusher(c, pushes, orders_of, seed))]
            if issues:
                work.append(asyncio.create_task(load.issuer(c, issues, dispatcher)))
            await asyncio.gather(*work)
        out.put({"issued": load.issued, "pushes": load.pushes, "errors": load.errors})

    asyncio.run(main())


def run_load(url: str, seeded, seconds: float, pushes: float, issues: float,
             procs: int = 3) -> dict:
    """``procs`` client processes hold the stations' long-polls; two more generate the
    pushes (half the rate each, one also issues): one process could not make 100 pushes/s
    beside 1,000 long-polls on a loaded machine."""
    orders_of: dict[str, list[str]] = {}
    stations = len(seeded.station_tokens)
    for n, oid in enumerate(seeded.order_ids):
        orders_of.setdefault(f"{10000 + n % stations}", []).append(oid)
    ctx = multiprocessing.get_context("spawn")
    stop, ready, out = ctx.Event(), ctx.Queue(), ctx.Queue()
    codes = sorted(seeded.station_tokens)
    pollers = [ctx.Process(target=_pollers, args=(
        url, {c: seeded.station_tokens[c] for c in codes[i::procs]}, stop, ready, out))
        for i in range(procs)]
    for p in pollers:
        p.start()
    parked = sum(ready.get(timeout=300) for _ in pollers)
    assert parked == stations, parked
    time.sleep(2)
    gens = [ctx.Process(target=_generator, args=(
        url, seeded.station_tokens, seeded.dispatcher, orders_of, pushes / 2,
        issues if i == 0 else 0, 7 + i, stop, out)) for i in range(2)]
    for g in gens:
        g.start()
    time.sleep(seconds)
    stop.set()
    results = [out.get(timeout=120) for _ in [*pollers, *gens]]
    for p in [*pollers, *gens]:
        p.join(30)
    issued: dict[str, float] = {}
    arrived: dict[str, float] = {}
    got: dict[str, Any] = {"pushes": [], "errors": []}
    for r in results:
        issued.update(r.get("issued", {}))
        for oid, at in r.get("delivered", []):
            arrived.setdefault(oid, at)
        got["pushes"] += r.get("pushes", [])
        got["errors"] += r["errors"]
    got["delivered"] = [arrived[o] - t for o, t in issued.items() if o in arrived]
    got["lost"] = sum(1 for o in issued if o not in arrived)
    return got


async def health_under_polls(url: str, seeded, polls: int) -> tuple[list[float], int]:
    codes = sorted(seeded.station_tokens)
    limits = httpx.Limits(max_connections=polls + 50, max_keepalive_connections=polls + 50)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        async def hold(code: str) -> int:
            r = await client.get("/v1/changes", params={"after": 10**9, "wait": 30},
                                 headers={"Authorization": f"Bearer {seeded.station_tokens[code]}"})
            return r.status_code

        held = [asyncio.create_task(hold(codes[i % len(codes)])) for i in range(polls)]
        await asyncio.sleep(8)  # let them all park
        times = []
        async with httpx.AsyncClient(base_url=url, timeout=30) as probe:
            for _ in range(100):
                start = time.perf_counter()
                r = await probe.get("/v1/health")
                times.append(time.perf_counter() - start)
                assert r.status_code == 200
                await asyncio.sleep(0.05)
        statuses = await asyncio.gather(*held, return_exceptions=True)
    return times, sum(1 for s in statuses if s != 200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", default=["postgres", "sqlite"])
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--pushes", type=float, default=100, help="push batches per second")
    parser.add_argument("--issues", type=float, default=5, help="orders issued per second")
    parser.add_argument("--health-polls", type=int, default=2000)
    parser.add_argument("--client-procs", type=int, default=3,
                        help="client processes holding the long-polls (2 more push)")
    args = parser.parse_args()
    for kind in args.db:
        workers = ["--workers", "2"] if kind == "postgres" else []
        with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as db_url:
            seeded = seed_day(db_url, stations=args.stations, orders=args.orders)
            with serve_process(db_url, *workers) as (url, _proc):
                got = run_load(url, seeded, args.seconds, args.pushes, args.issues,
                               args.client_procs)
                times, failed = asyncio.run(health_under_polls(url, seeded, args.health_polls))
            d, p = got["delivered"], got["pushes"]
            print(f"\n### {kind}{' --workers 2' if workers else ', one process'}: "
                  f"{args.stations} stations long-polling, {args.seconds:.0f} s, "
                  f"load average {os.getloadavg()[0]:.2f}\n")
            print("| measure | figure |\n|---|---|")
            print(f"| issue → delivered ({len(d)} orders) | p50 "
                  f"{statistics.median(d) * 1000 if d else 0:.0f} ms, p99 {_pct(d, 0.99)} ms, "
                  f"{got['lost']} not delivered |")
            print(f"| push ({len(p)} batches, {len(p) / args.seconds:.0f}/s) | p50 "
                  f"{statistics.median(p) * 1000 if p else 0:.0f} ms, p99 {_pct(p, 0.99)} ms, "
                  f"max {max(p) * 1000 if p else 0:.0f} ms |")
            errors = got["errors"]
            print(f"| errors | {len(errors)} {sorted(set(errors))[:5]} |")
            print(f"| /v1/health with {args.health_polls} long-polls open | p50 "
                  f"{statistics.median(times) * 1000:.0f} ms, p99 {_pct(times, 0.99)} ms; "
                  f"{failed} polls not 200 |", flush=True)


if __name__ == "__main__":
    main()
