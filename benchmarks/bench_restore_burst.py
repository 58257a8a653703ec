"""After a restore, every PC rebuilds at once: N stations walk the pages of GET /v1/rebuild
together against one `callcenter serve` (its own process) holding their last ``--days`` days
(`seed_callcenter_day`: ``--orders`` a day over all stations).

Each PC behaves as `station_app.sync_worker` does: it starts within ``--spread`` seconds (a
PC's long-poll answers within 25 s; then it sees 409 `feed_rewound`), asks for one page at a
time with the station's 15-s request timeout, and after a failure (a timeout, a refused or
broken connection, any answer but 200) waits a random time below min(60 s, 2^(failures−1) s)
— or, for a 503 with Retry-After, what that header says, drawn in [1, 1.5]× of it — and asks
again. A PC follows the change feed only once its rebuild is done, so the time a PC takes is
how late an order issued meanwhile reaches its counter.

Prints: the wall time until every PC is rebuilt; per PC the time from its start to its last
page (p50 / p99 / max); pages answered against pages needed; requests that timed out (the
server's work on them is wasted) and other failures; the server's CPU seconds; `/v1/health`
latency sampled every 0.2 s during the burst (p50 / p99 / max).

    .venv/bin/python benchmarks/bench_restore_burst.py [--stations 1000] [--orders 20000]
        [--days 3] [--spread 25] [--db sqlite] [--keep DIR] [--give-up 600]

``--keep DIR`` seeds a SQLite database in DIR once (with the stations' tokens beside it) and
reuses it, so two builds can be compared on one seeded day; ``--give-up`` ends the burst after
that many seconds and counts the PCs not rebuilt by then.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench_callcenter_setup import cpu_seconds, database, serve_process
from bench_ui_common import percentile
from lean_http import Conn, HttpError
from lean_http import run as run_async
from machine_speed import reference_ms
from seed_callcenter_day import seed_day

TIMEOUT_S = 15.0  # station_app.transport.HttpTransport's default
BACKOFF_BASE_S, BACKOFF_CAP_S = 1.0, 60.0  # station_app.sync_worker.SyncWorker's
REBUILD_DAYS = 30  # the station's `rebuild_days` default


@dataclass
class Tally:
    pages: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    took: list[float] = field(default_factory=list)  # per PC: start → last page
    health: list[float] = field(default_factory=list)
    busy_waits: list[float] = field(default_factory=list)  # Retry-After values honoured


def _next_cursor(body: bytes) -> str | None:
    """The page's `next` without parsing ~400 kB of orders (it follows them)."""
    at = body.rfind(b'"next":')
    if at < 0:
        raise ValueError("no next in the page")
    rest = body[at + 7:]
    if rest.startswith(b"null"):
        return None
    return rest[1:rest.index(b'"', 1)].decode()


async def _pc(url: str, token: str, spread: float, tally: Tally, rng: random.Random) -> None:
    await asyncio.sleep(rng.random() * spread)
    started = time.monotonic()
    conn = Conn(url)
    after, failures = "", 0
    while True:
        retry_after: float | None = None
        try:
            status, body, headers = await asyncio.wait_for(
                conn.request_with_headers("GET", "/v1/rebuild", token=token,
                                          params={"after": after, "days": REBUILD_DAYS}),
                TIMEOUT_S)
        except TimeoutError:
            conn.close()  # as httpx does: the answer, if it comes, goes nowhere
            tally.outcomes["timed out"] += 1
        except HttpError as exc:
            tally.outcomes[f"connection: {exc}"] += 1
        else:
            if status == 200:
                tally.pages += 1
                failures = 0
                nxt = _next_cursor(body)
                if nxt is None:
                    break
                after = nxt
                continue
            tally.outcomes[f"HTTP {status}"] += 1
            if status == 503 and "retry-after" in headers:
                retry_after = float(headers["retry-after"])
        failures += 1
        if retry_after is not None:
            wait = retry_after * (1 + rng.random() / 2)
            tally.busy_waits.append(retry_after)
        else:
            wait = rng.random() * min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** (failures - 1))
        await asyncio.sleep(wait)
    conn.close()
    tally.took.append(time.monotonic() - started)


async def _health(url: str, tally: Tally, done: asyncio.Event) -> None:
    conn = Conn(url)
    while not done.is_set():
        t0 = time.perf_counter()
        try:
            status, _body = await asyncio.wait_for(conn.request("GET", "/v1/health"), 30)
        except (TimeoutError, HttpError):
            conn.close()
            status = 0
        tally.health.append(time.perf_counter() - t0 if status == 200 else float("inf"))
        await asyncio.sleep(0.2)
    conn.close()


async def _burst(url: str, tokens: dict[str, str], spread: float, give_up: float,
                 tally: Tally) -> float:
    rng = random.Random(17)
    done = asyncio.Event()
    prober = asyncio.create_task(_health(url, tally, done))
    t0 = time.monotonic()
    pcs = [asyncio.create_task(_pc(url, token, spread, tally, random.Random(rng.random())))
           for token in tokens.values()]
    _finished, unfinished = await asyncio.wait(pcs, timeout=give_up)
    for task in unfinished:
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*unfinished, return_exceptions=True)
    wall = time.monotonic() - t0
    done.set()
    await prober
    return wall


def _tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and its live children (`serve --workers N` forks its workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return cpu_seconds(pid) + sum(cpu_seconds(int(c)) for c in children)


def _ms(values: list[float]) -> str:
    if not values:
        return "none"
    return " / ".join("failed" if v == float("inf") else f"{v * 1000:.0f}"
                      for v in (statistics.median(values), percentile(values, 99), max(values)))


def _seeded(db_url: str, keep: Path | None, stations: int, orders: int, days: int
            ) -> dict[str, str]:
    """The stations' tokens, seeding first unless ``keep`` holds the seeded day already."""
    saved = keep / "tokens.json" if keep else None
    if saved is not None and saved.exists():
        return json.loads(saved.read_text())
    t0 = time.monotonic()
    tokens = seed_day(db_url, stations=stations, orders=orders, days=days).station_tokens
    print(f"seeded in {time.monotonic() - t0:.0f} s")
    if saved is not None:
        saved.write_text(json.dumps(tokens))
    return tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=20_000, help="orders a day, all stations")
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--spread", type=float, default=25.0)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--serve-args", default="", help="extra `callcenter serve` arguments")
    parser.add_argument("--keep", type=Path, help="seed in this folder once and reuse it")
    parser.add_argument("--give-up", type=float, default=600.0)
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            db_url = str(args.keep / "callcenter.sqlite3")
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            db_url = stack.enter_context(database(args.db, Path(tmp)))
        tokens = _seeded(db_url, args.keep, args.stations, args.orders, args.days)
        per_station = args.orders * args.days / args.stations
        needed = args.stations * max(1, math.ceil(per_station / 100))
        print(f"{args.orders * args.days:,} orders ({per_station:.0f} a station); reference "
              f"workload {reference_ms():.1f} ms")
        with serve_process(db_url, *args.serve_args.split()) as (url, proc):
            tally = Tally()
            cpu0 = _tree_cpu(proc.pid)
            load0 = os.getloadavg()[0]
            wall = run_async(_burst(url, tokens, args.spread, args.give_up, tally))
            cpu = _tree_cpu(proc.pid) - cpu0
        print(f"\n{args.stations:,} PCs rebuilding, starts spread over {args.spread:.0f} s, "
              f"{args.db}, load {load0:.1f} → {os.getloadavg()[0]:.1f}\n")
        print("| measure | value |\n|---|---|")
        for name, value in (
                ("PCs rebuilt", f"{len(tally.took):,} of {len(tokens):,} in {wall:.1f} s"),
                ("per PC, start → last page (p50 / p99 / max)", _ms(tally.took) + " ms"),
                ("pages answered / needed", f"{tally.pages:,} / {needed:,}"),
                ("failed requests", ", ".join(f"{k}: {v:,}" for k, v in
                                              sorted(tally.outcomes.items())) or "none"),
                ("Retry-After honoured (mean)", f"{len(tally.busy_waits):,} "
                 f"({statistics.fmean(tally.busy_waits):.1f} s)" if tally.busy_waits else "none"),
                ("server CPU", f"{cpu:.1f} s ({cpu / max(tally.pages, 1) * 1000:.1f} ms a page "
                               "answered)"),
                ("/v1/health during the burst (p50 / p99 / max)", _ms(tally.health) + " ms")):
            print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
