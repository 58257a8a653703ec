"""One refresh per change: a write refreshes the detail once and the sync status once, from
the core's one public change notice (the task's own result does not reload as well)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import open_order, press
from ui.main_window import COALESCE_MS


def test_one_write_refreshes_the_detail_and_the_sync_status_once(qtbot, window, station):
    oid = seed.issue(station, "dispatch")
    open_order(qtbot, window, oid)
    wait_idle(qtbot, window.ctx)
    qtbot.wait(COALESCE_MS * 3)
    details, statuses = [], []
    window.orders.detail_shown.connect(details.append)
    window.sync_status_shown.connect(statuses.append)
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        press(qtbot, window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: len(details) >= 1, timeout=5000)
    qtbot.wait(COALESCE_MS * 4)
    wait_idle(qtbot, window.ctx)
    qtbot.wait(COALESCE_MS * 2)
    wait_idle(qtbot, window.ctx)
    assert len(details) == 1, details
    assert details[0].state.contact_attempts == 1
    assert len(statuses) == 1, statuses


def test_the_sync_layer_uses_the_cores_public_notice(station):
    seen = []
    station.on_orders_changed(lambda ids, new: seen.append((ids, new)))
    oid = seed.issue(station, "dispatch")
    seen.clear()
    station.publish_changes([oid])
    assert seen == [([oid], [])]
