"""A keyboard-only walk, no mouse: a rescue arrives; Tab to the list, arrow to it, Enter
receives it; F2 records the contact; F7 the departure (the technician typed in its dialog);
F9 the completion (its form filled with typing and Tab); Ctrl+P prints the outside-service
form on the (virtual) receipt printer; F1 lists the keys. Every key goes to the widget that
has the focus, as it would for a clerk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from printers.emulator import VirtualPrinter
from station_app.domain.events import EventType
from station_app.domain.lifecycle import Status
from tests.ui import seed
from tests.ui.conftest import wait_idle
from ui import services


@pytest.fixture
def vprinter(tmp_path) -> Iterator[VirtualPrinter]:
    printer = VirtualPrinter(80, link=tmp_path / "ttyPRN").start()
    yield printer
    printer.stop()


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """One key press to whatever has the focus now."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    if target is None:  # a dialog just closed: the window manager gives the window back
        from ui.main_window import MainWindow
        target = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        target.activateWindow()
        qtbot.waitUntil(target.isActiveWindow, timeout=2000)
        target = QApplication.focusWidget() or target
    qtbot.keyClick(target, k, modifier)


def type_text(qtbot, text: str) -> None:
    QTest.keyClicks(QApplication.focusWidget(), text)  # (an IME types Chinese; keys, Latin)


def tab_until(qtbot, found, limit: int = 40) -> None:
    for _ in range(limit):
        if found(QApplication.focusWidget()):
            return
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached it; focus is on {QApplication.focusWidget()}")


def test_receive_contact_depart_complete_and_print_without_the_mouse(
        qtbot, window, station, ctx, vprinter, english):
    station.set_settings({"printer": {"port": vprinter.port_name, "paper": 80}})
    services.apply_printer(ctx, station.settings.all())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    oid = seed.issue(station, "rescue", business_no="RS-KEYS-1")
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 1, timeout=5000)

    # receiving: Tab to the list, Down to the order, Enter
    tab_until(qtbot, lambda w: w is window.inbox.table)
    with qtbot.waitSignal(window.orders.detail_shown, timeout=5000):
        key(qtbot, Qt.Key.Key_Down)
    assert window.alerts.repeating  # looking is not receiving
    with qtbot.waitSignal(window.orders.opened, timeout=5000):
        key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.orders.detail.state.status is Status.RECEIVED, timeout=5000)
    assert not window.alerts.repeating

    # contact: F2
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        key(qtbot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.orders.detail.state.status is Status.CONTACTED, timeout=5000)

    # departure: F7, the technician typed, Enter
    with qtbot.waitSignal(window.orders.dialog_opened, timeout=5000) as opened:
        key(qtbot, Qt.Key.Key_F7)
    departure = opened.args[0]
    qtbot.waitUntil(lambda: departure.isActiveWindow(), timeout=2000)
    tab_until(qtbot, lambda w: w is departure.technicians)
    type_text(qtbot, "Wang")
    with qtbot.waitSignal(window.orders.recorded, timeout=5000) as rec:
        key(qtbot, Qt.Key.Key_Return)
    assert rec.args[0].type is EventType.DEPARTED
    qtbot.waitUntil(lambda: window.orders.detail.state.status is Status.DEPARTED, timeout=5000)

    # completion: F9, the form filled by typing and Tab, Enter on OK
    with qtbot.waitSignal(window.orders.dialog_opened, timeout=5000) as opened:
        key(qtbot, Qt.Key.Key_F9)
    completion = opened.args[0]
    qtbot.waitUntil(lambda: completion.isActiveWindow(), timeout=2000)
    tab_until(qtbot, lambda w: w is completion.work_done)
    type_text(qtbot, "Replaced the fuel pump relay, test drive OK")
    tab_until(qtbot, lambda w: w is completion.technicians)
    if not completion.technicians.text():
        type_text(qtbot, "Wang")
    with qtbot.waitSignal(window.orders.recorded, timeout=5000) as rec:
        key(qtbot, Qt.Key.Key_Return)
    assert rec.args[0].type is EventType.COMPLETED
    qtbot.waitUntil(lambda: window.orders.detail.state.status is Status.COMPLETED, timeout=5000)
    assert window.detail.next_step.isVisible()  # the print is offered

    # printing: Ctrl+P
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    with qtbot.waitSignal(window.orders.printed, timeout=5000):
        key(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 1, timeout=15_000)
    assert "RS-KEYS-1" in vprinter.cut_receipts[0]
    qtbot.waitUntil(lambda: any(e.event.type is EventType.FORM_PRINTED
                                for e in window.orders.detail.timeline), timeout=10_000)

    # and F1 says all of it
    with qtbot.waitSignal(window.dialog_opened, timeout=5000) as opened:
        key(qtbot, Qt.Key.Key_F1)
    keys = opened.args[0].shortcuts()
    assert {"F2", "F7", "F9", "Ctrl+P", "Enter"} <= set(keys)
    opened.args[0].reject()
    assert oid
    wait_idle(qtbot, window.ctx)
