"""The SLA countdown: time left to a deadline as short text and a colour (amber at risk, red
overdue), and a small label widget that shows it live. Shared by the station window and the
call center console."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from station_app.domain.sla import SlaState

AMBER = QColor("#b26a00")
AMBER_BG = QColor("#fff1d6")
RED = QColor("#c62828")
RED_BG = QColor("#fde0e0")
GREEN = QColor("#2e7d32")


def live_state(loaded: str | None, due_at: datetime | None, now: datetime,
               due_soon: timedelta) -> SlaState | None:
    """Where an open deadline stands at ``now``, from what was loaded earlier (no DB hit):
    breached once past due, at risk when the core said so or within the due-soon window."""
    if due_at is None or loaded is None:
        return None
    state = SlaState(loaded)
    if not state.open:
        return state
    left = due_at - now
    if left <= timedelta(0):
        return SlaState.BREACHED
    if state is SlaState.AT_RISK or left <= due_soon:
        return SlaState.AT_RISK
    return SlaState.ON_TRACK


def format_time_left(left: timedelta) -> str:
    """One format, two units each: ``12 min 05 s`` under an hour, ``3 h 20 min`` under two
    days, ``4 d 2 h`` beyond; overdue times get a leading minus."""
    seconds = int(left.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days >= 2:
        text = QCoreApplication.translate("SlaBadge", "%1 d %2 h")
        return sign + text.replace("%1", str(days)).replace("%2", str(hours))
    if seconds >= 3600:
        text = QCoreApplication.translate("SlaBadge", "%1 h %2 min")
        return sign + text.replace("%1", str(days * 24 + hours)).replace("%2", f"{minutes:02d}")
    text = QCoreApplication.translate("SlaBadge", "%1 min %2 s")
    return sign + text.replace("%1", str(minutes)).replace("%2", f"{secs:02d}")


def foreground(state: SlaState | None) -> QColor | None:
    match state:
        case SlaState.AT_RISK:
            return AMBER
        case SlaState.BREACHED | SlaState.MISSED:
            return RED
        case SlaState.MET:
            return GREEN
        case _:
            return None


def background(state: SlaState | None) -> QColor | None:
    match state:
        case SlaState.AT_RISK:
            return AMBER_BG
        case SlaState.BREACHED:
            return RED_BG
        case _:
            return None


class SecondTicker(QObject):
    """One 1-second timer that every live countdown listens to.

    Signals:
        tick(): a second has passed.
    """

    tick = Signal()

    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


class SlaBadge(QLabel):
    """"Contact the customer · 12:05" in the colour of its state; refreshed by a ticker."""

    def __init__(self, name: str, due_at: datetime, done_at: datetime | None, state: str,
                 now: datetime, due_soon: timedelta, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._due_at = due_at
        self._done_at = done_at
        self._state = state
        self._due_soon = due_soon
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.refresh(now)

    @property
    def state(self) -> SlaState | None:
        return self._shown

    def refresh(self, now: datetime) -> None:
        if self._done_at is not None:
            self._shown: SlaState | None = SlaState(self._state)
            when = QCoreApplication.translate("SlaBadge", "done")
            text = f"{self._name} · {when}"
        else:
            self._shown = live_state(self._state, self._due_at, now, self._due_soon)
            left = self._due_at - now
            if left < timedelta(0):
                over = QCoreApplication.translate("SlaBadge", "overdue by %1")
                text = f"{self._name} · " + over.replace("%1", format_time_left(-left))
            else:
                text = f"{self._name} · {format_time_left(left)}"
        self.setText(text)
        fg, bg = foreground(self._shown), background(self._shown)
        style = "padding: 2px 8px; border-radius: 4px;"
        if fg is not None:
            style += f"color: {fg.name()}; font-weight: bold;"
        if bg is not None:
            style += f"background: {bg.name()};"
        self.setStyleSheet(style)
