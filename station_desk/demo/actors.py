"""Who acts in the demo: the dispatcher and the reviewer (the console's API client with their
tokens), the scripted second station (HTTP with its station token, like any other client), the clerk
at the real station (the `Station` core and the print queue, as the window would use them)."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx

from common.errors import UserError
from station_app import wire
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


class Api:
    """An httpx client with a bearer token that rides out the demo's network cut: a request
    that cannot connect is tried again until it goes through or the demo stops."""

    def __init__(self, base_url: str, token: str, stop: threading.Event) -> None:
        self.stop = stop
        self.client = httpx.Client(base_url=base_url, timeout=30,
                                   headers={"Authorization": f"Bearer {token}"})

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        while True:
            try:
                response = self.client.request(method, path, **kwargs)
            except httpx.TransportError:
                if self.stop.wait(0.5):
                    raise Stopped from None
                continue
            if response.status_code >= 400:
                raise UserError(f"{method} {path}: HTTP {response.status_code} {response.text}",
                                f"呼叫中心拒绝了请求(HTTP {response.status_code})")
            return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.call(method, path, **kwargs).json()

    def close(self) -> None:
        self.client.close()


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
              issued_at: datetime | None = None) -> wire.Order:
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


class ScriptedStation:
    """The second station: no window and no local store — it reads its change feed and posts
    its events over the same API the real station uses. Honest, but simpler than a station."""

    def __init__(self, api: Api, code: str, author: str) -> None:
        self.api = api
        self.code = code
        self.author = author
        self.cursor = 0
        self.received: set[UUID] = set()   # orders seen on the change feed
        self.sent: dict[UUID, str] = {}    # event id -> the server's verdict

    def pull(self, wait: float = 0) -> None:
        page = wire.ChangesPage.model_validate(self.api.json(
            "GET", "/v1/changes", params={"after": self.cursor, "wait": wait},
            timeout=wait + 30))
        for change in page.changes:
            if change.kind == wire.ChangeKind.ORDER.value:
                self.received.add(UUID(change.order_id))
        self.cursor = max(self.cursor, page.last_seq)

    def wait_for(self, order_id: UUID, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while order_id not in self.received:
            if self.api.stop.is_set():
                raise Stopped
            if time.monotonic() > deadline:
                raise TimeoutError(f"order {order_id} did not reach station {self.code}")
            self.pull(wait=1)

    def record(self, order_id: UUID, etype: EventType, payload: Mapping[str, Any],
               at: datetime | None = None) -> wire.EventResult:
        self.wait_for(order_id)
        when = at or datetime.now(UTC)
        event = wire.Event(id=uuid.uuid4(), order_id=order_id, type=etype, occurred_at=when,
                           recorded_at=when, author=self.author, station_code=self.code,
                           payload=dict(payload))
        batch = wire.EventBatch(events=[event]).model_dump(mode="json")
        result = wire.BatchResult.model_validate(
            self.api.json("POST", "/v1/events", json=batch)).results[0]
        self.sent[event.id] = result.status.value
        if result.status is wire.EventResultStatus.REJECTED:
            raise UserError(f"station {self.code}: {etype} refused: {result.reason}",
                            f"服务站{self.code}的记录被拒绝:{result.reason}")
        return result


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
    """The person at the real station's counter, scripted: the same `Station` calls the window
    makes, and printing through the station's print queue."""

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
