"""Python's cycle collector runs on the GUI thread only (`ui.gui_gc`): garbage a worker thread
leaves behind is collected by the GUI thread's timer, never in the middle of the worker's own
allocations — where it would destroy Qt objects on the wrong thread."""

from __future__ import annotations

import gc
import threading

from ui import gui_gc


class _Cycle:
    def __init__(self, seen: list[str]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def test_a_workers_garbage_is_collected_on_the_gui_thread(qt_app, qtbot):
    seen: list[str] = []
    held: list[list[list[int]]] = []  # alive: the allocation count stays past the threshold

    def work() -> None:
        _Cycle(seen)  # unreachable at once, only the collector can free it
        threshold = gc.get_threshold()[0]
        held.append([[] for _ in range(threshold * 20)])  # twenty automatic collections' worth

    worker = threading.Thread(target=work, name="http-worker")
    worker.start()
    worker.join()
    assert seen == []  # nothing collected on the worker
    qtbot.waitUntil(lambda: seen != [], timeout=5 * gui_gc.INTERVAL_MS + 5_000)
    assert seen == [threading.main_thread().name]
    assert held and not gc.isenabled()


def test_collect_due_collects_only_what_the_thresholds_call_for(qt_app):
    gc.collect()
    assert gui_gc.collect_due() == 0  # counts are at zero: nothing is due
    seen: list[str] = []
    _Cycle(seen)
    kept = [[] for _ in range(gc.get_threshold()[0] + 1)]  # alive: the count stays up
    gui_gc.collect_due()
    assert kept and seen == [threading.main_thread().name]
