"""The reviewer's confirmations: close (审核关单) with its date, a note and — when the callback is
not finished — the reason to close without one; send-back (退回) as re-fill or redo, with the
reason the station sees; the table of time limits in force."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app import console_wire
from ui.dialogs.field_errors import FieldErrors
from ui.dialogs.small import ok_cancel


def _text_box(parent: QWidget, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(80)
    return box


class CloseDialog(QDialog):
    """Confirm the close: its date (not in the future, not before the completion), a note, and
    the reason when there is no finished callback."""

    def __init__(self, business_no: str, today: date, completed: date | None,
                 callback_finished: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closeDialog")
        self.setWindowTitle(self.tr("Close %1").replace("%1", business_no))
        self.errors = FieldErrors(self)
        self._today, self._completed = today, completed
        self.close_date = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.close_date.setObjectName("closeDate")
        self.close_date.setCalendarPopup(True)
        self.close_date.setDisplayFormat("yyyy-MM-dd")
        self.close_date.setMaximumDate(QDate(today.year, today.month, today.day))
        if completed is not None:
            self.close_date.setMinimumDate(QDate(completed.year, completed.month, completed.day))
        self.note = _text_box(self, "closeNote")
        self.without_callback = _text_box(self, "withoutCallbackReason")
        form = QFormLayout()
        self.errors.add_row(form, "close_date", self.tr("Close date"), self.close_date)
        self.errors.add_row(form, "note", self.tr("Note"), self.note)
        self.needs_reason = not callback_finished
        if self.needs_reason:
            warn = QLabel(self.tr("The callback is not finished (reached, or unreachable after "
                                  "the attempts). Closing without it needs the reason; the "
                                  "report counts it."), self)
            warn.setWordWrap(True)
            warn.setStyleSheet("color: #c62828;")
            form.addRow(warn)
            self.errors.add_row(form, "without_callback_reason",
                                self.tr("Closed without callback because"),
                                self.without_callback)
        else:
            self.without_callback.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, self.tr("Close the order")))
        self.resize(520, 300)

    def values(self) -> tuple[date, str, str]:
        d = self.close_date.date()
        reason = self.without_callback.toPlainText().strip() if self.needs_reason else ""
        return date(d.year(), d.month(), d.day()), self.note.toPlainText().strip(), reason

    def accept(self) -> None:
        when, _note, reason = self.values()
        errors = {}
        if when > self._today:
            errors["close_date"] = self.tr("Not in the future")
        if self._completed is not None and when < self._completed:
            errors["close_date"] = self.tr("Not before the completion")
        if self.needs_reason and not reason:
            errors["without_callback_reason"] = self.tr("Required")
        if errors:
            self.errors.show(errors)
            return
        super().accept()


class SendBackDialog(QDialog):
    """退回重填 (the station corrects its report) or 退回重办 (a new visit), and why."""

    def __init__(self, business_no: str, can_refill: bool, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("sendBackDialog")
        self.setWindowTitle(self.tr("Send back %1").replace("%1", business_no))
        self.errors = FieldErrors(self)
        self.refill = QRadioButton(self.tr("Re-fill: the report is incomplete or wrong; the "
                                           "station corrects it (no new visit)"), self)
        self.refill.setObjectName("modeRefill")
        self.redo = QRadioButton(self.tr("Redo: a new visit; the order is reopened and its "
                                         "time limits start again"), self)
        self.redo.setObjectName("modeRedo")
        group = QButtonGroup(self)
        group.addButton(self.refill)
        group.addButton(self.redo)
        self.refill.setEnabled(can_refill)
        (self.refill if can_refill else self.redo).setChecked(True)
        self.reason = _text_box(self, "sendBackReason")
        form = QFormLayout()
        form.addRow(self.refill)
        form.addRow(self.redo)
        self.errors.add_row(form, "reason", self.tr("Reason (the station sees it)"),
                            self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, self.tr("Send back")))
        self.resize(560, 260)

    def values(self) -> tuple[str, str]:
        return ("refill" if self.refill.isChecked() else "redo",
                self.reason.toPlainText().strip())

    def accept(self) -> None:
        if not self.values()[1]:
            self.errors.show({"reason": self.tr("Required")})
            return
        super().accept()


class PolicyDialog(QDialog):
    """Every time limit in force: kind, deadline, value, clock, what starts it, its source."""

    def __init__(self, table: console_wire.SlaPolicyTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyDialog")
        self.setWindowTitle(self.tr("Time limits in force"))
        head = QLabel(self.tr("Contact counts as: %1 · working hours: %2 · callback: "
                              "unreachable after %3 attempts within %4 days, at least %5 min "
                              "apart").replace("%1", table.contact_rule)
                      .replace("%2", table.working_hours)
                      .replace("%3", str(table.callback_attempts))
                      .replace("%4", str(table.callback_window_days))
                      .replace("%5", str(table.callback_min_gap_minutes)), self)
        head.setWordWrap(True)
        self.table = QTableWidget(len(table.rows), 6, self)
        self.table.setObjectName("policyTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Kind"), self.tr("Deadline"), self.tr("Value"), self.tr("Clock"),
            self.tr("Starts at"), self.tr("Source")])
        for r, row in enumerate(table.rows):
            kind = row.kind + (f" / {row.level}" if row.level else "")
            cells = (kind, row.deadline_zh, f"{row.amount:g}", row.clock_zh,
                     row.starts_at, row.source)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(1100, 600)
