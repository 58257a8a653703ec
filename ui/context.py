"""What the windows are given to work with, passed in explicitly (no global service locator):
the station core, the task runner, the print queue and the bridges of their callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ui.bridge import PrintBridge, SyncBridge
from ui.tasks import Runner

if TYPE_CHECKING:
    from printers.queue import PrintQueue
    from station_app.station import Station
    from ui.app import QtApp


@dataclass
class AppContext:
    station: Station
    runner: Runner
    sync_bridge: SyncBridge
    print_bridge: PrintBridge
    print_queue: PrintQueue | None = None
    qt_app: QtApp | None = None
    sync_worker: Any = None  # station_app.sync_worker.SyncWorker when the link is configured
    # Called on the GUI thread after settings were saved (printer, server, language...).
    settings_applied: list[Callable[[dict[str, Any]], None]] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.qt_app.translators.language if self.qt_app else "en"
