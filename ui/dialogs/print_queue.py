"""The print queue: each job with its state and last error, to retry or cancel."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import labels
from ui.item_views import TableView
from ui.list_model import ListColumn, RecordListModel

JOB_COLOURS = {"queued": "#b26a00", "printing": "#1565c0", "failed": "#c62828",
               "done": "#2e7d32", "cancelled": "#757575"}


class PrintQueueDialog(QDialog):
    """Signals:
        retry_requested(int): queue this failed or cancelled job again.
        cancel_requested(int): cancel this job.
        refresh_requested(): a job changed; the owner loads the list again.
    """

    refresh_requested = Signal()
    retry_requested = Signal(int)
    cancel_requested = Signal(int)

    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printQueueDialog")
        self.setWindowTitle(self.tr("Print queue"))
        states = {"queued": self.tr("Queued"), "printing": self.tr("Printing"),
                  "done": self.tr("Printed"), "failed": self.tr("Failed"),
                  "cancelled": self.tr("Cancelled")}

        def form(j: Any) -> str:
            return labels.form(j.form) if j.form != "test" else self.tr("Test page")

        self.model: RecordListModel[Any] = RecordListModel([
            ListColumn("#", lambda j: str(j.id)),
            ListColumn(self.tr("Form"), form),
            ListColumn(self.tr("Copy"), lambda j: str(j.copy_number)),
            ListColumn(self.tr("State"), lambda j: states.get(j.state, j.state),
                       lambda j: JOB_COLOURS.get(j.state)),
            ListColumn(self.tr("Queued at"),
                       lambda j: j.created_at.astimezone(zone).strftime("%m-%d %H:%M:%S")),
            ListColumn(self.tr("Attempts"), lambda j: str(j.attempts)),
            ListColumn(self.tr("Problem"), lambda j: j.last_error),
        ], self)
        self.printer = QLabel(self)
        self.printer.setObjectName("printerState")
        self.table = TableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.retry = QPushButton(self.tr("Retry"), self)
        self.retry.setObjectName("retryJob")
        self.cancel = QPushButton(self.tr("Cancel job"), self)
        self.cancel.setObjectName("cancelJob")
        buttons.addButton(self.retry, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.retry.clicked.connect(lambda: self._emit(self.retry_requested))
        self.cancel.clicked.connect(lambda: self._emit(self.cancel_requested))
        self.table.selectionModel().selectionChanged.connect(self._selection)
        layout = QVBoxLayout(self)
        layout.addWidget(self.printer)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self._selection()
        self.resize(820, 420)

    def set_jobs(self, jobs: list[Any], printer_text: str) -> None:
        selected = self.selected_job()
        self.model.set_records(jobs)
        self.printer.setText(printer_text)
        if selected is not None:
            for row in range(self.model.rowCount()):
                if self.model.record(row).id == selected.id:
                    self.table.selectRow(row)
        self._selection()

    def selected_job(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _selection(self, *_args: object) -> None:
        job = self.selected_job()
        self.retry.setEnabled(job is not None and job.state in ("failed", "cancelled"))
        self.cancel.setEnabled(job is not None and job.state in ("queued", "failed", "printing"))

    def _emit(self, signal: Any) -> None:
        job = self.selected_job()
        if job is not None:
            signal.emit(job.id)
