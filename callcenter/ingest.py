"""Recording a batch of events: each parsed on its own, judged (`callcenter.judging`) against
the batch's working set (`callcenter.working_set`), which is written back once at the end — all
in the caller's transaction. One bad event is that event's rejected result, never the batch's."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

import peewee as pw
from pydantic import ValidationError

from callcenter import db as database
from callcenter.auth import Principal
from callcenter.config import ServiceConfig
from callcenter.errors import pydantic_errors
from callcenter.judging import ROLE_EVENTS, record
from callcenter.reasons import Rejected, rejected
from callcenter.working_set import Stored, StoredMeanwhile, Working
from common.refusal import Code, Refusal
from station_app import wire
from station_app.domain.events import EventType

log = logging.getLogger(__name__)
NIL_UUID = UUID(int=0)


def _raw_id(raw: Any) -> UUID:
    try:
        return UUID(str(raw.get("id")))
    except (AttributeError, ValueError, TypeError):
        return NIL_UUID


def _unexpected(event_id: UUID, exc: Exception) -> wire.EventResult:
    """An error nobody foresaw while judging one event: that event's rejection, logged."""
    log.error("unexpected error judging event %s", event_id, exc_info=exc)
    return rejected(event_id, Refusal.of(
        Code.UNJUDGED, "the server could not judge this event and did not store it; the others "
        "in the batch are not affected. Report it to the call center",
        "服务器无法处理此记录,未保存;同批其他记录不受影响。请联系呼叫中心"))


# A database that is down or busy fails the batch (the station sends it again later);
# anything else that goes wrong with one event is that event's rejection.
_BATCH_FAILURES = (pw.OperationalError, pw.InterfaceError)


_validate_event = wire.Event.__pydantic_validator__.validate_python


def parse(raw: Any) -> wire.Event | wire.EventResult:
    """One event of a batch, or its rejection naming the field."""
    if not isinstance(raw, dict):
        return rejected(NIL_UUID, Refusal.of(Code.INVALID, "payload invalid: an event is a "
                                             "JSON object", "内容无效:每条记录须为JSON对象",
                                             "event"))
    try:
        return _validate_event(raw)
    except ValidationError as exc:
        return rejected(_raw_id(raw), pydantic_errors(list(exc.errors()))[0])
    except Exception as exc:  # noqa: BLE001 - one event's failure must not sink the batch
        return _unexpected(_raw_id(raw), exc)


# Call-center facts with their own endpoint, which applies rules a pushed event would skip
# (the callback's numbering and three-attempts rule, the close date, the reassign's stations).
ENDPOINT_ONLY: dict[EventType, str] = {
    EventType.CALLBACK: "POST /v1/orders/{id}/callbacks",
    EventType.CLOSED: "POST /v1/orders/{id}/close",
    EventType.REOPENED: "POST /v1/orders/{id}/reopen",
    EventType.CANCELLED: "POST /v1/orders/{id}/cancel",
    EventType.REASSIGNED: "POST /v1/orders/{id}/reassign",
    EventType.SENT_BACK: "POST /v1/orders/{id}/send-back",
    EventType.URGED: "POST /v1/orders/{id}/urge",
}


def _through_endpoint(principal: Principal, event: wire.Event,
                      endpoint_only: Mapping[EventType, str]) -> wire.EventResult | None:
    endpoint = endpoint_only.get(event.type) if endpoint_only else None
    if endpoint is None or event.type not in ROLE_EVENTS[principal.role]:
        return None  # record() refuses a type the role may not record, saying so
    return rejected(event.id, Refusal.of(Code.USE_ENDPOINT, f"record this with {endpoint}",
                                         f"请通过{endpoint}记录此操作", "type"))


def record_batch(principal: Principal, raws: list[Any], now: datetime,
                 config: ServiceConfig, endpoint_only: Mapping[EventType, str] | None = None
                 ) -> list[wire.EventResult]:
    """Every event of a batch, each judged on its own; one bad event never fails the rest.
    Types in ``endpoint_only`` are refused (POST /v1/events passes `ENDPOINT_ONLY`)."""
    return [r.result() if isinstance(r, Stored) else r
            for r in judge_batch(principal, raws, now, config, endpoint_only)]


def judge_batch(principal: Principal, raws: list[Any], now: datetime,
                config: ServiceConfig, endpoint_only: Mapping[EventType, str] | None = None
                ) -> list[wire.EventResult | Stored]:
    """`record_batch`, a stored event's result left as its `Stored` (inserted, with its
    position): a batch's answer is written from these without a model each."""
    parsed = [parse(r) for r in raws]
    for attempt in range(2):
        try:
            with database.db.atomic():  # a savepoint: undone if the batch is judged again
                return _record_parsed(principal, parsed, now, config, endpoint_only or {})
        except StoredMeanwhile:
            if attempt:
                raise
            log.info("an event of the batch was stored meanwhile; judging the batch again")
    raise AssertionError("unreachable")


def _record_parsed(principal: Principal, parsed: list[wire.Event | wire.EventResult],
                   now: datetime, config: ServiceConfig, doors: Mapping[EventType, str]
                   ) -> list[wire.EventResult | Stored]:
    work = Working()
    work.prefetch(p for p in parsed if isinstance(p, wire.Event))
    results = [item if isinstance(item, wire.EventResult)
               else (_through_endpoint(principal, item, doors)
                     or record_one(principal, item, now, config, work)) for item in parsed]
    work.flush(now, config)
    return results


# Types whose recording reads the stored events back (or may write the order's own fields):
# in a savepoint, after the batch's earlier events are inserted.
_SAVEPOINT_TYPES = frozenset({EventType.VOIDED.value, EventType.REASSIGNED.value,
                              EventType.UPDATED.value})


def record_one(principal: Principal, event: wire.Event, now: datetime,
               config: ServiceConfig, work: Working) -> wire.EventResult | Stored:
    """`record`, answering a rejection as a result. Most events need no savepoint: every
    check comes before the event is queued for the batch's one INSERT (the feed and the
    order's columns are written by `Working.flush` too)."""
    if event.type in _SAVEPOINT_TYPES:
        work.insert_pending()  # so the savepoint holds this event's writes only
    mark = work.mark()
    try:
        if event.type not in _SAVEPOINT_TYPES:
            return record(principal, event, now, config, work)
        with database.db.atomic():
            return record(principal, event, now, config, work)
    except Rejected as exc:
        return rejected(event.id, exc.refusal)
    except (StoredMeanwhile, *_BATCH_FAILURES):
        raise
    except Exception as exc:  # noqa: BLE001 - one event's failure must not sink the batch
        work.undo(str(event.id), mark)
        return _unexpected(event.id, exc)
