"""Issuing orders and acting on them from the call center (cancel, reassign, callbacks, close,
reopen): each action is an event recorded through `judging`, like a station's."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import ValidationError

from callcenter import derived, feed, judging, working_set
from callcenter.auth import Principal
from callcenter.config import ServiceConfig
from callcenter.errors import ApiError, pydantic_errors
from callcenter.models import EventRow, NumberCounter, OrderRow, Station
from callcenter.reasons import Rejected
from common.refusal import Code
from station_app import console_wire, wire, wire_fields, wire_orders
from station_app.domain import callbacks
from station_app.domain.events import CallbackOutcome, EventType
from station_app.domain.kinds import OrderKind
from station_app.domain.lifecycle import Status

KIND_PREFIX = {
    OrderKind.RESCUE: "QY",      # 求援
    OrderKind.FAULT_MODE: "GZ",  # 故障模式
    OrderKind.DISPATCH: "PG",    # 派工
    OrderKind.COMPLAINT: "BY",   # 抱怨
    OrderKind.REPAIR: "WX",      # 维修
}


class IssueRequest(wire_orders.OrderFields):
    """What `POST /v1/orders` takes: the order's fields, optionally its id and issue time."""

    id: UUID | None = None
    issued_at: wire_fields.UtcDatetime | None = None


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
          config: ServiceConfig) -> tuple[wire_orders.Order, bool]:
    """Create the order, its `issued` event and the station's change. Runs in a transaction.

    Returns the order and whether it was created (False: the same order was already issued
    with this id, e.g. a retried request).
    """
    fields = req.model_dump(exclude={"id", "issued_at", "business_no"})
    if req.id is not None:
        existing = OrderRow.get_or_none(OrderRow.id == str(req.id))
        if existing is not None:
            order = wire_orders.Order.model_validate(existing.data)
            same = order.model_dump(include=set(fields)) == req.model_dump(include=set(fields))
            if same and req.business_no in (None, order.business_no):
                return order, False
            raise ApiError(409, "id", "an order with this id exists with other content",
                           "已存在相同编号但内容不同的订单", code=Code.ID_REUSED)
    if Station.get_or_none(Station.code == req.station_code) is None:
        raise ApiError(422, "station_code", f"unknown station {req.station_code}",
                       f"未知服务站{req.station_code}", code=Code.UNKNOWN_STATION)
    issued_at = req.issued_at or now
    if issued_at > now + config.clock_tolerance:
        raise ApiError(422, "issued_at", "impossible time: issued in the future",
                       "时间不合理:派单时间晚于现在", code=Code.IMPOSSIBLE_TIME)
    if req.business_no is not None:
        if OrderRow.select().where(OrderRow.business_no == req.business_no).exists():
            raise ApiError(409, "business_no", f"business number {req.business_no} is taken",
                           f"业务号码{req.business_no}已存在", code=Code.NUMBER_TAKEN)
        business_no = req.business_no
    else:
        business_no = _next_business_no(req.kind, issued_at, config)
    order = wire_orders.Order(**fields, id=req.id or uuid4(), business_no=business_no,
                              issued_at=issued_at, issued_by=principal.name)
    data = order.model_dump(mode="json")
    event = wire.Event(id=uuid4(), order_id=order.id, type=EventType.ISSUED,
                       occurred_at=issued_at, recorded_at=now, author=principal.name,
                       payload=wire.IssuedPayload(order=order).model_dump(mode="json"))
    content = judging.canonical(event)
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
    issued = EventRow.create(id=str(event.id), order=row.id, type=EventType.ISSUED.value,
                             station_code=None, occurred_at=issued_at, content=content,
                             status=accepted, token_id=principal.token_id,
                             role=principal.role.value, received_at=now)
    feed.append(order.station_code, wire.ChangeKind.ORDER.value, row.id,
                {"order": data, "events": [json.loads(content)], "positions": [issued.pos]})
    return order, True


def visible_order(principal: Principal, order_id: UUID | str) -> OrderRow:
    """The order if the caller may see it; 404 otherwise (no existence leak to stations)."""
    row = OrderRow.get_or_none(OrderRow.id == str(order_id))
    if row is None or (principal.is_station and row.station_code != principal.station_code):
        raise ApiError(404, "order_id", "no such order", "没有此订单", code=Code.UNKNOWN_ORDER)
    return row


def with_events(row: OrderRow) -> wire.OrderWithEvents:
    rows = working_set.order_events(row.id)
    state = working_set.fold_rows(rows)
    return wire.OrderWithEvents(
        order=wire_orders.Order.model_validate(row.data),
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
    except ValidationError as exc:
        first = pydantic_errors(list(exc.errors()))[0]
        raise ApiError.of(422, first.model_copy(
            update={"field": f"payload.{first.field}".rstrip(".")})) from None
    work = working_set.Working()
    try:
        result = judging.record(principal, event, now, config, work)
    except Rejected as exc:
        raise ApiError.of(exc.status, exc.refusal) from None
    work.flush(now, config)
    return result.result() if isinstance(result, working_set.Stored) else result


def callback_payload(order_id: UUID, body: console_wire.CallbackRequest, now: datetime,
                     config: ServiceConfig) -> tuple[dict[str, Any], datetime]:
    """The callback's payload (attempt number, the three-attempts rule applied) and its time.

    The time is the call's, from the phone log (``body.occurred_at``), or now: never in the
    future, never before the completion (or decline) it follows up.
    """
    rows = working_set.order_events(str(order_id))
    state = working_set.fold_rows(rows)
    at = body.occurred_at or now
    if at > now + config.clock_tolerance:
        raise ApiError(422, "occurred_at", "the call cannot be in the future",
                       "回访时间不能晚于现在", code=Code.IMPOSSIBLE_TIME)
    done_at = state.completed_at or state.declined_at
    if done_at is not None and at < done_at - config.clock_tolerance:
        raise ApiError(422, "occurred_at",
                       "the call is before the station reported the order done",
                       "回访时间早于服务站报完工(或无法服务)的时间", code=Code.IMPOSSIBLE_TIME)
    since_reopen: list[EventRow] = []
    for r in rows:
        if r.type == EventType.REOPENED.value and r.status == "accepted":
            since_reopen = []
        elif r.type == EventType.CALLBACK.value and r.status == "accepted":
            since_reopen.append(r)
    if state.callback_unreachable or state.callback_reached_at is not None:
        raise ApiError(409, "outcome", "the callback is already finished for this order",
                       "该订单的回访已结束", code=Code.CALLBACK_FINISHED)
    if body.outcome is CallbackOutcome.REACHED and body.scores is None \
            and state.status is not Status.DECLINED:
        raise ApiError(422, "scores", "a reached callback needs the five scores",
                       "回访成功须填写五项评分", code=Code.SCORES_NEEDED)
    unreachable = False
    if body.outcome is not CallbackOutcome.REACHED:
        failed = [r.occurred_at for r in since_reopen
                  if json.loads(r.content)["payload"]["outcome"] != CallbackOutcome.REACHED]
        unreachable = callbacks.unreachable_after(failed, at, config.policy)
    try:
        payload = wire.make_payload(EventType.CALLBACK, outcome=body.outcome, note=body.note,
                                    scores=body.scores, attempt=len(since_reopen) + 1,
                                    unreachable=unreachable)
    except ValidationError as exc:
        err = pydantic_errors(list(exc.errors()))[0]
        raise ApiError.of(422, err.model_copy(update={"field": err.field or "scores"})) from None
    return payload, at


def check_close(order_id: UUID, body: console_wire.CloseRequest, close_date: date, now: datetime,
                config: ServiceConfig) -> None:
    """A close date neither in the future nor before the completion; a finished callback
    (reached, or unreachable by the attempts rule) or the reason there is none."""
    state = working_set.fold_rows(working_set.order_events(str(order_id)))
    if close_date > local_today(now, config):
        raise ApiError(422, "close_date", "the close date is in the future",
                       "关单日期不能晚于今天", code=Code.CLOSE_DATE)
    done_at = state.completed_at or state.declined_at
    if done_at is not None and close_date < done_at.astimezone(config.tz).date():
        raise ApiError(422, "close_date", "the close date is before the order was completed",
                       "关单日期早于完工日期", code=Code.CLOSE_DATE)
    finished = state.callback_reached_at is not None or state.callback_unreachable
    if (state.status in (Status.COMPLETED, Status.DECLINED) and not finished
            and not body.without_callback_reason.strip()):
        raise ApiError(422, "without_callback_reason",
                       "no finished callback: record the callback (reached, or unreachable "
                       "after the attempts) or give the reason for closing without one",
                       "尚未完成回访:请先登记回访(回访成功,或多次未接通后记为无法回访),"
                       "或填写未回访关单的原因", code=Code.REASON_NEEDED)


def local_today(now: datetime, config: ServiceConfig) -> date:
    return now.astimezone(config.tz).date()
