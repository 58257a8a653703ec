"""The demo's story as data: the orders of the day (drawn from the seeds' cases), what the two
stations and the reviewer do about them and when, and yesterday's finished orders that wait for
the audit. Deterministic for a seed and a day."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from station_desk.demo.fake import Car, Faker, Person

STATION_1 = ("34101", "合肥北城服务站", "合肥市庐阳区北一环路188号", "0551-65550101")
STATION_2 = ("34102", "合肥南岗服务站", "合肥市蜀山区南岗科技园创新大道9号", "0551-65550202")
CLERK_1 = "李静"
CLERK_2 = "赵敏"
TECHNICIANS_1 = ("刘建军", "孙海峰")
TECHNICIANS_2 = ("周德明", "吴超")
DISPATCHER = "调度员 陈晓东"
REVIEWER = "审核员 王海燕"
CONSOLE_USER = "值班主管 周红梅"


class Actor(StrEnum):
    DISPATCHER = "dispatcher"
    STATION = "station"    # the station the case's order is issued to
    REVIEWER = "reviewer"


@dataclass(frozen=True)
class Step:
    """One thing someone does ``at`` seconds into the scenario (at speed 1)."""

    at: float
    actor: Actor
    case: str
    action: str  # issue | receive | contact | book | depart | arrive | complete | note | print
    #              | callback | close
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One order: who it goes to and what the dispatcher fills in (wire.OrderFields JSON)."""

    key: str
    station: int  # 1 (the station with the window) or 2 (a station with no window)
    fields: Mapping[str, Any]
    yesterday_at: datetime | None = None  # when it was issued, for yesterday's orders


@dataclass(frozen=True)
class YesterdayStep:
    """Something a station did yesterday, replayed at set-up with its real time."""

    at: datetime
    case: str
    action: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    seed: int
    cases: dict[str, Case]
    steps: list[Step]             # today's, sorted by time
    yesterday: list[YesterdayStep]  # sorted by time

    @property
    def length(self) -> float:
        """Seconds (at speed 1) from the first step to the last."""
        return max(s.at for s in self.steps)

    def today_cases(self) -> list[Case]:
        return [c for c in self.cases.values() if c.yesterday_at is None]


def _order(kind: str, person: Person, car: Car, statement: str, *, location: str = "",
           level: str | None = None, category: str = "", detail: str = "") -> dict[str, Any]:
    return {
        "kind": kind,
        "complaint_level": level,
        "customer": {"name": person.name, "phone": person.phone},
        "vehicle": {"model": car.model, "plate": car.plate, "vin": car.vin,
                    "mileage_km": car.mileage_km, "colour": car.colour,
                    "purchase_date": car.purchase_date.isoformat()},
        "location": location,
        "statement": statement,
        "result_category": category,
        "result_detail": detail,
        "department": "客户关系部",
    }


def _completed(work: str, technicians: tuple[str, ...], *, mileage: int,
               parts: list[dict[str, Any]] | None = None, distance: float = 0,
               outside_fee: str = "0", labour: str = "0", result: str = "") -> dict[str, Any]:
    return {
        "work_done": work,
        "parts": parts or [],
        "fees_in_warranty": {"outside_service": outside_fee, "labour": labour,
                             "parts": str(sum(float(p.get("price", 0)) for p in parts or []))},
        "technicians": list(technicians),
        "outside_distance_km": distance,
        "mileage_km": mileage,
        "resolved": True,
        "result": result,
    }


def build(seed: int = 7, today: date | None = None, tz: str = "Asia/Shanghai") -> Scenario:
    """The scenario for ``today`` (the call center's local day)."""
    zone = ZoneInfo(tz)
    today = today or datetime.now(zone).date()
    fake = Faker(random.Random(seed))
    cases: dict[str, Case] = {}
    steps: list[Step] = []

    def case(key: str, station: int, fields: dict[str, Any], issue_at: float,
             actions: list[tuple[float, str, dict[str, Any]]]) -> None:
        cases[key] = Case(key, station, fields)
        steps.append(Step(issue_at, Actor.DISPATCHER, key, "issue"))
        for offset, action, data in actions:
            steps.append(Step(issue_at + offset, Actor.STATION, key, action, data))

    # 1. Rescue: broken down on a road (seed 000, 求援业务处理), station 1 goes out.
    p, car = fake.person(), fake.car(today)
    place = "合肥市包河区繁华大道与金寨南路交口往南约300米(G206辅路东侧)"
    case("rescue", 1, _order(
        "rescue", p, car,
        "求援:车辆行驶中熄火无法启动。1. 用户问题:行驶中突然熄火,再次启动时起动机转但"
        f"发动机不着车,仪表发动机故障灯亮;2. 用户地点:{place},车已靠边,开双闪。",
        location=place), 4, [
        (6, "receive", {}),
        (12, "contact", {"outcome": "no_answer", "note": "第一次拨打无人接听"}),
        (22, "contact", {"outcome": "reached",
                         "note": f"已联系{p.polite},车停路边安全位置,已放三角警示牌,约40分钟到"}),
        (30, "depart", {"technicians": list(TECHNICIANS_1), "note": "带燃油泵继电器、诊断仪"}),
        (34, "print", {"form": "job_sheet"}),  # the technician takes the job sheet
        (95, "arrive", {"note": "到达现场,开始检查"}),
        (150, "complete", _completed(
            "读取故障码P0230(燃油泵初级电路),检查发现燃油泵继电器触点烧蚀,更换继电器后"
            "着车正常,路试5公里无异常。", TECHNICIANS_1, mileage=car.mileage_km + 20,
            parts=[{"name": "燃油泵继电器", "part_no": "DM-J3735010", "quantity": "1",
                    "in_warranty": True, "price": "38.00"}],
            distance=18, outside_fee="120.00", labour="60.00", result="现场修复,用户满意")),
        (156, "print", {"form": "outside_service"}),
    ])

    # 2. Strong complaint: airbag warning light back three days after the module was replaced.
    p, car = fake.person(), fake.car(today)
    case("airbag", 1, _order(
        "complaint", p, car,
        "抱怨1(转):安全气囊故障灯亮。1. 用户问题:行驶中安全气囊故障灯常亮,3天前在本站更换"
        "安全气囊模块后熄灭,现又亮起;2. 服务站反映:已更换模块;3. 用户要求:尽快彻底修复"
        "并说明原因;4. 用户态度:非常不满,情绪激动。",
        level="strong", category="产品质量", detail="电器部分"), 20, [
        (5, "receive", {}),
        (14, "contact", {"outcome": "reached",
                         "note": f"已向{p.polite}致歉,约明早9点到站检查气囊线束及插接件"}),
        (20, "book", {"in_hours": 16, "place": "本站维修车间",
                      "note": "技术经理亲自接待,备好安全气囊线束"}),
        (26, "print", {"form": "job_sheet"}),
    ])

    # 3. Engine noise after a service, underbody scratched and 300 km more on the clock.
    p, car = fake.person(), fake.car(today)
    case("noise", 2, _order(
        "complaint", p, car,
        "抱怨1(转):保养后发动机异响、底盘刮伤。1. 用户问题:发动机有杂音,到站维修后提车发现"
        "底盘护板被刮破,里程增加约300公里;2. 服务站反映:未答复;3. 用户要求:服务站出具"
        "说明并修复底盘;4. 用户态度:不满。",
        level="medium", category="服务过程", detail="态度"), 45, [
        (8, "receive", {}),
        (25, "contact", {"outcome": "reached",
                         "note": f"站长已向{p.polite}道歉,同意免费更换底盘护板并复查异响"}),
        (40, "book", {"in_hours": 20, "place": "南岗服务站", "note": "免费检修"}),
    ])

    # 4. Parts delay: engine assembly ordered, still not arrived after 10 days.
    p, car = fake.person(), fake.car(today)
    case("parts", 1, _order(
        "complaint", p, car,
        "抱怨1(转):发动机总成到货周期太长。1. 用户问题:10天前在服务站订发动机总成,答复"
        "1周到货,至今未到,车辆无法使用;2. 服务站反映:还需再等1周;3. 用户要求:尽快到货"
        "维修;4. 用户态度:着急。",
        level="medium", category="备品供应", detail="及时性"), 70, [
        (7, "receive", {}),
        (18, "contact", {"outcome": "busy", "note": "占线"}),
        (30, "contact", {"outcome": "reached",
                         "note": f"已告知{p.polite}:已向配件中心加急,物流单号已出,预计3天内到货"}),
        (34, "note", {"text": "配件中心回复:发动机总成已发运,预计后天到站。"}),
    ])

    # 5. New fault mode: first time this fault shows on the vehicle; appointment within 2 h.
    p, car = fake.person(), fake.car(today)
    case("fault", 1, _order(
        "fault_mode", p, car,
        "最新故障模式:冷车启动后怠速抖动,发动机故障灯闪烁。1. 用户问题:早上冷车启动后怠速"
        "抖动明显,约2分钟后好转;2. 用户要求:尽快安排检查。",
        location="合肥市庐阳区"), 100, [
        (6, "receive", {}),
        (16, "contact", {"outcome": "reached", "note": f"{p.polite}同意今天下午到站"}),
        (22, "book", {"in_hours": 3, "place": "本站快修工位", "note": "准备点火线圈和火花塞"}),
        (26, "print", {"form": "appointment"}),
    ])

    # 6. Repair order (seed 001): agree time and place within 1 working day, repair within 3.
    p, car = fake.person(), fake.car(today)
    case("repair", 2, _order(
        "repair", p, car,
        "维修:左前车窗升降器失灵。1. 用户问题:左前门玻璃升降时有异响,现无法升起;"
        "2. 用户要求:尽快维修。"), 125, [
        (10, "receive", {}),
        (20, "contact", {"outcome": "reached", "note": f"{p.polite}一小时后到站"}),
        (60, "arrive", {"note": "车辆到站"}),
        (110, "complete", _completed(
            "拆检左前门,玻璃升降器钢丝绳断裂,更换升降器总成,调试正常。", TECHNICIANS_2,
            mileage=car.mileage_km,
            parts=[{"name": "左前玻璃升降器总成", "part_no": "DM-6104100",
                    "quantity": "1", "in_warranty": True, "price": "260.00"}],
            labour="80.00", result="已修复")),
    ])

    # 7. A plain dispatch order to station 1 near the end, so the inbox keeps moving.
    p, car = fake.person(), fake.car(today)
    case("dispatch", 1, _order(
        "dispatch", p, car,
        "派工:空调不制冷。1. 用户问题:空调开启后出风口不凉;2. 用户要求:上门检查或预约到站。",
        location="合肥市瑶海区长江东路"), 175, [
        (8, "receive", {}),
        (20, "contact", {"outcome": "reached", "note": f"{p.polite}明天上午到站"}),
        (26, "book", {"in_hours": 18, "place": "本站", "note": "检查空调系统压力"}),
    ])

    yesterday, steps_y = _yesterday(fake, today, zone)
    cases.update(yesterday)

    # The reviewer works through yesterday's finished orders (回访, 审核关单).
    for at, key in ((60, "y_rescue"), (130, "y_repair"), (200, "y_dispatch")):
        steps.append(Step(at, Actor.REVIEWER, key, "callback", {
            "outcome": "reached", "note": "用户确认服务站已上门并修复,对服务满意",
            "scores": {"skill": 5, "attitude": 5, "timeliness": 4, "parts": 5, "overall": 5}}))
        steps.append(Step(at + 12, Actor.REVIEWER, key, "close",
                          {"note": "回访属实,审核关单"}))
    steps.append(Step(90, Actor.REVIEWER, "y_complaint", "callback",
                      {"outcome": "no_answer", "note": "无法接通,稍后再访"}))

    steps.sort(key=lambda s: s.at)
    return Scenario(seed, cases, steps, steps_y)


def _yesterday(fake: Faker, today: date, zone: ZoneInfo
               ) -> tuple[dict[str, Case], list[YesterdayStep]]:
    """Yesterday's orders, all finished, so the reviewer's audit list has work today."""
    day = today - timedelta(days=1)
    cases: dict[str, Case] = {}
    steps: list[YesterdayStep] = []

    def at(hh: int, mm: int) -> datetime:
        return datetime.combine(day, time(hh, mm), tzinfo=zone)

    def case(key: str, station: int, fields: dict[str, Any], issued: datetime,
             actions: list[tuple[int, str, dict[str, Any]]]) -> None:
        cases[key] = Case(key, station, fields, yesterday_at=issued)
        for minutes, action, data in actions:
            steps.append(YesterdayStep(issued + timedelta(minutes=minutes), key, action, data))

    techs1, techs2 = TECHNICIANS_1, TECHNICIANS_2
    p, car = fake.person(), fake.car(day)
    place = "合肥市蜀山区长江西路与科学大道交口,加油站旁"
    case("y_rescue", 1, _order(
        "rescue", p, car, f"求援:车辆无法启动。1. 用户问题:电瓶亏电无法启动;2. 用户地点:{place}",
        location=place), at(9, 12), [
        (3, "receive", {}), (6, "contact", {"outcome": "reached", "note": "30分钟到"}),
        (10, "depart", {"technicians": [techs1[0]]}), (38, "arrive", {}),
        (65, "complete", _completed("电瓶亏电,搭电启动后检测电瓶老化,更换蓄电池。", techs1[:1],
                                    mileage=car.mileage_km, distance=12, outside_fee="80.00",
                                    parts=[{"name": "蓄电池 60Ah", "part_no": "DM-3703010",
                                            "quantity": "1", "in_warranty": False,
                                            "price": "420.00"}]))])
    p, car = fake.person(), fake.car(day)
    case("y_dispatch", 1, _order(
        "dispatch", p, car, "派工:首保。1. 用户问题:行驶5000公里首次保养;2. 用户要求:预约到站",
        location="合肥市庐阳区"), at(10, 5), [
        (20, "receive", {}), (35, "contact", {"outcome": "reached", "note": "下午到站"}),
        (300, "arrive", {"note": "车辆到站"}),
        (360, "complete", _completed("首次保养:更换机油机滤,全车检查。", techs1,
                                     mileage=car.mileage_km, labour="0"))])
    p, car = fake.person(), fake.car(day)
    case("y_fault", 1, _order(
        "fault_mode", p, car, "最新故障模式:仪表ABS灯偶发点亮。1. 用户问题:颠簸路面ABS灯亮",
        location="合肥市庐阳区"), at(11, 40), [
        (8, "receive", {}), (25, "contact", {"outcome": "reached", "note": "约下午三点"}),
        (30, "book", {"at": at(15, 0), "place": "本站"}),
        (215, "arrive", {}),
        (280, "complete", _completed("右前轮速传感器插头松动,重新插接并固定线束,路试正常。",
                                     techs1[1:], mileage=car.mileage_km))])
    p, car = fake.person(), fake.car(day)
    case("y_repair", 2, _order(
        "repair", p, car, "维修:雨刮器不工作。1. 用户问题:雨刮器各挡均不动作"), at(9, 40), [
        (15, "receive", {}), (40, "contact", {"outcome": "reached", "note": "上午到站"}),
        (120, "arrive", {}),
        (170, "complete", _completed("雨刮电机保险丝熔断,更换保险丝并检查电机电流正常。",
                                     techs2, mileage=car.mileage_km))])
    p, car = fake.person(), fake.car(day)
    case("y_complaint", 2, _order(
        "complaint", p, car,
        "抱怨1(转):维修等待时间长。1. 用户问题:到站后等待2小时无人接待;3. 用户要求:道歉",
        level="general", category="服务过程", detail="及时性"), at(13, 20), [
        (30, "receive", {}), (50, "contact", {"outcome": "reached", "note": "站长已道歉"}),
        (240, "complete", _completed("已向用户当面致歉,调整接待流程,赠送一次免费洗车。",
                                     techs2[:1], mileage=car.mileage_km))])
    steps.sort(key=lambda s: s.at)
    return cases, steps
