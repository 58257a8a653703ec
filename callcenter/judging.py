"""Judging one event: who may record what, impossible times, dedupe by UUID, the lifecycle's
verdict; then its one write (the event row) and what it changes in the batch's working set
(`callcenter.working_set`), all in the caller's transaction."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from callcenter import derived, feed
from callcenter.auth import Principal, Role
from callcenter.config import ServiceConfig
from callcenter.errors import pydantic_errors
from callcenter.models import EventRow, OrderRow, Station
from callcenter.reasons import Rejected, late_reason, original_of
from callcenter.working_set import (
    LoadedOrder,
    Stored,
    Working,
    WorkingOrder,
    order_events,
)
from common.refusal import Code, Refusal
from station_app import wire
from station_app.domain import lifecycle
from station_app.domain.events import (
    REVIEWER_EVENTS,
    STATION_EVENTS,
    EventType,
)
from station_app.domain.lifecycle import OrderState, Verdict

ROLE_EVENTS: dict[Role, frozenset[EventType]] = {
    Role.STATION: STATION_EVENTS,
    Role.DISPATCHER: frozenset({EventType.UPDATED, EventType.CANCELLED, EventType.REASSIGNED,
                                EventType.NOTE, EventType.URGED}),
    Role.REVIEWER: REVIEWER_EVENTS | {EventType.NOTE},
    Role.ADMIN: frozenset({EventType.UPDATED, EventType.CANCELLED, EventType.REASSIGNED,
                           EventType.NOTE, EventType.URGED}) | REVIEWER_EVENTS,
}
_AT = EventRow.occurred_at  # how a moment is stored
_EVENT_CHANGE = wire.ChangeKind.EVENT.value
PRE_ISSUE_WINDOW = timedelta(hours=24)  # how long before issue a station's fact may lie


DEVICE_FIELDS = ("device_id", "device_name")
# After `payload` in `wire.Event`'s field order, and left out of the stored text when absent
# (events stored before they existed compare equal).
_OPTIONAL_TAIL = ("phoned_at", *DEVICE_FIELDS)
_DUMPED_APART = {"payload", *_OPTIONAL_TAIL}
_dump = wire.Event.__pydantic_serializer__.to_python


def _encoder() -> Callable[[dict[str, Any]], str]:
    """Sorted keys, no ASCII escapes, no spaces: `json.JSONEncoder`'s own C encoder, made once
    (``JSONEncoder.encode`` builds it again for every call)."""
    settings = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the C accelerator
        return settings.encode
    chunks = make(None, settings.default, json.encoder.encode_basestring, None,
                  settings.key_separator, settings.item_separator, True, False, True)
    return lambda data: "".join(chunks(data, 0))


_encode = _encoder()


def canonical(event: wire.Event) -> str:
    """The normalised JSON of an event: equal facts give equal text."""
    return canonical_json(event)[1]


def canonical_json(event: wire.Event, **overrides: Any) -> tuple[dict[str, Any], str]:
    """The event's JSON (with ``overrides`` of its fields) and its normalised text."""
    data: dict[str, Any] = _dump(event, mode="json", exclude=_DUMPED_APART)
    # Already JSON: the payload is kept normalised (`wire.Event._payload_matches_type`).
    data["payload"] = event.payload
    if (event.phoned_at is not None or event.device_id is not None
            or event.device_name is not None):
        tail = _dump(event, mode="json", include=set(_OPTIONAL_TAIL))
        data.update((k, v) for k, v in tail.items() if v is not None)
    if overrides:
        data.update(overrides)
        for key in DEVICE_FIELDS:
            if data.get(key) is None:
                data.pop(key, None)
    return data, _encode(data)


_LAST_MOMENT: list[tuple[datetime, Any]] = [(datetime.min, None)]


def _stored_moment(now: datetime) -> Any:
    """``now`` as stored: every event of a batch is received at the same moment."""
    last = _LAST_MOMENT[0]  # one tuple, replaced whole: safe across threads
    if last[0] is not now:
        last = (now, _AT.db_value(now))
        _LAST_MOMENT[0] = last
    return last[1]


def _check_times(event: wire.Event, station_code: str | None, order: LoadedOrder,
                 now: datetime, config: ServiceConfig) -> None:
    slack = (config.clock_tolerance if not event.clock_offset_ms else
             config.clock_tolerance + timedelta(milliseconds=abs(event.clock_offset_ms)))
    if event.occurred_at > now + slack:
        raise Rejected("impossible time: it happened in the future", "时间不合理:发生时间晚于现在",
                       422, "occurred_at",
                       code=Code.IMPOSSIBLE_TIME)
    if event.recorded_at > now + slack:
        raise Rejected("impossible time: recorded in the future", "时间不合理:记录时间晚于现在",
                       422, "recorded_at",
                       code=Code.IMPOSSIBLE_TIME)
    if event.occurred_at > event.recorded_at + slack:
        raise Rejected("impossible time: it happened after it was recorded",
                       "时间不合理:发生时间晚于记录时间", 422, "occurred_at",
                       code=Code.IMPOSSIBLE_TIME)
    # The call center phones the station before it issues the order (seed 000, steps 2–4), so
    # a station may have received, phoned or set out a while before `issued_at`; having
    # *completed* the job before it was issued is impossible.
    early = PRE_ISSUE_WINDOW if (station_code is not None
                                 and event.type is not EventType.COMPLETED) else timedelta(0)
    floor = order.issued_at - slack - early
    if event.phoned_at is not None and station_code is not None:
        # A phone-entered order: the station took the call at `phoned_at`, however long
        # before the call center could issue it; its facts count from then, not before.
        if event.phoned_at > event.recorded_at + slack:
            raise Rejected("impossible time: phoned after it was recorded",
                           "时间不合理:电话接单时间晚于记录时间", 422, "phoned_at",
                           code=Code.IMPOSSIBLE_TIME)
        floor = min(floor, event.phoned_at - slack)
    if event.occurred_at < floor:
        raise Rejected("impossible time: before the order was issued",
                       "时间不合理:早于派单时间", 422, "occurred_at",
                       code=Code.IMPOSSIBLE_TIME)


def _check_void(event: wire.Event, station_code: str | None, order: LoadedOrder) -> None:
    """A void names an entry the same station made on this order (not a void)."""
    target_id = str(event.payload.get("event_id"))
    target = EventRow.get_or_none((EventRow.id == target_id) & (EventRow.order == order.id))
    if (target is None or target.station_code != station_code
            or target.type == EventType.VOIDED.value):
        raise Rejected("payload.event_id must name an entry this station made on this order",
                       "只能撤销本服务站在此工单上的记录", 409, "payload.event_id",
                       code=Code.VOID_TARGET)


def _check_call_center_event(event: wire.Event, order: LoadedOrder, state: OrderState
                             ) -> dict[str, Any] | None:
    """Checks of reassign and update; returns the order's new data for an update."""
    etype = EventType(event.type)
    if etype is EventType.REASSIGNED:
        body = event.body
        assert isinstance(body, wire.ReassignedPayload)
        if body.from_station != order.station_code:
            raise Rejected(f"the order is at station {order.station_code}, not "
                           f"{body.from_station}", f"订单当前属于服务站{order.station_code}",
                           409, "payload.from_station", code=Code.WRONG_STATION)
        if body.to_station == body.from_station:
            raise Rejected("the order is already at that station", "订单已在该服务站",
                           409, "payload.to_station", code=Code.SAME_STATION)
        if Station.get_or_none(Station.code == body.to_station) is None:
            raise Rejected(f"unknown station {body.to_station}",
                           f"未知服务站{body.to_station}", 422, "payload.to_station",
                           code=Code.UNKNOWN_STATION)
        return {**order.data, "station_code": body.to_station}
    if etype is EventType.UPDATED:
        body = event.body
        assert isinstance(body, wire.UpdatedPayload)
        data = {**order.data, **body.changes}
        try:
            updated = wire.Order.model_validate(data).model_dump(mode="json")
        except ValidationError as exc:
            err = pydantic_errors(list(exc.errors()))[0]
            raise Rejected(err.message_en, err.message_zh, 422,
                           f"payload.changes.{err.field}", code=err.code) from None
        number = updated["business_no"]
        if number != order.business_no and OrderRow.select().where(
                OrderRow.business_no == number).exists():
            raise Rejected(f"business number {number} is taken", f"业务号码{number}已存在",
                           409, "payload.changes.business_no", code=Code.NUMBER_TAKEN)
        return updated
    return None


def _visible(principal: Principal, work: Working, order_id: str) -> WorkingOrder:
    """The order if the caller may see it (a station: its own, or one reassigned away from
    it); otherwise exactly the rejection of an order that does not exist."""
    loaded = work.order(order_id)
    if loaded is not None and principal.is_station and (
            loaded.row.station_code != principal.station_code
            and not feed.ever_had(principal.station_code or "", order_id)):
        loaded = None
    if loaded is None:
        raise Rejected("unknown order", "未知订单", 404, "order_id", code=Code.UNKNOWN_ORDER)
    return loaded


def record(principal: Principal, event: wire.Event, now: datetime, config: ServiceConfig,
           work: Working) -> wire.EventResult | Stored:
    """Judge ``event`` and queue it with its effects (`Stored`: its result once
    ``work.flush`` inserted it), answer a duplicate, or raise `Rejected`. Runs inside a
    transaction; the caller runs ``work.flush`` before it commits."""
    etype = event.type
    station_code = event.station_code  # a station's events carry its code, given or not
    if principal.is_station:
        if station_code is None:
            station_code = principal.station_code
        elif station_code != principal.station_code:
            raise Rejected("an event of another station", "不是本站的记录", 403, "station_code",
                           code=Code.OTHER_STATION)
        if event.device_id is not None and event.device_id != principal.token_id:
            raise Rejected("an event of another device: each PC sends its own",
                           "不是本设备的记录:每台电脑只能发送自己的记录", 403, "device_id",
                           code=Code.OTHER_DEVICE)
    elif event.station_code is not None or event.device_id is not None:
        raise Rejected("only a station's own events carry a station code",
                       "只有服务站自己的记录才带服务站代码", 422, "station_code",
                       code=Code.STATION_ONLY)
    else:  # a person's event is authored by the token's holder, whatever the body says
        event = event.model_copy(update={"author": principal.name[:80] or principal.role.value})
    event_json, content = (canonical_json(event) if station_code == event.station_code
                           else canonical_json(event, station_code=station_code))
    event_id = str(event.id)

    # Visibility first: what is said about an id must not tell of an order one may not see.
    loaded = _visible(principal, work, str(event.order_id))
    existing = work.existing(event_id)
    if existing is not None:
        if existing[0] == content:
            return wire.EventResult(
                id=event.id, status=wire.EventResultStatus.DUPLICATE, seq=existing[2],
                why=Refusal.of(Code.DUPLICATE, "already received; nothing changed",
                               "已收到过此记录,未作改动"),
                original=original_of(existing))
        _visible(principal, work, json.loads(existing[0])["order_id"])
        raise Rejected("same event id with different content", "相同编号的记录内容不同",
                       409, "id", code=Code.ID_REUSED)

    order, state = loaded.row, loaded.state
    forced_late: Refusal | None = None
    if principal.is_station and order.station_code != principal.station_code:
        forced_late = Refusal.of(Code.LATE_AFTER_REASSIGN,
                                 "the order was reassigned to another station: the fact is "
                                 "kept but does not change it",
                                 "订单已改派其他服务站:此记录已保存,但不改变订单")
    if etype is EventType.ISSUED:
        raise Rejected("orders are issued with POST /v1/orders", "请通过派单接口下发订单",
                       403, "type", code=Code.USE_ENDPOINT)
    if etype not in ROLE_EVENTS[principal.role]:
        raise Rejected(f"type not allowed for your role ({principal.role.value})",
                       f"您的角色({principal.role.value})不能记录此类事件", 403, "type",
                       code=Code.ROLE_NOT_ALLOWED)
    _check_times(event, station_code, order, now, config)
    if etype is EventType.VOIDED:
        _check_void(event, station_code, order)

    type_text = etype.value
    fe = derived.fold_event_of(event.id, type_text, event.occurred_at, station_code,
                               event_json)
    verdict = lifecycle.judge(state, fe)
    if verdict is Verdict.INVALID:
        raise Rejected("this event cannot apply to the order", "此记录无法用于该订单", 409, "type",
                       code=Code.NOT_APPLICABLE)
    new_data = None
    why: Refusal | None = None
    if forced_late is not None:
        status, why = wire.EventResultStatus.LATE, forced_late
    elif verdict is Verdict.LATE:
        if not principal.is_station:
            zh_status = state.status.zh if state.status else ""
            raise Rejected(f"not allowed now: the order is {state.status}",
                           f"当前不允许此操作:订单状态为“{zh_status}”", 409, "type",
                           code=Code.NOT_ALLOWED_NOW)
        status, why = wire.EventResultStatus.LATE, late_reason(state)
    elif verdict is Verdict.CORRECTS:
        status, why = wire.EventResultStatus.ACCEPTED, Refusal.of(
            Code.CORRECTION, "filled in after the completion report", "完工后补录")
    else:
        status = wire.EventResultStatus.ACCEPTED
        if etype is EventType.REASSIGNED or etype is EventType.UPDATED:
            new_data = _check_call_center_event(event, order, state)
    reason = why.model_dump_json() if why is not None else ""
    status_text = status.value

    # Worked out before the event is queued: everything that can refuse it comes first, so a
    # refusal leaves nothing behind (the event is written with the batch's others).
    new_derived = (None if etype is EventType.VOIDED
                   else derived.advance(loaded.derived, fe, event_json, status_text))
    stored = Stored(event.id, status, why, (
        event_id, order.id, type_text, station_code,
        _AT.db_value(event.occurred_at), content, status_text, reason, principal.token_id,
        principal.role.value, _stored_moment(now)))
    work.queue(stored, content, reason)
    old_station = order.station_code
    if new_derived is None:  # voided: the voided fact leaves the fold: fold the order again
        from callcenter.derived_store import fold_rows as fold_stored

        work.insert_pending()
        new_derived = fold_stored(order_events(order.id))  # this one too
    if new_data is not None:
        order.data = new_data
        order.station_code = new_data["station_code"]
        order.business_no = new_data["business_no"]
        loaded.fields_changed = True

    if status is wire.EventResultStatus.ACCEPTED and etype is EventType.REASSIGNED:
        work.insert_pending()
        work.changes.append((old_station, wire.ChangeKind.ORDER_REMOVED.value, order.id,
                             {"event": event_json}))
        history = order_events(order.id)  # this one too
        work.changes.append((order.station_code, wire.ChangeKind.ORDER.value, order.id, {
            "order": order.data, "events": [json.loads(r.content) for r in history],
            "positions": [r.pos for r in history]}))
    else:
        # Every device of the station gets every event of its orders, its own station's too
        # (a sibling PC recorded it; the recording PC skips it by its id). ``pos`` is the
        # server's order, which the station folds by (`Stored.feed_body`, once inserted).
        work.changes.append((order.station_code, _EVENT_CHANGE, order.id, stored))
    if new_derived != loaded.derived or loaded.fields_changed:
        loaded.derived = new_derived
        loaded.dirty = True
    loaded.touched = True
    return stored
