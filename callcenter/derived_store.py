"""Keeping the orders' derived columns current outside ingest: filling them from the events
(a new or migrated database, a changed fold) and recomputing the deadlines when the SLA policy
or the business calendar changed. Runs at start-up and as `callcenter recompute`."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from callcenter import db as database
from callcenter import derived
from callcenter.config import ServiceConfig
from callcenter.models import EventRow, Meta_, OrderRow

log = logging.getLogger(__name__)
BATCH = 500
VERSION_KEY = "derived_version"


@dataclass
class Recomputed:
    refolded: int = 0      # orders folded again from their events
    deadlines: int = 0     # orders whose deadlines were recomputed for the policy in force


def fold_rows(rows: Iterable[EventRow]) -> derived.Derived:
    """The derived state from an order's stored events (server order)."""
    return derived.full(
        (derived.fold_event_of(r.id, r.type, r.occurred_at, r.station_code,
                               json.loads(r.content)), json.loads(r.content), r.status)
        for r in rows)


def _events_of(order_ids: list[str]) -> dict[str, list[EventRow]]:
    out: dict[str, list[EventRow]] = defaultdict(list)
    for e in (EventRow.select().where(EventRow.order.in_(order_ids)).order_by(EventRow.pos)):
        out[e.order_id].append(e)
    return out


def _write(order_id: str, values: dict[str, object], now: datetime) -> None:
    OrderRow.update(**values, updated_at=now).where(OrderRow.id == order_id).execute()


def refold(order_ids: list[str], now: datetime, config: ServiceConfig) -> int:
    """Fold these orders again from their events and store the result."""
    done = 0
    for start in range(0, len(order_ids), BATCH):
        chunk = order_ids[start:start + BATCH]

        def one_batch(chunk: list[str] = chunk) -> int:
            events = _events_of(chunk)
            rows = OrderRow.select(OrderRow.id, OrderRow.data).where(OrderRow.id.in_(chunk))
            n = 0
            for row in rows:
                d = fold_rows(events[row.id])
                _write(row.id, derived.columns(d, row.data, now, config), now)
                n += 1
            return n

        done += database.write(one_batch)
    return done


def recompute_deadlines(now: datetime, config: ServiceConfig, *, every: bool = False) -> int:
    """Recompute the stored deadlines of the orders computed under another policy (or of all
    of them) from their stored state: no event is read."""
    fp = derived.policy_fingerprint(config)

    def stale() -> list[str]:
        query = OrderRow.select(OrderRow.id).where(OrderRow.derived.is_null(False))
        if not every:
            query = query.where(OrderRow.derived_policy != fp)
        return [r.id for r in query.order_by(OrderRow.id)]

    ids = database.read(stale)
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]

        def one_batch(chunk: list[str] = chunk) -> int:
            n = 0
            rows = OrderRow.select(OrderRow.id, OrderRow.data, OrderRow.derived).where(
                OrderRow.id.in_(chunk))
            for row in rows:
                d = derived.from_json(row.derived)
                if d is not None:
                    _write(row.id, derived.deadline_columns(d.state, row.data, now, config),
                           now)
                    n += 1
            return n

        done += database.write(one_batch)
    return done


def mark_current() -> None:
    """Record that the stored derived state is this program's (in the caller's transaction;
    a tool that writes orders with `derived.columns` calls it too)."""
    Meta_.insert(key=VERSION_KEY, value=str(derived.DERIVED_VERSION)).on_conflict(
        conflict_target=[Meta_.key], update={Meta_.value: str(derived.DERIVED_VERSION)}
    ).execute()


def ensure(now: datetime, config: ServiceConfig, *, refold_all: bool = False,
           every_deadline: bool = False) -> Recomputed:
    """Make every order's derived columns current: fold the orders that have none (or were
    derived by another version of this program), then recompute deadlines computed under
    another SLA policy or calendar."""
    out = Recomputed()

    def stale_ids() -> list[str]:
        version = Meta_.get_or_none(Meta_.key == VERSION_KEY)
        query = OrderRow.select(OrderRow.id)
        if not refold_all and version is not None and version.value == str(
                derived.DERIVED_VERSION):
            query = query.where(OrderRow.derived.is_null())
        return [r.id for r in query.order_by(OrderRow.id)]

    ids = database.read(stale_ids)
    if ids:
        log.info("folding %d orders from their events", len(ids))
        out.refolded = refold(ids, now, config)

    database.write(mark_current)
    out.deadlines = recompute_deadlines(now, config, every=every_deadline)
    if out.deadlines:
        log.info("recomputed the deadlines of %d orders for the SLA policy in force",
                 out.deadlines)
    return out
