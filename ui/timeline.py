"""The order timeline: every event with its local time, who recorded it, what it says and its
sync state (waiting, delivered, late, rejected with the reason). A model and a view, shared by
the station window and the call center console."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

from station_app import wire
from station_app.domain import lifecycle
from station_app.domain.events import EventType
from station_app.order_detail import SyncMark, TimelineEntry
from ui import labels, msgbox
from ui.item_views import TableView

Index = QModelIndex | QPersistentModelIndex

SYNC_COLOURS = {
    SyncMark.WAITING: QColor("#b26a00"),
    SyncMark.HELD: QColor("#b26a00"),
    SyncMark.DELIVERED: QColor("#2e7d32"),
    SyncMark.LATE: QColor("#6d4c41"),
    SyncMark.REJECTED: QColor("#c62828"),
    SyncMark.FROM_SERVER: QColor("#1565c0"),
    SyncMark.WITHDRAWN: QColor("#757575"),
}


VOIDED_BRUSH = QBrush(QColor("#9e9e9e"))


class TimelineColumn(IntEnum):
    TIME = 0
    EVENT = 1
    DETAILS = 2
    BY = 3
    SYNC = 4


COLUMNS = len(TimelineColumn)


def describe(event: wire.Event, zone: tzinfo) -> str:
    """What an event says, in one line of the interface language (times in ``zone``)."""
    p = event.payload
    match event.type:
        case EventType.CONTACT_ATTEMPT:
            text = labels.contact_outcome(p.get("outcome", ""))
            return f"{text} — {p['note']}" if p.get("note") else text
        case EventType.APPOINTMENT_BOOKED:
            when = datetime.fromisoformat(p["appointment_at"]).astimezone(zone)
            return QCoreApplication.translate("Timeline", "Appointment at %1").replace(
                "%1", when.strftime("%Y-%m-%d %H:%M"))
        case EventType.DEPARTED:
            techs = "、".join(p.get("technicians") or [])
            return techs or p.get("note", "")
        case EventType.COMPLETED:
            techs = "、".join(p.get("technicians") or [])
            return f"{p.get('work_done', '')} ({techs})" if techs else p.get("work_done", "")
        case (EventType.DECLINED | EventType.CANCELLED | EventType.REOPENED
              | EventType.SENT_BACK | EventType.URGED):
            return p.get("reason", "")
        case EventType.REASSIGNED:
            text = QCoreApplication.translate("Timeline", "%1 → %2: %3")
            return (text.replace("%1", p.get("from_station", ""))
                    .replace("%2", p.get("to_station", "")).replace("%3", p.get("reason", "")))
        case EventType.NOTE:
            return p.get("text", "")
        case EventType.FORM_PRINTED:
            text = labels.form(p.get("form", ""))
            copy = int(p.get("copy_number", 1))
            if p.get("medium") == "pdf":
                text += " (PDF)"
            if copy > 1:
                copy_text = QCoreApplication.translate("Timeline", "copy %1")
                text += " " + copy_text.replace("%1", str(copy))
            return text
        case EventType.CLOSED:
            text = QCoreApplication.translate("Timeline", "Close date %1")
            return text.replace("%1", str(p.get("close_date", "")))
        case EventType.UPDATED:
            return ", ".join(sorted((p.get("changes") or {}).keys()))
        case EventType.VOIDED:
            return p.get("reason", "")
        case _:
            return p.get("note", "") if isinstance(p.get("note"), str) else ""


class TimelineModel(QAbstractTableModel):
    """The events of one order, oldest first. What a row shows is worked out once, when it is
    first painted: an order can have hundreds of events and is shown again after every change."""

    def __init__(self, zone: tzinfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._entries: list[TimelineEntry] = []
        self._rows: dict[int, tuple[tuple[str, ...], QBrush]] = {}
        self._voided: set[str] = set()  # ids of entries a later `voided` entry took back
        self._headers = (self.tr("Time"), self.tr("Event"), self.tr("Details"), self.tr("By"),
                         self.tr("Sync"))

    def set_entries(self, entries: Sequence[TimelineEntry], zone: tzinfo | None = None) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self._voided = lifecycle.voided_ids(e.event for e in self._entries)
        self._rows.clear()
        if zone is not None:
            self._zone = zone
        self.endResetModel()

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._headers[section] if 0 <= section < COLUMNS else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._entries):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row(row)[0][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == TimelineColumn.SYNC:
            return self._row(row)[1]
        if role == Qt.ItemDataRole.ForegroundRole and self._counts_not(row):
            return VOIDED_BRUSH
        if role == Qt.ItemDataRole.FontRole and self._counts_not(row):
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(self._entries[row])
        return None

    def is_voided(self, row: int) -> bool:
        return str(self._entries[row].event.id) in self._voided

    def _counts_not(self, row: int) -> bool:
        """Taken back here, or lost by the call center: shown struck through."""
        return self.is_voided(row) or self._entries[row].sync is SyncMark.WITHDRAWN

    def _event_text(self, event: wire.Event) -> str:
        text = labels.event_type(event.type)
        if str(event.id) in self._voided:
            text = self.tr("%1 (taken back)").replace("%1", text)
        elif event.type is EventType.VOIDED:
            target = next((e.event for e in self._entries
                           if str(e.event.id) == str(event.payload.get("event_id"))), None)
            if target is not None:
                when = target.occurred_at.astimezone(self._zone).strftime("%m-%d %H:%M")
                what = (labels.contact_outcome(target.payload.get("outcome", ""))
                        if target.type is EventType.CONTACT_ATTEMPT
                        else labels.event_type(target.type))
                text += f": {what} {when}"
        return text

    def _row(self, row: int) -> tuple[tuple[str, ...], QBrush]:
        shown = self._rows.get(row)
        if shown is None:
            entry = self._entries[row]
            event = entry.event
            when = event.occurred_at.astimezone(self._zone).strftime("%m-%d %H:%M")
            sync = labels.sync_mark(entry.sync)
            shown = self._rows[row] = ((
                when + (" *" if event.is_backdated else ""),
                self._event_text(event),
                describe(event, self._zone),
                # who, and on which of the station's PCs when it has more than one
                f"{event.author} · {event.device_name}" if event.device_name else event.author,
                f"{sync}: {msgbox.refusal_text(entry.why)}" if entry.why else sync,
            ), QBrush(SYNC_COLOURS[entry.sync]))
        return shown

    def _tooltip(self, entry: TimelineEntry) -> str:
        event = entry.event
        lines = [
            f"{labels.event_type(event.type)}: {describe(event, self._zone)}",
            self.tr("Happened: %1").replace(
                "%1", event.occurred_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M:%S")),
            self.tr("Recorded: %1").replace(
                "%1", event.recorded_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M:%S")),
        ]
        if event.backdate_reason:
            lines.append(self.tr("Recorded later because: %1").replace(
                "%1", event.backdate_reason))
        if entry.why is not None:
            lines.append(self.tr("Call center says: %1").replace(
                "%1", msgbox.refusal_text(entry.why)))
        if entry.late_in_fold:
            lines.append(self.tr("Kept as a fact; it did not change the status"))
        return "\n".join(lines)


class TimelineView(TableView):
    def __init__(self, model: TimelineModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Widths from the font, not from the contents: measuring every row of a long timeline
        # on each refresh would stall the window.
        metrics = QFontMetrics(self.font())
        header = self.horizontalHeader()
        widest = {
            TimelineColumn.TIME: ["11-25 23:06 *"],
            TimelineColumn.EVENT: [labels.event_type(t) for t in EventType],
            TimelineColumn.BY: ["呼叫中心 李娜"],
            TimelineColumn.SYNC: [labels.sync_mark(m) for m in SyncMark],
        }
        for col, samples in widest.items():
            width = max(metrics.horizontalAdvance(t) for t in samples) + 16
            header.resizeSection(col, min(width, 170))
        header.setSectionResizeMode(TimelineColumn.DETAILS, QHeaderView.ResizeMode.Stretch)
