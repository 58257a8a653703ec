"""Where an order stands against each of its time limits.

For any order and instant: each deadline with its start, the time left, and met / on track /
at risk / breached / missed, or — once the order ended without it — not met / void. The limits
themselves, their clocks and sources are in `sla_limits`; every one is configurable.

The rules the manuals set (docs/sla-policy.md has the table and the reasoning):
- the contact is *reaching* the customer (seed 000 求援业务处理 ②: the call center asks the
  customer whether the station has called); for a new fault mode, the appointment booked.
  `ContactRule` makes anything else a setting, never the default;
- a reopen (退回重办) restarts the station's deadlines, and only facts after the reopen meet
  them;
- times are the call center's: the fold works on station times corrected by the measured
  clock offset (`lifecycle.corrected_time`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from station_app.domain.calendar import BusinessCalendar
from station_app.domain.errors import DomainError
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import OrderState, Status
from station_app.domain.sla_limits import (
    CALLBACK_PRESETS,
    DEFAULT_LIMITS,
    DEFAULT_SOURCES,
    Clock,
    DeadlineName,
    Limit,
    PolicyKey,
)

__all__ = ["CALLBACK_PRESETS", "DEFAULT_LIMITS", "Clock", "ContactRule", "Deadline",
           "DeadlineName", "Limit", "SlaPolicy", "SlaState", "deadline_times", "deadlines",
           "ended_at", "judged", "judged_by_instants", "next_open_deadline", "policy_table",
           "turns_at_risk"]


class ContactRule(StrEnum):
    """What counts as the contact for the contact deadline."""

    REACHED = "reached"      # the first reached attempt (or the appointment booked): default
    ATTEMPT = "attempt"      # any attempt, answered or not
    ACTION = "action"        # reached, departed, arrived or completed, whichever is first


class SlaState(StrEnum):
    MET = "met"              # done in time
    ON_TRACK = "on_track"    # open, plenty of time
    AT_RISK = "at_risk"      # open, little time left
    BREACHED = "breached"    # open, past the deadline
    MISSED = "missed"        # done, but after the deadline
    NOT_MET = "not_met"      # never done; the order ended (cancelled, declined, closed) after
    #                          the deadline had passed: counts as not met
    VOID = "void"            # never done; the order ended before the deadline: not counted

    @property
    def open(self) -> bool:
        return self in (SlaState.ON_TRACK, SlaState.AT_RISK, SlaState.BREACHED)

    @property
    def decided(self) -> bool:
        """Counted in a report's met share: met, or late in one of three ways."""
        return self in (SlaState.MET, SlaState.MISSED, SlaState.BREACHED, SlaState.NOT_MET)

    @property
    def late(self) -> bool:
        return self in (SlaState.MISSED, SlaState.BREACHED, SlaState.NOT_MET)

    @property
    def zh(self) -> str:
        return {"met": "按时", "on_track": "进行中", "at_risk": "即将超时", "breached": "已超时",
                "missed": "超时完成", "not_met": "未完成(已超时)", "void": "不计(订单已结束)"
                }[self.value]


def _merged(base: Mapping[PolicyKey, Mapping[DeadlineName, Limit]],
            extra: Mapping[PolicyKey, Mapping[DeadlineName, Limit]]
            ) -> dict[PolicyKey, dict[DeadlineName, Limit]]:
    out = {k: dict(v) for k, v in base.items()}
    for key, items in extra.items():
        out.setdefault(key, {}).update(items)
    return out


@dataclass(frozen=True)
class SlaPolicy:
    limits: Mapping[PolicyKey, Mapping[DeadlineName, Limit]] = field(
        default_factory=lambda: DEFAULT_LIMITS
    )
    at_risk_fraction: float = 0.25  # at risk when less than this share of the span is left
    contact_rule: ContactRule = ContactRule.REACHED
    callback_attempts: int = 3          # seed 003 / DOMAIN: three attempts …
    callback_window_days: int = 7       # … within 7 days …
    callback_min_gap_minutes: int = 60  # … on different occasions: at least this far apart

    def limits_for(
        self, kind: OrderKind, level: ComplaintLevel | None = None
    ) -> Mapping[DeadlineName, Limit]:
        key = (kind, level if kind is OrderKind.COMPLAINT else None)
        return self.limits.get(key, {})

    def to_json(self) -> dict[str, Any]:
        return {
            "at_risk_fraction": self.at_risk_fraction,
            "contact_rule": self.contact_rule.value,
            "callback_attempts": self.callback_attempts,
            "callback_window_days": self.callback_window_days,
            "callback_min_gap_minutes": self.callback_min_gap_minutes,
            "limits": [
                {"kind": k.value, "level": lv.value if lv else None,
                 "deadlines": {n.value: [lim.amount, lim.clock.value] for n, lim in d.items()}}
                for (k, lv), d in self.limits.items()
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SlaPolicy:
        """Limits given replace the defaults deadline by deadline; ``callback`` names a
        preset per kind (``{"rescue": "3h"}``: seed 003's three working hours)."""
        try:
            limits = {
                (OrderKind(e["kind"]), ComplaintLevel(e["level"]) if e.get("level") else None): {
                    DeadlineName(n): Limit(float(a), Clock(c))
                    for n, (a, c) in e["deadlines"].items()
                }
                for e in data.get("limits", [])
            }
            presets: dict[PolicyKey, dict[DeadlineName, Limit]] = {}
            for kind_name, preset in dict(data.get("callback", {})).items():
                if preset not in CALLBACK_PRESETS:
                    raise ValueError(f"unknown callback preset {preset!r} "
                                     f"(one of {', '.join(CALLBACK_PRESETS)})")
                kind = OrderKind(kind_name)
                for key in DEFAULT_LIMITS:
                    if key[0] is kind:
                        presets[key] = {DeadlineName.CALLBACK: CALLBACK_PRESETS[preset][0]}
            fraction = float(data.get("at_risk_fraction", 0.25))
            rule = ContactRule(data.get("contact_rule", ContactRule.REACHED.value))
            attempts = int(data.get("callback_attempts", 3))
            window = int(data.get("callback_window_days", 7))
            gap = int(data.get("callback_min_gap_minutes", 60))
        except (ValueError, TypeError, KeyError) as exc:
            if isinstance(exc, DomainError):
                raise
            raise DomainError("sla", f"the time limits are not valid: {exc}",
                              f"时限设置无效:{exc}") from exc
        if not 0 <= fraction < 1:
            raise DomainError("sla.at_risk_fraction", "must be between 0 and 1", "应在0到1之间")
        if attempts < 1 or window < 1 or gap < 0:
            raise DomainError("sla.callback_attempts",
                              "attempts and window must be at least 1, the gap not negative",
                              "回访次数与天数至少为1,间隔不能为负")
        return cls(limits=_merged(_merged(DEFAULT_LIMITS, presets), limits),
                   at_risk_fraction=fraction, contact_rule=rule, callback_attempts=attempts,
                   callback_window_days=window, callback_min_gap_minutes=gap)


def policy_table(policy: SlaPolicy) -> list[dict[str, Any]]:
    """One row per limit: kind, level, deadline, value, clock and source."""
    rows = []
    for (kind, level), items in policy.limits.items():
        for name, limit in items.items():
            default = DEFAULT_SOURCES.get((kind, level), {}).get(name)
            preset = next((src for lim, src in CALLBACK_PRESETS.values() if lim == limit), None)
            if default is not None and default[0] == limit:
                source = default[1]
            elif name is DeadlineName.CALLBACK and preset is not None:
                source = preset
            else:
                source = "configured for this service / 本服务配置值"
            rows.append({"kind": kind.value, "level": level.value if level else None,
                         "deadline": name.value, "deadline_zh": name.zh,
                         "amount": limit.amount, "clock": limit.clock.value,
                         "clock_zh": limit.clock.zh, "starts_at": name.starts_at,
                         "source": source})
    return rows


@dataclass(frozen=True)
class Deadline:
    name: DeadlineName
    started_at: datetime
    due_at: datetime
    done_at: datetime | None
    state: SlaState
    time_left: timedelta  # negative once overdue; measured to `done_at` when done


def _done_at(name: DeadlineName, s: OrderState, rule: ContactRule) -> datetime | None:
    match name:
        case DeadlineName.CONTACT:
            if rule is ContactRule.REACHED:
                done = s.first_reached_at
            elif rule is ContactRule.ATTEMPT:
                done = s.first_attempt_at
            else:
                present = [c for c in (s.first_reached_at, s.departed_at, s.arrived_at,
                                       s.completed_at) if c is not None]
                done = min(present) if present else None
        case DeadlineName.APPOINTMENT:
            done = s.appointment_booked_at
        case DeadlineName.COMPLETION:
            done = s.completed_at
        case DeadlineName.CALLBACK:
            done = s.callback_reached_at or s.callback_unreachable_at
    if done is not None and s.reopened_at is not None and name is not DeadlineName.CALLBACK \
            and done < s.reopened_at:
        return None  # a fact from before the reopen does not meet the restarted deadline
    return done


def _start(name: DeadlineName, s: OrderState) -> datetime | None:
    if name is DeadlineName.CALLBACK:
        return s.completed_at or s.declined_at
    return s.assigned_at


def _ended_at(name: DeadlineName, s: OrderState, now: datetime) -> datetime | None:
    """When the order stopped owing ``name`` without doing it (None: still owed)."""
    return ended_at(name, s.status, s.cancelled_at, s.closed_at, s.declined_at, now)


def ended_at(name: DeadlineName, status: Status | None, cancelled_at: datetime | None,
             closed_at: datetime | None, declined_at: datetime | None, now: datetime
             ) -> datetime | None:
    """`_ended_at` from the state's few fields it reads (the audit list has them as columns)."""
    if status is Status.CANCELLED:
        return cancelled_at or now
    if status is Status.CLOSED:
        return closed_at or now
    if status is Status.DECLINED and name is not DeadlineName.CALLBACK:
        return declined_at or now
    return None


def judged(name: DeadlineName, limit: Limit, start: datetime, due: datetime,
           done: datetime | None, ended: datetime | None, now: datetime, policy: SlaPolicy,
           calendar: BusinessCalendar) -> Deadline:
    """One deadline that started at ``start`` and is due at ``due`` (``limit.due(start)``),
    judged at ``now``: done at ``done``, or owed no more since ``ended``."""
    if done is not None:
        state_ = SlaState.MET if done <= due else SlaState.MISSED
        return Deadline(name, start, due, done, state_, due - done)
    if ended is not None:
        final = SlaState.NOT_MET if due <= ended else SlaState.VOID
        return Deadline(name, start, due, None, final, due - ended)
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
    return Deadline(name, start, due, None, sla_state, left)


def turns_at_risk(limit: Limit, start: datetime, due: datetime, policy: SlaPolicy,
                  calendar: BusinessCalendar) -> datetime | None:
    """The instant from which `judged` calls the deadline, while still open, at risk (less
    than ``at_risk_fraction`` of its span left); None when it never is before it is due. It
    does not change with the clock, so a store keeps it and judges by comparing instants."""
    if limit.clock is Clock.ELAPSED:
        if due <= start:
            return None
        return due - policy.at_risk_fraction * (due - start)
    span = calendar.working_minutes_between(start, due)
    if span <= 0:
        return None
    return calendar.add_working_minutes(start, (1 - policy.at_risk_fraction) * span)


def at_risk_at(d: Deadline, limit: Limit, policy: SlaPolicy, calendar: BusinessCalendar
               ) -> datetime | None:
    """When the open deadline ``d`` turns at risk by `judged`'s rule, so a screen can mark
    it by the clock; None once it is done or ended."""
    if not d.state.open:
        return None
    return turns_at_risk(limit, d.started_at, d.due_at, policy, calendar)


def judged_by_instants(due: str, done: str | None, ended: str | None, risk: str | None,
                       now: str) -> SlaState:
    """`judged`'s state from stored instants alone (ISO UTC texts of one fixed format, which
    compare as the instants do; ``risk``: `turns_at_risk`): no calendar arithmetic."""
    if done is not None:
        return SlaState.MET if done <= due else SlaState.MISSED
    if ended is not None:
        return SlaState.NOT_MET if due <= ended else SlaState.VOID
    if now >= due:
        return SlaState.BREACHED
    return SlaState.AT_RISK if risk is not None and now >= risk else SlaState.ON_TRACK


def deadlines(
    kind: OrderKind,
    level: ComplaintLevel | None,
    state: OrderState,
    now: datetime,
    policy: SlaPolicy | None = None,
    calendar: BusinessCalendar | None = None,
    due: Callable[[Limit, datetime], datetime] | None = None,
) -> list[Deadline]:
    """Every deadline that applies to the order at ``now``, earliest due first. ``due``
    stands for ``limit.due(start, calendar)`` (a caller that remembers them)."""
    policy = policy or SlaPolicy()
    calendar = calendar or BusinessCalendar()
    out: list[Deadline] = []
    for name, limit in policy.limits_for(kind, level).items():
        start = _start(name, state)
        if start is None:
            continue
        due_at = limit.due(start, calendar) if due is None else due(limit, start)
        out.append(judged(name, limit, start, due_at, _done_at(name, state, policy.contact_rule),
                          _ended_at(name, state, now), now, policy, calendar))
    return sorted(out, key=lambda d: d.due_at)


def deadline_times(
    kind: OrderKind,
    level: ComplaintLevel | None,
    state: OrderState,
    now: datetime,
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    due: Callable[[Limit, datetime], datetime] | None = None,
    risk: Callable[[Limit, datetime, datetime], datetime | None] | None = None,
) -> list[tuple[DeadlineName, datetime, datetime | None, datetime | None]]:
    """(name, due, done, turns at risk) of the deadlines `deadlines` gives that are not void
    — what does not change with ``now`` (a store keeps these and judges them at read time,
    `judged_by_instants`). The instant it turns at risk is given for the open ones only
    (None once done or ended); ``risk`` stands for `turns_at_risk` (a caller that remembers
    them)."""
    out = []
    for name, limit in policy.limits_for(kind, level).items():
        start = _start(name, state)
        if start is None:
            continue
        due_at = limit.due(start, calendar) if due is None else due(limit, start)
        done = _done_at(name, state, policy.contact_rule)
        risk_at = None
        if done is None:
            ended = _ended_at(name, state, now)
            if ended is not None and due_at > ended:
                continue  # void: the order ended before it was due
            if ended is None:  # still open: judged by the clock, at risk from this instant
                risk_at = (turns_at_risk(limit, start, due_at, policy, calendar)
                           if risk is None else risk(limit, start, due_at))
        out.append((name, due_at, done, risk_at))
    return out


def next_open_deadline(deadlines_: list[Deadline]) -> Deadline | None:
    """The deadline the counter should watch: the earliest one still open."""
    return next((d for d in deadlines_ if d.state.open), None)
