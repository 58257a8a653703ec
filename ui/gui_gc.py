"""Python's cycle collector runs on the GUI thread only.

Left automatic, the collector runs in whichever thread allocates when a threshold is passed —
a sync or HTTP worker — and may then destroy Qt objects owned by Python (a timer, a dialog's
wrapper) while the GUI thread is dispatching an event to them: a crash with no Python frame of
ours (the console's tests crashed so about one run in 25 under load, in `QObject::event` with
the collector running). So while the application runs the automatic collector is off and a
timer on the GUI thread collects, generation by generation, when the thresholds say so — what
qutebrowser does for the same reason.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


def collect_due() -> int:
    """Collect the generations whose thresholds are passed, youngest first (what the automatic
    collector would have done by now); the number of unreachable objects found."""
    found = 0
    for generation, threshold in enumerate(gc.get_threshold()):
        if gc.get_count()[generation] <= threshold:
            break
        found += gc.collect(generation)
    return found


class GuiThreadCollector(QObject):
    """Switches the automatic collector off for the application's life and collects from a
    timer on the thread that made it (the GUI thread)."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(collect_due)
        self._timer.start()
        gc.disable()
        self.destroyed.connect(lambda *_: gc.enable())


_installed: list[GuiThreadCollector] = []


def install(app: QObject) -> None:
    """Once per process (tests and the demo reuse one QApplication)."""
    if not _installed:
        _installed.append(GuiThreadCollector(app))
