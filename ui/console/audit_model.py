"""The reviewer's list: a day's completed orders with the service's flags and where the callback
and the audit stand. The model holds the summary rows loaded so far (ids and what the columns
show) and asks for the next page when the view scrolls near the end (Qt's fetchMore); the order
with its timeline is loaded on its own when the reviewer selects it. Here too: how an entry
and its row read once a callback, close or reopen answered (`after_action`, `summary_after`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import IntEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from station_app import console_wire, wire
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


def callbacks_since_reopen(item: console_wire.AuditOrder) -> list[wire.Event]:
    out: list[wire.Event] = []
    for e in item.events:
        if e.type is EventType.REOPENED and e.id not in item.late_event_ids:
            out = []
        elif e.type is EventType.CALLBACK:
            out.append(e)
    return out


def callback_state(item: console_wire.AuditOrder) -> tuple[str, wire.Event | None, int]:
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


def after_action(item: console_wire.AuditOrder, after: wire.OrderWithEvents
                 ) -> console_wire.AuditOrder:
    """The list entry once a callback, close or reopen answered with the order's events."""
    audited = after.status == "closed"
    closed = next((e for e in reversed(after.events) if e.type is EventType.CLOSED), None)
    reopened = any(e.type is EventType.REOPENED for e in after.events)
    return item.model_copy(update={
        "events": after.events,
        "status": after.status,
        "audited": audited,
        "close_date": (date.fromisoformat(closed.payload["close_date"])
                       if audited and closed is not None else None),
        "late_event_ids": after.late_event_ids,
        "callbacks": [e for e in after.events if e.type is EventType.CALLBACK],
        "flags": item.flags.model_copy(
            update={"reopened_before": item.flags.reopened_before or reopened}),
    })


def callback_finished(item: console_wire.AuditOrder) -> bool:
    """Reached, or unreachable by the attempts rule, since the last reopen."""
    for e in reversed(item.events):
        if e.type is EventType.REOPENED:
            return False
        if e.type is EventType.CALLBACK and (
                e.payload.get("outcome") == CallbackOutcome.REACHED.value
                or e.payload.get("unreachable")):
            return True
    return False


def summary_after(row: console_wire.AuditRow, item: console_wire.AuditOrder
                  ) -> console_wire.AuditRow:
    """The list row once the opened order changed (a callback, close or reopen answered)."""
    state, event, unreached = callback_state(item)
    return row.model_copy(update={
        "status": item.status, "audited": item.audited, "close_date": item.close_date,
        "flags": item.flags, "callback_state": state, "callback_unreached": unreached,
        "callback_outcome": str(event.payload.get("outcome", "")) if event else "",
        "callback_mean": mean_of(event),
    })


class AuditListModel(QAbstractTableModel):
    """Signals:
        more_wanted(str): the view scrolled near the end; load the page after this cursor.
    """

    more_wanted = Signal(str)

    def __init__(self, local: Callable[[datetime | None], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._local = local
        self._rows: list[console_wire.AuditRow] = []
        self._where: dict[UUID, int] = {}
        self._cursor: str | None = None
        self._asked: str | None = None  # the cursor whose page is on its way
        self.total = 0

    def set_page(self, page: console_wire.AuditRowsPage) -> None:
        """A new list: its first page."""
        self.beginResetModel()
        self._rows = list(page.rows)
        self._where = {r.id: i for i, r in enumerate(self._rows)}
        self._cursor, self._asked = page.next_cursor, None
        self.total = page.total if page.total is not None else len(self._rows)
        self.endResetModel()

    def add_page(self, after: str, page: console_wire.AuditRowsPage) -> bool:
        """The page after cursor ``after``; False when the list moved on meanwhile."""
        if after != self._cursor:
            return False
        fresh = [r for r in page.rows if r.id not in self._where]
        self._asked = None
        self._cursor = page.next_cursor
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for r in fresh:
                self._where[r.id] = len(self._rows)
                self._rows.append(r)
            self.endInsertRows()
        return True

    def page_failed(self) -> None:
        self._asked = None  # scrolling asks again

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._cursor is not None and self._asked is None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent) and self._cursor is not None:
            self._asked = self._cursor
            self.more_wanted.emit(self._cursor)

    @property
    def complete(self) -> bool:
        return self._cursor is None

    def item(self, row: int) -> console_wire.AuditRow:
        return self._rows[row]

    def items(self) -> list[console_wire.AuditRow]:
        return list(self._rows)

    def row_of(self, order_id: UUID) -> int:
        return self._where.get(order_id, -1)

    def replace(self, row: console_wire.AuditRow) -> None:
        at = self.row_of(row.id)
        if at >= 0:
            self._rows[at] = row
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(AuditColumn) - 1))

    def remove(self, order_id: UUID) -> None:
        at = self.row_of(order_id)
        if at < 0:
            return
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        self._where = {r.id: i for i, r in enumerate(self._rows)}
        self.total = max(0, self.total - 1)
        self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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

    def callback_text(self, row: console_wire.AuditRow) -> str:
        if row.callback_state == "reached":
            return self.tr("Reached · mean %1").replace("%1", f"{row.callback_mean or 0:.1f}")
        if row.callback_state == "unreachable":
            return self.tr("Unreachable: %1").replace(
                "%1", texts.callback_outcome(row.callback_outcome))
        if row.callback_unreached:
            return self.tr("%1 unreached").replace("%1", str(row.callback_unreached))
        return self.tr("To call")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        col = AuditColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            match col:
                case AuditColumn.BUSINESS_NO:
                    return item.business_no
                case AuditColumn.STATION:
                    return f"{item.station_code} {item.station_name}"
                case AuditColumn.KIND:
                    return labels.kind(item.kind)
                case AuditColumn.CUSTOMER:
                    return item.customer_name
                case AuditColumn.COMPLETED:  # a reopened order: the completion it undid
                    return self._local(item.done_at or item.audit_at)
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
