"""Issuing orders and acting on them from the call center (cancel, reassign, callbacks, close,
reopen): each action is an event recorded through `ingest`, like a station's."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import ValidationError

from callcenter import derived, feed, ingest
from callcenter.auth import Principal
from callcenter.config import CALLBACK_ATTEMPTS, CALLBACK_WINDOW, ServiceConfig
from callcenter.errors import ApiError, pydantic_errors
from callcenter.ingest import Rejected
from callcenter.models import EventRow, NumberCounter, OrderRow, Station
from station_app import wire
from station_app.domain.events import CallbackOutcome, EventType
from station_app.domain.kinds import OrderKind

KIND_PREFIX = {
    OrderKind.RESCUE: "QY",      # 求援
    OrderKind.FAULT_MODE: "GZ",  # 故障模式
    OrderKind.DISPATCH: "PG",    # 派工
    OrderKind.COMPLAINT: "BY",   # 抱怨
    OrderKind.REPAIR: "WX",      # 维修
}


class IssueRequest(wire.OrderFields):
    """What `POST /v1/orders` takes: the order's fields, optionally its id and issue time."""

    id: UUID | None = None
    issued_at: wire.UtcDatetime | None = None


def _next_business_no(kind: OrderKind, issued_at: datetime, config: ServiceConfig) -> str:
    key = f"{KIND_PREFIX[kind]}{issued_at.astimezone(config.tz):%Y%m%d}"
    while True:
        NumberCounter.insert(key=key, value=1).on_conflict(
            conflict_target=[NumberCounter.key],
            update={NumberCounter.value: NumberCounter.value + 1},
        ).execute()
        n = NumberCounter.get(NumberCounter.key == key).value
        candidate = f"{key}{n:04d}"
        if not OrderRow.select().where(OrderRow.business_no == candidate).exists():
            return candidate


def issue(principal: Principal, req: IssueRequest, now: datetime,
          config: ServiceConfig) -> tuple[wire.Order, bool]:
    """Create the order, its `issued` event and the station's change. Runs in a transaction.

    Returns the order and whether it was created (False: the same order was already issued
    with this id, e.g. a retried request).
    """
    fields = req.model_dump(exclude={"id", "issued_at", "business_no"})
    if req.id is not None:
        existing = OrderRow.get_or_none(OrderRow.id == str(req.id))
        if existing is not None:
            order = wire.Order.model_validate(existing.data)
            same = order.model_dump(include=set(fields)) == req.model_dump(include=set(fields))
            if same and req.business_no in (None, order.business_no):
                return order, False
            raise ApiError(409, "id", "an order with this id exists with other content",
                           "已存在相同编号但内容不同的订单")
    if Station.get_or_none(Station.code == req.station_code) is None:
        raise ApiError(422, "station_code", f"unknown station {req.station_code}",
                       f"未知服务站{req.station_code}")
    issued_at = req.issued_at or now
    if issued_at > now + config.clock_tolerance:
        raise ApiError(422, "issued_at", "impossible time: issued in the future",
                       "时间不合理:派单时间晚于现在")
    if req.business_no is not None:
        if OrderRow.select().where(OrderRow.business_no == req.business_no).exists():
            raise ApiError(409, "business_no", f"business number {req.business_no} is taken",
                           f"业务号码{req.business_no}已存在")
        business_no = req.business_no
    else:
        business_no = _next_business_no(req.kind, issued_at, config)
    order = wire.Order(**fields, id=req.id or uuid4(), business_no=business_no,
                       issued_at=issued_at, issued_by=principal.name)
    data = order.model_dump(mode="json")
    event = wire.Event(id=uuid4(), order_id=order.id, type=EventType.ISSUED,
                       occurred_at=issued_at, recorded_at=now, author=principal.name,
                       payload=wire.IssuedPayload(order=order).model_dump(mode="json"))
    content = ingest.canonical(event)
    accepted = wire.EventResultStatus.ACCEPTED.value
    first = derived.advance(
        derived.Derived(),
        derived.fold_event_of(event.id, EventType.ISSUED.value, issued_at, None,
                              json.loads(content)),
        json.loads(content), accepted)
    row = OrderRow.create(id=str(order.id), business_no=business_no,
                          station_code=order.station_code, kind=order.kind.value,
                          issued_at=issued_at, data=data, updated_at=now,
                          **derived.columns(first, data, now, config))
    EventRow.create(id=str(event.id), order=row.id, type=EventType.ISSUED.value,
                    station_code=None, occurred_at=issued_at, content=content,
                    status=accepted, token_id=principal.token_id,
                    role=principal.role.value, received_at=now)
    feed.append(order.station_code, wire.ChangeKind.ORDER.value, row.id,
                {"order": data, "events": [json.loads(content)]})
    return order, True


def visible_order(principal: Principal, order_id: UUID | str) -> OrderRow:
    """The order if the caller may see it; 404 otherwise (no existence leak to stations)."""
    row = OrderRow.get_or_none(OrderRow.id == str(order_id))
    if row is None or (principal.is_station and row.station_code != principal.station_code):
        raise ApiError(404, "order_id", "no such order", "没有此订单")
    return row


def with_events(row: OrderRow) -> wire.OrderWithEvents:
    rows = ingest.order_events(row.id)
    state = ingest.fold_rows(rows)
    return wire.OrderWithEvents(
        order=wire.Order.model_validate(row.data),
        events=[wire.Event.model_validate_json(r.content) for r in rows],
        status=state.status.value if state.status else "new",
        late_event_ids=[UUID(r.id) for r in rows if r.status == "late"],
    )


def act(principal: Principal, order_id: UUID, etype: EventType, payload: dict[str, Any],
        now: datetime, config: ServiceConfig, *, note_at: datetime | None = None
        ) -> wire.EventResult:
    """Record a call-center action on an order as an event; refusals become API errors."""
    visible_order(principal, order_id)
    try:
        event = wire.Event(id=uuid4(), order_id=order_id, type=etype,
                           occurred_at=note_at or now, recorded_at=now,
                           author=principal.name[:80] or principal.role.value, payload=payload)
    except ValueError as exc:
        raise ApiError(422, "payload", str(exc), "内容无效") from None
    work = ingest.Working()
    try:
        result = ingest.record(principal, event, now, config, work)
    except Rejected as exc:
        raise ApiError(exc.status, exc.field, exc.en, exc.zh) from None
    work.flush(now, config)
    return result


def callback_payload(order_id: UUID, outcome: CallbackOutcome, note: str,
                     scores: wire.Scores | None, now: datetime) -> dict[str, Any]:
    """The callback's payload with the attempt number and the three-attempts rule applied."""
    rows = ingest.order_events(str(order_id))
    state = ingest.fold_rows(rows)
    since_reopen: list[EventRow] = []
    for r in rows:
        if r.type == EventType.REOPENED.value and r.status == "accepted":
            since_reopen = []
        elif r.type == EventType.CALLBACK.value and r.status == "accepted":
            since_reopen.append(r)
    attempt = len(since_reopen) + 1
    if state.callback_unreachable or state.callback_reached_at is not None:
        raise ApiError(409, "outcome", "the callback is already finished for this order",
                       "该订单的回访已结束")
    unreachable = False
    if outcome is not CallbackOutcome.REACHED:
        window_start = now - CALLBACK_WINDOW
        recent = [r for r in since_reopen if r.occurred_at >= window_start
                  and json.loads(r.content)["payload"]["outcome"] != CallbackOutcome.REACHED]
        unreachable = len(recent) + 1 >= CALLBACK_ATTEMPTS
    try:
        return wire.make_payload(EventType.CALLBACK, outcome=outcome, note=note, scores=scores,
                                 attempt=attempt, unreachable=unreachable)
    except ValidationError as exc:
        err = pydantic_errors(list(exc.errors()))[0]
        raise ApiError(422, err["field"] or "scores", err["message"], err["message_zh"]) from None


def local_today(now: datetime, config: ServiceConfig) -> date:
    return now.astimezone(config.tz).date()
