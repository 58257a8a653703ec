"""Putting the station window together: open the station, start Qt, the task runner, the
print queue and the sync worker, show the window, and shut everything down in order."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from common.errors import UserError
from ui import app as qt_app_module
from ui import msgbox, services
from ui.bridge import PrintBridge, SyncBridge
from ui.context import AppContext
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from station_app.station import Station


@dataclass
class Running:
    ctx: AppContext
    window: object


class AlreadyRunning(Exception):
    """The station window of this data folder is open in another process: it came forward."""


def start(data_dir: str | Path | None, *, language: str | None = None, sync: bool = True,
          argv: list[str] | None = None, sync_options: dict[str, float] | None = None
          ) -> Running:
    """Everything up and the window shown; the caller runs the event loop."""
    from station_app import paths
    from station_app.station import Station
    from ui import single_instance

    qt = qt_app_module.create_app(argv or sys.argv[:1])
    instance_name = single_instance.server_name(paths.data_dir(data_dir))
    if single_instance.ask_running_to_raise(instance_name):
        raise AlreadyRunning
    try:
        station = Station.open(data_dir, check="background")  # pages checked beside the start
    except UserError as exc:
        msgbox.error(None, exc)
        raise
    qt.set_language(language or _saved_language(station))
    ctx = AppContext(station=station, runner=TaskRunner(qt.app), sync_bridge=SyncBridge(qt.app),
                     print_bridge=PrintBridge(qt.app), qt_app=qt)
    services.connect_station(ctx)
    config = services.printer_config(station.settings.all())
    if config is not None:
        services.start_print_queue(ctx, config)
    if sync:
        services.start_sync(ctx, **(sync_options or {}))
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.ready.connect(qt_app_module.settle_after_start)  # once: the first list is shown
    window.show()
    guard = single_instance.InstanceServer(instance_name, window)
    guard.activated.connect(lambda: single_instance.bring_to_front(window))
    return Running(ctx, window)


def _saved_language(station: Station) -> str:
    from ui import i18n

    return i18n.resolve(station.settings.get("language"))


def stop(running: Running) -> None:
    services.stop_all(running.ctx)
    running.ctx.station.close()


def launch(data_dir: str | Path | None, *, language: str | None = None,
           sync: bool = True) -> int:
    try:
        running = start(data_dir, language=language, sync=sync)
    except AlreadyRunning:
        print("Station Desk is already open: its window was brought to the front.\n"
              "服务站程序已在运行,已切换到它的窗口。")
        return 0
    assert running.ctx.qt_app is not None
    try:
        return running.ctx.qt_app.app.exec()
    finally:
        stop(running)
