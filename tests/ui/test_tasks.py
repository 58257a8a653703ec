"""The task runner: work runs off the GUI thread, results and errors come back on it."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from ui.tasks import SyncTaskRunner, TaskRunner


def test_result_and_error_are_delivered_on_the_gui_thread(qtbot, qt_app):
    runner = TaskRunner()
    gui = threading.get_ident()
    seen: list[tuple[str, object, int]] = []
    worker_threads: list[int] = []

    def work() -> int:
        worker_threads.append(threading.get_ident())
        return 42

    def boom() -> None:
        raise ValueError("nope")

    runner.run(work, lambda r: seen.append(("done", r, threading.get_ident())))
    runner.run(boom, None, lambda e: seen.append(("failed", str(e), threading.get_ident())))
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen == [("done", 42, gui), ("failed", "nope", gui)]
    assert worker_threads and worker_threads[0] != gui
    runner.shutdown()


def test_serial_lane_keeps_order_and_one_thread(qtbot, qt_app):
    runner = TaskRunner()
    order: list[int] = []
    threads: set[int] = set()

    def job(i: int):
        def run() -> int:
            threads.add(threading.get_ident())
            return i
        return run

    for i in range(20):
        runner.run(job(i), order.append)
    with qtbot.waitSignal(runner.idle, timeout=5000):
        pass
    assert order == list(range(20))
    assert len(threads) == 1
    runner.shutdown()


def test_shutdown_drops_late_results_and_refuses_new_work(qtbot, qt_app):
    runner = TaskRunner()
    release = threading.Event()
    delivered: list[object] = []
    runner.run(lambda: release.wait(5), delivered.append)
    threading.Timer(0.05, release.set).start()
    assert runner.shutdown()
    assert runner.run(lambda: 1, delivered.append) == 0
    qtbot.wait(50)  # let any queued delivery run: none may arrive
    assert delivered == []


def test_synchronous_runner_for_tests():
    runner = SyncTaskRunner()
    out: list[object] = []
    runner.run(lambda: 5, out.append)
    runner.run(lambda: 1 / 0, None, out.append)
    assert out[0] == 5 and isinstance(out[1], ZeroDivisionError)


@pytest.mark.parametrize("lane", ["serial", "parallel"])
def test_both_lanes_deliver(qtbot, qt_app, lane):
    runner = TaskRunner()
    out: list[int] = []
    runner.run(lambda: 7, out.append, lane=lane)
    qtbot.waitUntil(lambda: out == [7])
    runner.shutdown()


def test_emitting_a_signal_does_not_drop_a_reference_to_true(qt_app):
    """PySide6 6.12.0 released a reference to True on every emit from Python, so a window
    ticking once a second aborted after a while ("bool_dealloc"); that version is excluded."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        ping = Signal(int)

    emitter = Emitter()
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.ping.emit(1)
    assert sys.getrefcount(True) - before >= 0


def _entries_named(name: str, fn) -> int:
    """How many times Qt entered Python at a function called ``name`` while ``fn`` ran."""
    caller, seen = sys._getframe(), [0]

    def hook(frame, event, arg):
        if event == "call" and frame.f_back is caller and frame.f_code.co_name == name:
            seen[0] += 1
    sys.setprofile(hook)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return seen[0]


def _until_all_waiting(runner: TaskRunner, count: int) -> None:
    """Until the workers have handed over ``count`` results, without letting the GUI thread
    take any (no events are processed meanwhile)."""
    deadline = time.monotonic() + 10
    while len(runner._relay._results) < count:
        assert time.monotonic() < deadline, "the workers did not finish"
        time.sleep(0.001)


def test_results_that_finish_together_arrive_in_one_entry_in_order(qtbot, qt_app):
    runner = TaskRunner()
    out: list[int] = []
    for i in range(200):
        runner.run(lambda i=i: i, out.append)
    _until_all_waiting(runner, 200)
    assert _entries_named("_deliver_all", qt_app.app.processEvents) == 1
    assert out == list(range(200)) and runner.pending == 0
    runner.shutdown()


def test_a_callback_that_raises_does_not_lose_the_results_after_it(qtbot, qt_app):
    runner = TaskRunner()
    out: list[int] = []

    def fussy(value: int) -> None:
        if value == 3:
            raise RuntimeError("a bug in one callback")
        out.append(value)
    for i in range(6):
        runner.run(lambda i=i: i, fussy)
    _until_all_waiting(runner, 6)
    with qtbot.captureExceptions() as errors:
        qt_app.app.processEvents()
    assert out == [0, 1, 2, 4, 5]
    assert [str(e[1]) for e in errors] == ["a bug in one callback"]
    runner.shutdown()


def test_changed_orders_reported_together_come_as_one_signal(qtbot, qt_app):
    import uuid

    from ui.bridge import SyncBridge

    bridge = SyncBridge()
    orders = [uuid.uuid4() for _ in range(5)]
    got: list[tuple[list, list]] = []
    bridge.orders_changed.connect(lambda ids, new: got.append((ids, new)))

    def worker() -> None:  # a sync thread: acknowledgements, then a page with a new order
        for oid in orders[:4]:
            bridge.on_orders_changed([oid], [])
        bridge.on_orders_changed([orders[1], orders[4]], [orders[4]])
    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert got == []  # queued for the GUI thread
    qt_app.app.processEvents()
    assert got == [(orders, [orders[4]])]
    bridge.on_orders_changed([orders[0]], [])
    qtbot.waitUntil(lambda: len(got) == 2)
    assert got[1] == ([orders[0]], [])
