"""Ingest through POST /v1/events: server CPU per event for 5k/10k/20k events on 1,000 orders
and for 10,000 events on 10, 100 and 1,000 orders (batches of 500, a station's queue
interleaved across its orders; and notes and prints only, which change no state, on 10 and
1,000 orders), and batches against one POST per event, on SQLite (WAL,
synchronous=FULL) and PostgreSQL 15 (fsync on).

`callcenter serve` runs in its own process; one station client posts sequentially. Each event
is checked, deduplicated, folded into the order's stored columns and fed to the change feed.
Server CPU per event = the serve process's user + system time over the run / events (/proc),
after an untimed warm-up; each run's orders are aged an hour first. The batched runs are then
fitted as CPU = a × events + b × orders written + c × orders whose columns changed (each batch
writes each order it touches once), which says why the per-event figures differ by run.
With ``--day-orders N`` a day of N completed orders (`seed_callcenter_day`) is seeded first, as
the scale benchmark does. Prints a markdown table; figures go to docs/performance.md.

    .venv/bin/python benchmarks/bench_callcenter_ingest.py [--db sqlite postgres]
        [--runs 1000x5 1000x10 1000x20 10x1000 100x100 1000x10n 10x1000n] [--single 1000]
        [--day-orders 0]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench_callcenter_scale import _events as queued_events
from bench_callcenter_scale import _push as push
from bench_callcenter_setup import cpu_seconds, database, prepare, serve_process
from linear_fit import fit
from machine_speed import reference_ms
from seed_callcenter_day import open_orders, seed_day

RUNS = ["1000x5", "1000x10", "1000x20", "10x1000", "100x100", "1000x10n", "10x1000n"]


def notes_only(order_ids: list[str], per_order: int) -> list[dict[str, Any]]:
    """Notes and prints only (they change no state): the cost of an order in a batch apart
    from what its events change."""
    out = queued_events(order_ids, per_order + 1)[len(order_ids):]  # without `received`
    kinds = [("note", {"text": "用户来电询问进度"}), ("form_printed", {"form": "job_sheet"})]
    for n, event in enumerate(out):
        event["type"], event["payload"] = kinds[n // len(order_ids) % 2]
    return out


def aged(db_url: str, order_ids: list[str]) -> list[str]:
    """The orders as if last touched an hour ago, so the run's first event on each pays for
    writing the row (a note writes `updated_at` only once it is a minute old)."""
    from callcenter import db as database
    from callcenter.commands.common import open_database
    from callcenter.models import OrderRow

    open_database(db_url)
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    database.write(lambda: OrderRow.update(updated_at=hour_ago).where(
        OrderRow.id.in_(order_ids)).execute())
    database.db.obj.close_all()
    return order_ids


QUIET_TYPES = {"note", "form_printed"}  # they change no derived column of the order


def touches(events: list[dict[str, Any]], batch: int = 500) -> tuple[int, int]:
    """Orders written per batch, summed (each batch writes each order it touches once), and
    of those the ones whose derived columns the batch changed (an event other than a note or
    a print)."""
    written = changed = 0
    for i in range(0, len(events), batch):
        chunk = events[i:i + batch]
        written += len({e["order_id"] for e in chunk})
        changed += len({e["order_id"] for e in chunk if e["type"] not in QUIET_TYPES})
    return written, changed


def run(kind: str, runs: list[tuple[int, int, bool]], single: int, day_orders: int
        ) -> list[tuple[str, str]]:
    out = []
    points: list[tuple[float, ...]] = []  # events, orders written, changed; CPU s, per run
    with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as db_url:
        if day_orders:
            tokens = seed_day(db_url, stations=max(len(runs) + 2, 1000),
                              orders=day_orders).station_tokens
        else:
            tokens, _dispatcher = prepare(db_url, len(runs) + 2)
        codes = sorted(tokens)
        with serve_process(db_url) as (url, proc):
            # Untimed: a new process's first batches pay once for what it builds and caches
            # (validators, the page cache, the policy's due times), not per event.
            warm = queued_events(aged(db_url, open_orders(db_url, codes[-1], 200, tag="W")), 10)
            cpu0 = cpu_seconds(proc.pid)
            push(url, tokens[codes[-1]], warm, 500)
            out.append(("warm-up, not counted: 2,000 events on 200 orders",
                        f"{(cpu_seconds(proc.pid) - cpu0) / len(warm) * 1e6:.0f} µs CPU/event"))
            for n, (orders, per_order, notes) in enumerate(runs):
                code = codes[n]
                make = notes_only if notes else queued_events
                events = make(aged(db_url, open_orders(db_url, code, orders, tag=f"B{n}")),
                              per_order)
                cpu0 = cpu_seconds(proc.pid)
                wall = push(url, tokens[code], events, 500)
                cpu = cpu_seconds(proc.pid) - cpu0
                points.append((len(events), *touches(events), cpu))
                what = "notes and prints" if notes else "events"
                out.append((f"{len(events):,} {what} on {orders:,} orders, batches of 500",
                            f"{cpu / len(events) * 1e6:.0f} µs CPU/event, {wall:.2f} s, "
                            f"{len(events) / wall:,.0f} events/s, load {os.getloadavg()[0]:.1f}"))
            if len(points) >= 3:
                model = ("fit: CPU = a × events + b × orders written + c × orders whose "
                         "columns changed (once per batch each)")
                coefficients = fit(points)
                if coefficients is None:
                    out.append((model, "none: these runs do not tell the three terms apart"))
                else:
                    a, b, c = coefficients
                    worst = max(abs(a * e + b * w + c * ch - cpu) / cpu
                                for e, w, ch, cpu in points)
                    out.append((model, f"a = {a * 1e6:.0f} µs, b = {b * 1e6:.0f} µs, c = "
                                       f"{c * 1e6:.0f} µs; every run within {worst:.0%} of it"))
            if single:
                code = codes[len(runs)]
                events = queued_events(aged(db_url, open_orders(
                    db_url, code, max(1, single // 10), tag="S")), 10)[:single]
                cpu0 = cpu_seconds(proc.pid)
                wall = push(url, tokens[code], events, 1)
                cpu = cpu_seconds(proc.pid) - cpu0
                out.append((f"{len(events):,} events, one POST per event",
                            f"{cpu / len(events) * 1e6:.0f} µs CPU/event, {wall:.2f} s, "
                            f"{len(events) / wall:,.0f} events/s, load {os.getloadavg()[0]:.1f}"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--runs", nargs="+", default=RUNS,
                        help="ORDERSxEVENTS_PER_ORDER, e.g. 1000x10 (1000x10n: notes and "
                             "prints only)")
    parser.add_argument("--single", type=int, default=1000,
                        help="events posted one per request (0: none)")
    parser.add_argument("--day-orders", type=int, default=0,
                        help="seed a day of this many completed orders first")
    args = parser.parse_args()
    runs = [(int(o), int(e.rstrip("n")), e.endswith("n"))
            for o, e in (r.split("x") for r in args.runs)]
    for kind in args.db:
        t0 = time.perf_counter()
        rows = run(kind, runs, args.single, args.day_orders)
        print(f"\n### {kind}: load average {os.getloadavg()[0]:.2f} at the end, reference "
              f"workload {reference_ms():.1f} ms (`machine_speed.py`) "
              f"({time.perf_counter() - t0:.0f} s in all)\n")
        print("| measure | figure |\n|---|---|")
        for name, figure in rows:
            print(f"| {name} | {figure} |", flush=True)


if __name__ == "__main__":
    main()
