"""Orders and events to build forms from: one with every field filled in, one with the least."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo

import pytest

from forms.station import StationInfo
from station_app import wire, wire_orders
from station_app.domain.events import EventType
from station_app.domain.kinds import OrderKind

TZ = ZoneInfo("Asia/Shanghai")
ISSUED = datetime(2026, 11, 20, 2, 5, tzinfo=UTC)  # 10:05 in Shanghai
PRINTED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
LONG_ADDRESS = (
    "安徽省合肥市肥西县桃花工业园区繁华大道与玉兰大道交口向东约三百米处中石化加油站对面"
    "G206国道K1234+500米路段南侧停车场"
)
RARE_NAME = "禤亓隗"


def station() -> StationInfo:
    return StationInfo("合肥江淮汽车服务站", "34012", "合肥市包河区东流路1号", "0551-63451234")


def make_order(
    kind: OrderKind = OrderKind.RESCUE, *, full: bool = True, **changes: Any
) -> wire_orders.Order:
    fields: dict[str, Any] = {
        "id": uuid4(),
        "business_no": "QY20261120-0017",
        "station_code": "34012",
        "kind": kind,
        "customer": {"name": RARE_NAME if full else "王先生", "phone": "13912345678"},
        "issued_at": ISSUED,
        "issued_by": "客服李娜",
        "location": LONG_ADDRESS if full or kind is OrderKind.RESCUE else "",
    }
    if full:
        fields |= {
            "vehicle": {
                "model": "瑞风M5 2.0T",
                "plate": "皖A12345",
                "vin": "LJ12EKR25H4701234",
                "mileage_km": 85321,
                "purchase_date": "2023-04-18",
            },
            "statement": (
                "1. 高速上发动机故障灯亮,随后熄火无法启动。"
                "2. 用户在服务区等候,情绪着急,要求尽快派人。"
            ),
            "department": "客户服务中心",
        }
    fields |= changes
    return wire_orders.Order.model_validate(fields)


class Events:
    """Appends events to an order at increasing times."""

    def __init__(self, order: wire_orders.Order) -> None:
        self.order = order
        self.at = order.issued_at
        self.events: list[wire.Event] = []

    def add(self, kind: EventType, minutes: int, **payload: Any) -> wire.Event:
        self.at += timedelta(minutes=minutes)
        event = wire.Event(
            id=uuid4(),
            order_id=self.order.id,
            type=kind,
            occurred_at=self.at,
            recorded_at=self.at,
            author="站内张敏",
            station_code=self.order.station_code if kind.from_station else None,
            payload=wire.make_payload(kind, **payload),
        )
        self.events.append(event)
        return event


def issued(order: wire_orders.Order) -> Events:
    ev = Events(order)
    ev.at -= timedelta(minutes=0)
    ev.events.append(
        wire.Event(
            id=uuid4(), order_id=order.id, type=EventType.ISSUED, occurred_at=order.issued_at,
            recorded_at=order.issued_at, author="客服李娜",
            payload=wire.make_payload(EventType.ISSUED, order=order),
        )
    )
    return ev


COMPLETED = {
    "work_done": "检查发现燃油泵继电器烧蚀,更换继电器及燃油滤清器,试车正常。",
    "parts": [
        {"name": "燃油泵继电器", "part_no": "3735100U8010", "quantity": "1", "in_warranty": True,
         "price": "48.00"},
        {"name": "燃油滤清器总成", "part_no": "1105100U1010", "quantity": "2",
         "in_warranty": False, "price": "136.50"},
    ],
    "fees_in_warranty": {"outside_service": "200.00", "parts": "48.00", "labour": "80.00"},
    "fees_out_of_warranty": {"outside_service": "0", "parts": "273.00", "labour": "60.00"},
    "technicians": ["刘建国", "佘晓东"],
    "outside_distance_km": 36.5,
    "mileage_km": 85350,
    "resolved": True,
    "result": "故障排除,用户满意",
}


def full_history(order: wire_orders.Order) -> list[wire.Event]:
    ev = issued(order)
    ev.add(EventType.RECEIVED, 1)
    ev.add(EventType.CONTACT_ATTEMPT, 2, outcome="no_answer")
    ev.add(EventType.CONTACT_ATTEMPT, 3, outcome="reached", note="用户在合肥服务区")
    if order.kind is OrderKind.FAULT_MODE:
        ev.add(EventType.APPOINTMENT_BOOKED, 10,
               appointment_at=datetime(2026, 11, 21, 1, 30, tzinfo=UTC),
               place="本站维修车间2号工位", booked_by="张敏", note="用户自驾到站,预计半天")
        return ev.events
    ev.add(EventType.DEPARTED, 5, technicians=["刘建国", "佘晓东"])
    ev.add(EventType.ARRIVED, 40)
    ev.add(EventType.COMPLETED, 75, **COMPLETED)
    return ev.events


@pytest.fixture
def tz() -> ZoneInfo:
    return TZ


def zero_uuid() -> UUID:
    return UUID(int=0)
