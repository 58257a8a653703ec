"""Adapters from the core's plain callbacks (called on worker threads) to Qt signals.

The sync worker and the print queue know nothing of Qt; they call functions. A bridge object
lives on the GUI thread and re-emits each call as a signal; because the emitting thread is not
the bridge's thread, Qt queues the delivery, and every connected slot runs on the GUI thread
(changed orders are always queued, and gathered: see `SyncBridge`).
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


class SyncBridge(QObject):
    """Signals:
        orders_changed(list[UUID], list[UUID]): orders that changed, and the new ones among them.
            The changes reported since the GUI thread last looked come as one signal: a burst
            of writes (a thousand acknowledgements, a clerk's quick records) is one entry into
            Python on the GUI thread, not one for each.
        sync_state(SyncStatus): the link to the call center changed or the outbox moved.
    """

    orders_changed = Signal(list, list)
    sync_state = Signal(object)
    _changes_waiting = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._changed: dict[Any, None] = {}  # insertion-ordered sets
        self._new: dict[Any, None] = {}
        self._changes_waiting.connect(self._emit_changes, Qt.ConnectionType.QueuedConnection)

    def on_orders_changed(self, ids: Any, new_ids: Any) -> None:
        with self._lock:
            first = not self._changed and not self._new
            self._changed.update(dict.fromkeys(ids))
            self._new.update(dict.fromkeys(new_ids))
        if first:
            self._changes_waiting.emit()

    def _emit_changes(self) -> None:
        with self._lock:
            changed, self._changed = list(self._changed), {}
            new, self._new = list(self._new), {}
        if changed or new:
            self.orders_changed.emit(changed, new)

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
