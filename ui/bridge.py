"""Adapters from the core's plain callbacks (called on worker threads) to Qt signals.

The sync worker and the print queue know nothing of Qt; they call functions. A bridge object
lives on the GUI thread and re-emits each call as a signal; because the emitting thread is not
the bridge's thread, Qt queues the delivery, and every connected slot runs on the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal


class SyncBridge(QObject):
    """Signals:
        orders_changed(list[UUID], list[UUID]): orders that changed, and the new ones among them.
        sync_state(SyncStatus): the link to the call center changed or the outbox moved.
    """

    orders_changed = Signal(list, list)
    sync_state = Signal(object)

    def on_orders_changed(self, ids: Any, new_ids: Any) -> None:
        self.orders_changed.emit(list(ids), list(new_ids))

    def on_sync_state(self, status: Any) -> None:
        self.sync_state.emit(status)


class PrintBridge(QObject):
    """Signals:
        job_changed(job): a print job was queued, printed, failed or cancelled.
        printer_state(state): the printer became ready, ran out of paper, went offline...
    """

    job_changed = Signal(object)
    printer_state = Signal(object)

    def on_job_changed(self, job: Any) -> None:
        self.job_changed.emit(job)

    def on_printer_state(self, state: Any) -> None:
        self.printer_state.emit(state)
