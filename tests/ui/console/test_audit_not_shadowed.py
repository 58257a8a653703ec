"""The audit list's J/K step moves the selection without replacing `QWidget.move()`."""

from __future__ import annotations

from PySide6.QtCore import QPoint


def test_audit_widget_keeps_qwidget_move_and_j_k_still_step(open_console, seeded, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    audit = window.audit
    qtbot.waitUntil(lambda: audit.model.rowCount() == 4, timeout=10_000)
    audit.move(3, 4)  # Qt's QWidget.move(x, y)
    assert audit.pos() == QPoint(3, 4)
    audit.table.selectRow(0)
    audit.step_selection(1)  # what J does
    assert audit.table.currentIndex().row() == 1
    audit.step_selection(-1)  # K
    assert audit.table.currentIndex().row() == 0
