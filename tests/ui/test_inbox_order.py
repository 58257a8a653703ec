"""Urgent first, and still: the open list is ordered breached, then least time left, a rescue
first on ties; a new arrival never moves the selected row or the row under the pointer; the
filter tabs show their counts."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from tests.ui import seed
from tests.ui.conftest import wait_idle
from ui.inbox_view import HOLD_MS


def rows(window) -> list:
    model = window.inbox_model
    return [model.order_id(r) for r in range(model.rowCount())]


def test_open_orders_are_ordered_by_urgency(qtbot, window, station):
    now = station.now()
    repair = seed.issue(station, "repair", issued_at=now - timedelta(minutes=1))
    complaint = seed.issue(station, "complaint", complaint_level="strong",
                           issued_at=now - timedelta(minutes=1))  # 29 min left
    rescue = seed.issue(station, "rescue", issued_at=now - timedelta(minutes=1))  # 14 min
    breached = seed.issue(station, "repair", issued_at=now - timedelta(days=9))
    # the same deadline to the second: the rescue goes first
    tie_complaint = seed.issue(station, "complaint", complaint_level="strong",
                               issued_at=now - timedelta(minutes=25))
    tie_rescue = seed.issue(station, "rescue", issued_at=now - timedelta(minutes=10))
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 6, timeout=5000)
    wait_idle(qtbot, window.ctx)
    assert rows(window) == [breached, tie_rescue, tie_complaint, rescue, complaint, repair]


def test_a_new_arrival_does_not_move_the_selected_row(qtbot, window, station):
    now = station.now()
    for i in range(60):
        seed.issue(station, "repair", customer=i, issued_at=now - timedelta(minutes=i))
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 60, timeout=5000)
    wait_idle(qtbot, window.ctx)
    table = window.inbox.table
    chosen = rows(window)[30]
    qtbot.waitUntil(lambda: window.inbox.select_order(chosen), timeout=5000)
    y = table.visualRect(window.inbox_model.index(30, 1)).top()
    assert 0 < y < table.viewport().height()
    seed.issue(station, "rescue", business_no="RS-NEW")  # the most urgent: sorted on top
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 61, timeout=5000)
    wait_idle(qtbot, window.ctx)
    row = window.inbox_model.row_of(chosen)
    assert row == 31 and window.inbox.current_order() == chosen
    assert table.visualRect(window.inbox_model.index(row, 1)).top() == y  # not moved


def test_a_new_arrival_does_not_move_the_row_under_the_pointer(qtbot, window, station):
    now = station.now()
    for i in range(8):
        seed.issue(station, "repair", customer=i, issued_at=now - timedelta(minutes=i))
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 8, timeout=5000)
    table = window.inbox.table
    pos = table.visualRect(window.inbox_model.index(3, 1)).center()
    qtbot.mouseMove(table.viewport(), pos)
    under = window.inbox_model.order_id(table.rowAt(pos.y()))
    seed.issue(station, "rescue", business_no="RS-NEW2")
    qtbot.waitUntil(lambda: window.inbox_model.holding, timeout=5000)  # the new list waits
    wait_idle(qtbot, window.ctx)
    assert window.inbox_model.order_id(table.rowAt(pos.y())) == under
    # the click lands on the order that was under the pointer
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: window.inbox.current_order() == under, timeout=5000)
    # the pointer leaves: the new order takes its place on top, the selection stays
    QApplication.sendEvent(table.viewport(), QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 9, timeout=5000)
    assert window.inbox_model.summary(window.inbox_model.order_id(0)).business_no == "RS-NEW2"
    assert window.inbox.current_order() == under
    wait_idle(qtbot, window.ctx)


def test_a_pointer_resting_on_the_list_does_not_hold_it_forever(qtbot, window, station):
    seed.issue(station, "repair")
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 1, timeout=5000)
    table = window.inbox.table
    qtbot.mouseMove(table.viewport(), table.visualRect(window.inbox_model.index(0, 1)).center())
    seed.issue(station, "rescue", business_no="RS-REST")
    qtbot.waitUntil(lambda: window.inbox_model.holding, timeout=5000)
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 2, timeout=HOLD_MS + 3000)
    QApplication.sendEvent(table.viewport(), QEvent(QEvent.Type.Leave))
    wait_idle(qtbot, window.ctx)


def test_filter_tabs_show_their_counts(qtbot, window, station, chinese):
    window.rebuild()
    now = station.now()
    for i in range(3):
        seed.issue(station, "repair", customer=i)
    seed.issue(station, "repair", issued_at=now - timedelta(days=9))
    seed.issue(station, "rescue", issued_at=now - timedelta(hours=2))
    tabs = window.inbox.tabs
    qtbot.waitUntil(lambda: tabs.tabText(0) == "未完成 5", timeout=5000)
    qtbot.waitUntil(lambda: tabs.tabText(2) == "已超时 2", timeout=5000)
    wait_idle(qtbot, window.ctx)


def test_a_new_arrival_does_not_move_the_selected_row_in_a_short_list(qtbot, window, station):
    """Five orders fit on screen with room to spare: the list cannot scroll, yet the new one on
    top must not push the selected row down a line (the clerk's click would land on another)."""
    now = station.now()
    for i in range(5):
        seed.issue(station, "repair", customer=i, issued_at=now - timedelta(minutes=i))
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 5, timeout=5000)
    wait_idle(qtbot, window.ctx)
    table = window.inbox.table
    assert table.verticalScrollBar().maximum() == 0  # too short to scroll
    chosen = rows(window)[2]
    qtbot.waitUntil(lambda: window.inbox.select_order(chosen), timeout=5000)
    y = table.visualRect(window.inbox_model.index(2, 1)).top()
    seed.issue(station, "rescue", business_no="RS-SHORT")  # the most urgent: sorted on top
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 6, timeout=5000)
    wait_idle(qtbot, window.ctx)
    row = window.inbox_model.row_of(chosen)
    assert row == 3 and window.inbox.current_order() == chosen
    assert table.visualRect(window.inbox_model.index(row, 1)).top() == y  # not moved
    assert window.inbox_model.summary(window.inbox_model.order_id(0)).business_no == "RS-SHORT"
    # the new order is one line up, out of sight until the clerk scrolls to it
    table.verticalScrollBar().setValue(0)
    assert table.rowAt(0) == 0
    assert table.visualRect(window.inbox_model.index(row, 1)).top() > y
    table.doItemsLayout()
    assert table.verticalScrollBar().maximum() == 0  # back at the top: the slack is gone
