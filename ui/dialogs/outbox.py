"""The outbox: every event the call center does not hold yet, with its state (waiting, held
until the order is matched, rejected with the reason), and the link's status."""

from __future__ import annotations

from datetime import tzinfo

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

from station_app.sync_status import OutboxEntry
from ui import labels
from ui.item_views import TableView
from ui.list_model import ListColumn, RecordListModel

STATE_COLOURS = {"waiting": "#b26a00", "held": "#b26a00", "rejected": "#c62828"}


class OutboxDialog(QDialog):
    """Signals:
        refresh_requested(): something changed; the owner loads the list again.
    """

    refresh_requested = Signal()

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
            return e.reason
        if e.state == "held":
            return self.tr("Waits for the call center's order %1 to arrive; then it is matched "
                           "and sent").replace("%1", e.business_no)
        return e.failed_zh if self._language.startswith("zh") and e.failed_zh else e.failed_en

    def set_entries(self, entries: list[OutboxEntry], status_text: str) -> None:
        self.model.set_records(entries)
        self.sync_now.setEnabled(any(e.state == "waiting" for e in entries))
        self.status.setText(status_text)
