"""What the console's widgets are given: the API client, the task runner, who is signed in and
the call center's time zone (passed in explicitly, like the station window's AppContext)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QWidget

from station_app import console_wire
from station_app.console_client import CallCenterClient
from station_app.domain.calendar import DEFAULT_TZ
from ui.operations import Operation
from ui.tasks import Runner

T = TypeVar("T")


@dataclass
class ConsoleContext:
    client: CallCenterClient
    runner: Runner
    me: console_wire.Me
    language: str = "en"
    now: Callable[[], datetime] = lambda: datetime.now(UTC)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.me.timezone or DEFAULT_TZ)

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def yesterday(self) -> date:
        return self.today() - timedelta(days=1)

    def local(self, moment: datetime | None, fmt: str = "%m-%d %H:%M") -> str:
        return moment.astimezone(self.zone).strftime(fmt) if moment else ""


def api(ctx: ConsoleContext, parent: QWidget | None, fn: Callable[[CallCenterClient], T],
        *, read: bool = False) -> Operation[T]:
    """An API call run by the task runner (the station window's `Operation`, which needs only
    ``ctx.runner``); failures are shown through `ui.msgbox` unless handled. Writes go one
    after another on the serial lane; reads (``read=True``) on the parallel lane, so a slow
    board reload never holds up the reviewer's next order."""
    client = ctx.client
    runner_ctx: Any = ctx
    return Operation(runner_ctx, parent, lambda: fn(client),
                     lane="parallel" if read else "serial")
