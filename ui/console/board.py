"""The dispatcher's screen: the live board of today's orders, the selected order's handling log,
and the actions issue, cancel, reassign and note."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app import console_wire, wire, wire_orders
from ui.console.board_feed import BoardFeed
from ui.console.board_model import BoardColumn, BoardModel
from ui.console.context import ConsoleContext, api
from ui.console.dialogs import IssueOrderDialog, ReassignDialog, station_name
from ui.console.timeline import CorrectedTimelineModel, entries
from ui.console.widgets import record_table, shortcut_button
from ui.dialogs.small import TextDialog
from ui.sla_badge import SecondTicker
from ui.timeline import TimelineView


class BoardWidget(QWidget):
    """Signals:
        loaded(): the board was (re)loaded from the call center.
        said(str): what an action of the dispatcher did, once the call center has it.
    """

    loaded = Signal()
    said = Signal(str)

    def __init__(self, ctx: ConsoleContext, ticker: SecondTicker, feed: BoardFeed,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchBoard")
        self.ctx = ctx
        self.version = 0
        self.stations: list[wire.StationInfo] = []
        self._loading = False
        self._again = False
        self._selected: UUID | None = None
        self._dirty = False

        self.model = BoardModel(ctx.now, ctx.local, self)
        self.table = record_table(self.model, "boardTable", self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(BoardColumn.CUSTOMER, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.issue_button = shortcut_button(self.tr("New order"), "Ctrl+N", self)
        self.issue_button.setObjectName("issueButton")
        self.cancel_button = shortcut_button(self.tr("Cancel order"), "Ctrl+D", self)
        self.cancel_button.setObjectName("cancelButton")
        self.reassign_button = shortcut_button(self.tr("Reassign"), "Ctrl+G", self)
        self.reassign_button.setObjectName("reassignButton")
        self.note_button = shortcut_button(self.tr("Add note"), "Ctrl+M", self)
        self.note_button.setObjectName("noteButton")
        self.urge_button = shortcut_button(self.tr("Urge"), "Ctrl+U", self)
        self.urge_button.setObjectName("urgeButton")
        self.live = QLabel(self)
        self.live.setObjectName("boardLive")
        bar = QHBoxLayout()
        for b in (self.issue_button, self.cancel_button, self.reassign_button, self.note_button,
                  self.urge_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.live)
        self.issue_button.clicked.connect(self.issue)
        self.cancel_button.clicked.connect(self.cancel)
        self.reassign_button.clicked.connect(self.reassign)
        self.note_button.clicked.connect(self.add_note)
        self.urge_button.clicked.connect(self.urge)

        self.title = QLabel(self)
        self.title.setObjectName("boardOrderTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.timeline = CorrectedTimelineModel(ctx.zone, self)
        self.timeline_view = TimelineView(self.timeline, self)
        lower = QWidget(self)
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(self.title)
        lower_box.addWidget(self.timeline_view)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split)

        self.feed = feed  # the window's: the audit list and the reports follow it too
        self.feed.changed.connect(lambda _v: self.reload())
        self.feed.link.connect(self._link)
        ticker.tick.connect(self.model.tick)
        self._enable()

    # -- loading ---------------------------------------------------------------------------

    def start(self) -> None:
        api(self.ctx, self, lambda c: c.stations(), read=True).success(self._stations).run()
        self.reload(start_feed=True)

    def stop(self) -> None:
        self.feed.stop()

    def _stations(self, stations: list[wire.StationInfo]) -> None:
        self.stations = stations

    def reload(self, start_feed: bool = False) -> None:
        if not start_feed and not self.isVisible():
            self._dirty = True  # another tab is on screen: reload when this one is shown
            return
        if self._loading:
            self._again = True
            return
        self._loading = True

        def done(page: console_wire.BoardPage) -> None:
            self._loading = False
            self._show(page)
            if start_feed:
                self.feed.start(page.version)
            if self._again:
                self._again = False
                self.reload()

        def failed(exc: BaseException) -> None:
            self._loading = False
            self.live.setText(self.tr("Cannot load the board: %1").replace("%1", str(exc)))

        api(self.ctx, self, lambda c: c.board(), read=True).success(done).failure(failed).run()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self.reload()

    def _show(self, page: console_wire.BoardPage) -> None:
        self.version = page.version
        self.feed.set_version(page.version)
        keep = self._selected
        self.model.set_items(page.orders)
        if page.orders:
            self._fit_columns()
        live = (self.tr("Live · 1 order · updated %2") if len(page.orders) == 1
                else self.tr("Live · %1 orders · updated %2"))
        self.live.setText(live.replace(
            "%1", str(len(page.orders))).replace("%2", self.ctx.local(page.server_time,
                                                                       "%H:%M:%S")))
        row = self.model.row_of(keep) if keep else -1
        if row >= 0 and keep is not None:
            self.table.selectRow(row)
            self._load_detail(keep)
        self._enable()
        self.loaded.emit()

    def _link(self, up: bool) -> None:
        if up:
            self.reload()
        else:
            self.live.setText(self.tr("Cannot reach the call center; retrying"))

    # -- selection -------------------------------------------------------------------------

    def current(self) -> console_wire.BoardOrder | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _fit_columns(self) -> None:
        """Widen the columns to what they now show (never narrower than the clerk set them),
        so a status or kind that appears later is not cut to '…'; the customer column takes
        the rest of the width."""
        header = self.table.horizontalHeader()
        for column in BoardColumn:
            if column is BoardColumn.CUSTOMER:
                continue
            wanted = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
            if wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)

    def _row_changed(self, *_args: object) -> None:
        item = self.current()
        self._selected = item.order.id if item else None
        self._enable()
        if item is not None:
            self._load_detail(item.order.id)

    def _load_detail(self, order_id: UUID) -> None:
        def show(detail: wire.OrderWithEvents) -> None:
            if self._selected != detail.order.id:
                return
            o = detail.order
            self.title.setText(f"{o.business_no} · {o.customer.name} {o.customer.phone} · "
                               f"{o.location}\n{o.statement}")
            self.timeline.set_entries(entries(detail.events, detail.late_event_ids))
        api(self.ctx, self, lambda c: c.order(order_id), read=True).success(show).run()

    def _enable(self) -> None:
        item = self.current()
        open_ = item is not None and item.status not in ("cancelled", "closed", "completed",
                                                          "declined")
        self.cancel_button.setEnabled(open_)
        self.reassign_button.setEnabled(open_)
        self.note_button.setEnabled(item is not None)
        self.urge_button.setEnabled(open_)

    # -- actions ---------------------------------------------------------------------------

    def issue(self) -> None:
        dialog = IssueOrderDialog(self.stations, self.ctx.language, self)
        if not dialog.exec():
            return
        fields = dialog.fields()
        assert fields is not None
        def issued(order: wire_orders.Order) -> None:
            self._say(self.tr("Issued %1 to %2; the station is alerted").replace(
                "%1", order.business_no).replace(
                "%2", station_name(self.stations, order.station_code)))
            self._after(order.id)
        api(self.ctx, self, lambda c: c.issue(fields)).success(issued).run()

    def cancel(self) -> None:
        item = self.current()
        if item is None:
            return
        dialog = TextDialog(self.tr("Cancel order %1").replace("%1", item.order.business_no),
                            self.tr("Reason"), self.tr("Cancel order"), self)
        if not dialog.exec():
            return
        reason, oid = dialog.value(), item.order.id
        api(self.ctx, self, lambda c: c.cancel(oid, reason)).success(
            lambda _r: self._after(oid)).run()

    def reassign(self) -> None:
        item = self.current()
        if item is None:
            return
        number = item.order.business_no
        dialog = ReassignDialog(self.stations, item.order.station_code, number, self)
        if not dialog.exec():
            return
        (code, reason), oid = dialog.values(), item.order.id

        def reassigned(_r: object) -> None:
            self._say(self.tr("Reassigned %1 to %2").replace("%1", number).replace(
                "%2", station_name(self.stations, code)))
            self._after(oid)
        api(self.ctx, self, lambda c: c.reassign(oid, code, reason)).success(
            reassigned).run()

    def add_note(self) -> None:
        item = self.current()
        if item is None:
            return
        dialog = TextDialog(self.tr("Handling log"), self.tr("Note"), self.tr("Add note"), self)
        if not dialog.exec():
            return
        text, oid = dialog.value(), item.order.id
        api(self.ctx, self, lambda c: c.add_note(oid, text)).success(
            lambda _r: self._after(oid)).run()

    def urge(self) -> None:
        """催办: the station is alerted like for a new rescue, with the reason."""
        item = self.current()
        if item is None:
            return
        dialog = TextDialog(self.tr("Urge the station on %1").replace(
            "%1", item.order.business_no), self.tr("Reason (the station sees it)"),
            self.tr("Urge"), self)
        if not dialog.exec():
            return
        reason, oid = dialog.value(), item.order.id
        api(self.ctx, self, lambda c: c.urge(oid, reason)).success(
            lambda _r: self._after(oid)).run()

    def _say(self, text: str) -> None:
        self.said.emit(text)

    def _after(self, order_id: UUID) -> None:
        self._selected = order_id
        self.reload()
