"""The dispatch board's table: today's orders across stations, the ones that need a phone call
now on top (contact overdue, at risk, still waiting for the station's first contact)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from station_app import console_wire
from station_app.domain.sla import SlaState
from ui import labels, sla_badge
from ui.sla_badge import format_time_left

Index = QModelIndex | QPersistentModelIndex
DUE_SOON = timedelta(minutes=5)
_CONTACT = ("contact", "appointment")
_FINISHED = ("completed", "declined", "cancelled", "closed")
MARK_COLOURS = {"at_risk": QColor("#fff1d6"), "breached": QColor("#fde0e0")}


class BoardColumn(IntEnum):
    CONTACT = 0
    KIND = 1
    BUSINESS_NO = 2
    STATION = 3
    CUSTOMER = 4
    ISSUED = 5
    STATUS = 6
    COMPLETION = 7


def _deadline(item: console_wire.BoardOrder, names: tuple[str, ...]
              ) -> console_wire.AuditDeadline | None:
    return next((d for d in item.deadlines if d.name in names), None)


def live(d: console_wire.AuditDeadline | None, now: datetime) -> SlaState | None:
    if d is None:
        return None
    return sla_badge.live_state(d.state, d.due_at, now, DUE_SOON)


def mark(item: console_wire.BoardOrder, now: datetime) -> str:
    """The board's mark at ``now`` (whom to urge): overdue once an open deadline passed, at
    risk once one reached the instant the call center said it turns at risk; the mark the
    board was loaded with until then."""
    worst = item.mark
    for d in item.deadlines:
        if not SlaState(d.state).open:
            continue
        if now >= d.due_at:
            return "breached"
        if d.at_risk_at is not None and now >= d.at_risk_at:
            worst = "at_risk"
    return worst


def urgency(item: console_wire.BoardOrder, now: datetime) -> tuple[int, datetime]:
    """Sort key: contact overdue, contact at risk, waiting for first contact, completion in
    trouble, other open orders, finished ones; then the earliest due."""
    contact = _deadline(item, _CONTACT)
    completion = _deadline(item, ("completion",))
    c_state = live(contact, now)
    if item.status in _FINISHED:
        return 5, item.order.issued_at
    if contact is not None and c_state is SlaState.BREACHED:
        return 0, contact.due_at
    if contact is not None and c_state is SlaState.AT_RISK:
        return 1, contact.due_at
    if contact is not None and c_state is SlaState.ON_TRACK:
        return 2, contact.due_at
    if completion is not None and live(completion, now) in (SlaState.BREACHED,
                                                            SlaState.AT_RISK):
        return 3, completion.due_at
    return 4, item.order.issued_at


class BoardModel(QAbstractTableModel):
    def __init__(self, now: Callable[[], datetime], local: Callable[[datetime | None], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._now = now
        self._local = local
        self._items: list[console_wire.BoardOrder] = []

    def set_items(self, items: list[console_wire.BoardOrder]) -> None:
        now = self._now()
        self.beginResetModel()
        self._items = sorted(items, key=lambda i: urgency(i, now))
        self.endResetModel()

    def item(self, row: int) -> console_wire.BoardOrder:
        return self._items[row]

    def row_of(self, order_id: UUID) -> int:
        return next((i for i, it in enumerate(self._items) if it.order.id == order_id), -1)

    def items(self) -> list[console_wire.BoardOrder]:
        return list(self._items)

    def tick(self) -> None:
        """A second passed: the countdowns change, and an order whose deadline turned at risk
        or overdue moves up (selection kept)."""
        if not self._items:
            return
        self.resort()
        for col in (BoardColumn.CONTACT, BoardColumn.STATUS, BoardColumn.COMPLETION):
            self.dataChanged.emit(self.index(0, col), self.index(len(self._items) - 1, col))

    def resort(self) -> None:
        now = self._now()
        ordered = sorted(self._items, key=lambda i: urgency(i, now))
        if [i.order.id for i in ordered] == [i.order.id for i in self._items]:
            return
        self.layoutAboutToBeChanged.emit()
        old = self._items
        new_row = {it.order.id: r for r, it in enumerate(ordered)}
        self._items = ordered
        before = self.persistentIndexList()
        after = [self.index(new_row[old[i.row()].order.id], i.column()) for i in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(BoardColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [self.tr("First contact"), self.tr("Kind"), self.tr("Business no."),
                 self.tr("Station"), self.tr("Customer"), self.tr("Issued"), self.tr("Status"),
                 self.tr("Completion")]
        return names[section] if 0 <= section < len(names) else None

    def _sla_text(self, d: console_wire.AuditDeadline | None, state: SlaState | None,
                  waiting_text: str) -> str:
        if d is None or state is None:
            return ""
        if d.done_at is not None:
            done = self.tr("done %1").replace("%1", self._local(d.done_at))
            return f"{labels.sla_state(state)} · {done}"
        left = d.due_at - self._now()
        if state is SlaState.BREACHED:
            return self.tr("Overdue by %1").replace("%1", format_time_left(-left))
        prefix = self.tr("At risk") if state is SlaState.AT_RISK else waiting_text
        return f"{prefix} · {format_time_left(left)}"

    def _status_text(self, item: console_wire.BoardOrder) -> str:
        """The status with the board's mark (whom to urge), the urges so far and, once done,
        the callback limit."""
        parts = [labels.status(item.status)]
        now_marked = mark(item, self._now())
        if now_marked == "breached":
            parts.append(self.tr("⚠ overdue"))
        elif now_marked == "at_risk":
            parts.append(self.tr("⚠ at risk"))
        if item.urges:
            parts.append(self.tr("urged ×%1").replace("%1", str(item.urges)))
        callback = _deadline(item, ("callback",))
        if callback is not None and callback.done_at is None and item.status != "closed":
            parts.append(self.tr("callback due %1").replace("%1", self._local(callback.due_at)))
        return " · ".join(parts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        col = BoardColumn(index.column())
        now = self._now()
        deadline = None
        if col is BoardColumn.CONTACT:
            deadline = _deadline(item, _CONTACT)
        elif col is BoardColumn.COMPLETION:
            deadline = _deadline(item, ("completion",))
        state = live(deadline, now)
        if role == Qt.ItemDataRole.DisplayRole:
            order = item.order
            match col:
                case BoardColumn.CONTACT:
                    waiting = (labels.deadline(deadline.name) if deadline is not None
                               and deadline.name == "appointment"
                               else self.tr("Waiting for the station's first contact"))
                    return self._sla_text(deadline, state, waiting)
                case BoardColumn.KIND:
                    if order.complaint_level:
                        return labels.complaint_level(order.complaint_level)
                    return labels.kind(order.kind)
                case BoardColumn.BUSINESS_NO:
                    return order.business_no
                case BoardColumn.STATION:
                    return f"{order.station_code} {item.station_name}"
                case BoardColumn.CUSTOMER:
                    return f"{order.customer.name} {order.customer.phone}"
                case BoardColumn.ISSUED:
                    return self._local(order.issued_at)
                case BoardColumn.STATUS:
                    return self._status_text(item)
                case BoardColumn.COMPLETION:
                    return self._sla_text(deadline, state, self.tr("Open"))
        if role == Qt.ItemDataRole.ForegroundRole and deadline is not None:
            fg = sla_badge.foreground(state)
            return QBrush(fg) if fg is not None else None
        if role == Qt.ItemDataRole.BackgroundRole and col is BoardColumn.STATUS:
            now_marked = mark(item, self._now())
            if now_marked:
                return QBrush(MARK_COLOURS[now_marked])
        if role == Qt.ItemDataRole.BackgroundRole and deadline is not None:
            bg = sla_badge.background(state)
            return QBrush(bg) if bg is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and deadline is not None:
            return self.tr("Due %1").replace("%1", self._local(deadline.due_at))
        return None
