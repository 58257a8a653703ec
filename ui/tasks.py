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
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

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
    """Lives on the GUI thread and hands it the workers' results in bursts.

    A worker appends its result; only the first one since the GUI thread last took them emits
    ``ready`` (queued to the GUI thread). A thousand quick tasks finishing together are then
    delivered in one entry into Python instead of a thousand, each of which would have waited
    for the interpreter lock held by the workers still running.
    """

    ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._results: list[tuple[int, Any, BaseException | None]] = []

    def put(self, task_id: int, result: Any, exc: BaseException | None) -> None:
        with self._lock:
            self._results.append((task_id, result, exc))
            first = len(self._results) == 1
        if first:
            self.ready.emit()

    def take(self) -> list[tuple[int, Any, BaseException | None]]:
        with self._lock:
            results, self._results = self._results, []
        return results


class TaskRunner(QObject):
    """Runs callables on worker threads; callbacks always run on the GUI thread.

    The workers are Python threads that live as long as the runner, so per-thread state
    (peewee's SQLite connection) is made once and reused — a QThreadPool thread gets a fresh
    Python thread state for every job.

    Signals:
        idle: emitted when the last pending task has delivered its result.
    """

    idle = Signal()

    def __init__(self, parent: QObject | None = None, parallel_threads: int = 2) -> None:
        super().__init__(parent)
        self._serial = ThreadPoolExecutor(1, thread_name_prefix="ui-serial")
        self._parallel = ThreadPoolExecutor(parallel_threads, thread_name_prefix="ui-parallel")
        self._relay = _Relay(self)
        self._relay.ready.connect(self._deliver_all)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
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
        pool.submit(self._job, task_id, fn)
        return task_id

    def _job(self, task_id: int, fn: Callable[[], Any]) -> None:
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            self._emit(task_id, None, exc)
        else:
            self._emit(task_id, result, None)

    def _emit(self, task_id: int, result: Any, exc: BaseException | None) -> None:
        try:
            self._relay.put(task_id, result, exc)
        except RuntimeError:  # the runner was deleted while the job ran: nobody is waiting
            pass

    @Slot()
    def _deliver_all(self) -> None:
        """Every result that came since the last time, in the order the tasks finished; a
        callback that raises does not keep the others from theirs (the first error is raised
        again after them, where Qt reports it)."""
        first_error: BaseException | None = None
        for task_id, result, exc in self._relay.take():
            try:
                self._deliver(task_id, result, exc)
            except Exception as error:  # noqa: BLE001 - raised again below
                if first_error is None:
                    first_error = error
                else:
                    log.error("a task's callback failed", exc_info=error)
        if first_error is not None:
            raise first_error

    def _deliver(self, task_id: int, result: Any, exc: BaseException | None) -> None:
        if task_id not in self._callbacks:
            return
        on_done, on_failed = self._callbacks.pop(task_id)
        try:
            if exc is not None:
                (on_failed or log_failure)(exc)
            elif on_done is not None:
                on_done(result)
        finally:
            if not self._callbacks:
                self.idle.emit()

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Refuse new work, drop work not started, wait for running work (results are
        dropped); the worker threads end."""
        self._closed = True
        self._callbacks.clear()
        self._serial.shutdown(wait=True, cancel_futures=True)
        self._parallel.shutdown(wait=True, cancel_futures=True)
        return True


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
