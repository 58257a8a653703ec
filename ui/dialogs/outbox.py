"""The outbox: every event the call center does not hold yet, with its state (waiting, held
until the order is matched, rejected with the reason), and the link's status."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QItemSelectionModel, Signal
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

from station_app.sync_status import OutboxEntry
from ui import labels, msgbox
from ui.item_views import TableView
from ui.list_model import ListColumn, RecordListModel

STATE_COLOURS = {"waiting": "#b26a00", "held": "#b26a00", "rejected": "#c62828"}


class OutboxDialog(QDialog):
    """Signals:
        refresh_requested(): something changed; the owner loads the list again.
        resend_requested(list[UUID]): send these rejected entries again (asked and confirmed).
    """

    refresh_requested = Signal()
    resend_requested = Signal(list)

    def __init__(self, zone: tzinfo, parent: QWidget | None = None,
                 language: str = "zh_CN") -> None:
        super().__init__(parent)
        self._language = language
        self.setObjectName("outboxDialog")
        self.setWindowTitle(self.tr("Waiting to reach the call center"))
        self._zone = zone

        def when(e: OutboxEntry) -> str:
            return e.occurred_at.astimezone(zone).strftime("%m-%d %H:%M")

        def last(e: OutboxEntry) -> str:
            return e.last_attempt_at.astimezone(zone).strftime("%H:%M:%S") \
                if e.last_attempt_at else ""

        self.model: RecordListModel[OutboxEntry] = RecordListModel([
            ListColumn(self.tr("Business no."), lambda e: e.business_no),
            ListColumn(self.tr("Event"), lambda e: labels.event_type(e.type)),
            ListColumn(self.tr("Happened"), when),
            ListColumn(self.tr("State"), lambda e: labels.sync_mark(e.state),
                       lambda e: STATE_COLOURS.get(e.state)),
            ListColumn(self.tr("Reason"), self._reason),
            ListColumn(self.tr("Attempts"), lambda e: str(e.attempts)),
            ListColumn(self.tr("Last attempt"), last),
        ], self)
        self.status = QLabel(self)
        self.status.setObjectName("outboxStatus")
        self.status.setWordWrap(True)
        self.table = TableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.set_empty_text(self.tr("Nothing waits to be sent: the call center has every "
                                          "entry made here."))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)  # whole numbers
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.sync_now = QPushButton(self.tr("Send now"), self)
        self.sync_now.setObjectName("syncNow")
        self.sync_now.setEnabled(False)  # until there is something to send
        buttons.addButton(self.sync_now, QDialogButtonBox.ButtonRole.ActionRole)
        self.resend = QPushButton(self.tr("Send again…"), self)
        self.resend.setObjectName("resendRejected")
        self.resend.setToolTip(self.tr("Once the cause is fixed (at the call center, or the "
                                       "order reopened), send the selected refused entries "
                                       "again; the call center judges them afresh"))
        self.resend.setEnabled(False)  # until a refused entry is selected
        self.resend.clicked.connect(self._ask_resend)
        buttons.addButton(self.resend, QDialogButtonBox.ButtonRole.ActionRole)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 460)

    def _reason(self, e: OutboxEntry) -> str:
        """The call center's reason for a rejected entry; for a waiting one, why its own last
        try failed; for a held one, what it waits for."""
        if e.state == "rejected":
            return e.why.text(self._language) if e.why is not None else ""
        if e.state == "held":
            return self.tr("Waits for the call center's order %1 to arrive; then it is matched "
                           "and sent").replace("%1", e.business_no)
        return e.failed_zh if self._language.startswith("zh") and e.failed_zh else e.failed_en

    def selected_rejected(self) -> list[OutboxEntry]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [e for e in (self.model.record(r) for r in rows) if e.state == "rejected"]

    def _enable(self) -> None:
        self.resend.setEnabled(bool(self.selected_rejected()))

    def _ask_resend(self) -> None:
        chosen = self.selected_rejected()
        if not chosen:
            return
        numbers = ", ".join(dict.fromkeys(e.business_no for e in chosen))
        text = (self.tr("Send the refused entry of %2 again?") if len(chosen) == 1 else
                self.tr("Send the %1 refused entries of %2 again?")).replace(
            "%1", str(len(chosen))).replace("%2", numbers)
        text += "\n" + self.tr("Do it once the cause is fixed: the call center judges each "
                               "afresh, and refuses it again if nothing changed.")
        if msgbox.confirm(self, "confirmResend", self.tr("Send again"), text,
                          self.tr("Send again")):
            self.resend_requested.emit([e.event_id for e in chosen])

    def set_entries(self, entries: list[OutboxEntry], status_text: str) -> None:
        """The list again (it is reloaded on every change of the link): the entries the clerk
        selected stay selected."""
        chosen = {self.model.record(i.row()).event_id
                  for i in self.table.selectionModel().selectedRows()}
        self.model.set_records(entries)
        selection = self.table.selectionModel()
        for row, entry in enumerate(entries):
            if entry.event_id in chosen:
                selection.select(self.model.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        self.sync_now.setEnabled(any(e.state == "waiting" for e in entries))
        self.status.setText(status_text)
        self._enable()
