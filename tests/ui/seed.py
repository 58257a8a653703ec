"""Orders for UI tests, screenshots and benchmarks: issued "by the call center" through the
station's own change-feed path (`Station.apply_changes`), or bulk-inserted for 100,000 rows."""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from station_app import order_fold, wire, wire_orders
from station_app.domain.events import EventType
from station_app.station import Station
from station_app.store import EventRow, OrderRow
from station_app.store_context import db

CODE = "34012"
_seq = itertools.count(1)

CUSTOMERS = [("张先生", "13912345678"), ("李女士", "13856781234"), ("王师傅", "0551-62881234"),
             ("赵先生", "15955123456"), ("陈女士", "18656012345"), ("刘先生", "13705511234")]
PLACES = ["合肥市蜀山区长江西路100号", "G3京台高速合肥南出口3公里", "肥西县桃花镇工业园",
          "合肥市包河区徽州大道88号", "六安市金安区皋城路12号", "庐江县汤池镇"]
STATEMENTS = ["1. 车辆行驶中熄火无法启动 2. 用户在高速应急车道,要求尽快救援",
              "1. 发动机异响,仪表故障灯亮 2. 用户要求上门检查,态度着急",
              "1. 挖掘机液压系统无力 2. 工地位置偏远,用户要求当天处理",
              "1. 空调不制冷 2. 用户希望周末到站维修"]


def open_station(folder: Path, *, user: str = "王会计", name: str = "合肥北城服务站",
                 **settings: Any) -> Station:
    station = Station.open(folder, exclusive=False)
    station.set_settings({"station_code": CODE, "user": user, "station_name": name,
                          **settings})
    return station


def order_json(kind: str = "dispatch", *, business_no: str | None = None,
               issued_at: datetime | None = None, customer: int = 0, **fields: Any
               ) -> dict[str, Any]:
    name, phone = CUSTOMERS[customer % len(CUSTOMERS)]
    n = next(_seq)
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "business_no": business_no or f"HF{20260000 + n:08d}",
        "station_code": CODE,
        "kind": kind,
        "customer": {"name": name, "phone": phone},
        "vehicle": {"model": "JAC 帅铃 T8", "plate": "皖A8K3M7", "vin": "LJ11KBBC8J1234567",
                    "mileage_km": 48210},
        "location": PLACES[customer % len(PLACES)],
        "statement": STATEMENTS[customer % len(STATEMENTS)],
        "issued_at": (issued_at or datetime.now(UTC)).isoformat(),
        "issued_by": "呼叫中心 李娜",
    }
    if kind == "complaint":
        body["complaint_level"] = "medium"
        body["result_category"] = "服务过程"
        body["result_detail"] = "及时性"
    body.update(fields)
    return wire_orders.Order.model_validate(body).model_dump(mode="json")


def issued_event(order: dict[str, Any]) -> dict[str, Any]:
    return wire.Event(
        id=uuid.uuid4(), order_id=order["id"], type=EventType.ISSUED,
        occurred_at=order["issued_at"], recorded_at=order["issued_at"],
        author=order["issued_by"], payload={"order": order},
    ).model_dump(mode="json")


def server_event(order_id: str, event_type: EventType, payload: dict[str, Any],
                 at: datetime | None = None) -> dict[str, Any]:
    when = (at or datetime.now(UTC)).isoformat()
    return wire.Event(id=uuid.uuid4(), order_id=order_id, type=event_type, occurred_at=when,
                      recorded_at=when, author="呼叫中心 李娜",
                      payload=payload).model_dump(mode="json")


def _page(changes: list[dict[str, Any]]) -> dict[str, Any]:
    for c in changes:
        c["seq"] = next(_seq) + 1_000_000
    return {"changes": changes, "last_seq": max(c["seq"] for c in changes),
            "server_time": datetime.now(UTC).isoformat()}


def issue(station: Station, kind: str = "dispatch", **fields: Any) -> uuid.UUID:
    """An order arriving from the call center, as the sync worker would apply it."""
    order = order_json(kind, **fields)
    station.apply_changes(_page([{"kind": "order", "order_id": order["id"], "order": order,
                                  "events": [issued_event(order)]}]))
    return uuid.UUID(order["id"])


def call_center_event(station: Station, order_id: uuid.UUID, event_type: EventType,
                      payload: dict[str, Any]) -> None:
    event = server_event(str(order_id), event_type, payload)
    station.apply_changes(_page([{"kind": "event", "order_id": str(order_id), "event": event}]))


def bulk_seed(station: Station, count: int, *, open_share: float = 0.02,
              rng: random.Random | None = None) -> None:
    """``count`` orders straight into the store (for benchmarks): most closed, a few open,
    with the columns the list reads filled as the core would fill them."""
    rng = rng or random.Random(7)
    now = datetime.now(UTC)
    kinds = ["dispatch", "rescue", "fault_mode", "repair", "complaint"]
    batch_orders: list[dict[str, Any]] = []
    batch_events: list[dict[str, Any]] = []

    def flush() -> None:
        with db.atomic():
            OrderRow.insert_many(batch_orders).execute()
            EventRow.insert_many(batch_events).execute()
        batch_orders.clear()
        batch_events.clear()

    for i in range(count):
        kind = kinds[i % len(kinds)]
        issued = now - timedelta(minutes=5 * (count - i))
        order = order_json(kind, business_no=f"BK{i:09d}", issued_at=issued, customer=i)
        is_open = rng.random() < open_share
        columns = order_fold.row_columns(wire_orders.Order.model_validate(order))
        batch_orders.append({
            "id": order["id"], **columns, "status": "received" if is_open else "closed",
            "updated_at": now, "next_due_at": now + timedelta(minutes=rng.randint(-60, 600))
            if is_open else None, "unread": False, "notice": None, "notice_reason": "",
            "entered_locally": False,
        })
        ev = issued_event(order)
        batch_events.append({
            "id": ev["id"], "order": order["id"], "type": "issued", "occurred_at": issued,
            "recorded_at": issued, "author": ev["author"], "station_code": None,
            "backdate_reason": None, "clock_offset_ms": None, "payload": ev["payload"],
            "origin": order_fold.ORIGIN_SERVER, "acked_at": None, "result": None,
            "result_reason": "", "attempts": 0,
        })
        if len(batch_orders) >= 2000:
            flush()
    if batch_orders:
        flush()
