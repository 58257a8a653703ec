"""Call center data for the console's tests and screenshots: stations, people, yesterday's
completed orders from two stations (one backdated, one with the station clock off), today's
orders in every SLA state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from station_app.domain.calendar import DEFAULT_TZ
from tests.support.callcenter_server import CallCenterServer, new_event

ZONE = ZoneInfo(DEFAULT_TZ)
NORTH, LUAN, LUJIANG = "34012", "34027", "34033"
STATIONS = {NORTH: "合肥北城服务站", LUAN: "六安金安服务站", LUJIANG: "庐江汤池服务站"}
CUSTOMERS = [("张建国", "13912345678"), ("李秀英", "13856781234"), ("王师傅", "15955123456"),
             ("赵先生", "18656012345"), ("陈女士", "13705511234"), ("刘德华", "13966778899")]
COMPLETED = {"work_done": "更换起动机,试车正常", "technicians": ["李师傅"],
             "parts": [{"name": "起动机", "part_no": "QD-100", "quantity": "1",
                        "in_warranty": True, "price": "860"},
                       {"name": "蓄电池", "part_no": "XD-60", "quantity": "1",
                        "in_warranty": False, "price": "420"}],
             "fees_out_of_warranty": {"parts": "420", "labour": "80"},
             "outside_distance_km": 12.5, "mileage_km": 48210}


@dataclass
class Seeded:
    tokens: dict[str, str] = field(default_factory=dict)   # role / station code -> token
    yesterday: list[dict[str, Any]] = field(default_factory=list)  # orders completed then
    today: list[dict[str, Any]] = field(default_factory=list)


def local_day(days_ago: int, now: datetime | None = None) -> datetime:
    """Midnight (call center zone) ``days_ago`` days before today, as an aware datetime."""
    today = (now or datetime.now(UTC)).astimezone(ZONE).date()
    return datetime.combine(today - timedelta(days=days_ago), time(0), tzinfo=ZONE)


def order_body(station: str, kind: str, customer: int, **fields: Any) -> dict[str, Any]:
    name, phone = CUSTOMERS[customer % len(CUSTOMERS)]
    body: dict[str, Any] = {
        "station_code": station, "kind": kind,
        "customer": {"name": name, "phone": phone},
        "vehicle": {"model": "JAC 帅铃 T8", "plate": "皖A8K3M7", "mileage_km": 48210},
        "location": "合肥市蜀山区长江西路100号",
        "statement": "1. 车辆行驶中熄火无法启动 2. 用户在路边等待,要求尽快处理",
    }
    if kind == "complaint":
        body.update(complaint_level="medium", result_category="服务过程", result_detail="及时性")
    body.update(fields)
    return body


def work(station: httpx.Client, order_id: str, start: datetime, steps: list[tuple[str, dict]],
         step: timedelta = timedelta(minutes=40), **fields: Any) -> None:
    now = datetime.now(UTC)
    events = []
    for i, (etype, payload) in enumerate(steps):
        when = start + i * step
        extra: dict[str, Any] = {"occurred_at": when.isoformat(),
                                 "recorded_at": max(when, now).isoformat()}
        if when < now - timedelta(minutes=4):
            extra["backdate_reason"] = "补录:当时网络中断"
        extra.update(fields)
        events.append(new_event(order_id, etype, payload, **extra))
    r = station.post("/v1/events", json={"events": events})
    r.raise_for_status()
    assert all(x["status"] == "accepted" for x in r.json()["results"]), r.json()


FULL = [("received", {}), ("contact_attempt", {"outcome": "reached", "note": "用户在家"}),
        ("departed", {"technicians": ["李师傅"]}), ("arrived", {}), ("completed", COMPLETED)]


def seed(server: CallCenterServer, *, today: bool = True) -> Seeded:
    out = Seeded()
    clients = {}
    for code, name in STATIONS.items():
        out.tokens[code] = server.add_station(code, name, phone="0551-6288" + code[-4:])
        clients[code] = server.client(out.tokens[code])
    out.tokens["dispatcher"] = server.add_user("调度员 李娜", "dispatcher")
    out.tokens["reviewer"] = server.add_user("审核员 王芳", "reviewer")
    out.tokens["admin"] = server.add_user("管理员 周强", "admin")
    dispatcher = server.client(out.tokens["dispatcher"])

    def issue(body: dict[str, Any]) -> dict[str, Any]:
        r = dispatcher.post("/v1/orders", json=body)
        r.raise_for_status()
        return r.json()  # type: ignore[no-any-return]

    y = local_day(1)
    plan = [(NORTH, "rescue", 0, {}), (NORTH, "dispatch", 1, {}),
            (LUAN, "repair", 2, {"clock_offset_ms": 6 * 60_000}),
            (LUAN, "complaint", 3, {"clock_offset_ms": 6 * 60_000})]
    for i, (code, kind, customer, fields) in enumerate(plan):
        issued = y + timedelta(hours=8, minutes=30 * i)
        order = issue(order_body(code, kind, customer, issued_at=issued.isoformat()))
        start = issued + timedelta(minutes=5 if i != 1 else 90)  # the second is contacted late
        work(clients[code], order["id"], start, FULL, **fields)
        out.yesterday.append(order)
    if today:
        now = datetime.now(UTC)
        for i, (code, kind, ago) in enumerate([(NORTH, "rescue", 20), (LUAN, "rescue", 13),
                                               (LUJIANG, "rescue", 2), (NORTH, "dispatch", 30),
                                               (LUJIANG, "complaint", 50)]):
            issued = now - timedelta(minutes=ago)
            out.today.append(issue(order_body(code, kind, i + 2, issued_at=issued.isoformat(),
                                              location="G3京台高速合肥南出口3公里")))
        contacted = out.today[3]["id"]
        work(clients[NORTH], contacted, now - timedelta(minutes=25),
             [("received", {}), ("contact_attempt", {"outcome": "reached"})],
             step=timedelta(minutes=3))
    return out
