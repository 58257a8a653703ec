"""Not a benchmark: the call center's busy day, written straight into its database (SQLite or
PostgreSQL) — 1,000 stations, 20,000 orders completed that local day with ~7 events each
(~140,000 events), their derived columns computed by the service's own functions. Every call
center benchmark seeds with this; the console tests use it small.

    python benchmarks/seed_callcenter_day.py --db /tmp/cc.sqlite3 [--stations 1000]
        [--orders 20000] [--days 1]
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from callcenter.config import ServiceConfig

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ZONE = ZoneInfo("Asia/Shanghai")
KINDS = (("rescue", None), ("repair", None), ("dispatch", None), ("fault_mode", None),
         ("complaint", "medium"))
PREFIX = {"rescue": "QY", "fault_mode": "GZ", "dispatch": "PG", "complaint": "BY",
          "repair": "WX"}
SCORES = {"skill": 5, "attitude": 4, "timeliness": 4, "parts": 5, "overall": 4}
CHUNK = 400


@dataclass
class SeededDay:
    db_url: str
    days: list[date]
    station_tokens: dict[str, str]
    reviewer: str
    dispatcher: str
    order_ids: list[str] = field(default_factory=list)
    events: int = 0


def _tokens(stations: int, now: datetime) -> tuple[dict[str, str], str, str]:
    from callcenter.auth import Role, new_secret
    from callcenter.models import FeedCounter, Person, Station, Token

    tokens: dict[str, str] = {}
    station_rows, counter_rows, token_rows = [], [], []
    for i in range(stations):
        code = f"{10000 + i}"
        station_rows.append({"code": code, "name": f"服务站{i}", "created_at": now})
        counter_rows.append({"station_code": code, "last_seq": 0})
        token_id, token, digest = new_secret()
        token_rows.append({"id": token_id, "secret_sha256": digest,
                           "role": Role.STATION.value, "station_code": code, "name": code,
                           "created_at": now})
        tokens[code] = token
    for model, rows in ((Station, station_rows), (FeedCounter, counter_rows),
                        (Token, token_rows)):
        for start in range(0, len(rows), CHUNK):
            model.insert_many(rows[start:start + CHUNK]).execute()
    people = {}
    for role, name in (("reviewer", "审核员"), ("dispatcher", "调度员")):
        person = Person.create(name=name, role=role, created_at=now)
        token_id, token, digest = new_secret()
        Token.create(id=token_id, secret_sha256=digest, role=role, person_id=person.id,
                     name=name, created_at=now)
        people[role] = token
    return tokens, people["reviewer"], people["dispatcher"]


@functools.cache
def _config() -> ServiceConfig:
    """The service's settings for this zone, made once (not once per order)."""
    from callcenter.config import ServiceConfig

    return ServiceConfig(tz=ZONE)


def _order(n: int, day: date, stations: int, now: datetime, *, issued_only: bool = False,
           station_code: str | None = None, prefix: str = "") -> tuple[dict, list[dict]]:
    """One order completed on ``day`` and its events (as rows for the two tables); with
    ``issued_only`` just issued (to ``station_code``), for ingest benchmarks."""
    from callcenter import derived, judging
    from station_app import wire

    kind, level = KINDS[n % len(KINDS)]
    code = station_code or f"{10000 + n % stations}"
    start = datetime.combine(day, dtime(7, 0), tzinfo=ZONE).astimezone(UTC)
    issued = start + timedelta(seconds=(n * 37) % (13 * 3600))
    if issued_only:
        issued = now - timedelta(hours=1)
    order_id = uuid.uuid4()
    number = f"{prefix}{PREFIX[kind]}{day:%Y%m%d}{n:05d}"
    order = wire.Order(
        id=order_id, business_no=number, station_code=code, kind=kind, complaint_level=level,
        customer={"name": f"客户{n}", "phone": f"139{n % 100_000_000:08d}"},
        location="合肥市蜀山区长江西路" if kind == "rescue" else "", statement="发动机无法启动",
        issued_at=issued, issued_by="调度员")
    late = n % 10 == 3
    clock = 200_000 if n % 20 == 7 else None
    steps: list[tuple[str, dict, timedelta]] = [
        ("issued", {"order": order.model_dump(mode="json")}, timedelta(0)),
        ("received", {}, timedelta(minutes=2)),
        ("contact_attempt", {"outcome": "reached"},
         timedelta(minutes=70 if late else 8)),
        ("departed", {"technicians": ["李师傅"]}, timedelta(minutes=80)),
        ("arrived", {}, timedelta(minutes=120)),
        ("form_printed", {"form": "job_sheet"}, timedelta(minutes=125)),
        ("completed", {"work_done": "更换起动机,试车正常", "technicians": ["李师傅"]},
         timedelta(minutes=180)),
    ]
    if issued_only:
        steps = steps[:1]
    elif n % 5 == 0:
        steps.append(("callback", {"outcome": "reached", "scores": SCORES, "attempt": 1},
                      timedelta(hours=6)))
    d = derived.Derived()
    events = []
    for etype, payload, after in steps:
        at = issued + after
        station = code if etype not in ("issued", "callback") else None
        event = wire.Event(id=uuid.uuid4(), order_id=order_id, type=etype, occurred_at=at,
                           recorded_at=at, author="李师傅" if station else "调度员",
                           station_code=station, payload=payload,
                           clock_offset_ms=clock if station else None)
        content = judging.canonical(event)
        parsed = json.loads(content)
        d = derived.advance(d, derived.fold_event_of(event.id, etype, at, station, parsed),
                            parsed, "accepted")
        events.append({"id": str(event.id), "order_id": str(order_id), "type": etype,
                       "station_code": station, "occurred_at": at, "content": content,
                       "status": "accepted", "reason": "", "token_id": "seed",
                       "role": "station" if station else "dispatcher", "received_at": at})
    data = order.model_dump(mode="json")
    row = {"id": str(order_id), "business_no": number, "station_code": code, "kind": kind,
           "issued_at": issued, "data": data, "updated_at": now,
           **derived.columns(d, data, now, _config())}
    return row, events


def seed_day(db_url: str, *, stations: int = 1000, orders: int = 20_000, days: int = 1,
             last_day: date | None = None, progress: bool = False) -> SeededDay:
    """Seed ``orders`` completed orders on each of ``days`` local days ending ``last_day``
    (default: yesterday), spread over ``stations`` stations."""
    from callcenter import db as database
    from callcenter.commands.common import open_database
    from callcenter.models import EventRow, OrderRow

    now = datetime.now(UTC)
    last = last_day or (now.astimezone(ZONE).date() - timedelta(days=1))
    open_database(db_url)
    from callcenter.derived_store import mark_current

    tokens, reviewer, dispatcher = database.write(lambda: _tokens(stations, now))
    database.write(mark_current)  # the rows below are derived by this program's functions
    out = SeededDay(db_url, [last - timedelta(days=k) for k in range(days)][::-1], tokens,
                    reviewer, dispatcher)
    t0 = time.perf_counter()
    for day in out.days:
        for start in range(0, orders, CHUNK):
            batch = [_order(n, day, stations, now) for n in range(start, min(orders,
                                                                            start + CHUNK))]

            def write(batch: list = batch) -> None:
                OrderRow.insert_many([r for r, _ in batch]).execute()
                evs = [e for _, es in batch for e in es]
                for i in range(0, len(evs), CHUNK):
                    EventRow.insert_many(evs[i:i + CHUNK]).execute()

            database.write(write)
            out.order_ids += [r["id"] for r, _ in batch]
            out.events += sum(len(es) for _, es in batch)
            if progress and start % 5000 == 0:
                print(f"  {day}: {start + len(batch)} orders, "
                      f"{time.perf_counter() - t0:.0f} s", flush=True)
    database.db.obj.close_all()
    return out


def open_orders(db_url: str, station_code: str, count: int, tag: str) -> list[str]:
    """``count`` orders just issued to ``station_code`` today (``tag`` keeps their business
    numbers apart from other calls'); their ids."""
    from callcenter import db as database
    from callcenter.commands.common import open_database
    from callcenter.models import EventRow, OrderRow

    now = datetime.now(UTC)
    today = now.astimezone(ZONE).date()
    open_database(db_url)
    ids: list[str] = []
    for start in range(0, count, CHUNK):
        batch = [_order(n, today, 1, now, issued_only=True, station_code=station_code,
                        prefix=tag) for n in range(start, min(count, start + CHUNK))]

        def write(batch: list = batch) -> None:
            OrderRow.insert_many([r for r, _ in batch]).execute()
            EventRow.insert_many([e for _, es in batch for e in es]).execute()

        database.write(write)
        ids += [r["id"] for r, _ in batch]
    database.db.obj.close_all()
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--stations", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=1)
    args = parser.parse_args()
    t0 = time.perf_counter()
    seeded = seed_day(args.db, stations=args.stations, orders=args.orders, days=args.days,
                      progress=True)
    print(f"seeded {len(seeded.order_ids)} orders, {seeded.events} events on "
          f"{seeded.days[0]}…{seeded.days[-1]} in {time.perf_counter() - t0:.1f} s")
    print(f"reviewer token: {seeded.reviewer}")


if __name__ == "__main__":
    main()
