"""Score keys fill the grid in reading order; the audit's columns fit their words; the trend
chart's axis ends at the report's end date; the same word for the same act on both sides."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from station_app.domain.events import EventType
from tests.ui.console.test_audit import _keys, _select, _wait_list


def test_score_keys_fill_the_grid_in_reading_order(open_console, seeded, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    audit = window.audit
    _wait_list(qtbot, window, 4)
    _select(qtbot, window, seeded.yesterday[0]["id"])
    audit.table.setFocus()
    panel = audit.panel
    # where each indicator's buttons sit, in the order a reader reads the grid
    def place(i):
        label = panel.score_labels[i]
        return (label.mapTo(panel, label.rect().topLeft()).y(),
                label.mapTo(panel, label.rect().topLeft()).x())
    window.show()
    qtbot.waitUntil(window.isVisible)
    reading = sorted(range(len(panel.score_labels)), key=place)
    _keys(qtbot, audit.table, "R1234")
    filled = [panel.score_groups[i].checkedId() for i in reading]
    assert filled == [1, 2, 3, 4, -1], (reading, filled)


def test_audit_columns_fit_their_words(open_console, seeded, qtbot, chinese):
    window = open_console(seeded.tokens["reviewer"])
    window.show()
    audit = window.audit
    _wait_list(qtbot, window, 4)
    table, model = audit.table, audit.model
    metrics = table.fontMetrics()
    header = table.horizontalHeader()

    def check() -> None:
        for col in range(model.columnCount() - 1):  # the last one stretches
            words = [str(model.headerData(col, Qt.Orientation.Horizontal) or "")]
            words += [str(model.data(model.index(r, col)) or "")
                      for r in range(model.rowCount())]
            widest = max(metrics.horizontalAdvance(w) for w in words)
            assert header.sectionSize(col) >= widest + 6, (col, words)
    check()
    # a callback recorded: its column now holds longer words; they fit too
    _select(qtbot, window, seeded.yesterday[0]["id"])
    audit.table.setFocus()
    _keys(qtbot, audit.table, "R54544")
    audit.panel.note.setText("用户确认已修好")
    with qtbot.waitSignal(audit.acted, timeout=10_000):
        qtbot.keyClick(audit.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
    check()


def test_the_trend_axis_ends_at_the_reports_end_date(open_console, seeded, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    reports = window.reports
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
    end = date.today()
    start = date.fromordinal(end.toordinal() - 29)
    reports.date_from.setDate(QDate(start.year, start.month, start.day))
    reports.date_to.setDate(QDate(end.year, end.month, end.day))
    with qtbot.waitSignal(reports.loaded, timeout=10_000):
        reports.load_button.click()
    axis = reports.trend_chart.axes(Qt.Orientation.Horizontal)[0]
    last = axis.max().date()
    assert (last.year(), last.month(), last.day()) == (end.year, end.month, end.day)
    first = axis.min().date()
    assert (first.year(), first.month(), first.day()) == (start.year, start.month, start.day)


def test_the_same_word_for_sending_back_on_both_sides(chinese):
    from ui import labels
    app = QApplication.instance()
    assert app is not None
    console_word = QApplication.translate("AuditWidget", "Send back")
    assert console_word == "退回重办"
    assert labels.event_type(EventType.REOPENED) == console_word
    assert console_word in labels.notice("reopened")
