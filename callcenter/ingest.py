"""Recording one event: dedupe by UUID, who may record what, impossible times, the lifecycle's
verdict, the order's derived columns (advanced from the stored state, see `callcenter.derived`)
and the change feed — all in the caller's transaction."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import peewee as pw
from pydantic import ValidationError

from callcenter import db as database
from callcenter import derived, feed
from callcenter.auth import Principal, Role
from callcenter.config import ServiceConfig
from callcenter.errors import pydantic_errors
from callcenter.models import EventRow, OrderRow, Station
from callcenter.reasons import Rejected, late_reason, original_of, rejected
from common.refusal import Code, Refusal
from station_app import wire
from station_app.domain import lifecycle
from station_app.domain.events import (
    REVIEWER_EVENTS,
    STATION_EVENTS,
    EventType,
)
from station_app.domain.lifecycle import FoldEvent, OrderState, Verdict

ROLE_EVENTS: dict[Role, frozenset[EventType]] = {
    Role.STATION: STATION_EVENTS,
    Role.DISPATCHER: frozenset({EventType.UPDATED, EventType.CANCELLED, EventType.REASSIGNED,
                                EventType.NOTE, EventType.URGED}),
    Role.REVIEWER: REVIEWER_EVENTS | {EventType.NOTE},
    Role.ADMIN: frozenset({EventType.UPDATED, EventType.CANCELLED, EventType.REASSIGNED,
                           EventType.NOTE, EventType.URGED}) | REVIEWER_EVENTS,
}
log = logging.getLogger(__name__)
NIL_UUID = UUID(int=0)
PRE_ISSUE_WINDOW = timedelta(hours=24)  # how long before issue a station's fact may lie


DEVICE_FIELDS = ("device_id", "device_name")


def canonical(event: wire.Event) -> str:
    """The normalised JSON of an event: equal facts give equal text."""
    # Without `phoned_at` or the device when absent: events stored before they existed
    # compare equal.
    data = event.model_dump(mode="json", exclude={"phoned_at"} if event.phoned_at is None
                            else None)
    for key in DEVICE_FIELDS:
        if data.get(key) is None:
            data.pop(key, None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fold_event(row: EventRow) -> FoldEvent:
    return derived.fold_event_of(row.id, row.type, row.occurred_at, row.station_code,
                                 json.loads(row.content))


def order_events(order_id: str) -> list[EventRow]:
    return list(EventRow.select().where(EventRow.order == order_id).order_by(EventRow.pos))


def fold_rows(rows: Iterable[EventRow]) -> OrderState:
    return lifecycle.fold(fold_event(r) for r in rows)


def _check_times(event: wire.Event, order: LoadedOrder, now: datetime,
                 config: ServiceConfig) -> None:
    slack = config.clock_tolerance + timedelta(milliseconds=abs(event.clock_offset_ms or 0))
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
    early = PRE_ISSUE_WINDOW if (event.station_code is not None
                                 and event.type is not EventType.COMPLETED) else timedelta(0)
    floor = order.issued_at - slack - early
    if event.phoned_at is not None and event.station_code is not None:
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


def _check_void(event: wire.Event, order: LoadedOrder) -> None:
    """A void names an entry the same station made on this order (not a void)."""
    target_id = str(event.payload.get("event_id"))
    target = EventRow.get_or_none((EventRow.id == target_id) & (EventRow.order == order.id))
    if (target is None or target.station_code != event.station_code
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


def _insert_event(**values: Any) -> int:
    """Insert one event row and return its position; `pw.IntegrityError` when a concurrent
    transaction stored that id meanwhile (nothing written: ``ON CONFLICT DO NOTHING`` keeps
    PostgreSQL's transaction usable without a savepoint). Plain SQL: peewee's query building
    cost more than SQLite's insert itself on the ingest path."""
    columns = list(values)
    param = database.db.obj.param
    sql = (f"INSERT INTO {EventRow._meta.table_name} ({', '.join(columns)}) "
           f"VALUES ({', '.join([param] * len(columns))}) ON CONFLICT (id) DO NOTHING")
    for key in ("occurred_at", "received_at"):
        values[key] = EventRow._meta.fields[key].db_value(values[key])
    if database.is_postgres_db():
        row = database.db.execute_sql(sql + " RETURNING pos", list(values.values())).fetchone()
        if row is None:
            raise pw.IntegrityError(f"event {values['id']} stored meanwhile")
        return int(row[0])
    cursor = database.db.execute_sql(sql, list(values.values()))
    if not cursor.rowcount:
        raise pw.IntegrityError(f"event {values['id']} stored meanwhile")
    return int(cursor.lastrowid)


ORDER_FIELDS = ("data", "station_code", "business_no")  # what updates and reassignments change
_DERIVED_COLUMNS: list[str] = []


def _derived_columns() -> list[str]:
    """The columns `store_derived` writes: everything but the order's identity and fields."""
    if not _DERIVED_COLUMNS:
        fixed = {"id", "kind", "issued_at", *ORDER_FIELDS}
        _DERIVED_COLUMNS.extend(n for n in OrderRow._meta.fields if n not in fixed)
    return _DERIVED_COLUMNS


def _update_orders(names: list[str], params: list[list[Any]]) -> None:
    """UPDATE these columns with one prepared statement; each entry of ``params`` holds the
    database values of ``names`` and the order's id. Plain SQL: peewee's `save` built each
    statement anew, which cost more than the database's work on ingest."""
    fields = OrderRow._meta.fields
    param = database.db.obj.param
    sql = (f"UPDATE {OrderRow._meta.table_name} SET "
           + ", ".join(f"{fields[n].column_name} = {param}" for n in names)
           + f" WHERE id = {param}")
    database.db.cursor().executemany(sql, params)


@dataclass
class LoadedOrder:
    """What ingest reads of an order row (the rest it only writes)."""

    id: str
    business_no: str
    station_code: str
    kind: str
    issued_at: datetime
    data: dict[str, Any]


_LOADED = ("id", "business_no", "station_code", "kind", "issued_at", "data", "derived")
# The derived state last read or written per order, by its stored text: a batch on an order
# the previous batch touched skips decoding it (the text tells whether it is still current).
_DERIVED_SEEN: dict[str, tuple[str, derived.Derived]] = {}
_DERIVED_KEEP = 20_000


def _remember(order_id: str, text: str, d: derived.Derived) -> None:
    if len(_DERIVED_SEEN) >= _DERIVED_KEEP:
        _DERIVED_SEEN.clear()
    _DERIVED_SEEN[order_id] = (text, d)


def _decoded(order_id: str, text: str | None) -> derived.Derived | None:
    if text is None:
        return None
    seen = _DERIVED_SEEN.get(order_id)
    if seen is not None and seen[0] == text:
        return seen[1]
    d = derived.from_json(json.loads(text))
    if d is not None:
        _remember(order_id, text, d)
    return d


def _select_orders(order_ids: list[str]) -> list[tuple[Any, ...]]:
    """The `_LOADED` columns of these orders in id order (locked on PostgreSQL)."""
    param = database.db.obj.param
    sql = (f"SELECT {', '.join(_LOADED)} FROM {OrderRow._meta.table_name} WHERE id IN "
           f"({', '.join([param] * len(order_ids))}) ORDER BY id")
    if database.is_postgres_db():
        sql += " FOR UPDATE"
    return list(database.db.execute_sql(sql, order_ids).fetchall())


@dataclass
class _Order:
    row: LoadedOrder
    derived: derived.Derived  # continued event by event from what the row stores
    dirty: bool = False
    fields_changed: bool = False  # the order's own fields (an update or reassignment)

    @property
    def state(self) -> OrderState:
        return self.derived.state


class Working:
    """The orders and event ids one transaction works on: loaded once (orders locked on
    PostgreSQL, in id order), kept current as events are recorded, written back by `flush`."""

    def __init__(self) -> None:
        self._orders: dict[str, _Order | None] = {}
        self._known: dict[str, tuple[str, str, int, str]] = {}  # id -> content, reason, pos,
        # status
        self._checked: set[str] = set()
        self.changes: list[tuple[str, str, str, dict[str, Any]]] = []  # the feed's, for flush

    def prefetch(self, events: Iterable[wire.Event]) -> None:
        evs = list(events)
        # Orders first: on PostgreSQL this waits for a concurrent batch on the same orders,
        # so the ids it stored are seen below.
        self._load(sorted({str(e.order_id) for e in evs} - set(self._orders)))
        ids = [str(e.id) for e in evs]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in EventRow.select(EventRow.id, EventRow.content, EventRow.reason,
                                     EventRow.pos, EventRow.status
                                     ).where(EventRow.id.in_(chunk)):
                self._known[r.id] = (r.content, r.reason, r.pos, r.status)
        self._checked.update(ids)

    def _load(self, order_ids: list[str]) -> None:
        if not order_ids:
            return
        for oid in order_ids:
            self._orders.setdefault(oid, None)
        for start in range(0, len(order_ids), 500):
            for oid, number, code, kind, issued_at, data, text in _select_orders(
                    order_ids[start:start + 500]):
                d = _decoded(oid, text)
                if d is None:  # not derived yet (start-up fills these): fold it once, here
                    from callcenter.derived_store import fold_rows as fold_stored

                    d = fold_stored(order_events(oid))
                row = LoadedOrder(oid, number, code, kind, datetime.fromisoformat(issued_at),
                                  json.loads(data))
                self._orders[oid] = _Order(row, d)

    def existing(self, event_id: str) -> tuple[str, str, int, str] | None:
        if event_id not in self._checked:
            row = EventRow.get_or_none(EventRow.id == event_id)
            if row is not None:
                self._known[event_id] = (row.content, row.reason, row.pos, row.status)
            self._checked.add(event_id)
        return self._known.get(event_id)

    def forget(self, event_id: str) -> None:
        """Look the id up again next time (a concurrent transaction stored it meanwhile)."""
        self._checked.discard(event_id)

    def order(self, order_id: str) -> _Order | None:
        if order_id not in self._orders:
            self._load([order_id])
        return self._orders[order_id]

    def stored(self, event_id: str, content: str, reason: str, pos: int, status: str) -> None:
        self._known[event_id] = (content, reason, pos, status)
        self._checked.add(event_id)

    def flush(self, now: datetime, config: ServiceConfig) -> None:
        """Write the changed orders' derived columns (one prepared UPDATE for all of them)
        and the stations' changes (`feed.append_many`)."""
        feed.append_many(self.changes)
        self.changes.clear()
        dirty = [o for o in self._orders.values() if o is not None and o.dirty]
        if not dirty:
            return
        names = _derived_columns()
        fields = OrderRow._meta.fields
        params = []
        for o in dirty:
            columns = derived.columns(o.derived, o.row.data, now, config)
            columns["updated_at"] = now
            text = fields["derived"].db_value(columns.pop("derived"))
            _remember(o.row.id, text, o.derived)
            params.append([text if n == "derived" else fields[n].db_value(columns[n])
                           for n in names] + [o.row.id])
            o.dirty = False
        _update_orders(names, params)
        changed = [o for o in dirty if o.fields_changed]
        if changed:
            _update_orders(list(ORDER_FIELDS), [
                [fields[n].db_value(getattr(o.row, n)) for n in ORDER_FIELDS] + [o.row.id]
                for o in changed])
        for o in changed:
            o.fields_changed = False


def _visible(principal: Principal, work: Working, order_id: str) -> _Order:
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
           work: Working) -> wire.EventResult:
    """Store ``event`` and its effects, or raise `Rejected`. Runs inside a transaction; the
    caller runs ``work.flush`` before it commits."""
    etype = EventType(event.type)
    if principal.is_station:
        if event.station_code is None:
            event = event.model_copy(update={"station_code": principal.station_code})
        elif event.station_code != principal.station_code:
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
    content = canonical(event)

    # Visibility first: what is said about an id must not tell of an order one may not see.
    loaded = _visible(principal, work, str(event.order_id))
    existing = work.existing(str(event.id))
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
    _check_times(event, order, now, config)
    if etype is EventType.VOIDED:
        _check_void(event, order)

    event_json = json.loads(content)
    fe = derived.fold_event_of(event.id, etype.value, event.occurred_at, event.station_code,
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
        new_data = _check_call_center_event(event, order, state)
    reason = why.model_dump_json() if why is not None else ""

    # Worked out before the insert: for the types `record_one` runs without a savepoint, the
    # insert is the only write, so a failure before it leaves nothing behind.
    new_derived = (None if etype is EventType.VOIDED
                   else derived.advance(loaded.derived, fe, event_json, status.value))
    pos = _insert_event(
        id=str(event.id), order_id=order.id, type=etype.value, station_code=event.station_code,
        occurred_at=event.occurred_at, content=content, status=status.value, reason=reason,
        token_id=principal.token_id, role=principal.role.value, received_at=now,
    )
    old_station = order.station_code
    if new_derived is None:  # voided: the voided fact leaves the fold: fold the order again
        from callcenter.derived_store import fold_rows as fold_stored

        new_derived = fold_stored(order_events(order.id))  # this one too
    if new_data is not None:
        order.data = new_data
        order.station_code = new_data["station_code"]
        order.business_no = new_data["business_no"]
        loaded.fields_changed = True

    changes: list[tuple[str, str, str, dict[str, Any]]] = []
    if status is wire.EventResultStatus.ACCEPTED and etype is EventType.REASSIGNED:
        changes.append((old_station, wire.ChangeKind.ORDER_REMOVED.value, order.id,
                        {"event": event_json}))
        history = order_events(order.id)  # this one too
        changes.append((order.station_code, wire.ChangeKind.ORDER.value, order.id,
                        {"order": order.data, "events": [json.loads(r.content) for r in history],
                         "positions": [r.pos for r in history]}))
    else:
        # Every device of the station gets every event of its orders, its own station's too
        # (a sibling PC recorded it; the recording PC skips it by its id). ``pos`` is the
        # server's order, which the station folds by.
        changes.append((order.station_code, wire.ChangeKind.EVENT.value, order.id,
                        {"event": event_json, "pos": int(pos)}))
    # Only now that every write went through does the working set move on (the feed's
    # changes are written by `Working.flush`, in the same transaction).
    work.changes.extend(changes)
    loaded.derived = new_derived
    loaded.dirty = True
    work.stored(str(event.id), content, reason, int(pos), status.value)
    return wire.EventResult(id=event.id, status=status, why=why, seq=int(pos))


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


def parse(raw: Any) -> wire.Event | wire.EventResult:
    """One event of a batch, or its rejection naming the field."""
    if not isinstance(raw, dict):
        return rejected(NIL_UUID, Refusal.of(Code.INVALID, "payload invalid: an event is a "
                                             "JSON object", "内容无效:每条记录须为JSON对象",
                                             "event"))
    try:
        return wire.Event.model_validate(raw)
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
    endpoint = endpoint_only.get(EventType(event.type))
    if endpoint is None or EventType(event.type) not in ROLE_EVENTS[principal.role]:
        return None  # record() refuses a type the role may not record, saying so
    return rejected(event.id, Refusal.of(Code.USE_ENDPOINT, f"record this with {endpoint}",
                                         f"请通过{endpoint}记录此操作", "type"))


def record_batch(principal: Principal, raws: list[Any], now: datetime,
                 config: ServiceConfig, endpoint_only: Mapping[EventType, str] | None = None
                 ) -> list[wire.EventResult]:
    """Every event of a batch, each in its own savepoint; one bad event never fails the rest.
    Types in ``endpoint_only`` are refused (POST /v1/events passes `ENDPOINT_ONLY`)."""
    parsed = [parse(r) for r in raws]
    work = Working()
    work.prefetch(p for p in parsed if isinstance(p, wire.Event))
    doors = endpoint_only or {}
    results = [item if isinstance(item, wire.EventResult)
               else (_through_endpoint(principal, item, doors)
                     or record_one(principal, item, now, config, work)) for item in parsed]
    work.flush(now, config)
    return results


# Types whose recording writes more than the event row (or reads it back): in a savepoint.
_SAVEPOINT_TYPES = frozenset({EventType.VOIDED.value, EventType.REASSIGNED.value,
                              EventType.UPDATED.value})


def record_one(principal: Principal, event: wire.Event, now: datetime,
               config: ServiceConfig, work: Working) -> wire.EventResult:
    """`record`, answering a rejection as a result. Most events need no savepoint: every
    check comes before their one write (the event row; the feed and the order's columns are
    written by `Working.flush`), which either happens or raises before writing."""
    for attempt in range(2):
        try:
            if event.type not in _SAVEPOINT_TYPES:
                return record(principal, event, now, config, work)
            with database.db.atomic():
                return record(principal, event, now, config, work)
        except Rejected as exc:
            return rejected(event.id, exc.refusal)
        except pw.IntegrityError as exc:
            if attempt:
                return _unexpected(event.id, exc)
            work.forget(str(event.id))  # a concurrent copy won the insert; look again
        except _BATCH_FAILURES:
            raise
        except Exception as exc:  # noqa: BLE001 - one event's failure must not sink the batch
            return _unexpected(event.id, exc)
    raise AssertionError("unreachable")
