"""A business calendar: working hours per weekday, holidays, and make-up working days (调休).

"Within 1 working day" and "3 h during working hours" are measured on it. All arithmetic is
done in the station's local zone and answered in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from station_app.domain.errors import DomainError

Window = tuple[time, time]

DEFAULT_TZ = "Asia/Shanghai"
DEFAULT_HOURS: dict[int, Window] = {d: (time(8), time(20)) for d in range(6)}  # Mon–Sat 8–20
_MAX_SCAN_DAYS = 3660  # a calendar with no working day at all must fail, not loop


@dataclass(frozen=True)
class BusinessCalendar:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    hours: Mapping[int, Window] = field(default_factory=lambda: dict(DEFAULT_HOURS))
    holidays: frozenset[date] = frozenset()
    # Weekend days declared working days (调休); they use the hours of `makeup_hours`.
    makeup_days: frozenset[date] = frozenset()
    makeup_hours: Window = (time(8), time(20))

    def __post_init__(self) -> None:
        for day, (start, end) in self.hours.items():
            if not 0 <= day <= 6:
                raise DomainError("calendar.hours", f"weekday {day} is not 0–6", f"星期{day}无效")
            if start >= end:
                raise DomainError(
                    "calendar.hours",
                    f"working hours on weekday {day} end before they start",
                    f"星期{day + 1}的下班时间早于上班时间",
                )

    # -- days -----------------------------------------------------------------------------

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The working hours of ``day`` as aware local datetimes, or None on a day off."""
        if day in self.holidays:
            return None
        if day in self.makeup_days:
            start, end = self.makeup_hours
        elif day.weekday() in self.hours:
            start, end = self.hours[day.weekday()]
        else:
            return None
        return (
            datetime.combine(day, start, tzinfo=self.tz),
            datetime.combine(day, end, tzinfo=self.tz),
        )

    def is_working_day(self, day: date) -> bool:
        return self.window(day) is not None

    def _windows_from(self, day: date) -> Iterator[tuple[datetime, datetime]]:
        for i in range(_MAX_SCAN_DAYS):
            w = self.window(day + timedelta(days=i))
            if w is not None:
                yield w
        raise DomainError(
            "calendar", "the calendar has no working day in ten years", "工作日历中没有工作日"
        )

    def is_open(self, instant: datetime) -> bool:
        local = instant.astimezone(self.tz)
        w = self.window(local.date())
        return w is not None and w[0] <= local < w[1]

    def next_open(self, instant: datetime) -> datetime:
        """``instant`` if inside working hours, else the next opening (UTC)."""
        local = instant.astimezone(self.tz)
        for start, end in self._windows_from(local.date()):
            if local < end:
                return max(local, start).astimezone(UTC)
        raise AssertionError("unreachable")

    # -- arithmetic -----------------------------------------------------------------------

    def add_working_minutes(self, start: datetime, minutes: float) -> datetime:
        """The instant when ``minutes`` of working time have passed after ``start``."""
        left = timedelta(minutes=minutes)
        local = start.astimezone(self.tz)
        for w_start, w_end in self._windows_from(local.date()):
            if local >= w_end:
                continue
            begin = max(local, w_start)
            available = w_end - begin
            if left <= available:
                return (begin + left).astimezone(UTC)
            left -= available
        raise AssertionError("unreachable")

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """Same local time ``days`` working days later, counted from the next opening.

        Received outside hours, the clock starts when the station opens. If the target day
        closes earlier than that time of day, the deadline is its closing time.
        """
        begin = self.next_open(start).astimezone(self.tz)
        count = 0
        day = begin.date()
        for _ in range(_MAX_SCAN_DAYS):
            day += timedelta(days=1)
            w = self.window(day)
            if w is None:
                continue
            count += 1
            if count == days:
                target = datetime.combine(day, begin.timetz())
                return min(max(target, w[0]), w[1]).astimezone(UTC)
        raise DomainError("calendar", "no working day found", "找不到工作日")

    def working_minutes_between(self, a: datetime, b: datetime) -> float:
        """Working minutes from ``a`` to ``b`` (negative when b is before a)."""
        if b < a:
            return -self.working_minutes_between(b, a)
        total = timedelta()
        la, lb = a.astimezone(self.tz), b.astimezone(self.tz)
        for w_start, w_end in self._windows_from(la.date()):
            if w_start >= lb:
                break
            lo, hi = max(w_start, la), min(w_end, lb)
            if hi > lo:
                total += hi - lo
        return total.total_seconds() / 60

    # -- settings ------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "tz": self.tz.key,
            "hours": {str(d): [s.isoformat("minutes"), e.isoformat("minutes")]
                      for d, (s, e) in sorted(self.hours.items())},
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "makeup_days": sorted(d.isoformat() for d in self.makeup_days),
            "makeup_hours": [t.isoformat("minutes") for t in self.makeup_hours],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BusinessCalendar:
        try:
            return cls(
                tz=ZoneInfo(data.get("tz", DEFAULT_TZ)),
                hours={int(d): (time.fromisoformat(s), time.fromisoformat(e))
                       for d, (s, e) in data.get("hours", {}).items()},
                holidays=frozenset(date.fromisoformat(d) for d in data.get("holidays", [])),
                makeup_days=frozenset(date.fromisoformat(d) for d in data.get("makeup_days", [])),
                makeup_hours=tuple(  # type: ignore[arg-type]
                    time.fromisoformat(t) for t in data.get("makeup_hours", ["08:00", "20:00"])
                ),
            )
        except (ValueError, TypeError, KeyError) as exc:
            if isinstance(exc, DomainError):
                raise
            raise DomainError(
                "calendar", f"the business calendar is not valid: {exc}", f"工作日历设置无效:{exc}"
            ) from exc
