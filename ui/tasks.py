"""The one task runner: runs a callable off the GUI thread and delivers its result or exception
back on the GUI thread by a queued signal (Anki's taskman, Picard's run_task).

Two lanes: ``serial`` (one worker thread, first in first out — all station/SQLite work goes
here, so writes never race each other) and ``parallel`` (a small pool, for work that does not
touch the store, such as writing a PDF). `SyncTaskRunner` runs everything at once on the
calling thread, for tests that want no threads at all.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]

log = logging.getLogger(__name__)


def log_failure(exc: BaseException) -> None:
    log.error("background task failed", exc_info=exc)


class Runner(Protocol):
    """What widgets and operations need of a task runner."""

    def run(self, fn: Callable[[], Any], on_done: Done | None = None,
            on_failed: Failed | None = None, *, lane: str = "serial") -> int: ...

    def shutdown(self, timeout_ms: int = 5000) -> bool: ...

    @property
    def pending(self) -> int: ...


class _Relay(QObject):
    """Lives on the GUI thread; workers emit, the slot runs on the GUI thread (queued)."""

    finished = Signal(int, object, object)  # task id, result, exception


class _Job(QRunnable):
    def __init__(self, task_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task_id = task_id
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            self._relay.finished.emit(self._task_id, None, exc)
        else:
            self._relay.finished.emit(self._task_id, result, None)


class TaskRunner(QObject):
    """Runs callables on worker threads; callbacks always run on the GUI thread.

    Signals:
        idle: emitted when the last pending task has delivered its result.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None, parallel_threads: int = 2) -> None:
        super().__init__(parent)
        self._serial = QThreadPool(self)
        self._serial.setMaxThreadCount(1)
        self._serial.setExpiryTimeout(-1)  # keep the one thread (and its SQLite connection)
        self._parallel = QThreadPool(self)
        self._parallel.setMaxThreadCount(parallel_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._lock = threading.Lock()
        self._closed = False

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def run(self, fn: Callable[[], Any], on_done: Done | None = None,
            on_failed: Failed | None = None, *, lane: str = "serial") -> int:
        if self._closed:
            return 0
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_failed)
        pool = self._serial if lane == "serial" else self._parallel
        pool.start(_Job(task_id, fn, self._relay))
        return task_id

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: Any, exc: BaseException | None) -> None:
        on_done, on_failed = self._callbacks.pop(task_id, (None, None))
        try:
            if exc is not None:
                (on_failed or log_failure)(exc)
            elif on_done is not None:
                on_done(result)
        finally:
            if not self._callbacks:
                self.idle.emit()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Refuse new work and wait for running work to end (results are dropped)."""
        self._closed = True
        ok = self._serial.waitForDone(timeout_ms) and self._parallel.waitForDone(timeout_ms)
        self._callbacks.clear()
        return ok


class SyncTaskRunner:
    """Runs each task at once on the calling thread; for tests."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)

    @property
    def pending(self) -> int:
        return 0

    def run(self, fn: Callable[[], Any], on_done: Done | None = None,
            on_failed: Failed | None = None, *, lane: str = "serial") -> int:
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001
            (on_failed or log_failure)(exc)
        else:
            if on_done is not None:
                on_done(result)
        return next(self._ids)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        return True
