"""Browsing is not receiving: arrows and Tab only move; Enter, a double-click or the alert's
button records 已接收, and the rescue alarm keeps sounding until then."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from station_app.domain.events import EventType
from station_app.domain.lifecycle import Status
from tests.ui import seed
from tests.ui.conftest import wait_idle


def received(station, oid) -> bool:
    return any(e.event.type is EventType.RECEIVED for e in station.order(oid).timeline)


def focus_table(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.inbox.table.setFocus()
    qtbot.waitUntil(lambda: window.inbox.table.hasFocus(), timeout=2000)


def test_arrows_and_tab_browse_without_receiving(qtbot, window, station):
    ids = [seed.issue(station, "dispatch", customer=i) for i in range(3)]
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 3, timeout=5000)
    focus_table(qtbot, window)
    table = window.inbox.table
    for _ in range(3):
        with qtbot.waitSignal(window.orders.detail_shown, timeout=5000):
            qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    wait_idle(qtbot, window.ctx)
    assert window.orders.detail is not None  # the order is on screen ...
    assert not any(received(station, oid) for oid in ids)  # ... but not received
    assert all(station.order(oid).state.status is Status.NEW for oid in ids)
    assert window.windowTitle().startswith("(3) ")
    # Tab leaves the list for the detail and its actions; Shift+Tab comes back
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is not table and window.detail.isAncestorOf(focused)
    for _ in range(30):
        if QApplication.focusWidget() in window.detail.action_bar.buttons.values():
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in window.detail.action_bar.buttons.values()
    wait_idle(qtbot, window.ctx)
    assert not any(received(station, oid) for oid in ids)


def test_enter_receives_the_order_on_screen(qtbot, window, station):
    oid = seed.issue(station, "dispatch")
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 1, timeout=5000)
    focus_table(qtbot, window)
    with qtbot.waitSignal(window.orders.detail_shown, timeout=5000):
        qtbot.keyClick(window.inbox.table, Qt.Key.Key_Down)
    assert window.detail.receive_button.isVisible()
    with qtbot.waitSignal(window.orders.opened, timeout=5000):
        qtbot.keyClick(window.inbox.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: received(station, oid), timeout=5000)
    qtbot.waitUntil(lambda: not window.detail.receive_button.isVisible(), timeout=5000)
    assert not window.windowTitle().startswith("(")
    wait_idle(qtbot, window.ctx)


def test_double_click_receives(qtbot, window, station):
    oid = seed.issue(station, "repair")
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 1, timeout=5000)
    table = window.inbox.table
    rect = table.visualRect(window.inbox_model.index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.orders.detail is not None, timeout=5000)
    wait_idle(qtbot, window.ctx)
    assert not received(station, oid)
    with qtbot.waitSignal(window.orders.opened, timeout=5000):
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: received(station, oid), timeout=5000)
    wait_idle(qtbot, window.ctx)


def test_rescue_alert_stays_until_its_button_receives_it(qtbot, window, station, sound):
    dispatch = seed.issue(station, "dispatch")
    qtbot.waitUntil(lambda: sound.played == [False], timeout=5000)
    rescue = seed.issue(station, "rescue", business_no="RS-88")
    qtbot.waitUntil(lambda: window.alerts.repeating, timeout=5000)
    banner = window.alert_banner
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    assert "RS-88" in banner.text.text()
    # looking at it is not receiving it
    focus_table(qtbot, window)
    qtbot.waitUntil(lambda: window.inbox.select_order(rescue), timeout=5000)
    qtbot.waitUntil(lambda: window.orders.detail is not None, timeout=5000)
    wait_idle(qtbot, window.ctx)
    assert window.alerts.repeating and banner.isVisible()
    assert not received(station, rescue)
    with qtbot.waitSignal(window.orders.opened, timeout=5000):
        qtbot.mouseClick(banner.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: received(station, rescue), timeout=5000)
    assert not window.alerts.repeating
    assert window.orders.order_id == rescue
    assert banner.isVisible()  # the dispatch order still waits to be received
    assert not received(station, dispatch)
    wait_idle(qtbot, window.ctx)
