"""Every time limit the service knows, its clock, and where it comes from (seed and passage of
the manuals in ``shared/seeds``, or "our default" when the manuals do not say).

The table in ``docs/sla-policy.md`` and ``GET /v1/sla-policy`` are made from `DEFAULT_SOURCES`
and the configured `SlaPolicy`; edit a limit here and both follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from station_app.domain.calendar import BusinessCalendar
from station_app.domain.errors import DomainError
from station_app.domain.kinds import ComplaintLevel, OrderKind


class Clock(StrEnum):
    ELAPSED = "elapsed"          # minutes on the wall clock, day and night
    WORKING = "working"          # minutes inside working hours
    WORKING_DAYS = "working_days"  # same time of day, N working days later
    END_OF_WORKING_DAYS = "end_of_working_days"  # at the close of the Nth working day after

    @property
    def zh(self) -> str:
        return {"elapsed": "自然时间(分钟)", "working": "工作时间(分钟)",
                "working_days": "工作日(同一时刻)",
                "end_of_working_days": "第N个工作日下班前"}[self.value]


class DeadlineName(StrEnum):
    CONTACT = "contact"
    APPOINTMENT = "appointment"
    COMPLETION = "completion"
    CALLBACK = "callback"

    @property
    def zh(self) -> str:
        return {"contact": "联系用户", "appointment": "预约", "completion": "完工",
                "callback": "回访"}[self.value]

    @property
    def starts_at(self) -> str:
        """What starts this deadline's clock, in words (the audit shows it)."""
        if self is DeadlineName.CALLBACK:
            return "completion message (or decline) / 报完工(或无法服务)时"
        return "issue, reassignment or reopen / 派单、改派或退回重办时"


@dataclass(frozen=True)
class Limit:
    amount: float
    clock: Clock

    def __post_init__(self) -> None:
        if self.amount <= 0:
            raise DomainError("sla", "a time limit must be positive", "时限必须大于零")

    def due(self, start: datetime, calendar: BusinessCalendar) -> datetime:
        match self.clock:
            case Clock.ELAPSED:
                return start + timedelta(minutes=self.amount)
            case Clock.WORKING:
                return calendar.add_working_minutes(start, self.amount)
            case Clock.WORKING_DAYS:
                return calendar.add_working_days(start, int(self.amount))
            case Clock.END_OF_WORKING_DAYS:
                return _end_of_working_day(start, int(self.amount), calendar)


def _end_of_working_day(start: datetime, days: int, calendar: BusinessCalendar) -> datetime:
    """The close of the ``days``-th working day after the local day of ``start``."""
    day = start.astimezone(calendar.tz).date()
    count = 0
    for _ in range(3660):
        day += timedelta(days=1)
        window = calendar.window(day)
        if window is None:
            continue
        count += 1
        if count >= days:
            return window[1].astimezone(UTC)
    raise DomainError("calendar", "no working day found", "找不到工作日")


PolicyKey = tuple[OrderKind, ComplaintLevel | None]

OUR_DEFAULT = "our default: not in the manuals / 本系统默认值:手册未规定"
SEED_000_CHECK = ("seed 000 求援业务处理 ② “15分钟内回访客户,询问服务站是否联系他” "
                  "(the call center checks at 15 min that the station reached the customer)")
SEED_000_NEXT_DAY = ("seed 000 求援业务处理 ⑤ “在次日要进行审核关单,次日对用户进行回访” "
                     "(said of the rescue's dispatch order 派工单; DOMAIN.md: every dispatch "
                     "order is audited and closed the next day)")
SEED_003_3H = ("seed 003 电话回访要求 (p. 1–2 of 4) "
               "“报完工短信三十分钟内回访用户,最迟不得超过3个小时”, in working hours")
SEED_001_CONTACT = ("seed 001 §8.3.2 (p. 16) "
                    "“接到報修后一個工作日內完成與客戶協商合理維修時間和地點”")
SEED_001_REPAIR = "seed 001 §8.3.2 (p. 16) “三個工作日內完成維修”"
SEED_001_CALLBACK = ("our default; seed 001 §8.4.7.2 only says the callback starts 48 h after "
                     "the repair “設備維修后48小時后再介入回訪工作”")
SEED_004_APPOINTMENT = ("seed 004 《呼叫协调业务管理办法》 §5.3.3 “对最新故障模式信息,销售服务商按"
                        "《服务运营手册》中‘服务预约’要求在2个小时内安排与客户预约” (§5.2.3 "
                        "gives the call center 60 min for the notice itself)")


def _m(minutes: float) -> Limit:
    return Limit(minutes, Clock.ELAPSED)


def _w(minutes: float) -> Limit:
    return Limit(minutes, Clock.WORKING)


def _d(days: int) -> Limit:
    return Limit(days, Clock.WORKING_DAYS)


NEXT_DAY = Limit(1, Clock.END_OF_WORKING_DAYS)

CALLBACK_PRESETS: dict[str, tuple[Limit, str]] = {
    "next_day": (NEXT_DAY, SEED_000_NEXT_DAY),
    "3h": (_w(180), SEED_003_3H),
    "repair": (_d(3), SEED_001_CALLBACK),
}
"""The callback limits the manuals give; a kind's callback limit is set by naming one."""

DEFAULT_SOURCES: dict[PolicyKey, dict[DeadlineName, tuple[Limit, str]]] = {
    (OrderKind.RESCUE, None): {
        DeadlineName.CONTACT: (_m(15), SEED_000_CHECK),
        DeadlineName.COMPLETION: (_m(24 * 60), OUR_DEFAULT),
        DeadlineName.CALLBACK: CALLBACK_PRESETS["next_day"],
    },
    (OrderKind.FAULT_MODE, None): {
        DeadlineName.APPOINTMENT: (_m(120), SEED_004_APPOINTMENT),
        DeadlineName.COMPLETION: (_d(3), OUR_DEFAULT),
        DeadlineName.CALLBACK: CALLBACK_PRESETS["next_day"],
    },
    (OrderKind.DISPATCH, None): {
        DeadlineName.CONTACT: (_w(60), OUR_DEFAULT),
        DeadlineName.COMPLETION: (_d(3), OUR_DEFAULT),
        DeadlineName.CALLBACK: CALLBACK_PRESETS["next_day"],
    },
    (OrderKind.COMPLAINT, ComplaintLevel.GENERAL): {
        DeadlineName.CONTACT: (_d(1), OUR_DEFAULT),
        DeadlineName.COMPLETION: (_d(5), OUR_DEFAULT),
        DeadlineName.CALLBACK: CALLBACK_PRESETS["next_day"],
    },
    (OrderKind.COMPLAINT, ComplaintLevel.MEDIUM): {
        DeadlineName.CONTACT: (_w(120), OUR_DEFAULT),
        DeadlineName.COMPLETION: (_d(3), OUR_DEFAULT),
        DeadlineName.CALLBACK: CALLBACK_PRESETS["next_day"],
    },
    (OrderKind.COMPLAINT, ComplaintLevel.STRONG): {
        DeadlineName.CONTACT: (_m(30), OUR_DEFAULT),
        DeadlineName.COMPLETION: (_d(1), OUR_DEFAULT),
        DeadlineName.CALLBACK: CALLBACK_PRESETS["next_day"],
    },
    (OrderKind.REPAIR, None): {
        DeadlineName.CONTACT: (_d(1), SEED_001_CONTACT),
        DeadlineName.COMPLETION: (_d(3), SEED_001_REPAIR),
        DeadlineName.CALLBACK: CALLBACK_PRESETS["repair"],
    },
}

DEFAULT_LIMITS: dict[PolicyKey, dict[DeadlineName, Limit]] = {
    key: {name: limit for name, (limit, _) in items.items()}
    for key, items in DEFAULT_SOURCES.items()
}
