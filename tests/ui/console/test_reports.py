"""Reports against a real call center: the per-station table equals numbers computed by hand
from a small fixed fixture; the CSV opens with the right columns and the Chinese intact."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt

from station_app import wire
from station_app.console_client import CallCenterClient
from station_app.domain.events import CallbackOutcome
from tests.ui.console import seed
from ui.console import report_table

DAY = date(2026, 11, 17)  # a Tuesday: working hours 8:00–20:00 all day


def at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=seed.ZONE) \
        + timedelta(days=days)


@pytest.fixture
def fixture_server(server):
    """North: A rescue contact 10 min (met), done in 2 h (met), callback 5,5,4,4,5 (4.6),
    closed; B rescue contact 30 min (missed, limit 15), done after 26 h (missed, limit 24 h),
    callback 3×5 (3.0). Lu'an: C dispatch contact 20 min (met), done same day, then reopened —
    its deadlines restart at the reopen and run, so neither counts (a reopen starts over,
    docs/sla-policy.md); D dispatch contact after 2 h (missed, limit 60 working min), done same day
    (met), callback no answer (no score)."""
    tokens = {code: server.add_station(code, name) for code, name in seed.STATIONS.items()}
    reviewer_token = server.add_user("审核员 王芳", "reviewer")
    plan = {
        "A": (seed.NORTH, "rescue", at(9), at(9, 10), at(11)),
        "B": (seed.NORTH, "rescue", at(10), at(10, 30), at(12, days=1)),
        "C": (seed.LUAN, "dispatch", at(9), at(9, 20), at(15)),
        "D": (seed.LUAN, "dispatch", at(10), at(12), at(16)),
    }
    ids = {}
    for key, (code, kind, issued, contact, done) in plan.items():
        order = server.issue_order(code, kind=kind, issued_at=issued.isoformat())
        ids[key] = order["id"]
        station = server.client(tokens[code])
        steps = [("received", {}), ("contact_attempt", {"outcome": "reached"}),
                 ("completed", seed.COMPLETED)]
        for (etype, payload), when in zip(steps, (issued + timedelta(minutes=1), contact, done),
                                          strict=True):
            seed.work(station, order["id"], when, [(etype, payload)])
    with CallCenterClient(server.base_url, reviewer_token) as reviewer:
        reviewer.callback(ids["A"], CallbackOutcome.REACHED, "",
                          wire.Scores(skill=5, attitude=5, timeliness=4, parts=4, overall=5))
        reviewer.close_order(ids["A"])
        reviewer.callback(ids["B"], CallbackOutcome.REACHED, "",
                          wire.Scores(skill=3, attitude=3, timeliness=3, parts=3, overall=3))
        reviewer.reopen(ids["C"], "复核发现未修好")
        reviewer.callback(ids["D"], CallbackOutcome.NO_ANSWER, "")
    return reviewer_token


EXPECTED = [
    # code, name, orders, contact met %, completion met %, callback met %, mean, closed %,
    # reopened %, closed without callback, urges. The callbacks are made now, long after
    # the next working day of the completions: missed (A, B) or still open and breached (D).
    [seed.NORTH, "合肥北城服务站", "2", "50", "50", "0", "3.8", "50", "0", "0", "0"],
    [seed.LUAN, "六安金安服务站", "2", "0", "100", "0", "—", "0", "50", "0", "0"],
]


def _load(qtbot, window) -> None:
    reports = window.reports
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
    reports.date_from.setDate(QDate(DAY.year, DAY.month, DAY.day))
    reports.date_to.setDate(QDate(DAY.year, DAY.month, DAY.day + 1))
    with qtbot.waitSignal(reports.loaded, timeout=10_000):
        reports.load_button.click()


def test_report_numbers_equal_the_hand_computed_fixture(open_console, fixture_server, qtbot):
    window = open_console(fixture_server)
    _load(qtbot, window)
    model = window.reports.model
    shown = [[model.item(r, c).text() for c in range(model.columnCount())]
             for r in range(model.rowCount())]
    assert shown == EXPECTED
    trend = window.reports.trend
    assert trend is not None and [d.date for d in trend.days] == [DAY, DAY + timedelta(days=1)]
    assert window.reports.sla_chart.series() and window.reports.trend_chart.series()


def test_csv_export_opens_with_the_right_columns_and_chinese_intact(open_console,
                                                                    fixture_server, qtbot,
                                                                    tmp_path, chinese):
    window = open_console(fixture_server)
    _load(qtbot, window)
    path = tmp_path / "报表.csv"
    with qtbot.waitSignal(window.reports.exported, timeout=10_000):
        window.reports.export(str(path))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == report_table.headers()
    assert rows[0][1] == "服务站" and rows[0][3] == "联系及时率 %"
    assert rows[1:] == [[("" if v == "—" else v) for v in r] for r in EXPECTED]


def _save_in_dialog(qtbot, window, path) -> None:
    """Type the file name into the save dialog the export opened, as a user would."""
    from PySide6.QtWidgets import QFileDialog, QLineEdit
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QFileDialog)),
                    timeout=5000)
    dialog = next(d for d in window.findChildren(QFileDialog) if d.isVisible())
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    name.setText(str(path))
    with qtbot.waitSignal(window.reports.exported, timeout=10_000) as done:
        qtbot.keyClick(name, Qt.Key.Key_Return)
    assert done.args == [str(path)]


@pytest.mark.parametrize("how", ["button", "shortcut"])
def test_csv_export_from_the_button_and_ctrl_e_writes_the_file(open_console, fixture_server,
                                                              qtbot, tmp_path, chinese, how):
    window = open_console(fixture_server)
    window.show()
    window.tabs.setCurrentWidget(window.reports)
    _load(qtbot, window)
    path = tmp_path / f"报表-{how}.csv"
    if how == "button":
        qtbot.mouseClick(window.reports.export_button, Qt.MouseButton.LeftButton)
    else:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        qtbot.keyClick(window.reports.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    _save_in_dialog(qtbot, window, path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == report_table.headers()
    assert rows[1:] == [[("" if v == "—" else v) for v in r] for r in EXPECTED]
    assert str(path) in window.statusBar().currentMessage()  # and it says where
