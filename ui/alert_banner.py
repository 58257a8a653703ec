"""The strip above the inbox while orders wait to be received: which one (a rescue first), how
many more, and a button that opens and receives it. It stays until every one is taken in."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.alerts import Alerts


class AlertBanner(QFrame):
    """Signals:
        receive_requested(UUID): the clerk pressed the button for this order.
    """

    receive_requested = Signal(object)

    def __init__(self, alerts: Alerts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self._alerts = alerts
        self._target: UUID | None = None
        self.text = QLabel(self)
        self.text.setObjectName("alertBannerText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton(self.tr("Receive"), self)
        self.button.setObjectName("alertBannerReceive")
        self.button.setToolTip(self.tr("Open this order and record that the station received "
                                       "it (已接收); the alert stops"))
        self.button.clicked.connect(self._clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        alerts.unread_changed.connect(self._unread_changed)  # a method: dropped when deleted
        self.refresh()

    def _unread_changed(self, _count: int) -> None:
        self.refresh()

    def target(self) -> UUID | None:
        """The order the button receives: a rescue first, then the oldest arrival known."""
        alerts = self._alerts
        for group in (alerts.rescues_waiting, alerts.arrivals, alerts.unread):
            for oid in group:
                if oid in alerts.unread:
                    return oid
        return None

    def refresh(self) -> None:
        alerts = self._alerts
        self._target = self.target()
        if self._target is None:
            self.setVisible(False)
            return
        summary = alerts.arrivals.get(self._target)
        rescue = self._target in alerts.rescues_waiting
        if summary is not None:
            text = (self.tr("Rescue notice %1 is not received yet") if rescue
                    else self.tr("New order %1 is not received yet")).replace(
                        "%1", summary.business_no)
        else:  # waiting since before the window opened: only their number is known
            count = len(alerts.unread)
            text = (self.tr("An order is not received yet") if count == 1 else
                    self.tr("%1 orders are not received yet").replace("%1", str(count)))
        more = len(alerts.unread) - 1 if summary is not None else 0
        if more > 0:
            text += (self.tr(" · 1 more waiting") if more == 1
                     else self.tr(" · %1 more waiting").replace("%1", str(more)))
        self.text.setText(text)
        colour = "#c62828" if rescue else "#1565c0"
        self.setStyleSheet(f"#alertBanner {{ background:{colour}; }}"
                           " #alertBannerText { color:white; font-weight:bold; }")
        self.setVisible(True)

    def _clicked(self) -> None:
        if self._target is not None:
            self.receive_requested.emit(self._target)
