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

from printers.jobs import note_in
from ui import labels
from ui.item_views import TableView
from ui.list_model import ListColumn, RecordListModel

JOB_COLOURS = {"queued": "#b26a00", "printing": "#1565c0", "failed": "#c62828",
               "done": "#2e7d32", "cancelled": "#757575", "sent": "#558b2f",
               "unsure": "#c62828"}


class PrintQueueDialog(QDialog):
    """Signals:
        retry_requested(int): queue this failed or cancelled job again.
        cancel_requested(int): cancel this job.
        answer_requested(int, bool): the clerk says whether this unsure (or sent) job came out
            complete (True) or must be printed again, marked 重打 (False).
        refresh_requested(): a job changed; the owner loads the list again.
    """

    refresh_requested = Signal()
    retry_requested = Signal(int)
    cancel_requested = Signal(int)
    answer_requested = Signal(int, bool)

    def __init__(self, zone: tzinfo, parent: QWidget | None = None,
                 language: str = "zh_CN") -> None:
        super().__init__(parent)
        self.setObjectName("printQueueDialog")
        self.setWindowTitle(self.tr("Print queue"))
        states = {"queued": self.tr("Queued"), "printing": self.tr("Printing"),
                  "done": self.tr("Printed"), "failed": self.tr("Failed"),
                  "cancelled": self.tr("Cancelled"),
                  "sent": self.tr("Sent (this printer cannot confirm)"),
                  "unsure": self.tr("Did it come out? Answer below")}

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
            ListColumn(self.tr("Problem"), lambda j: note_in(j.last_error, language)),
        ], self)
        self.printer = QLabel(self)
        self.printer.setObjectName("printerState")
        self.table = TableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.set_empty_text(self.tr("Nothing is printing or waiting: every form sent to a "
                                          "printer (Ctrl+P) shows here until it has come out."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.retry = QPushButton(self.tr("Retry"), self)
        self.retry.setObjectName("retryJob")
        self.cancel = QPushButton(self.tr("Cancel job"), self)
        self.cancel.setObjectName("cancelJob")
        self.came_out = QPushButton(self.tr("Came out complete"), self)
        self.came_out.setObjectName("cameOut")
        self.again = QPushButton(self.tr("Print again (marked 重打)"), self)
        self.again.setObjectName("printAgain")
        for button in (self.came_out, self.again, self.retry, self.cancel):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.came_out.clicked.connect(lambda: self._answer(True))
        self.again.clicked.connect(lambda: self._answer(False))
        self.retry.clicked.connect(lambda: self._emit(self.retry_requested))
        self.cancel.clicked.connect(lambda: self._emit(self.cancel_requested))
        self.table.selectionModel().selectionChanged.connect(self._selection)
        self.note = QLabel(self)  # the selected job's problem or question, in full
        self.note.setObjectName("jobNote")
        self.note.setWordWrap(True)
        self._language = language
        layout = QVBoxLayout(self)
        layout.addWidget(self.printer)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self._selection()
        self.resize(980, 420)

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
        self.cancel.setEnabled(job is not None
                               and job.state in ("queued", "failed", "printing", "unsure"))
        self.note.setText(note_in(job.last_error, self._language) if job is not None else "")
        answerable = job is not None and job.state in ("unsure", "sent")
        self.came_out.setEnabled(answerable)
        self.again.setEnabled(answerable)

    def select_job(self, job_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.record(row).id == job_id:
                self.table.selectRow(row)
                return

    def _answer(self, came_out: bool) -> None:
        job = self.selected_job()
        if job is not None:
            self.answer_requested.emit(job.id, came_out)

    def _emit(self, signal: Any) -> None:
        job = self.selected_job()
        if job is not None:
            signal.emit(job.id)
