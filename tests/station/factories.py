"""Orders, events and change-feed pages as the call center would send them, for station tests."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from station_app import wire, wire_orders
from station_app.domain.events import EventType

STATION = "12345"
OTHER_STATION = "54321"
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # a Monday, 10:00 in Shanghai

_numbers = itertools.count(1)


def order(station: str = STATION, *, kind: str = "dispatch", issued_at: datetime = T0,
          business_no: str | None = None, **extra: Any) -> wire_orders.Order:
    n = next(_numbers)
    fields: dict[str, Any] = {
        "id": uuid.uuid4(),
        "business_no": business_no or f"BN{n:06d}",
        "station_code": station,
        "kind": kind,
        "customer": {"name": f"客户{n}", "phone": f"1380000{n:04d}"},
        "vehicle": {"plate": "皖B82345", "vin": "LFV2A21K5A3043256"},
        "location": "合肥市蜀山区",
        "issued_at": issued_at,
        "issued_by": "dispatcher",
    }
    fields.update(extra)
    return wire_orders.Order.model_validate(fields)


def event(order_: wire_orders.Order, etype: EventType, payload: dict[str, Any] | None = None, *,
          at: datetime | None = None, station_code: str | None = None,
          author: str = "call center") -> wire.Event:
    when = at or order_.issued_at + timedelta(minutes=1)
    return wire.Event(id=uuid.uuid4(), order_id=order_.id, type=etype, occurred_at=when,
                      recorded_at=when, author=author, station_code=station_code,
                      payload=payload or {})


def issued(order_: wire_orders.Order) -> wire.Event:
    return event(order_, EventType.ISSUED, {"order": order_.model_dump(mode="json")},
                 at=order_.issued_at, author=order_.issued_by)


def order_change(seq: int, order_: wire_orders.Order,
                 events: list[wire.Event] | None = None) -> dict[str, Any]:
    evs = events if events is not None else [issued(order_)]
    return {"seq": seq, "kind": "order", "order_id": str(order_.id),
            "order": order_.model_dump(mode="json"),
            "events": [e.model_dump(mode="json") for e in evs]}


def event_change(seq: int, event_: wire.Event, kind: str = "event") -> dict[str, Any]:
    return {"seq": seq, "kind": kind, "order_id": str(event_.order_id),
            "event": event_.model_dump(mode="json")}


def page(*changes: dict[str, Any], last_seq: int | None = None) -> dict[str, Any]:
    seqs = [c["seq"] for c in changes if isinstance(c.get("seq"), int)]
    return {"changes": list(changes), "last_seq": last_seq if last_seq is not None else
            max(seqs, default=0), "server_time": datetime.now(UTC).isoformat()}
