"""The service's settings: local zone of the audit day, clock tolerance, SLA policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from station_app.domain.calendar import DEFAULT_TZ, BusinessCalendar
from station_app.domain.sla import SlaPolicy

CLOCK_OFF_MS = 120_000  # a station clock off by more than 2 min is flagged for the reviewer


@dataclass(frozen=True)
class ServiceConfig:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    clock_tolerance: timedelta = timedelta(minutes=5)
    fallback_poll: float = 2.0
    policy: SlaPolicy = field(default_factory=SlaPolicy)
    calendar: BusinessCalendar | None = None

    @cached_property
    def business_calendar(self) -> BusinessCalendar:
        # made once per config (read for every deadline of every row and order)
        return self.calendar or BusinessCalendar(tz=self.tz)
