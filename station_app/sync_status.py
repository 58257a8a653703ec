"""What the station knows about its link to the call center, as kept in the sync_state table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

import peewee as pw

from common.refusal import Refusal
from station_app import hot_queries, wire
from station_app.clock import clock_warning
from station_app.order_detail import result_why
from station_app.order_fold import ORIGIN_LOCAL
from station_app.store import ALMOST_FULL_MB, EventRow, OrderRow, Store, StoreFull, free_mb

# sync_state keys
CURSOR = "cursor"
CURSOR_MARK = "cursor_mark"  # the identity of change CURSOR (`wire.ChangesPage.last_mark`)
LINK = "link"
LAST_SUCCESS = "last_success_at"
LAST_ERROR = "last_error"
CLOCK_OFFSET = "clock_offset_ms"


class Link(StrEnum):
    UNKNOWN = "unknown"              # not tried yet
    ONLINE = "online"
    OFFLINE = "offline"              # network error or the server failing (5xx)
    TOKEN_REFUSED = "token_refused"  # 401: sync stopped until a new token is set
    NOT_CONFIGURED = "not_configured"  # no server address, station code or token

    @property
    def zh(self) -> str:
        return {"unknown": "未连接", "online": "在线", "offline": "离线",
                "token_refused": "令牌被拒绝", "not_configured": "未设置"}[self.value]


@dataclass(frozen=True)
class OutboxEntry:
    """A station event the call center does not hold: waiting, or refused with a reason."""

    event_id: UUID
    order_id: UUID
    business_no: str
    type: str
    occurred_at: datetime
    recorded_at: datetime
    state: str  # waiting | held (order typed in, waiting for the call center's) | rejected
    why: Refusal | None  # the call center's reason, for a rejected one
    attempts: int
    last_attempt_at: datetime | None
    failed_en: str = ""  # why its last try failed (a waiting one)
    failed_zh: str = ""


@dataclass(frozen=True)
class SyncStatus:
    link: Link
    events_waiting: int
    oldest_waiting_at: datetime | None
    oldest_waiting_age: timedelta | None
    events_rejected: int
    last_success_at: datetime | None
    last_error_en: str
    last_error_zh: str
    clock_offset_ms: int | None
    clock_warning: bool
    cursor: int

    @property
    def online(self) -> bool:
        return self.link is Link.ONLINE


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def read(store: Store, now: datetime) -> SyncStatus:
    waiting = (EventRow.select(pw.fn.COUNT(EventRow.seq), pw.fn.MIN(EventRow.recorded_at))
               .where((EventRow.origin == ORIGIN_LOCAL) & EventRow.acked_at.is_null())
               .tuples().get())
    rejected = (EventRow.select()
                .where((EventRow.origin == ORIGIN_LOCAL)
                       & (EventRow.result == wire.EventResultStatus.REJECTED.value))
                .count())
    oldest = _dt(waiting[1]) if isinstance(waiting[1], str) else waiting[1]
    error = store.get_sync(LAST_ERROR) or {}
    link = Link(store.get_sync(LINK, Link.UNKNOWN.value))
    # A full disk or a damaged file: said here, since it cannot be written into the store.
    problem = store.db.problem
    if problem is None and free_mb(store.path) < ALMOST_FULL_MB:
        problem = StoreFull(store.path, entry=False)
    if problem is not None:
        error, link = {"en": problem.en, "zh": problem.zh}, Link.OFFLINE
    offset = store.get_sync(CLOCK_OFFSET)
    return SyncStatus(
        link=link,
        events_waiting=waiting[0],
        oldest_waiting_at=oldest,
        oldest_waiting_age=(now - oldest) if oldest else None,
        events_rejected=rejected,
        last_success_at=_dt(store.get_sync(LAST_SUCCESS)),
        last_error_en=error.get("en", ""),
        last_error_zh=error.get("zh", ""),
        clock_offset_ms=offset,
        clock_warning=clock_warning(offset),
        cursor=int(store.get_sync(CURSOR, 0)),
    )


def outbox() -> list[OutboxEntry]:
    query = (EventRow.select(EventRow, OrderRow.business_no, OrderRow.entered_locally)
             .join(OrderRow)
             .where((EventRow.origin == ORIGIN_LOCAL)
                    & (EventRow.acked_at.is_null()
                       | (EventRow.result == wire.EventResultStatus.REJECTED.value)))
             .order_by(EventRow.seq))
    out = []
    for e in query:
        if e.acked_at is not None:
            state = "rejected"
        elif e.order.entered_locally:
            state = "held"
        else:
            state = "waiting"
        failed = {} if e.acked_at is not None else hot_queries.try_failure(e.result_reason)
        out.append(OutboxEntry(
            event_id=e.id, order_id=e.order_id, business_no=e.order.business_no, type=e.type,
            occurred_at=e.occurred_at, recorded_at=e.recorded_at, state=state,
            why=result_why(e) if e.acked_at is not None else None, attempts=e.attempts,
            last_attempt_at=e.last_attempt_at, failed_en=failed.get("en", ""),
            failed_zh=failed.get("zh", ""),
        ))
    return out
