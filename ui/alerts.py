"""Telling the clerk a new order arrived: the tray notification, a sound (a repeating alarm for
a rescue notice until someone opens it), and the unread count in the title and tray icon.

Sound goes through a small player interface: Qt Multimedia when the machine has an audio
output, silence otherwise (offscreen tests, a PC without a sound card) — without touching the
multimedia backend at all where it cannot work, since it logs warnings when it finds nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol
from uuid import UUID

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

import resources
from station_app.domain.kinds import OrderKind
from station_app.order_detail import Notice
from station_app.orders_query import OrderSummary
from ui import labels

SOUNDS = Path(resources.__file__).resolve().parent / "sounds"
RESCUE_REPEAT_MS = 5000
NO_SOUND_ENV = "STATION_DESK_NO_SOUND"


class SoundPlayer(Protocol):
    def play(self, rescue: bool) -> None: ...
    def stop(self) -> None: ...


class SilentPlayer:
    """Plays nothing; remembers what it was asked (tests read ``played``)."""

    def __init__(self) -> None:
        self.played: list[bool] = []

    def play(self, rescue: bool) -> None:
        self.played.append(rescue)

    def stop(self) -> None:
        pass


class QtSoundPlayer:
    def __init__(self, parent: QObject) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QSoundEffect

        self._chime = QSoundEffect(parent)
        self._chime.setSource(QUrl.fromLocalFile(str(SOUNDS / "new_order.wav")))
        self._chime.setVolume(0.6)
        self._alarm = QSoundEffect(parent)
        self._alarm.setSource(QUrl.fromLocalFile(str(SOUNDS / "rescue.wav")))
        self._alarm.setVolume(1.0)

    def play(self, rescue: bool) -> None:
        (self._alarm if rescue else self._chime).play()

    def stop(self) -> None:
        self._alarm.stop()
        self._chime.stop()


def make_sound_player(parent: QObject) -> SoundPlayer:
    """Real sound where there is an audio output; silence where there cannot be one."""
    if os.environ.get(NO_SOUND_ENV) or QGuiApplication.platformName() in ("offscreen",
                                                                           "minimal"):
        return SilentPlayer()
    from PySide6.QtMultimedia import QMediaDevices
    if not QMediaDevices.audioOutputs():
        return SilentPlayer()
    return QtSoundPlayer(parent)


def badge_icon(base: QIcon, count: int, size: int = 64) -> QIcon:
    """``base`` with a red circle holding ``count`` (nothing when zero)."""
    pix = base.pixmap(size, size) if not base.isNull() else QPixmap(size, size)
    if base.isNull():
        pix.fill(QColor("#1565c0"))
    if count <= 0:
        return QIcon(pix)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    d = size // 2
    rect = QRect(size - d, 0, d, d)
    painter.setBrush(QColor("#d32f2f"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(rect)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(d * 0.6))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count) if count < 100 else "99+")
    painter.end()
    return QIcon(pix)


URGED, SENT_BACK, REOPENED = Notice.URGED.value, Notice.SENT_BACK.value, Notice.REOPENED.value


class Alerts(QObject):
    """Signals:
        unread_changed(int): the number of orders nobody has opened yet.
        notified(str, str): a notification was shown (title, text) — also when there is no tray.
    """

    unread_changed = Signal(int)
    notified = Signal(str, str)

    def __init__(self, window: QWidget, sound: SoundPlayer | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.sound = sound if sound is not None else make_sound_player(self)
        self.unread: set[UUID] = set()
        self.rescues_waiting: set[UUID] = set()
        self.arrivals: dict[UUID, OrderSummary] = {}  # what arrived while running, in order
        self._base_title = window.windowTitle()
        self._base_icon = window.windowIcon()
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self._base_icon, self)
            self.tray.activated.connect(lambda _reason: self._raise_window())
            self.tray.messageClicked.connect(self._raise_window)
            self.tray.show()
        self._repeat = QTimer(self)
        self._repeat.setInterval(RESCUE_REPEAT_MS)
        self._repeat.timeout.connect(lambda: self.sound.play(True))

    def set_base_title(self, title: str) -> None:
        self._base_title = title
        self._show_count()

    def set_unread(self, ids: Iterable[UUID]) -> None:
        self.unread = set(ids)
        self._show_count()

    def new_orders(self, summaries: Iterable[OrderSummary]) -> None:
        """Orders that just arrived: notify once for the lot, loudest for a rescue."""
        fresh = [s for s in summaries if s.unread]
        if not fresh:
            return
        for s in fresh:
            self.unread.add(s.id)
            self.arrivals[s.id] = s
        # An urge (催办) from the call center is as loud as a rescue, until the order is opened.
        rescues = [s for s in fresh if s.kind == OrderKind.RESCUE or s.notice == URGED]
        for s in rescues:
            self.rescues_waiting.add(s.id)
        first = rescues[0] if rescues else fresh[0]
        if first.notice == URGED:
            title = self.tr("Urged by the call center: %1")
        elif first.notice in (SENT_BACK, REOPENED):
            title = self.tr("Sent back: %1")
        else:
            title = self.tr("Rescue notice: %1") if rescues else self.tr("New order: %1")
        title = title.replace("%1", first.business_no)
        text = f"{labels.kind(first.kind)} · {first.customer_name} · {first.location}"
        if first.notice in (URGED, SENT_BACK, REOPENED) and first.notice_reason:
            text = f"{first.notice_reason}\n{text}"
        if len(fresh) > 1:
            text += "\n" + self.tr("and %1 more").replace("%1", str(len(fresh) - 1))
        if self.tray is not None:
            icon = (QSystemTrayIcon.MessageIcon.Critical if rescues
                    else QSystemTrayIcon.MessageIcon.Information)
            self.tray.showMessage(title, text, icon, 15000 if rescues else 6000)
        self.notified.emit(title, text)
        self.sound.play(bool(rescues))
        if self.rescues_waiting and not self._repeat.isActive():
            self._repeat.start()
        if self._window.isVisible():
            QApplication.alert(self._window)
        self._show_count()

    def acknowledge(self, order_id: UUID) -> None:
        """The clerk received the order."""
        self.unread.discard(order_id)
        self.arrivals.pop(order_id, None)
        self.rescues_waiting.discard(order_id)
        if not self.rescues_waiting:
            self._repeat.stop()
            self.sound.stop()
        self._show_count()

    @property
    def repeating(self) -> bool:
        return self._repeat.isActive()

    def _show_count(self) -> None:
        n = len(self.unread)
        self._window.setWindowTitle(f"({n}) {self._base_title}" if n else self._base_title)
        if self.tray is not None:
            self.tray.setIcon(badge_icon(self._base_icon, n))
            self.tray.setToolTip(self._window.windowTitle())
        self.unread_changed.emit(n)

    def _raise_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def close(self) -> None:
        self._repeat.stop()
        self.sound.stop()
        if self.tray is not None:
            self.tray.hide()
