"""Starting and re-configuring the background services the window reports on — the sync
worker and the print queue — with their plain callbacks wired to the Qt bridges."""

from __future__ import annotations

import logging
from typing import Any

from printers.config import PrinterConfig
from ui.context import AppContext

log = logging.getLogger(__name__)


def connect_station(ctx: AppContext) -> None:
    """The station's callbacks → the sync bridge (signals on the GUI thread)."""
    callbacks = ctx.station.callbacks
    callbacks.orders_changed.append(ctx.sync_bridge.on_orders_changed)
    callbacks.sync_state.append(ctx.sync_bridge.on_sync_state)


def disconnect_station(ctx: AppContext) -> None:
    callbacks = ctx.station.callbacks
    if ctx.sync_bridge.on_orders_changed in callbacks.orders_changed:
        callbacks.orders_changed.remove(ctx.sync_bridge.on_orders_changed)
    if ctx.sync_bridge.on_sync_state in callbacks.sync_state:
        callbacks.sync_state.remove(ctx.sync_bridge.on_sync_state)


def printer_config(settings: dict[str, Any]) -> PrinterConfig | None:
    data = settings.get("printer") or {}
    if not data.get("port"):
        return None
    try:
        return PrinterConfig.from_json(data)
    except (ValueError, TypeError):
        log.warning("the saved printer settings are not valid; printing is off")
        return None


def start_print_queue(ctx: AppContext, config: PrinterConfig) -> None:
    from printers.queue import PrintQueue
    from printers.recording import form_printed_recorder, printer_setting_saver

    queue = PrintQueue(ctx.station.store, config,
                       on_job_changed=ctx.print_bridge.on_job_changed,
                       on_printer_state=ctx.print_bridge.on_printer_state,
                       on_confirmed=form_printed_recorder(ctx.station),
                       on_answers_status=printer_setting_saver(ctx.station, "answers_status"),
                       on_confirms_end=printer_setting_saver(ctx.station, "confirms_end"),
                       tz=ctx.station.settings.zone())
    ctx.print_queue = queue.start()


def apply_printer(ctx: AppContext, settings: dict[str, Any]) -> None:
    """New printer settings take effect now: reconfigure, start or stop the queue."""
    config = printer_config(settings)
    if config is None:
        if ctx.print_queue is not None:
            ctx.print_queue.stop()
            ctx.print_queue = None
    elif ctx.print_queue is None:
        start_print_queue(ctx, config)
    else:
        ctx.print_queue.reconfigure(config)


def start_sync(ctx: AppContext, **options: Any) -> None:
    from station_app.sync_worker import SyncWorker

    worker = SyncWorker(ctx.station, **options)
    worker.start()
    ctx.sync_worker = worker


def apply_sync(ctx: AppContext) -> None:
    """New address, code or token: wake the worker so it tries at once."""
    if ctx.sync_worker is not None:
        ctx.sync_worker.trigger()


def stop_all(ctx: AppContext) -> None:
    if ctx.sync_worker is not None:
        ctx.sync_worker.stop()
        ctx.sync_worker = None
    if ctx.print_queue is not None:
        ctx.print_queue.stop()
        ctx.print_queue = None
    ctx.runner.shutdown()
    disconnect_station(ctx)
