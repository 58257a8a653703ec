"""The reviewer's list: a day's completed orders with the service's flags and where the callback
and the audit stand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import IntEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from station_app import wire
from station_app.domain.events import CallbackOutcome, EventType
from ui import labels
from ui.console import texts

Index = QModelIndex | QPersistentModelIndex
FLAG_RED = QColor("#c62828")
DONE_GREEN = QColor("#2e7d32")


class AuditColumn(IntEnum):
    BUSINESS_NO = 0
    STATION = 1
    KIND = 2
    CUSTOMER = 3
    COMPLETED = 4
    FLAGS = 5
    CALLBACK = 6
    AUDIT = 7


def callbacks_since_reopen(item: wire.AuditOrder) -> list[wire.Event]:
    out: list[wire.Event] = []
    for e in item.events:
        if e.type is EventType.REOPENED and e.id not in item.late_event_ids:
            out = []
        elif e.type is EventType.CALLBACK:
            out.append(e)
    return out


def callback_state(item: wire.AuditOrder) -> tuple[str, wire.Event | None, int]:
    """("reached" | "unreachable" | "pending", the deciding callback, unreached attempts)."""
    calls = callbacks_since_reopen(item)
    unreached = [c for c in calls if c.payload.get("outcome") != CallbackOutcome.REACHED]
    for c in calls:
        if c.payload.get("outcome") == CallbackOutcome.REACHED:
            return "reached", c, len(unreached)
        if c.payload.get("unreachable"):
            return "unreachable", c, len(unreached)
    return "pending", None, len(unreached)


def mean_of(event: wire.Event | None) -> float | None:
    scores = (event.payload.get("scores") if event else None) or None
    return wire.Scores.model_validate(scores).mean if scores else None


class AuditListModel(QAbstractTableModel):
    def __init__(self, local: Callable[[datetime | None], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._local = local
        self._items: list[wire.AuditOrder] = []

    def set_items(self, items: list[wire.AuditOrder]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> wire.AuditOrder:
        return self._items[row]

    def items(self) -> list[wire.AuditOrder]:
        return list(self._items)

    def row_of(self, order_id: UUID) -> int:
        return next((i for i, it in enumerate(self._items) if it.order.id == order_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AuditColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [self.tr("Business no."), self.tr("Station"), self.tr("Kind"),
                 self.tr("Customer"), self.tr("Completed"), self.tr("Flags"),
                 self.tr("Callback"), self.tr("Audit")]
        return names[section] if 0 <= section < len(names) else None

    def callback_text(self, item: wire.AuditOrder) -> str:
        state, event, unreached = callback_state(item)
        if state == "reached":
            return self.tr("Reached · mean %1").replace("%1", f"{mean_of(event) or 0:.1f}")
        if state == "unreachable" and event is not None:
            return self.tr("Unreachable: %1").replace(
                "%1", texts.callback_outcome(event.payload.get("outcome", "")))
        if unreached:
            return self.tr("%1 unreached").replace("%1", str(unreached))
        return self.tr("To call")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        col = AuditColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            match col:
                case AuditColumn.BUSINESS_NO:
                    return item.order.business_no
                case AuditColumn.STATION:
                    return f"{item.order.station_code} {item.station_name}"
                case AuditColumn.KIND:
                    return labels.kind(item.order.kind)
                case AuditColumn.CUSTOMER:
                    return item.order.customer.name
                case AuditColumn.COMPLETED:
                    return self._local(item.done_at)
                case AuditColumn.FLAGS:
                    return texts.flags_text(item.flags)
                case AuditColumn.CALLBACK:
                    return self.callback_text(item)
                case AuditColumn.AUDIT:
                    if item.audited:
                        return self.tr("Closed %1").replace("%1", str(item.close_date or ""))
                    return labels.status(item.status)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col is AuditColumn.FLAGS:
                return QBrush(FLAG_RED)
            if col is AuditColumn.AUDIT and item.audited:
                return QBrush(DONE_GREEN)
        return None
