"""Time limits per order kind and where an order stands against each of them.

For any order and instant: each deadline, the time left, and met / on track / at risk /
breached / missed. Every limit is configurable; "working" limits run on the business calendar.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from station_app.domain.calendar import BusinessCalendar
from station_app.domain.errors import DomainError
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import OrderState, Status


class Clock(StrEnum):
    ELAPSED = "elapsed"          # minutes on the wall clock, day and night
    WORKING = "working"          # minutes inside working hours
    WORKING_DAYS = "working_days"  # same time of day, N working days later


class DeadlineName(StrEnum):
    CONTACT = "contact"
    APPOINTMENT = "appointment"
    COMPLETION = "completion"
    CALLBACK = "callback"

    @property
    def zh(self) -> str:
        return {"contact": "联系用户", "appointment": "预约", "completion": "完工",
                "callback": "回访"}[self.value]


class SlaState(StrEnum):
    MET = "met"              # done in time
    ON_TRACK = "on_track"    # open, plenty of time
    AT_RISK = "at_risk"      # open, little time left
    BREACHED = "breached"    # open, past the deadline
    MISSED = "missed"        # done, but after the deadline

    @property
    def open(self) -> bool:
        return self in (SlaState.ON_TRACK, SlaState.AT_RISK, SlaState.BREACHED)


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


def _m(minutes: float) -> Limit:
    return Limit(minutes, Clock.ELAPSED)


def _w(minutes: float) -> Limit:
    return Limit(minutes, Clock.WORKING)


def _d(days: int) -> Limit:
    return Limit(days, Clock.WORKING_DAYS)


PolicyKey = tuple[OrderKind, ComplaintLevel | None]

DEFAULT_LIMITS: dict[PolicyKey, dict[DeadlineName, Limit]] = {
    # Rescue runs round the clock: phone at once (the call center checks at 15 min).
    (OrderKind.RESCUE, None): {
        DeadlineName.CONTACT: _m(15),
        DeadlineName.COMPLETION: _m(24 * 60),
        DeadlineName.CALLBACK: _w(180),
    },
    (OrderKind.FAULT_MODE, None): {
        DeadlineName.APPOINTMENT: _m(120),
        DeadlineName.COMPLETION: _d(3),
        DeadlineName.CALLBACK: _w(180),
    },
    (OrderKind.DISPATCH, None): {
        DeadlineName.CONTACT: _w(60),
        DeadlineName.COMPLETION: _d(3),
        DeadlineName.CALLBACK: _w(180),
    },
    (OrderKind.COMPLAINT, ComplaintLevel.GENERAL): {
        DeadlineName.CONTACT: _d(1),
        DeadlineName.COMPLETION: _d(5),
        DeadlineName.CALLBACK: _w(180),
    },
    (OrderKind.COMPLAINT, ComplaintLevel.MEDIUM): {
        DeadlineName.CONTACT: _w(120),
        DeadlineName.COMPLETION: _d(3),
        DeadlineName.CALLBACK: _w(180),
    },
    (OrderKind.COMPLAINT, ComplaintLevel.STRONG): {
        DeadlineName.CONTACT: _m(30),
        DeadlineName.COMPLETION: _d(1),
        DeadlineName.CALLBACK: _w(180),
    },
    # Seed 001: agree time and place within 1 working day, repair within 3, callback after 48 h.
    (OrderKind.REPAIR, None): {
        DeadlineName.CONTACT: _d(1),
        DeadlineName.COMPLETION: _d(3),
        DeadlineName.CALLBACK: _m(48 * 60),
    },
}


@dataclass(frozen=True)
class SlaPolicy:
    limits: Mapping[PolicyKey, Mapping[DeadlineName, Limit]] = field(
        default_factory=lambda: DEFAULT_LIMITS
    )
    at_risk_fraction: float = 0.25  # at risk when less than this share of the span is left

    def limits_for(
        self, kind: OrderKind, level: ComplaintLevel | None = None
    ) -> Mapping[DeadlineName, Limit]:
        key = (kind, level if kind is OrderKind.COMPLAINT else None)
        return self.limits.get(key, {})

    def to_json(self) -> dict[str, Any]:
        return {
            "at_risk_fraction": self.at_risk_fraction,
            "limits": [
                {"kind": k.value, "level": lv.value if lv else None,
                 "deadlines": {n.value: [lim.amount, lim.clock.value] for n, lim in d.items()}}
                for (k, lv), d in self.limits.items()
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SlaPolicy:
        try:
            limits = {
                (OrderKind(e["kind"]), ComplaintLevel(e["level"]) if e.get("level") else None): {
                    DeadlineName(n): Limit(float(a), Clock(c))
                    for n, (a, c) in e["deadlines"].items()
                }
                for e in data.get("limits", [])
            }
            fraction = float(data.get("at_risk_fraction", 0.25))
        except (ValueError, TypeError, KeyError) as exc:
            if isinstance(exc, DomainError):
                raise
            raise DomainError("sla", f"the time limits are not valid: {exc}",
                              f"时限设置无效:{exc}") from exc
        if not 0 <= fraction < 1:
            raise DomainError("sla.at_risk_fraction", "must be between 0 and 1", "应在0到1之间")
        return cls(limits={**DEFAULT_LIMITS, **limits}, at_risk_fraction=fraction)


@dataclass(frozen=True)
class Deadline:
    name: DeadlineName
    started_at: datetime
    due_at: datetime
    done_at: datetime | None
    state: SlaState
    time_left: timedelta  # negative once overdue; measured to `done_at` when done


def _done_at(name: DeadlineName, s: OrderState) -> datetime | None:
    match name:
        case DeadlineName.CONTACT:
            candidates = [s.first_reached_at, s.appointment_booked_at, s.departed_at, s.arrived_at,
                          s.completed_at]
            present = [c for c in candidates if c is not None]
            return min(present) if present else None
        case DeadlineName.APPOINTMENT:
            return s.appointment_booked_at
        case DeadlineName.COMPLETION:
            return s.completed_at
        case DeadlineName.CALLBACK:
            if s.callback_reached_at is not None:
                return s.callback_reached_at
            return s.closed_at if s.callback_unreachable else None


def _start(name: DeadlineName, s: OrderState) -> datetime | None:
    return s.completed_at if name is DeadlineName.CALLBACK else s.assigned_at


def _still_owed(name: DeadlineName, s: OrderState) -> bool:
    """Whether an open deadline still binds anyone in this status."""
    if s.status in (Status.CANCELLED, Status.DECLINED):
        return False
    if s.status is Status.CLOSED:
        return False
    return True


def deadlines(
    kind: OrderKind,
    level: ComplaintLevel | None,
    state: OrderState,
    now: datetime,
    policy: SlaPolicy | None = None,
    calendar: BusinessCalendar | None = None,
) -> list[Deadline]:
    """Every deadline that applies to the order at ``now``, earliest due first."""
    policy = policy or SlaPolicy()
    calendar = calendar or BusinessCalendar()
    out: list[Deadline] = []
    for name, limit in policy.limits_for(kind, level).items():
        start = _start(name, state)
        if start is None:
            continue
        due = limit.due(start, calendar)
        done = _done_at(name, state)
        if done is not None:
            state_ = SlaState.MET if done <= due else SlaState.MISSED
            out.append(Deadline(name, start, due, done, state_, due - done))
            continue
        if not _still_owed(name, state):
            continue
        left = due - now
        if now >= due:
            sla_state = SlaState.BREACHED
        else:
            if limit.clock is Clock.ELAPSED:
                span, remaining = (due - start).total_seconds(), left.total_seconds()
            else:
                span = calendar.working_minutes_between(start, due)
                remaining = calendar.working_minutes_between(now, due)
            at_risk = span > 0 and remaining <= policy.at_risk_fraction * span
            sla_state = SlaState.AT_RISK if at_risk else SlaState.ON_TRACK
        out.append(Deadline(name, start, due, None, sla_state, left))
    return sorted(out, key=lambda d: d.due_at)


def next_open_deadline(deadlines_: list[Deadline]) -> Deadline | None:
    """The deadline the counter should watch: the earliest one still open."""
    return next((d for d in deadlines_ if d.state.open), None)
