"""The three-attempts rule of the callback (seed 003 回访通话注意事项: “如果拨打电话用户挂断,
不要马上二次拨打,保证通话间隔时间”; DOMAIN.md: three attempts on different occasions within
7 days, then “unreachable” with the reason).

Attempts closer together than the minimum gap are one occasion: three calls in a row within a
minute do not make the customer unreachable.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from station_app.domain.sla import SlaPolicy


def occasions(times: Iterable[datetime], min_gap: timedelta) -> int:
    """How many different occasions the attempts at ``times`` were made on."""
    count, last = 0, None
    for t in sorted(times):
        if last is None or t - last >= min_gap:
            count += 1
            last = t
    return count


def unreachable_after(failed_before: Iterable[datetime], at: datetime,
                      policy: SlaPolicy) -> bool:
    """Whether a failed attempt at ``at`` makes the customer unreachable, given the earlier
    failed attempts (since the last reopen)."""
    window = timedelta(days=policy.callback_window_days)
    recent = [t for t in failed_before if timedelta(0) <= at - t <= window]
    gap = timedelta(minutes=policy.callback_min_gap_minutes)
    return occasions([*recent, at], gap) >= policy.callback_attempts
