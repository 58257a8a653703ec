"""The station window on a really full disk (a small tmpfs): the clerk presses a shortcut and
is told, in words, that the disk is full and nothing of the entry was saved; once space is
freed the same window records again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from station_app.station import Station
from tests.support.small_disk import disk_filled
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import open_order, press


@pytest.fixture
def station(small_disk: Path) -> Iterator[Station]:
    st = seed.open_station(small_disk / "station")
    yield st
    st.close()


def test_a_full_disk_is_said_in_the_window_and_nothing_is_saved(qtbot, window, station,
                                                                 messages, small_disk):
    oid = seed.issue(station, "rescue")
    qtbot.waitUntil(lambda: window.inbox_model.row_of(oid) is not None)
    open_order(qtbot, window, oid)
    wait_idle(qtbot, window.ctx)  # its `received` recorded
    waiting = station.sync_status().events_waiting
    with disk_filled(small_disk):
        for _ in range(200):  # until the last free page is gone
            press(qtbot, window, Qt.Key.Key_F3)
            wait_idle(qtbot, window.ctx)
            shown = messages.take()
            if shown:
                break
        assert shown and shown[0][0] == "error", shown
        text = shown[0][1]
        assert "disk holding the station data is full" in text or "磁盘已满" in text, text
        assert str(small_disk) in text and "MB" in text
        assert "Traceback" not in text and "OperationalError" not in text
        full_at = station.sync_status().events_waiting
    assert full_at >= waiting
    press(qtbot, window, Qt.Key.Key_F3)  # space freed: the same window records again
    wait_idle(qtbot, window.ctx)
    assert station.sync_status().events_waiting > full_at
    assert station.sync_status().last_error_en == ""
    assert messages.take() == []
