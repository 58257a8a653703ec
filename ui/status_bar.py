"""The status bar: the link to the call center (online/offline, events waiting, the oldest,
last sync, a clock warning) and the receipt printer (ready, paper out, offline, jobs queued).
Each is a button; clicking opens its details."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QStatusBar, QToolButton, QWidget

from common.errors import UserError
from station_app.sync_status import Link, SyncStatus

GREEN, AMBER, RED, GREY = "#2e7d32", "#b26a00", "#c62828", "#616161"


def _age(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return QCoreApplication.translate("StatusBar", "just now")
    if minutes < 120:
        return QCoreApplication.translate("StatusBar", "%1 min ago").replace("%1", str(minutes))
    return QCoreApplication.translate("StatusBar", "%1 h ago").replace("%1", str(minutes // 60))


class SyncIndicator(QToolButton):
    def __init__(self, zone: tzinfo, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.setAutoRaise(True)
        self._zone = zone
        self._language = language
        self.status: SyncStatus | None = None
        self.show_status(None)

    def show_status(self, status: SyncStatus | None, now: datetime | None = None) -> None:
        self.status = status
        now = now or datetime.now(UTC)
        if status is None:
            self._paint(GREY, self.tr("Call center: …"), "")
            return
        link = {
            Link.ONLINE: (GREEN, self.tr("Online")),
            Link.OFFLINE: (RED, self.tr("Offline")),
            Link.TOKEN_REFUSED: (RED, self.tr("Token refused")),
            Link.NOT_CONFIGURED: (GREY, self.tr("Not set up")),
            Link.UNKNOWN: (GREY, self.tr("Connecting…")),
        }[status.link]
        parts = [link[1]]
        colour = link[0]
        if status.events_waiting:
            waiting = self.tr("%1 waiting").replace("%1", str(status.events_waiting))
            if status.oldest_waiting_at is not None:
                waiting += self.tr(" (oldest %1)").replace(
                    "%1", _age(now - status.oldest_waiting_at))
            parts.append(waiting)
            if colour == GREEN:
                colour = AMBER
        if status.events_rejected:
            parts.append(self.tr("%1 rejected").replace("%1", str(status.events_rejected)))
            colour = RED
        if status.last_success_at is not None:
            parts.append(self.tr("last sync %1").replace(
                "%1", status.last_success_at.astimezone(self._zone).strftime("%H:%M")))
        if status.clock_warning and status.clock_offset_ms is not None:
            minutes = abs(status.clock_offset_ms) / 60000
            parts.append(self.tr("⚠ PC clock off by %1 min").replace("%1", f"{minutes:.0f}"))
            colour = RED
        error = status.last_error_zh if self._language.startswith("zh") else status.last_error_en
        self._paint(colour, " · ".join(parts), error)

    def _paint(self, colour: str, text: str, tooltip: str) -> None:
        self.setText("● " + text)
        self.setStyleSheet(f"QToolButton {{ color: {colour}; font-weight: bold; }}")
        self.setToolTip(tooltip or self.tr("Click for the list of events waiting to be sent"))


OPEN_JOB_STATES = ("queued", "printing", "failed", "unsure")  # counted beside the printer


class PrinterIndicator(QToolButton):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerIndicator")
        self.setAutoRaise(True)
        self._language = language
        self.state: Any = None
        self.jobs: dict[int, str] = {}  # job id -> state, for jobs not finished
        self.configured = True
        self._refresh()

    def set_configured(self, configured: bool) -> None:
        self.configured = configured
        self._refresh()

    def show_state(self, state: Any) -> None:
        self.state = state
        self._refresh()

    def set_jobs(self, jobs: list[Any]) -> None:
        self.jobs = {j.id: j.state for j in jobs if j.state in OPEN_JOB_STATES}
        self._refresh()

    def job_changed(self, job: Any) -> None:
        if job.state in OPEN_JOB_STATES:
            self.jobs[job.id] = job.state
        else:
            self.jobs.pop(job.id, None)
        self._refresh()

    def _state_text(self) -> tuple[str, str]:
        if not self.configured:
            return GREY, self.tr("Printer not set up")
        name = getattr(self.state, "state", "unknown")
        texts = {
            "ready": (GREEN, self.tr("Printer ready")),
            "unknown": (GREY, self.tr("Printer: checking…")),
            "disconnected": (RED, self.tr("Printer offline")),
            "offline": (RED, self.tr("Printer offline")),
            "paper_out": (RED, self.tr("Paper out")),
            "paper_near_end": (AMBER, self.tr("Paper low")),
            "cover_open": (RED, self.tr("Printer cover open")),
            "not_answering": (RED, self.tr("Printer not answering")),
            "paused": (RED, self.tr("Printer paused — out of paper or cover open?")),
            "port_missing": (RED, self.tr("Printer port not found")),
            "port_busy": (RED, self.tr("Printer port in use")),
        }
        return texts.get(name, (RED, self.tr("Printer problem")))

    def _refresh(self) -> None:
        colour, text = self._state_text()
        queued = sum(1 for s in self.jobs.values() if s in ("queued", "printing"))
        failed = sum(1 for s in self.jobs.values() if s == "failed")
        unsure = sum(1 for s in self.jobs.values() if s == "unsure")
        if queued:
            text += " · " + self.tr("%1 queued").replace("%1", str(queued))
        if unsure:
            text += " · " + self.tr("%1 to check: did it come out?").replace("%1", str(unsure))
            colour = RED
        if failed:
            text += " · " + self.tr("%1 failed").replace("%1", str(failed))
            colour = RED
        self.setText("● " + text)
        self.setStyleSheet(f"QToolButton {{ color: {colour}; font-weight: bold; }}")
        error = getattr(self.state, "error", None)
        if isinstance(error, UserError):
            self.setToolTip(error.message(self._language))
        else:
            self.setToolTip(self.tr("Click for the print queue"))


class StationStatusBar(QStatusBar):
    """Signals:
        sync_clicked(), printer_clicked(): open the details.
    """

    sync_clicked = Signal()
    printer_clicked = Signal()

    def __init__(self, zone: tzinfo, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync = SyncIndicator(zone, language, self)
        self.printer = PrinterIndicator(language, self)
        self.addPermanentWidget(self.sync)
        self.addPermanentWidget(self.printer)
        self.sync.clicked.connect(self.sync_clicked)
        self.printer.clicked.connect(self.printer_clicked)
