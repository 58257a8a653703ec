"""The call center under a thousand stations' load, on the seeded day: every station holds a
long-poll while stations push ~100 batches/s and the dispatcher issues orders; measured: issue
→ delivered to the station's long-poll (p50/p99), push latency (p50/p99), errors, the server's
CPU. Then 2,000 long-polls held open and `/v1/health` latency under them.

`callcenter serve` runs in its own process(es) (`--workers 2` on PostgreSQL, one process on
SQLite, at its default log level: the access log is part of the cost). The stations are lean
HTTP/1.1 clients (`lean_http`: one keep-alive connection per station) in a few processes on the
same 2-core machine, so the client takes CPU from the server: the figures are an upper bound.
Issue → delivered is timed from just before the issuing POST to the station's long-poll
answer; every failed or refused request is counted.

    .venv/bin/python benchmarks/bench_callcenter_load.py [--db postgres sqlite]
        [--stations 1000] [--orders 2000] [--seconds 120] [--pushes 100] [--issues 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lean_http
from bench_callcenter_setup import cpu_seconds, database, serve_process
from machine_speed import reference_ms
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

    async def station(self, code: str) -> None:
        """One station: its own keep-alive connection, one long-poll after another."""
        conn = lean_http.Conn(self.url)
        token = self.tokens[code]
        cursor, mark = 0, ""
        try:
            status, body = await conn.request("GET", "/v1/changes", token=token)
            if status == 200:
                first = json.loads(body)
                cursor, mark = first["last_seq"], first.get("last_mark") or ""
            else:
                self.errors.append(f"poll {status}")
        except lean_http.HttpError as exc:
            self.errors.append(f"poll {exc}")
        self.parked += 1
        while not self.stop.is_set():
            # As a PC asks: with the identity of the change it holds (`mark`), once it has one.
            params: dict[str, Any] = {"after": cursor, "wait": 25}
            if mark:
                params["mark"] = mark
            try:
                status, body = await conn.request("GET", "/v1/changes", token=token,
                                                  params=params)
            except lean_http.HttpError as exc:
                self.errors.append(f"poll {exc}")
                await asyncio.sleep(1)
                continue
            if status != 200:
                self.errors.append(f"poll {status}")
                await asyncio.sleep(1)
                continue
            now = time.time()
            page = json.loads(body)
            self.delivered += [(c.get("order_id", ""), now) for c in page["changes"]
                               if c.get("kind") == "order"]
            cursor, mark = page["last_seq"], page.get("last_mark") or ""
        conn.close()

    async def _open_loop(self, rate: float, rng: random.Random, make: Any) -> None:
        """A request leaves every 1/rate s on average (exponential gaps), whether or not the
        ones before were answered: a slow server does not slow the arrivals."""
        tasks: set[asyncio.Task[None]] = set()
        loop = asyncio.get_running_loop()
        due = loop.time()
        while not self.stop.is_set():
            task = loop.create_task(make())
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            due += rng.expovariate(rate)
            await asyncio.sleep(max(0.0, due - loop.time()))
        await asyncio.gather(*tasks, return_exceptions=True)

    async def pusher(self, pool: lean_http.Pool, rate: float, orders_of: dict[str, list[str]],
                     seed: int) -> None:
        codes = sorted(orders_of)
        rng = random.Random(seed)

        async def push() -> None:
            code = rng.choice(codes)
            at = datetime.now(UTC).isoformat()
            events = [{"id": str(uuid.uuid4()), "order_id": rng.choice(orders_of[code]),
                       "type": "note", "occurred_at": at, "recorded_at": at, "author": "柜台",
                       "payload": {"text": "用户来电询问进度"}} for _ in range(rng.randint(1, 3))]
            start = time.perf_counter()
            try:
                status, body = await pool.request("POST", "/v1/events", token=self.tokens[code],
                                                  body={"events": events})
            except lean_http.HttpError as exc:
                self.errors.append(f"push {exc}")
                return
            if status != 200:
                self.errors.append(f"push {status}")
            elif any(x["status"] != "accepted" for x in json.loads(body)["results"]):
                self.errors.append("push refused")
            self.pushes.append(time.perf_counter() - start)

        await self._open_loop(rate, rng, push)

    async def issuer(self, pool: lean_http.Pool, rate: float, dispatcher: str) -> None:
        codes = sorted(self.tokens)
        rng = random.Random(11)

        async def issue() -> None:
            code = rng.choice(codes)
            oid = str(uuid.uuid4())
            self.issued[oid] = time.time()  # just before the issuing POST
            try:
                status, _body = await pool.request("POST", "/v1/orders", token=dispatcher, body={
                    "id": oid, "station_code": code, "kind": "dispatch",
                    "customer": {"name": "张先生", "phone": "13912345678"}})
            except lean_http.HttpError as exc:
                self.errors.append(f"issue {exc}")
                return
            if status not in (200, 201):
                self.errors.append(f"issue {status}")

        await self._open_loop(rate, rng, issue)


def _pollers(url: str, tokens: dict[str, str], stop: Any, ready: Any, out: Any) -> None:
    """A client process holding these stations' long-polls until ``stop``."""
    async def main() -> None:
        load = Load(url, tokens, stop)
        polls = [asyncio.create_task(load.station(code)) for code in tokens]
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

    lean_http.run(main())


def _generator(url: str, tokens: dict[str, str], dispatcher: str,
               orders_of: dict[str, list[str]], pushes: float, issues: float, seed: int,
               stop: Any, out: Any) -> None:
    """A client process pushing at ``pushes`` batches/s and issuing at ``issues``/s."""
    async def main() -> None:
        load = Load(url, tokens, stop)
        pushing, issuing = lean_http.Pool(url), lean_http.Pool(url)
        work = [asyncio.create_task(load.pusher(pushing, pushes, orders_of, seed))]
        if issues:
            work.append(asyncio.create_task(load.issuer(issuing, issues, dispatcher)))
        await asyncio.gather(*work)
        pushing.close()
        issuing.close()
        out.put({"issued": load.issued, "pushes": load.pushes, "errors": load.errors})

    lean_http.run(main())


def server_cpu(pid: int) -> float:
    """CPU seconds of the serve process and its live workers."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return sum(cpu_seconds(p) for p in [pid, *map(int, children.stdout.split())])


def run_load(url: str, seeded, seconds: float, pushes: float, issues: float,
             procs: int = 2, server_pid: int | None = None) -> dict:
    """``procs`` client processes hold the stations' long-polls; one more generates the
    pushes and the issues."""
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
        url, seeded.station_tokens, seeded.dispatcher, orders_of, pushes, issues, 7, stop,
        out))]
    cpu0 = server_cpu(server_pid) if server_pid else 0.0
    load0 = os.getloadavg()[0]
    for g in gens:
        g.start()
    time.sleep(seconds)
    stop.set()
    results = [out.get(timeout=120) for _ in [*pollers, *gens]]
    cpu = (server_cpu(server_pid) - cpu0) if server_pid else 0.0
    for p in [*pollers, *gens]:
        p.join(30)
    issued: dict[str, float] = {}
    arrived: dict[str, float] = {}
    got: dict[str, Any] = {"pushes": [], "errors": [], "server_cpu": cpu,
                           "load": (load0, os.getloadavg()[0])}
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
    """``polls`` long-polls parked (each on its own connection), then `/v1/health` probed 100
    times on a connection of its own."""
    codes = sorted(seeded.station_tokens)

    async def hold(code: str) -> int:
        conn = lean_http.Conn(url)
        try:
            status, _body = await conn.request(
                "GET", "/v1/changes", token=seeded.station_tokens[code],
                params={"after": 10**9, "wait": 30})
            return status
        finally:
            conn.close()

    held = [asyncio.create_task(hold(codes[i % len(codes)])) for i in range(polls)]
    await asyncio.sleep(8)  # let them all park
    times = []
    probe = lean_http.Conn(url)
    for _ in range(100):
        start = time.perf_counter()
        status, _body = await probe.request("GET", "/v1/health")
        times.append(time.perf_counter() - start)
        assert status == 200, status
        await asyncio.sleep(0.05)
    probe.close()
    statuses = await asyncio.gather(*held, return_exceptions=True)
    return times, sum(1 for s in statuses if s != 200)


def report(title: str, got: dict, seconds: float, times: list[float], failed: int,
           polls: int) -> None:
    d, p = got["delivered"], got["pushes"]
    print(f"\n### {title}, {seconds:.0f} s, load average {got['load'][0]:.2f} → "
          f"{got['load'][1]:.2f}, reference workload {reference_ms():.1f} ms "
          "(`machine_speed.py`)\n")
    print("| measure | figure |\n|---|---|")
    print(f"| issue → delivered ({len(d)} orders) | p50 "
          f"{statistics.median(d) * 1000 if d else 0:.0f} ms, p99 {_pct(d, 0.99)} ms, "
          f"{got['lost']} not delivered |")
    print(f"| push ({len(p)} batches, {len(p) / seconds:.0f}/s) | p50 "
          f"{statistics.median(p) * 1000 if p else 0:.0f} ms, p99 {_pct(p, 0.99)} ms, "
          f"max {max(p) * 1000 if p else 0:.0f} ms |")
    errors = got["errors"]
    print(f"| errors | {len(errors)} {sorted(set(errors))[:5]} |")
    if got["server_cpu"] and p:
        print(f"| server CPU | {got['server_cpu']:.1f} s ({got['server_cpu'] / seconds:.0%} of "
              f"a core), {got['server_cpu'] / len(p) * 1000:.2f} ms per push |")
    if times:
        print(f"| /v1/health with {polls} long-polls open | p50 "
              f"{statistics.median(times) * 1000:.0f} ms, p99 {_pct(times, 0.99)} ms, "
              f"max {max(times) * 1000:.0f} ms; {failed} polls not 200 |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", default=["postgres", "sqlite"])
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--pushes", type=float, default=100, help="push batches per second")
    parser.add_argument("--issues", type=float, default=5, help="orders issued per second")
    parser.add_argument("--health-polls", type=int, default=2000)
    parser.add_argument("--client-procs", type=int, default=2,
                        help="client processes holding the long-polls (one more pushes)")
    parser.add_argument("--log-level", default="info", help="the server's (default: serve's)")
    args = parser.parse_args()
    for kind in args.db:
        workers = ["--workers", "2"] if kind == "postgres" else []
        with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as db_url:
            seeded = seed_day(db_url, stations=args.stations, orders=args.orders)
            with serve_process(db_url, *workers, log_level=args.log_level) as (url, proc):
                got = run_load(url, seeded, args.seconds, args.pushes, args.issues,
                               args.client_procs, proc.pid)
                times, failed = (lean_http.run(health_under_polls(url, seeded,
                                                                  args.health_polls))
                                 if args.health_polls else ([], 0))
            report(f"{kind}{' --workers 2' if workers else ', one process'}: "
                   f"{args.stations} stations long-polling", got, args.seconds, times, failed,
                   args.health_polls)


if __name__ == "__main__":
    main()
