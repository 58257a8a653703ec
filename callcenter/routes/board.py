"""What the call center console reads: who a token is (`/v1/me`), the dispatch board of today's
orders across stations with a long-poll for changes, and the per-day satisfaction trend."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections import defaultdict
from datetime import timedelta
from typing import Annotated

import peewee as pw
from anyio import to_thread
from fastapi import APIRouter, Depends, Query, Request

from callcenter import db as database
from callcenter import derived, derived_store, review
from callcenter.auth import (
    Principal,
    Role,
    current_principal,
    require,
    revoked_error,
    still_valid,
)
from callcenter.config import ServiceConfig
from callcenter.errors import ApiError
from callcenter.models import EventRow, OrderRow, Station
from callcenter.routes.common import config, long_polls, notifier, now
from callcenter.working_set import order_events
from common.refusal import Code
from station_app import console_wire, wire, wire_fields, wire_orders
from station_app.domain.events import CallbackOutcome, EventType
from station_app.domain.lifecycle import Status

router = APIRouter(prefix="/v1", tags=["console"])
MAX_WAIT = 30.0
POLL_INTERVAL = 0.2  # the board's feed reads the newest event number this often while waiting
OPEN_LOOKBACK = timedelta(days=7)  # older orders still open stay on today's board this long
_DONE = (Status.CLOSED.value, Status.CANCELLED.value, Status.COMPLETED.value,
         Status.DECLINED.value)


@router.get("/me", response_model=console_wire.Me)
def me(request: Request, who: Principal = Depends(current_principal)) -> console_wire.Me:
    """Who the token is: its role, name and (for a station) its code; the service's zone."""
    return console_wire.Me(role=who.role.value, name=who.name, station_code=who.station_code,
                   timezone=str(config(request).tz))


def _version() -> int:
    return int(EventRow.select(pw.fn.MAX(EventRow.pos)).scalar() or 0)


def _board(day: dt.date, t: dt.datetime, cfg: ServiceConfig) -> console_wire.BoardPage:
    """The board off the orders' stored columns and state (no event is folded); of the
    events only the last one's time and the call center's handling-log notes are read."""
    start, end = review.local_day_bounds(day, cfg)
    version = _version()
    today = (OrderRow.issued_at >= start) & (OrderRow.issued_at < end)
    still_open = ((OrderRow.issued_at >= start - OPEN_LOOKBACK) & (OrderRow.issued_at < end)
                  & OrderRow.status.not_in(_DONE))
    rows = list(OrderRow.select(OrderRow.id, OrderRow.station_code, OrderRow.data,
                                OrderRow.status, OrderRow.derived)
                .where(today | still_open).order_by(OrderRow.issued_at).tuples())
    names = {code: name for code, name in Station.select(Station.code, Station.name).tuples()}
    last_at: dict[str, dt.datetime] = {}
    notes: dict[str, list[wire.Event]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for oid, at in (EventRow.select(EventRow.order,
                                        pw.fn.MAX(EventRow.occurred_at).coerce(False))
                        .where(EventRow.order.in_(chunk)).group_by(EventRow.order).tuples()):
            last_at[oid] = dt.datetime.fromisoformat(at)  # stored UTC text sorts as time
        for oid, content in (EventRow.select(EventRow.order, EventRow.content)
                             .where(EventRow.order.in_(chunk)
                                    & (EventRow.type == EventType.NOTE.value)
                                    & EventRow.station_code.is_null())
                             .order_by(EventRow.pos).tuples()):
            notes[oid].append(wire.Event.model_validate_json(content))
    orders = []
    for oid, code, data, status, stored in rows:
        d = derived.from_json(stored)
        if d is None:  # not derived yet (start-up fills these): fold it once, here
            d = derived_store.fold_rows(order_events(oid))
        order = wire_orders.Order.model_validate(data)
        deadlines = derived.order_deadlines(order.kind.value, data.get("complaint_level"),
                                            d.state, t, cfg)
        orders.append(console_wire.BoardOrder(
            order=order, station_name=names.get(code, ""), status=status,
            deadlines=review.board_deadlines(order, deadlines, cfg),
            last_event_at=last_at.get(oid), contact_attempts=d.state.contact_attempts,
            mark=review.board_mark(deadlines), urges=d.state.urges,
            handling_log=[e for e in notes[oid] if review.is_handling_log(e)],
        ))
    return console_wire.BoardPage(date=day, timezone=str(cfg.tz), server_time=t, version=version,
                          orders=orders)


@router.get("/board", response_model=console_wire.BoardPage)
def board(request: Request,
          date: wire_fields.Day | None = Query(None, description="the local day (default today)"),
          who: Principal = Depends(require(Role.DISPATCHER))) -> console_wire.BoardPage:
    """The orders issued that day (and older ones still open, up to 7 days) at every station,
    with each deadline's SLA state; `version` is the newest event number."""
    t = now()
    cfg = config(request)
    day = date or t.astimezone(cfg.tz).date()
    return database.read(lambda: _board(day, t, cfg))


@router.get("/board/changes", response_model=console_wire.BoardChanges)
async def board_changes(request: Request,
                        after: int = Query(0, ge=0, le=wire.MAX_SEQ,
                                          description="the board version you have"),
                        wait: float = Query(0, ge=0, le=MAX_WAIT,
                                            description="seconds to wait for a change"),
                        who: Principal = Depends(require(Role.DISPATCHER, Role.REVIEWER))
                        ) -> console_wire.BoardChanges:
    """Answers as soon as any order changed after version `after` (long-poll up to `wait` s).
    Reviewers follow it too: their audit list and reports reload when an order changed."""
    wake = notifier(request)
    deadline = time.monotonic() + wait

    def read() -> tuple[int, bool]:
        return _version(), still_valid(who.token_id)

    while True:
        version, valid = await to_thread.run_sync(lambda: database.read(read))
        if not valid:
            raise revoked_error()
        if version != after or time.monotonic() >= deadline or wake.closing:
            break
        with long_polls(request).slot(who.token_id):  # 503 past the cap
            await asyncio.sleep(min(POLL_INTERVAL, max(0.0, deadline - time.monotonic())))
    return console_wire.BoardChanges(version=version, changed=version != after, server_time=now())


def _trend(date_from: dt.date, date_to: dt.date, cfg: ServiceConfig
           ) -> console_wire.SatisfactionTrend:
    start, _ = review.local_day_bounds(date_from, cfg)
    _, end = review.local_day_bounds(date_to, cfg)
    rows = (EventRow.select().where((EventRow.type == EventType.CALLBACK.value)
                                    & (EventRow.status == "accepted")
                                    & (EventRow.occurred_at >= start)
                                    & (EventRow.occurred_at < end)))
    by_day: dict[dt.date, list[float]] = defaultdict(list)
    for r in rows:
        payload = json.loads(r.content)["payload"]
        if payload.get("outcome") == CallbackOutcome.REACHED and payload.get("scores"):
            day = r.occurred_at.astimezone(cfg.tz).date()
            by_day[day].append(wire.Scores.model_validate(payload["scores"]).mean)
    days = []
    day = date_from
    while day <= date_to:
        scores = by_day.get(day, [])
        days.append(console_wire.SatisfactionDay(
            date=day, callbacks=len(scores),
            mean=round(sum(scores) / len(scores), 2) if scores else None))
        day += timedelta(days=1)
    return console_wire.SatisfactionTrend(date_from=date_from, date_to=date_to,
                                          timezone=str(cfg.tz), days=days)


@router.get("/reports/satisfaction", response_model=console_wire.SatisfactionTrend)
def satisfaction_trend(request: Request,
                       date_from: Annotated[wire_fields.Day, Query(alias="from",
                                                     description="first local day")],
                       date_to: Annotated[wire_fields.Day, Query(alias="to",
                                                   description="last local day")],
                       who: Principal = Depends(require(Role.REVIEWER))
                       ) -> console_wire.SatisfactionTrend:
    """Per local day of the callback, the mean satisfaction of the reached callbacks."""
    if date_to < date_from:
        raise ApiError(422, "to", "the period ends before it starts", "结束日期早于开始日期",
                       code=Code.BAD_PERIOD)
    if (date_to - date_from).days > 366:
        raise ApiError(422, "to", "at most 366 days at a time", "每次最多查询366天",
                       code=Code.BAD_PERIOD)
    cfg = config(request)
    return database.read(lambda: _trend(date_from, date_to, cfg))
