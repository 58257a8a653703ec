"""The countdown is always on screen: at 1280×720 the kind, number, customer, time left, status
and sync columns are in view whatever the address; the address is elided with the whole of it
in a tooltip; one countdown format."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from tests.ui import seed
from tests.ui.conftest import wait_idle
from ui import sla_badge
from ui.inbox_rows import Column

ESSENTIAL = (Column.KIND, Column.BUSINESS_NO, Column.CUSTOMER, Column.SLA, Column.STATUS,
             Column.SYNC)
LONG_PLACE = "安徽省合肥市肥西县桃花镇工业园区繁华大道与创新大道交口向东三百米路南某某机械厂院内"


def columns_in_view(window) -> dict[Column, bool]:
    table = window.inbox.table
    header = table.horizontalHeader()
    width = table.viewport().width()
    return {c: not header.isSectionHidden(c) and header.sectionViewportPosition(c) >= 0
            and header.sectionViewportPosition(c) + header.sectionSize(c) <= width
            for c in ESSENTIAL}


@pytest.mark.parametrize("width", [1280, 1100])
def test_essential_columns_fit_at_720_high_with_a_long_address(qtbot, window, station,
                                                               chinese, width):
    window.rebuild()
    oid = seed.issue(station, "rescue", location=LONG_PLACE)
    window.resize(width, 720)
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 1, timeout=5000)
    wait_idle(qtbot, window.ctx)
    qtbot.wait(50)
    assert all(columns_in_view(window).values()), columns_in_view(window)
    model = window.inbox_model
    place = model.index(0, Column.PLACE)
    assert model.data(place, Qt.ItemDataRole.ToolTipRole) == LONG_PLACE
    assert window.inbox.table.textElideMode() == Qt.TextElideMode.ElideRight
    assert window.devicePixelRatio() == float(os.environ.get("QT_SCALE_FACTOR", "1"))
    assert oid


def test_essential_columns_fit_at_twice_the_scale():
    """The same check in a fresh process at QT_SCALE_FACTOR=2 (Qt reads it at start-up)."""
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:randomly", "-p",
         "no:cacheprovider", "-k", "essential_columns_fit_at_720_high and 1280"],
        env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "1 passed" in done.stdout


def test_the_demo_gives_the_station_window_the_whole_width_of_a_small_screen(qtbot):
    from station_desk.demo.windows import _arrange
    station, printer, console = QWidget(), QWidget(), QWidget()
    for w in (station, printer, console):
        qtbot.addWidget(w)
    printer.resize(480, 700)
    _arrange(station, console, printer, QRect(0, 0, 1280, 720))
    assert station.width() == 1280


def test_one_countdown_format(english):
    texts = [sla_badge.format_time_left(timedelta(minutes=m, seconds=s))
             for m, s in ((14, 52), (23 * 60 + 59, 0), (3 * 24 * 60 + 120, 0), (-5, 0))]
    assert texts == ["14 min 52 s", "23 h 59 min", "3 d 2 h", "-5 min 00 s"]


def test_one_countdown_format_in_chinese(chinese):
    texts = [sla_badge.format_time_left(timedelta(minutes=m, seconds=s))
             for m, s in ((14, 52), (23 * 60 + 59, 0), (3 * 24 * 60 + 120, 0))]
    assert texts == ["14分52秒", "23小时59分", "3天2小时"]
