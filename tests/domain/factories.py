"""Small builders of wire events for the domain tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from station_app import wire, wire_orders
from station_app.domain.events import EventType

ORDER_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
T0 = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def order(kind: str = "rescue", station: str = "34012", **extra: Any) -> wire_orders.Order:
    fields: dict[str, Any] = {
        "id": ORDER_ID,
        "business_no": "R202611210001",
        "station_code": station,
        "kind": kind,
        "customer": {"name": "王建国", "phone": "13805512345"},
        "location": "合肥市蜀山区长江西路 G3 高速出口",
        "issued_at": T0,
        "issued_by": "agent-li",
    }
    if kind == "complaint":
        fields["complaint_level"] = "medium"
    fields.update(extra)
    return wire_orders.Order.model_validate(fields)


def event(
    etype: EventType | str,
    minutes: float = 0,
    station: str | None = "34012",
    **payload: Any,
) -> wire.Event:
    etype = EventType(etype)
    defaults: dict[EventType, dict[str, Any]] = {
        EventType.ISSUED: {"order": order(station=station or "34012").model_dump(mode="json")},
        EventType.CONTACT_ATTEMPT: {"outcome": "reached"},
        EventType.APPOINTMENT_BOOKED: {"appointment_at": (T0 + timedelta(hours=3)).isoformat()},
        EventType.COMPLETED: {"work_done": "更换燃油泵", "technicians": ["李师傅"]},
        EventType.DECLINED: {"reason": "无配件"},
        EventType.NOTE: {"text": "用户改约"},
        EventType.FORM_PRINTED: {"form": "outside_service"},
        EventType.UPDATED: {"changes": {"location": "新地点"}},
        EventType.CANCELLED: {"reason": "用户自行解决"},
        EventType.REASSIGNED: {"from_station": "34012", "to_station": "34013", "reason": "太远"},
        EventType.CALLBACK: {"outcome": "no_answer"},
        EventType.CLOSED: {"close_date": "2026-11-22"},
        EventType.REOPENED: {"reason": "用户反映未修好"},
        EventType.VOIDED: {"event_id": str(uuid.uuid4())},
        EventType.SENT_BACK: {"reason": "未填写更换配件"},
        EventType.URGED: {"reason": "用户再次来电催促"},
    }
    body = {**defaults.get(etype, {}), **payload}
    at = T0 + timedelta(minutes=minutes)
    return wire.Event(
        id=uuid.uuid4(),
        order_id=ORDER_ID,
        type=etype,
        occurred_at=at,
        recorded_at=at,
        author="test",
        station_code=station if etype.from_station else None,
        payload=body,
    )
