"""The call center at a thousand stations: the audit list, opening an order, the stations
report and ingest on a seeded 1,000-station day (20,000 orders completed yesterday, ~145,000
events), on SQLite and PostgreSQL. `callcenter serve` runs in its own process; times are
measured at the client on loopback (so they include HTTP and JSON), server CPU and memory from
/proc. Prints markdown tables; figures go to docs/performance.md.

    .venv/bin/python benchmarks/bench_callcenter_scale.py [--db sqlite postgres]
        [--stations 1000] [--orders 20000] [--skip-ingest]
    .venv/bin/python benchmarks/bench_callcenter_scale.py --seeded URL... (seeded before)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from bench_callcenter_setup import cpu_seconds, database, rss_mb, serve_process
from machine_speed import reference_ms
from seed_callcenter_day import ZONE, open_orders, seed_day


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"{statistics.median(values) * 1000:.0f} ms (p95 {p95 * 1000:.0f})"


def _timed(client: httpx.Client, path: str, **params: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    r = client.get(path, params=params)
    took = time.perf_counter() - start
    r.raise_for_status()
    return took, r.json()


def audit_and_reports(url: str, pid: int, reviewer: str, day: str) -> list[tuple[str, str]]:
    out = []
    with httpx.Client(base_url=url, timeout=120,
                      headers={"Authorization": f"Bearer {reviewer}"}) as c:
        first = [_timed(c, "/v1/audit/list", date=day, state="all", limit=200)[0]
                 for _ in range(15)]
        out.append(("audit first page (200 rows)", _ms(first)))
        flagged = [_timed(c, "/v1/audit/list", date=day, state="all", limit=200,
                          flag="contact_late")[0] for _ in range(10)]
        out.append(("audit first page, flag=contact_late", _ms(flagged)))
        walks = []
        for _ in range(3):
            rss0, cpu0 = rss_mb(pid), cpu_seconds(pid)
            start = time.perf_counter()
            cursor, rows, pages = None, [], 0
            while True:
                params = {"date": day, "state": "all", "limit": 500}
                if cursor:
                    params["cursor"] = cursor
                page = c.get("/v1/audit/list", params=params).json()
                rows += page["rows"]
                pages += 1
                cursor = page["next_cursor"]
                if not cursor:
                    break
            walk = time.perf_counter() - start
            walks.append(f"{walk:.2f} s (server CPU {cpu_seconds(pid) - cpu0:.2f} s), "
                         f"server memory {rss0:.0f} → {rss_mb(pid):.0f} MB")
        out.append((f"whole day walked ({len(rows)} rows, {pages} pages of 500), three times",
                    "; ".join(walks)))
        ids = random.Random(1).sample([r["id"] for r in rows], 30)
        opened = [_timed(c, f"/v1/audit/orders/{i}")[0] for i in ids]
        out.append(("open one order (timeline)", _ms(opened)))
        report_day = [_timed(c, "/v1/reports/stations", **{"from": day, "to": day})[0]
                      for _ in range(8)]
        out.append(("stations report, that day", _ms(report_day)))
        month_from = (datetime.fromisoformat(day).date().toordinal() - 29)
        start_day = datetime.fromordinal(month_from).date().isoformat()
        report_month = [_timed(c, "/v1/reports/stations", **{"from": start_day, "to": day})[0]
                        for _ in range(5)]
        out.append(("stations report, 30 days ending that day", _ms(report_month)))
    return out


def _events(order_ids: list[str], per_order: int) -> list[dict[str, Any]]:
    """``per_order`` events for each order, interleaved across orders as a station's queue
    would hold them (received, contact, departed, arrived, notes and prints, completed)."""
    head = [("received", {}), ("contact_attempt", {"outcome": "reached"}),
            ("departed", {"technicians": ["李师傅"]}), ("arrived", {})]
    middle = [("note", {"text": "更换起动机,需要向中心库调件"}),
              ("form_printed", {"form": "job_sheet"})]
    tail = ("completed", {"work_done": "更换起动机,试车正常", "technicians": ["李师傅"]})
    steps = head[:max(0, per_order - 1)]
    while len(steps) < per_order - 1:
        steps.append(middle[len(steps) % 2])
    steps.append(tail)
    out = []
    for etype, payload in steps:
        for oid in order_ids:
            at = datetime.now(UTC).isoformat()
            out.append({"id": str(uuid.uuid4()), "order_id": oid, "type": etype,
                        "occurred_at": at, "recorded_at": at, "author": "柜台",
                        "payload": payload})
    return out


def _push(url: str, token: str, events: list[dict[str, Any]], batch: int) -> float:
    with httpx.Client(base_url=url, timeout=300,
                      headers={"Authorization": f"Bearer {token}"}) as c:
        start = time.perf_counter()
        for i in range(0, len(events), batch):
            r = c.post("/v1/events", json={"events": events[i:i + batch]})
            r.raise_for_status()
            bad = [x for x in r.json()["results"] if x["status"] != "accepted"]
            assert not bad, bad[:3]
        return time.perf_counter() - start


def ingest(url: str, pid: int, db_url: str, tokens: dict[str, str]) -> list[tuple[str, str]]:
    codes = sorted(tokens)
    out = []
    runs = [(1000, 5), (1000, 10), (1000, 20), (10, 1000), (100, 100)]
    for n, (orders, per_order) in enumerate(runs):
        code = codes[n]
        ids = open_orders(db_url, code, orders, tag=f"B{n}")
        events = _events(ids, per_order)
        cpu0 = cpu_seconds(pid)
        wall = _push(url, tokens[code], events, 500)
        cpu = cpu_seconds(pid) - cpu0
        out.append((f"{len(events):,} events, {orders} orders, batches of 500",
                    f"{wall:.2f} s wall, {len(events) / wall:,.0f} events/s, server CPU "
                    f"{cpu / len(events) * 1e6:.0f} µs/event"))
    code = codes[len(runs)]
    ids = open_orders(db_url, code, 100, tag="S")
    single = _events(ids, 10)[:1000]
    wall = _push(url, tokens[code], single, 1)
    out.append(("1,000 events, one POST per event", f"{wall:.2f} s wall, "
                f"{len(single) / wall:,.0f} events/s"))
    return out


def _reviewer(db_url: str) -> str:
    """A new reviewer token for an already seeded database."""
    from callcenter import db as db_
    from callcenter.auth import Role, new_secret
    from callcenter.commands.common import open_database
    from callcenter.models import Person, Token

    open_database(db_url)

    def make() -> str:
        now = datetime.now(UTC)
        person = Person.create(name="审核员", role=Role.REVIEWER.value, created_at=now)
        token_id, token, digest = new_secret()
        Token.create(id=token_id, secret_sha256=digest, role=Role.REVIEWER.value,
                     person_id=person.id, name="审核员", created_at=now)
        return token

    token = db_.write(make)
    db_.db.obj.close_all()
    return token


def _print(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n### {title}; load average {os.getloadavg()[0]:.2f}, reference workload "
          f"{reference_ms():.1f} ms (`machine_speed.py`)\n")
    print("| measure | figure |\n|---|---|")
    for name, figure in rows:
        print(f"| {name} | {figure} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--seeded", nargs="+", metavar="URL",
                        help="measure these databases, seeded before by "
                             "seed_callcenter_day.py (its default day, yesterday), instead "
                             "of seeding new ones; ingest is skipped")
    args = parser.parse_args()
    for db_url in args.seeded or []:
        day = (datetime.now(ZONE).date() - timedelta(days=1)).isoformat()
        reviewer = _reviewer(db_url)
        with serve_process(db_url) as (url, proc):
            rows = audit_and_reports(url, proc.pid, reviewer, day)
        kind = "postgres" if db_url.startswith("postgres") else "sqlite"
        _print(f"{kind} (seeded before): the day {day}", rows)
    if args.seeded:
        return
    for kind in args.db:
        with tempfile.TemporaryDirectory() as tmp, database(kind, Path(tmp)) as db_url:
            t0 = time.perf_counter()
            seeded = seed_day(db_url, stations=args.stations, orders=args.orders)
            seeding = time.perf_counter() - t0
            day = seeded.days[-1].isoformat()
            with serve_process(db_url) as (url, proc):
                rows = audit_and_reports(url, proc.pid, seeded.reviewer, day)
                if not args.skip_ingest:
                    rows += ingest(url, proc.pid, db_url, seeded.station_tokens)
            _print(f"{kind}: {len(seeded.order_ids):,} orders, {seeded.events:,} events "
                   f"seeded in {seeding:.0f} s", rows)


if __name__ == "__main__":
    main()
