"""Who acts in the demo: the dispatcher and the reviewer (the console's API client with their
tokens) and the clerk at each station (the `Station` core and the print queue, as the window
would use them)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from common.errors import UserError
from station_app import wire, wire_orders
from station_app.console_client import CallCenterClient, Unreachable
from station_app.domain.calendar import DEFAULT_TZ
from station_app.domain.events import CallbackOutcome, EventType, FormName

DEMO_ZONE = ZoneInfo(DEFAULT_TZ)
ACTION_EVENTS = {
    "receive": EventType.RECEIVED,
    "contact": EventType.CONTACT_ATTEMPT,
    "book": EventType.APPOINTMENT_BOOKED,
    "depart": EventType.DEPARTED,
    "arrive": EventType.ARRIVED,
    "complete": EventType.COMPLETED,
    "note": EventType.NOTE,
}


class Stopped(Exception):
    """The demo is shutting down while an actor waited."""


T = TypeVar("T")


def patiently(stop: threading.Event, call: Callable[[], T]) -> T:
    """``call()`` again and again while the call center cannot be reached (the demo's network
    cut), until it answers or the demo stops."""
    while True:
        try:
            return call()
        except Unreachable:
            if stop.wait(0.5):
                raise Stopped from None


class Dispatcher:
    """The dispatcher, through the console's typed API client."""

    def __init__(self, client: CallCenterClient, stop: threading.Event) -> None:
        self.client = client
        self.stop = stop

    def issue(self, fields: Mapping[str, Any], station_code: str,
              issued_at: datetime | None = None) -> wire_orders.Order:
        body = {**fields, "station_code": station_code}
        if issued_at is not None:
            body["issued_at"] = issued_at.isoformat()
        order_id = uuid.uuid4()  # the same id on every retry: issued once
        return patiently(self.stop, lambda: self.client.issue(body, order_id))

    def order(self, order_id: UUID) -> wire.OrderWithEvents:
        return patiently(self.stop, lambda: self.client.order(order_id))


class Reviewer:
    """The dispatch reviewer: callbacks (回访) and closing (审核关单)."""

    def __init__(self, client: CallCenterClient, stop: threading.Event) -> None:
        self.client = client
        self.stop = stop

    def callback(self, order_id: UUID, data: Mapping[str, Any]) -> None:
        scores = wire.Scores.model_validate(data["scores"]) if data.get("scores") else None
        patiently(self.stop, lambda: self.client.callback(
            order_id, CallbackOutcome(data["outcome"]), str(data.get("note", "")), scores))

    def close(self, order_id: UUID, note: str) -> None:
        patiently(self.stop, lambda: self.client.close_order(order_id, note=note))


def appointment_time(now: datetime, hours: float, zone: ZoneInfo = DEMO_ZONE) -> datetime:
    """``hours`` from ``now``, moved into the station's working day (09:00 the next morning
    when it would fall in the night)."""
    local = (now + timedelta(hours=hours)).astimezone(zone)
    if local.hour < 8:
        local = local.replace(hour=9, minute=0, second=0, microsecond=0)
    elif local.hour >= 18:
        local = (local + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC)


def payload_for(action: str, data: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The event payload of a scenario action (an appointment ``in_hours`` becomes a time)."""
    if action == "book":
        when = data.get("at") or appointment_time(now, float(data.get("in_hours", 2)))
        return {"appointment_at": when.isoformat(), "place": data.get("place", ""),
                "note": data.get("note", "")}
    return dict(data)


class Clerk:
    """The person at a station's counter, scripted: the same `Station` calls the window makes,
    and printing through the station's print queue (station 1's; station 2 prints nothing)."""

    def __init__(self, station: Any, print_queue: Callable[[], Any], station_info: Any,
                 on_acted: Callable[[UUID, str], None] | None = None) -> None:
        self.station = station
        self._print_queue = print_queue
        self.station_info = station_info
        self.on_acted = on_acted  # the window follows the clerk's work with it
        self._arrived = threading.Condition()
        station.callbacks.orders_changed.append(self._orders_changed)

    def detach(self) -> None:
        if self._orders_changed in self.station.callbacks.orders_changed:
            self.station.callbacks.orders_changed.remove(self._orders_changed)

    def _orders_changed(self, ids: list[UUID], new_ids: list[UUID]) -> None:
        with self._arrived:
            self._arrived.notify_all()

    def has(self, order_id: UUID) -> bool:
        from station_app.store import OrderRow

        with self.station.store.active():  # this clerk's station, whichever opened last
            return bool(OrderRow.select().where(OrderRow.id == order_id).exists())

    def wait_for(self, order_id: UUID, stop: threading.Event, timeout: float = 120) -> None:
        """Until the order has come down the sync link (the network may be cut meanwhile)."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while not self.has(order_id):
                if stop.is_set():
                    raise Stopped
                if time.monotonic() > deadline:
                    raise TimeoutError(f"order {order_id} did not reach the station")
                self._arrived.wait(0.5)

    def act(self, order_id: UUID, action: str, data: Mapping[str, Any]) -> None:
        st = self.station
        if action == "receive":
            st.mark_read(order_id)
        elif action == "print":
            self.print_form(order_id, FormName(data["form"]))
        else:
            st.record(order_id, ACTION_EVENTS[action], payload_for(action, data, st.now()))
        if self.on_acted is not None:
            self.on_acted(order_id, action)

    def print_form(self, order_id: UUID, form: FormName) -> int:
        import forms

        queue = self._print_queue()
        if queue is None:
            raise UserError("no receipt printer is set up", "尚未设置小票打印机")
        detail = self.station.order(order_id)
        doc = forms.build(form, detail.order, [e.event for e in detail.timeline],
                          self.station_info, printed_at=self.station.now(),
                          tz=self.station.settings.zone())
        job_id: int = queue.submit(form.value, order_id, doc)
        return job_id  # form_printed is recorded when the printer confirms it came out
