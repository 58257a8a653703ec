"""The status bar tells the printer's state even when the queue spoke before the window
listened (it starts before the window is built)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from printers.emulator import VirtualPrinter
from ui import services

pytestmark = pytest.mark.gui


@pytest.fixture
def vprinter(tmp_path) -> Iterator[VirtualPrinter]:
    printer = VirtualPrinter(80, link=tmp_path / "ttyPRN").start()
    yield printer
    printer.stop()


def test_ready_printer_shows_ready_in_a_window_opened_later(qtbot, ctx, station, vprinter,
                                                             sound, english):
    from ui.main_window import MainWindow

    station.settings.set_many({"printer": {"port": vprinter.port_name, "paper": 80}})
    services.apply_printer(ctx, station.settings.all())
    queue = ctx.print_queue
    assert queue is not None
    qtbot.waitUntil(lambda: queue.printer_state.state == "ready", timeout=10_000)

    win = MainWindow(ctx, sound=sound)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10_000):
        win.show()
    assert win.status.printer.text() == "● Printer ready"
    win.close()
