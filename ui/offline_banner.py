"""The strip above the inbox while the call center cannot be reached: since when, how many
entries wait (they are kept and sent by themselves), why; then, once, that the line is back."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from station_app.sync_status import Link, SyncStatus

BACK_SHOWN_MS = 8000
DOWN = (Link.OFFLINE, Link.TOKEN_REFUSED)


class OfflineBanner(QFrame):
    """Signals:
        back(str): the line is back (the text said); the window repeats it in the status bar.
    """

    back = Signal(str)

    def __init__(self, zone: tzinfo, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineBanner")
        self._zone = zone
        self._language = language
        self._down_since: datetime | None = None
        self.text = QLabel(self)
        self.text.setObjectName("offlineBannerText")
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setMinimumHeight(28)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        self._hide = QTimer(self)
        self._hide.setSingleShot(True)
        self._hide.setInterval(BACK_SHOWN_MS)
        self._hide.timeout.connect(lambda: self.setVisible(False))
        self.setVisible(False)

    def show_status(self, status: SyncStatus) -> None:
        if status.link in DOWN:
            self._hide.stop()
            if self._down_since is None:
                self._down_since = status.last_success_at or datetime.now(UTC)
            self._show_down(status)
        elif status.link is Link.ONLINE and self._down_since is not None:
            self._down_since = None
            text = self.tr("The call center is reachable again; waiting entries are being "
                           "sent.") if status.events_waiting else self.tr(
                "The call center is reachable again; everything recorded was sent.")
            self._paint("#2e7d32", text)
            self._hide.start()
            self.back.emit(text)

    def _show_down(self, status: SyncStatus) -> None:
        assert self._down_since is not None
        since = self._down_since.astimezone(self._zone).strftime("%H:%M")
        if status.link is Link.TOKEN_REFUSED:
            head = self.tr("The call center refuses this station's token since %1: nothing "
                           "is sent until a new token is set in Settings.")
        else:
            head = self.tr("No connection to the call center since %1. Keep working: "
                           "everything is saved here and sent when the line is back.")
        parts = [head.replace("%1", since)]
        if status.events_waiting:
            parts.append((self.tr("1 entry waits.") if status.events_waiting == 1
                          else self.tr("%1 entries wait.")).replace(
                              "%1", str(status.events_waiting)))
        error = status.last_error_zh if self._language.startswith("zh") else status.last_error_en
        if error:
            parts.append(self.tr("Reason: %1").replace("%1", error))
        self._paint("#c62828", " ".join(parts))

    def _paint(self, colour: str, text: str) -> None:
        self.text.setText(text)
        self.setStyleSheet(f"#offlineBanner {{ background:{colour}; }}"
                           " #offlineBannerText { color:white; font-weight:bold; }")
        self.setVisible(True)
