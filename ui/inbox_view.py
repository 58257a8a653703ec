"""The inbox: filter tabs, the search box and the order table over `InboxModel`."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from station_app.orders_query import OrderFilter
from ui import labels
from ui.inbox_model import Column, InboxModel
from ui.item_views import HoldingTableView
from ui.sla_badge import SecondTicker

FILTERS = (OrderFilter.OPEN, OrderFilter.DUE_SOON, OrderFilter.OVERDUE,
           OrderFilter.WAITING_SYNC, OrderFilter.CLOSED, OrderFilter.ALL)
COUNTED = (OrderFilter.OPEN, OrderFilter.DUE_SOON, OrderFilter.OVERDUE,
           OrderFilter.WAITING_SYNC)  # the tabs that show how many orders they hold
SEARCH_DELAY_MS = 250
HOLD_MS = 4000  # rows stay put this long after the pointer last moved over the list
PLACE_MIN = 48  # the address column's least width (it is elided; its tooltip has it all)


class InboxView(QWidget):
    """Signals:
        order_selected(UUID | None): the clerk moved to another order (None: nothing selected).
        order_activated(UUID): the clerk pressed Enter on an order or double-clicked it (takes
            it in; moving through the list does not).
    """

    order_selected = Signal(object)
    order_activated = Signal(object)

    def __init__(self, model: InboxModel, ticker: SecondTicker,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._current: UUID | None = None
        self._keep_later: UUID | None = None  # the selection, not among the first rows

        self.tabs = QTabBar(self)
        self.tabs.setObjectName("inboxFilters")
        for flt in FILTERS:
            self.tabs.addTab(labels.order_filter(flt))
        self.tabs.setCurrentIndex(FILTERS.index(model.filter))
        self.tabs.currentChanged.connect(self._query_changed)

        self.search = QLineEdit(self)
        self.search.setObjectName("inboxSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Search: business no., customer, phone, plate, VIN (Ctrl+F)"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._query_changed)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("inboxCount")

        self.table = HoldingTableView(self)
        self.table.setObjectName("inboxTable")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the detail
        self.table.doubleClicked.connect(self._activated)
        self.table.installEventFilter(self)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        bold = QFont(self.table.font())
        bold.setBold(True)
        wide, plain = QFontMetrics(bold), QFontMetrics(self.table.font())
        samples = {
            Column.KIND: (wide, "最新故障", 24), Column.BUSINESS_NO: (wide, "HF20261125007", 0),
            Column.CUSTOMER: (plain, "欧阳先生", 0), Column.PLACE: (plain, "合肥市蜀山区长江", 0),
            Column.ISSUED: (plain, "11-25 23:06", 0), Column.SLA: (plain, "23小时59分", 0),
            Column.STATUS: (plain, "已完成(待审)", 0), Column.SYNC: (plain, "3条待同步", 0),
        }
        for col, (metrics, sample, extra) in samples.items():
            header.resizeSection(col, metrics.horizontalAdvance(sample) + 16 + extra)
        header.setSectionResizeMode(Column.PLACE, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)  # the address; whole in a tip
        # Kind, number, customer, time left, status and sync always fit: the list is never
        # narrower than they are, and the issue time gives way first when space is short.
        self._essential = sum(header.sectionSize(c) for c in Column
                              if c not in (Column.PLACE, Column.ISSUED))
        self.table.setMinimumWidth(self._essential + PLACE_MIN + 2 * self.table.frameWidth()
                                   + self.table.verticalScrollBar().sizeHint().width())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.viewport().installEventFilter(self)  # its height; the pointer over it
        self.table.setMouseTracking(True)
        self.table.viewport().setMouseTracking(True)
        self._release = QTimer(self)  # a pointer resting on the list does not hold it forever
        self._release.setSingleShot(True)
        self._release.setInterval(HOLD_MS)
        self._release.timeout.connect(lambda: self.model.hold_order(False))
        self.table.verticalScrollBar().valueChanged.connect(self._note_shown)
        model.modelReset.connect(self._note_shown)
        model.rowsInserted.connect(self._note_shown)

        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._restore_current)
        model.loaded.connect(self._show_count)
        model.loaded.connect(self._whole_list_in)
        model.first_rows_loaded.connect(self._show_first_rows)
        ticker.tick.connect(self._tick)

        top = QHBoxLayout()
        top.addWidget(self.tabs, 0)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)
        self._say_why_empty()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self._activated(self.table.currentIndex())
            return True
        if watched is self.table.viewport():
            kind = event.type()
            if kind == QEvent.Type.Resize:
                self._fit_columns()
                row = max(self.table.verticalHeader().defaultSectionSize(), 1)
                self.model.screen_rows = self.table.viewport().height() // row + 2
                self._note_shown()
            elif kind in (QEvent.Type.Enter, QEvent.Type.MouseMove):
                self._release.start()
                if not self.model.holding:
                    self.model.hold_order(True)
            elif kind in (QEvent.Type.Leave, QEvent.Type.Hide):
                self._release.stop()
                self.model.hold_order(False)
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        issued = header.sectionSize(Column.ISSUED)
        room = self.table.viewport().width() - self._essential - PLACE_MIN
        header.setSectionHidden(Column.ISSUED, room < issued)

    def _shown(self) -> range:
        """The rows on screen (empty when none is)."""
        first = self.table.rowAt(0)
        if first < 0:
            return range(0)
        last = self.table.rowAt(self.table.viewport().height() - 1)
        return range(first, (last if last >= 0 else self.model.rowCount() - 1) + 1)

    def _note_shown(self) -> None:
        self.model.shown_rows = self._shown()

    # -- querying ----------------------------------------------------------------------

    def set_counts(self, counts: dict[OrderFilter, int]) -> None:
        """Show each counted tab's number: 未完成 12 · 已超时 2."""
        for i, flt in enumerate(FILTERS):
            text = labels.order_filter(flt)
            if flt in counts:
                text = f"{text} {counts[flt]:,}"
            self.tabs.setTabText(i, text)

    def current_filter(self) -> OrderFilter:
        return FILTERS[max(self.tabs.currentIndex(), 0)]

    def _search_now(self) -> None:
        self._search_timer.stop()
        self._query_changed()

    def _query_changed(self, *_args: object) -> None:
        self.model.set_query(self.current_filter(), self.search.text())
        self._say_why_empty()

    def _say_why_empty(self) -> None:
        search = self.search.text().strip()
        if search:
            text = self.tr("No order here matches “%1”. Try the All tab, or fewer words.")
            self.table.set_empty_text(text.replace("%1", search))
            return
        self.table.set_empty_text({
            OrderFilter.OPEN: self.tr("No open orders: new ones from the call center appear "
                                      "here, with a sound."),
            OrderFilter.DUE_SOON: self.tr("No order is close to a deadline."),
            OrderFilter.OVERDUE: self.tr("No order is past a deadline."),
            OrderFilter.WAITING_SYNC: self.tr("Nothing waits to be sent: the call center has "
                                              "every entry made here."),
            OrderFilter.CLOSED: self.tr("No finished orders yet."),
            OrderFilter.ALL: self.tr("No orders yet: they arrive from the call center, or "
                                     "enter one taken by phone (Ctrl+Shift+N)."),
        }[self.current_filter()])

    def _whole_list_in(self) -> None:
        keep, self._keep_later = self._keep_later, None
        if keep is None or keep != self._current:
            return
        if self.select_order(keep) or not self.model.new_query:
            return  # an order that left the list by its own change stays on screen
        self._current = None
        self.order_selected.emit(None)

    def _show_count(self, rows: int) -> None:
        text = self.tr("1 order") if rows == 1 else self.tr("%1 orders")
        self.count_label.setText(text.replace("%1", f"{rows:,}"))

    def _show_first_rows(self, rows: int) -> None:  # more follow: "60+ orders"
        self.count_label.setText(self.tr("%1 orders").replace("%1", f"{rows:,}+"))

    # -- selection ---------------------------------------------------------------------

    def current_order(self) -> UUID | None:
        return self._current

    def select_order(self, order_id: UUID, scroll: bool = True) -> bool:
        row = self.model.row_of(order_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        if scroll:
            self.table.scrollTo(index)
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        oid = self.model.order_id(current.row()) if current.isValid() else None
        if oid != self._current:
            self._current = oid
            self.order_selected.emit(oid)

    def _activated(self, index: QModelIndex) -> None:
        oid = self.model.order_id(index.row()) if index.isValid() else None
        if oid is not None:
            self.order_activated.emit(oid)

    def _remember_current(self) -> None:
        """Before the rows change: the selected order and the row to hold still — the selected
        one where it is on screen, else the top one (if scrolled)."""
        self._keep = self._current
        self._anchor: tuple[UUID, int] | None = None
        selected = self.table.currentIndex()
        if self._current is not None and selected.isValid():
            y = self.table.visualRect(selected).top()
            if 0 <= y < self.table.viewport().height():
                self._anchor = (self._current, y)
                return
        top = self.table.rowAt(0)
        oid = self.model.order_id(top) if top > 0 else None
        if oid is not None:
            self._anchor = (oid, self.table.visualRect(self.model.index(top, 0)).top())

    def _hold_still(self) -> bool:
        """Scroll so the anchor row is where it was on screen, past the end of a short list
        if it must be (the rows that arrived above are then out of sight, as in a long one)."""
        anchor = getattr(self, "_anchor", None)
        row = self.model.row_of(anchor[0]) if anchor is not None else None
        if anchor is None or row is None:
            return False
        self.table.doItemsLayout()  # the scroll range of the new rows
        height = max(self.table.rowHeight(row), 1)
        if self.table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem:
            self.table.hold_at(row - round(anchor[1] / height))
        else:
            self.table.hold_at(row * height - anchor[1])
        return True

    def _restore_current(self) -> None:
        keep = getattr(self, "_keep", None)
        if keep is not None and self.select_order(keep, scroll=False):
            if not self._hold_still():
                self.select_order(keep)
            return
        if keep is not None and self.model.partial:  # it may be further down: look again
            self._keep_later = keep                   # when the whole list is in
            return
        self._hold_still()
        # The order on screen left the list by its own change (completed, say): it stays on
        # screen, with its next step, until the clerk chooses another. Another filter or
        # search clears it.
        if self._current is not None and self.model.new_query:
            self._current = None
            self.order_selected.emit(None)

    def _tick(self) -> None:
        if not self.isVisible():
            return
        shown = self._shown()
        if shown:
            self.model.tick(shown.start, shown.stop - 1)
