"""The Station core: the one object the window, scripts and tests use to read orders, record
what the station did, and read the sync status. No Qt, no network; every write is one SQLite
transaction."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Self
from uuid import UUID

import pydantic

from common import logs
from station_app import (
    changes,
    hot_queries,
    order_fold,
    orders_query,
    paths,
    sync_status,
    wire,
    wire_orders,
)
from station_app.clock import Now, system_now
from station_app.domain import lifecycle
from station_app.domain.errors import DomainError
from station_app.domain.events import STATION_EVENTS, ContactOutcome, EventType
from station_app.order_detail import Notice, OrderDetail, timeline
from station_app.orders_query import OrderFilter, OrderSummary
from station_app.record_checks import (
    FUTURE_TOLERANCE,
    RecordError,
    check_time,
    check_void,
    from_domain,
    from_validation,
    not_allowed,
)
from station_app.settings import Settings
from station_app.station_listeners import Callbacks, OrdersChanged, SyncStateChanged
from station_app.store import EventRow, OrderRow, Store
from station_app.store_context import runs_in_store
from station_app.sync_status import OutboxEntry, SyncStatus

log = logging.getLogger(__name__)

@runs_in_store(lambda station: station.store)
class Station:
    """An open station: its store, settings and clock."""

    def __init__(self, store: Store, data_dir: Path, now: Now = system_now) -> None:
        self.store = store
        self.data_dir = data_dir
        self.now = now
        self.settings = Settings(store, data_dir)
        self.callbacks = Callbacks()
        self._notify_lock = threading.Lock()
        store.db.on_damage.append(self.report_sync)  # the status tells the window at once

    @classmethod
    def open(cls, data_dir: Path | str | None = None, *, exclusive: bool = True,
             now: Now = system_now, check: str = "now") -> Self:
        """``check``: see `Store.open` (the window opens with ``"background"``)."""
        folder = paths.data_dir(data_dir)
        store = Store.open(folder / paths.DB_FILENAME, exclusive=exclusive, check=check)
        station = cls(store, folder, now)
        logs.use_setting(station.settings.get("log_level"))
        logs.add_secret(station.token())
        log.info("station %s opened in %s%s", station.code or "(no code yet)", folder,
                 "" if exclusive else " (read only, beside the running application)")
        return station

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- settings -------------------------------------------------------------------------

    @property
    def code(self) -> str:
        return self.settings.get("station_code")

    def set_settings(self, values: Mapping[str, Any]) -> None:
        """Change settings at once; new time limits or calendar re-date every open order."""
        try:
            self.settings.set_many(values)
        except DomainError as exc:
            raise from_domain(exc) from exc
        if {"sla", "calendar"} & set(values):
            self._refresh_all()
        if {"server_url", "station_code"} & set(values):
            self._settings_changed()  # a sync worker waiting for settings may go now

    def set_token(self, token: str | None) -> None:
        logs.add_secret(token.strip() if token else None)
        try:
            self.settings.set_token(token)
        except DomainError as exc:
            raise from_domain(exc) from exc
        self._settings_changed()

    def token(self) -> str | None:
        return self.settings.token()

    def device_id(self) -> str | None:
        """This PC's device at the call center: the id of its own token (each PC has its own;
        a station's token from before devices is its first PC's)."""
        token = self.token()
        return token.split(".", 1)[0] or None if token else None

    def _refresh_all(self) -> None:
        policy, calendar, now = self.settings.sla_policy(), self.settings.calendar(), self.now()
        ids = [r[0] for r in OrderRow.select(OrderRow.id).tuples()]
        with self.store.transaction():
            for oid in ids:
                order_fold.refresh(oid, now, policy, calendar)
        self.publish_changes(ids, [])

    # -- queries --------------------------------------------------------------------------

    def _due_soon(self) -> timedelta:
        return timedelta(minutes=self.settings.get("due_soon_minutes"))

    def order_ids(self, filter: OrderFilter = OrderFilter.ALL,
                  search: str = "") -> orders_query.OrderIds:
        """Ids in list order, as a sequence of UUIDs (made on access: cheap for 100,000)."""
        return orders_query.order_ids(filter, search, self.server_now(), self._due_soon())

    def first_ids(self, filter: OrderFilter = OrderFilter.ALL, search: str = "",
                  limit: int = 60) -> tuple[orders_query.OrderIds, bool]:
        """The first ``limit`` of `order_ids` (fast: a screenful) and whether that is all."""
        return orders_query.first_ids(filter, search, self.server_now(), self._due_soon(), limit)

    def count(self, filter: OrderFilter = OrderFilter.ALL, search: str = "") -> int:
        return orders_query.count(filter, search, self.server_now(), self._due_soon())

    def summaries(self, ids: Iterable[UUID]) -> dict[UUID, OrderSummary]:
        return orders_query.summaries(ids, self.server_now(), self.settings.sla_policy(),
                                      self.settings.calendar())

    def order(self, order_id: UUID) -> OrderDetail:
        row = self._row(order_id)
        events = list(EventRow.select().where(EventRow.order == order_id))
        state = order_fold.fold(row, events)
        deadlines = order_fold.order_deadlines(row, state, self.server_now(),
                                               self.settings.sla_policy(),
                                               self.settings.calendar())
        return OrderDetail(
            order=wire_orders.Order.model_validate(row.data),
            timeline=timeline(row, events, state),
            state=state,
            deadlines=deadlines,
            allowed_actions=self._allowed(state),
            notice=Notice(row.notice) if row.notice else None,
            notice_reason=row.notice_reason,
            unread=row.unread,
            entered_locally=row.entered_locally,
        )

    def _allowed(self, state: lifecycle.OrderState, *, with_received: bool = False,
                 code: str | None = None) -> frozenset[EventType]:
        code = self.code if code is None else code
        allowed = lifecycle.allowed_actions(state, for_station=code or None)
        if (with_received and state.status is not None
                and (state.status, EventType.RECEIVED) in lifecycle.TRANSITIONS
                and state.station_code in (None, code)):
            allowed |= {EventType.RECEIVED}
        return allowed

    def _row(self, order_id: UUID) -> OrderRow:
        row = hot_queries.order_row(order_id)
        if row is None:
            raise RecordError("order_id", f"there is no order {order_id} at this station",
                              "本服务站没有该工单")
        return row

    def sync_status(self) -> SyncStatus:
        return sync_status.read(self.store, self.now())

    def outbox(self) -> list[OutboxEntry]:
        return sync_status.outbox()

    def server_now(self) -> datetime:
        """Now on the call center's clock (this PC's clock corrected by the measured offset):
        deadlines are measured on it, since the orders' times are the server's."""
        return self.now() + timedelta(milliseconds=self.clock_offset_ms() or 0)

    def clock_offset_ms(self) -> int | None:
        return self.store.get_sync(sync_status.CLOCK_OFFSET)

    # -- writes ---------------------------------------------------------------------------

    def record(
        self,
        order_id: UUID,
        event_type: EventType | str,
        payload: Mapping[str, Any] | None = None,
        *,
        occurred_at: datetime | None = None,
        backdate_reason: str | None = None,
    ) -> wire.Event:
        """Record what the station did, in one transaction; refused with the field to fix."""
        try:
            etype = EventType(event_type)
        except ValueError:
            raise RecordError("type", f"unknown event type {event_type!r}",
                              f"未知的记录类型“{event_type}”") from None
        if etype not in STATION_EVENTS:
            raise RecordError("type", f"{etype} is recorded by the call center, not a station",
                              f"“{etype}”由呼叫中心记录,服务站不能记录")
        now = self.now()
        code, user = self.code, self.settings.get("user")
        if not code:
            raise RecordError("station_code", "set the station's ERP code first",
                              "请先设置服务站ERP代码")
        if not user:
            raise RecordError("user", "say who is recording (the clerk's name) first",
                              "请先填写记录人姓名")
        when, reason = check_time(occurred_at, backdate_reason, now)
        device_id, device_name = self.device_id(), self.settings.get("device_name") or None
        policy, calendar = self.settings.sla_policy(), self.settings.calendar()
        with self.store.transaction():
            row = self._row(order_id)
            try:
                event = wire.Event(
                    id=uuid.uuid4(), order_id=order_id, type=etype, occurred_at=when,
                    recorded_at=now, author=user, station_code=code, backdate_reason=reason,
                    clock_offset_ms=self.clock_offset_ms(), payload=dict(payload or {}),
                    # a phone-entered order was "issued" here when the station took the call
                    phoned_at=row.issued_at if row.entered_locally else None,
                    device_id=device_id, device_name=device_name,
                )
            except pydantic.ValidationError as exc:
                raise from_validation(exc) from exc
            state = order_fold.fold(row, hot_queries.fold_rows([order_id]))
            fact = lifecycle.FoldEvent(event.id, etype.value, event.occurred_at,
                                       event.station_code, event.payload)
            if etype not in self._allowed(state, with_received=True, code=code) and not (
                    reason and lifecycle.judge(state, fact) is lifecycle.Verdict.CORRECTS):
                raise not_allowed(etype, state)
            # issued_at is on the server's clock: compare on it, not on this PC's.
            on_server_clock = when + timedelta(milliseconds=event.clock_offset_ms or 0)
            if (not row.entered_locally and state.issued_at is not None
                    and on_server_clock < state.issued_at - FUTURE_TOLERANCE):
                raise RecordError(
                    "occurred_at", "this time is before the order was issued",
                    "该时间早于工单下发时间,不可能发生",
                )
            if etype is EventType.VOIDED:
                check_void(order_id, event, code, self.settings.get("undo_minutes"))
            _insert_local(event)
            if etype is EventType.VOIDED:  # the voided fact leaves the fold: fold again
                state = order_fold.fold(row, hot_queries.fold_rows([order_id]))
            else:  # the new event folds last (it waits for the call center, and is the newest)
                state = lifecycle.apply(state, fact)
            order_fold.store_state(row, state, now, policy, calendar)
        self._local_write()
        self.publish_changes([order_id], [])
        return event

    def void(self, event_id: UUID, reason: str = "") -> wire.Event:
        """Take back an entry this station made by mistake: a `voided` event naming it (both
        stay on record; the folds on both sides leave the voided one out)."""
        target = EventRow.get_or_none(EventRow.id == event_id)
        if target is None:
            raise RecordError("event_id", "there is no such entry at this station",
                              "本服务站没有这条记录")
        return self.record(target.order_id, EventType.VOIDED,
                           {"event_id": str(event_id), "reason": reason})

    def record_contact(self, order_id: UUID, outcome: ContactOutcome | str, note: str = "",
                       **when: Any) -> wire.Event:
        return self.record(order_id, EventType.CONTACT_ATTEMPT,
                           {"outcome": ContactOutcome(outcome), "note": note}, **when)

    def record_note(self, order_id: UUID, text: str, **when: Any) -> wire.Event:
        return self.record(order_id, EventType.NOTE, {"text": text}, **when)

    def record_departed(self, order_id: UUID, technicians: list[str] | None = None,
                        note: str = "", **when: Any) -> wire.Event:
        return self.record(order_id, EventType.DEPARTED,
                           {"technicians": technicians or [], "note": note}, **when)

    def record_arrived(self, order_id: UUID, note: str = "", **when: Any) -> wire.Event:
        return self.record(order_id, EventType.ARRIVED, {"note": note}, **when)

    def record_declined(self, order_id: UUID, reason: str, **when: Any) -> wire.Event:
        return self.record(order_id, EventType.DECLINED, {"reason": reason}, **when)

    def mark_read(self, order_id: UUID) -> wire.Event | None:
        """The clerk opened the order: it is no longer unread, and a new order is now received
        (the `received` event is the moment a person at the station saw it)."""
        with self.store.transaction():
            row = self._row(order_id)
            OrderRow.update(unread=False).where(OrderRow.id == order_id).execute()
            state = order_fold.fold(row, hot_queries.fold_rows([order_id]))
        received: wire.Event | None = None
        if (state.status is lifecycle.Status.NEW and self.code and self.settings.get("user")
                and state.station_code in (None, self.code)):
            received = self.record(order_id, EventType.RECEIVED, {})
        else:
            self.publish_changes([order_id], [])
        return received

    def enter_order_by_phone(self, fields: wire_orders.OrderFields | Mapping[str, Any]) -> UUID:
        """An order the call center gave by phone or fax while the link was down. Its events
        are held until the call center's order with the same business number arrives, then
        merged into it — never a second order."""
        try:
            body = (fields if isinstance(fields, wire_orders.OrderFields)
                    else wire_orders.OrderFields.model_validate(fields))
        except pydantic.ValidationError as exc:
            raise from_validation(exc) from exc
        if not body.business_no:
            raise RecordError("business_no", "an order taken by phone needs its business number",
                              "电话接单须填写业务号码")
        if self.code and body.station_code != self.code:
            raise RecordError("station_code", "this order is for another station",
                              "该工单不属于本服务站")
        user = self.settings.get("user")
        if not user:
            raise RecordError("user", "say who is recording (the clerk's name) first",
                              "请先填写记录人姓名")
        now = self.now()
        order = wire_orders.Order(**body.model_dump(), id=uuid.uuid4(), issued_at=now,
                                  issued_by=user)
        with self.store.transaction():
            if OrderRow.select().where(OrderRow.business_no == order.business_no).exists():
                raise RecordError(
                    "business_no", f"order {order.business_no} is already at this station",
                    f"业务号码{order.business_no}的工单已存在",
                )
            OrderRow.insert(id=order.id, status="new", updated_at=now, unread=False,
                            entered_locally=True, **order_fold.row_columns(order)).execute()
            order_fold.refresh(order.id, now, self.settings.sla_policy(),
                               self.settings.calendar())
        self.publish_changes([order.id], [])
        return order.id

    def resend(self, event_ids: Iterable[UUID] | None = None) -> int:
        """Send rejected events again (these, or every one): once the cause is fixed — a rule
        changed at the call center, an order reopened — the call center judges each afresh
        (it keeps no rejection to answer from). Until then they wait, and count in the
        order's status, like any other; returns how many will be sent."""
        rejected = ((EventRow.origin == order_fold.ORIGIN_LOCAL)
                    & (EventRow.result == wire.EventResultStatus.REJECTED.value))
        if event_ids is not None:
            rejected &= EventRow.id.in_(list(event_ids))
        now, policy, calendar = self.now(), self.settings.sla_policy(), self.settings.calendar()
        with self.store.transaction():
            rows = list(EventRow.select(EventRow.id, EventRow.order).where(rejected).tuples())
            EventRow.update(acked_at=None, result=None, result_reason="").where(
                EventRow.id.in_([r[0] for r in rows])).execute()
            orders = list(dict.fromkeys(r[1] for r in rows))
            for oid in orders:
                order_fold.refresh(oid, now, policy, calendar)
        if rows:
            self._local_write()
            self.publish_changes(orders, [])
        return len(rows)

    # -- used by sync ---------------------------------------------------------------------

    def apply_changes(self, page: wire.ChangesPage | Mapping[str, Any],
                      asked_at: datetime | None = None) -> changes.Applied:
        """Apply a page of the change feed and its cursor in one transaction (``asked_at``:
        `changes.apply_page`)."""
        ctx = changes.Context(self.now(), self.code, self.settings.sla_policy(),
                              self.settings.calendar())
        with self.store.transaction():
            applied = changes.apply_page(self.store, changes.page_as_dict(page), ctx, asked_at)
        if applied.changed:
            self.publish_changes(applied.changed, applied.new)
        return applied

    def apply_rebuild(self, page: Mapping[str, Any]) -> changes.Applied:
        """Apply a page of ``GET /v1/rebuild`` and where the rebuild got to, in one
        transaction (`station_app.rebuild`)."""
        from station_app import rebuild

        ctx = changes.Context(self.now(), self.code, self.settings.sla_policy(),
                              self.settings.calendar())
        with self.store.transaction():
            applied = rebuild.apply_page(self.store, page, ctx,
                                         int(self.settings.get("rebuild_days")))
        if applied.changed:
            self.publish_changes(applied.changed, applied.new)
        return applied

    def report_sync(self) -> SyncStatus:
        """Tell the sync-state listeners where things stand (called by the sync worker)."""
        status = self.sync_status()
        for cb in list(self.callbacks.sync_state):
            cb(status)
        return status

    # -- callbacks ------------------------------------------------------------------------

    def on_orders_changed(self, callback: OrdersChanged) -> Callable[[], None]:
        """Call ``callback(ids, new_ids)`` after orders change; returns the unsubscriber."""
        self.callbacks.orders_changed.append(callback)
        return lambda: self.callbacks.orders_changed.remove(callback)

    def on_sync_state(self, callback: SyncStateChanged) -> Callable[[], None]:
        """Call ``callback(SyncStatus)`` after each sync success or failure (at once if the
        page check beside the start already found the file damaged: a listener added after
        that would never hear of it)."""
        self.callbacks.sync_state.append(callback)
        if self.store.db.damage is not None:
            callback(self.sync_status())
        return lambda: self.callbacks.sync_state.remove(callback)

    def _local_write(self) -> None:
        for cb in list(self.callbacks.local_write):
            cb()

    def _settings_changed(self) -> None:
        for cb in list(self.callbacks.settings_changed):
            cb()

    def publish_changes(self, ids: list[UUID], new_ids: Iterable[UUID] = ()) -> None:
        """The one public notice of a transaction: which orders it changed and which of them
        are new. Every write of the core (and of the sync layer) calls it once, after its
        commit; windows refresh from it alone (as Anki's operations report their changes)."""
        new = list(new_ids)
        for cb in list(self.callbacks.orders_changed):
            cb(ids, new)


def _insert_local(event: wire.Event) -> None:
    hot_queries.insert(
        EventRow, id=event.id, order=event.order_id, type=event.type.value,
        occurred_at=event.occurred_at, recorded_at=event.recorded_at, author=event.author,
        station_code=event.station_code, backdate_reason=event.backdate_reason,
        clock_offset_ms=event.clock_offset_ms, payload=event.payload,
        origin=order_fold.ORIGIN_LOCAL, phoned_at=event.phoned_at,
        device_id=event.device_id, device_name=event.device_name,
    )


