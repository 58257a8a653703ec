"""What one row of the inbox shows: for each role the view asks, a value per column, worked out
once per order summary (a screenful is ~1,300 calls of `data()`); only the countdown cell is
worked out when asked, since it moves every second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from enum import IntEnum
from typing import Any
from uuid import UUID

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from station_app.domain.kinds import OrderKind
from station_app.order_detail import Notice
from station_app.orders_query import OrderSummary
from ui import labels, sla_badge

KIND_COLOURS = {
    OrderKind.RESCUE: "#d32f2f",
    OrderKind.FAULT_MODE: "#ef6c00",
    OrderKind.DISPATCH: "#1565c0",
    OrderKind.COMPLAINT: "#6a1b9a",
    OrderKind.REPAIR: "#00897b",
}
UNREAD_BG = QColor("#fff8c4")
RESCUE_UNREAD_BG = QColor("#ffd6d6")
RESCUE_FG = QColor("#b71c1c")

# The roles a row answers, each the index of its values in a row's look.
SLOTS: dict[int, int] = {role: slot for slot, role in enumerate((
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
))}
DISPLAY, DECORATION, FOREGROUND, BACKGROUND, FONT, TOOLTIP, ALIGNMENT = range(len(SLOTS))
LIVE = object()  # a value worked out when asked: the countdown moves every second
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class Column(IntEnum):
    KIND = 0
    BUSINESS_NO = 1
    CUSTOMER = 2
    PLACE = 3
    ISSUED = 4
    SLA = 5
    STATUS = 6
    SYNC = 7


COLUMNS = len(Column)


def kind_icon(kind: str, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(KIND_COLOURS.get(OrderKind(kind), "#757575")))
    painter.setPen(Qt.PenStyle.NoPen)
    if kind == OrderKind.RESCUE:
        painter.drawRect(1, 1, size - 2, size - 2)  # rescue: a square, not a dot
    else:
        painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pix)


class RowLook:
    """What the view shows of one row: per role, a value per column (LIVE: ask again)."""

    __slots__ = ("summary", "cells")

    def __init__(self, summary: OrderSummary, cells: tuple[tuple[Any, ...], ...]) -> None:
        self.summary = summary
        self.cells = cells


class RowLooks:
    """Works out and keeps the looks of the orders shown: an order's look is kept while its
    summary is the same object (the model keeps the cached object when an equal summary is
    read again)."""

    def __init__(self, zone: tzinfo, due_soon: timedelta, now: Callable[[], datetime]) -> None:
        self._zone = zone
        self._due_soon = due_soon
        self._now = now
        self._looks: dict[UUID, RowLook] = {}
        self._icons: dict[str, QIcon] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def of(self, s: OrderSummary) -> RowLook:
        look = self._looks.get(s.id)
        if look is None or look.summary is not s:
            look = self._looks[s.id] = self._look(s)
        return look

    def keep_only(self, ids: set[UUID]) -> None:
        self._looks = {k: v for k, v in self._looks.items() if k in ids}

    def settings_changed(self, zone: tzinfo, due_soon: timedelta) -> None:
        self._zone, self._due_soon = zone, due_soon
        self._looks.clear()

    def _look(self, s: OrderSummary) -> RowLook:
        columns = list(Column)
        bold = self._bold if s.unread or s.kind == OrderKind.RESCUE else None
        return RowLook(s, (
            tuple(LIVE if c is Column.SLA else self._display(s, c) for c in columns),
            tuple(self._icon(s.kind) if c is Column.KIND else None for c in columns),
            tuple(LIVE if c is Column.SLA else self._foreground(s, c) for c in columns),
            tuple(LIVE if c is Column.SLA else self._background(s, c) for c in columns),
            tuple(bold if c in (Column.KIND, Column.BUSINESS_NO) else None for c in columns),
            tuple(self._tooltip(s, c) for c in columns),
            tuple(RIGHT if c is Column.SLA else None for c in columns),
        ))

    def live(self, s: OrderSummary, slot: int) -> Any:
        """The countdown cell: its text and colours at this second."""
        if slot == DISPLAY:
            return self._display(s, Column.SLA)
        if slot == FOREGROUND:
            return self._foreground(s, Column.SLA)
        return self._background(s, Column.SLA)

    def _display(self, s: OrderSummary, col: Column) -> str:
        match col:
            case Column.KIND:
                return labels.kind(s.kind)
            case Column.BUSINESS_NO:
                return s.business_no
            case Column.CUSTOMER:
                return s.customer_name
            case Column.PLACE:
                return s.location
            case Column.ISSUED:
                return s.issued_at.astimezone(self._zone).strftime("%m-%d %H:%M")
            case Column.SLA:
                if s.next_due_at is None:
                    return ""
                return sla_badge.format_time_left(s.next_due_at - self._now())
            case Column.STATUS:
                return labels.status(s.status)
            case Column.SYNC:
                # Translated in the model's context, where the catalogue has these strings.
                if s.notice == Notice.GONE_FROM_CALL_CENTER:  # not "synced": lost there
                    return QCoreApplication.translate("InboxModel", "Lost at the call center")
                if s.events_rejected:
                    return QCoreApplication.translate("InboxModel", "%1 rejected").replace(
                        "%1", str(s.events_rejected))
                if s.events_waiting:
                    return QCoreApplication.translate("InboxModel", "%1 waiting").replace(
                        "%1", str(s.events_waiting))
                if s.entered_locally:
                    return QCoreApplication.translate("InboxModel", "Typed in")
                return QCoreApplication.translate("InboxModel", "Synced")

    def _sla_state(self, s: OrderSummary) -> Any:
        return sla_badge.live_state(s.next_deadline_state, s.next_due_at, self._now(),
                                    self._due_soon)

    def _foreground(self, s: OrderSummary, col: Column) -> QBrush | None:
        if col is Column.SLA:
            colour = sla_badge.foreground(self._sla_state(s))
            return QBrush(colour) if colour else None
        if col is Column.KIND and s.kind == OrderKind.RESCUE:
            return QBrush(RESCUE_FG)
        if col is Column.SYNC and (s.events_rejected
                                   or s.notice == Notice.GONE_FROM_CALL_CENTER):
            return QBrush(sla_badge.RED)
        if s.notice in (Notice.CANCELLED, Notice.REASSIGNED_AWAY):
            return QBrush(QColor("#757575"))
        return None

    def _background(self, s: OrderSummary, col: Column) -> QBrush | None:
        if col is Column.SLA:
            colour = sla_badge.background(self._sla_state(s))
            if colour:
                return QBrush(colour)
        if s.unread:
            return QBrush(RESCUE_UNREAD_BG if s.kind == OrderKind.RESCUE else UNREAD_BG)
        return None

    def _tooltip(self, s: OrderSummary, col: Column) -> str | None:
        if col is Column.SLA and s.next_deadline and s.next_due_at:
            due = s.next_due_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")
            return f"{labels.deadline(s.next_deadline)}: {due}"
        if col is Column.SYNC and s.entered_locally and not s.events_rejected:
            return QCoreApplication.translate(
                "InboxModel", "Typed in from a phone call: waits for the call center's order "
                "%1 to arrive, then its entries are matched with it and sent").replace(
                    "%1", s.business_no)
        if col is Column.PLACE and s.location:
            return s.location  # the whole address: the cell elides it
        if col is Column.KIND and s.complaint_level:
            return labels.complaint_level(s.complaint_level)
        if s.notice:
            return labels.notice(s.notice)
        return None

    def _icon(self, kind: str) -> QIcon:
        icon = self._icons.get(kind)
        if icon is None:
            icon = self._icons[kind] = kind_icon(kind)
        return icon
