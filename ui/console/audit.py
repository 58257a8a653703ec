"""The reviewer's audit screen (审核): a day's completed orders with filters (applied by the
server; the list loads a page at a time as the reviewer scrolls), the selected order's detail
(loaded when selected), the callback panel and the verdict — close (审核关单) or reopen (退回) — all
from the keyboard: J/K move, R/N/F/O/S outcome, 1–5 scores, Ctrl+S record, Ctrl+Enter close,
Ctrl+R reopen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from uuid import UUID

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app import console_wire, wire
from station_app.console_client import CallCenterClient
from station_app.domain.events import CallbackOutcome
from station_app.domain.kinds import OrderKind
from ui import labels
from ui.console import texts
from ui.console.audit_detail import AuditDetail
from ui.console.audit_model import (
    AuditListModel,
    after_action,
    callback_finished,
    summary_after,
)
from ui.console.callback_panel import OUTCOME_KEYS, CallbackPanel
from ui.console.context import ConsoleContext, api
from ui.console.review_dialogs import CloseDialog, SendBackDialog
from ui.console.widgets import (
    ChangeFollower,
    loaded_label,
    record_table,
    say_loaded,
    shortcut_button,
)


class AuditWidget(QWidget):
    """Signals:
        loaded(): the list was (re)loaded.
        acted(str): an action finished on the server (callback, closed, reopened).
    """

    loaded = Signal()
    acted = Signal(str)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditScreen")
        self.ctx = ctx
        self._selected: UUID | None = None
        self._busy = False
        self._load_seq = 0

        self.day = QDateEdit(self)
        self.day.setObjectName("auditDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        y = ctx.yesterday()
        self.day.setDate(QDate(y.year, y.month, y.day))
        self.station = QComboBox(self)
        self.station.setObjectName("auditStation")
        self.station.addItem(self.tr("All stations"), "")
        self.kind = QComboBox(self)
        self.kind.setObjectName("auditKind")
        self.kind.addItem(self.tr("All kinds"), "")
        for k in OrderKind:
            self.kind.addItem(labels.kind(k), k.value)
        self.state = QComboBox(self)
        self.state.setObjectName("auditState")
        for s in ("unaudited", "audited", "all"):
            self.state.addItem(texts.audit_state(s), s)
        self.flag = QComboBox(self)  # filtered by the server, like the others
        self.flag.setObjectName("auditFlag")
        self.flag.addItem(self.tr("All flags"), "")
        for name in texts.FLAG_NAMES:
            self.flag.addItem(texts.flag(name), name)
        self.refresh_button = shortcut_button(self.tr("Load"), "F5", self)
        self.refresh_button.setObjectName("auditLoad")
        self.count = QLabel(self)
        self.count.setObjectName("auditCount")
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Completed on"), self))
        filters.addWidget(self.day)
        filters.addWidget(self.station)
        filters.addWidget(self.kind)
        filters.addWidget(self.state)
        filters.addWidget(self.flag)
        filters.addWidget(self.refresh_button)
        filters.addStretch(1)
        self.loaded_at = loaded_label(self)
        filters.addWidget(self.loaded_at)
        filters.addWidget(self.count)
        self.day.dateChanged.connect(lambda _d: self.reload())
        for combo in (self.station, self.state, self.kind, self.flag):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(lambda: self.reload())

        self.model = AuditListModel(ctx.local, self)
        self.model.more_wanted.connect(self._load_more)
        self.table = record_table(self.model, "auditTable", self)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        self._sized = False
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)

        self.detail = AuditDetail(ctx.zone, self)
        self.panel = CallbackPanel(ctx.zone, self)
        self.panel.changed.connect(self._enable)
        self.record_button = shortcut_button(self.tr("Record callback"), "Ctrl+S", self)
        self.record_button.setObjectName("recordCallback")
        self.close_button = shortcut_button(self.tr("Close"), "Ctrl+Return", self)
        self.close_button.setObjectName("closeOrder")
        self.reopen_button = shortcut_button(self.tr("Send back"), "Ctrl+R", self)
        self.reopen_button.setObjectName("reopenOrder")
        self.record_button.clicked.connect(lambda: self.record_callback())
        self.close_button.clicked.connect(self.close_order)
        self.reopen_button.clicked.connect(self.reopen)
        verdict = QHBoxLayout()
        verdict.addWidget(self.record_button)
        verdict.addStretch(1)
        verdict.addWidget(self.reopen_button)
        verdict.addWidget(self.close_button)
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(self.panel, 1)
        right_box.addLayout(verdict)

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.detail)
        lower.addWidget(right)
        lower.setStretchFactor(0, 5)
        lower.setStretchFactor(1, 4)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([180, 570])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)

        self._open: console_wire.AuditOrder | None = None  # the selected order with its timeline
        self._opening = 0
        self._keys()
        self._enable()
        # Others close and call back too: read the list again when the call center says an
        # order changed, while on screen and while nothing is half-entered for the selected one.
        self.follower = ChangeFollower(self, lambda: self.reload(), self._idle)

    def _idle(self) -> bool:
        return (not self._busy and self.panel.outcome() is None
                and not self.panel.note.text().strip())

    def _keys(self) -> None:
        def key(seq: str, slot: Callable[[], object]) -> None:
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)

        key("J", lambda: self.step_selection(1))
        key("K", lambda: self.step_selection(-1))
        for outcome, letter in OUTCOME_KEYS.items():
            key(letter, self._outcome_key(outcome))
        for value in range(1, 6):
            key(str(value), self._score_key(value))

    def _outcome_key(self, outcome: CallbackOutcome) -> Callable[[], None]:
        return lambda: self.panel.set_outcome(outcome)  # the panel of the moment

    def _score_key(self, value: int) -> Callable[[], None]:
        return lambda: self.panel.set_score(value)

    # -- loading ---------------------------------------------------------------------------

    def set_stations(self, stations: list[wire.StationInfo]) -> None:
        self.station.blockSignals(True)
        for s in stations:
            self.station.addItem(f"{s.code} {s.name}", s.code)
        self.station.blockSignals(False)

    def selected_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def _query(self) -> tuple[date, str, str | None, str | None, str | None]:
        return (self.selected_day(), self.state.currentData(),
                self.station.currentData() or None, self.kind.currentData() or None,
                self.flag.currentData() or None)

    def reload(self, select: UUID | None = None, row_hint: int = -1) -> None:
        day, state, station, kind, flag = self._query()
        keep = select or self._selected
        self._load_seq += 1
        seq = self._load_seq

        def done(page: console_wire.AuditRowsPage) -> None:
            if seq != self._load_seq:
                return  # a newer load (other filters, or after an action) is on its way
            self.model.set_page(page)
            self._listed(keep, row_hint)
            say_loaded(self.loaded_at, self.ctx.local(datetime.now(UTC), "%H:%M:%S"))
            self.loaded.emit()

        api(self.ctx, self, lambda c: c.audit_rows(day, state, station, kind, flag),
            read=True).success(done).run()

    def _load_more(self, cursor: str) -> None:
        day, state, station, kind, flag = self._query()
        seq = self._load_seq

        def done(page: console_wire.AuditRowsPage) -> None:
            if seq == self._load_seq and self.model.add_page(cursor, page):
                self._count()

        def failed(exc: BaseException) -> None:
            self.model.page_failed()

        api(self.ctx, self, lambda c: c.audit_rows(day, state, station, kind, flag,
                                                   cursor=cursor),
            read=True).success(done).failure(failed).run()

    def _fit_columns(self) -> None:
        """Widen (never narrow: the reviewer may have set them) the columns whose words no
        longer fit."""
        header = self.table.horizontalHeader()
        for col in range(self.model.columnCount() - 1):  # the last one stretches
            need = max(self.table.sizeHintForColumn(col), header.sectionSizeHint(col))
            if header.sectionSize(col) < need:
                header.resizeSection(col, need)

    def _count(self) -> None:
        total = self.model.total
        text = self.tr("1 order") if total == 1 else self.tr("%1 orders")
        self.count.setText(text.replace("%1", str(total)))

    def _listed(self, keep: UUID | None = None, row_hint: int = -1) -> None:
        rows = self.model.rowCount()
        if not self._sized and rows:
            self._sized = True
            self.table.resizeColumnsToContents()
        elif rows:
            self._fit_columns()
        self._count()
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and rows:
            row = min(max(row_hint, 0), rows - 1)
        if row < 0:
            self._show(None)
            return
        self.table.selectRow(row)
        oid = self.model.item(row).id
        if oid == self._selected and self._open is not None and self.panel.pending():
            return  # keep what the reviewer is typing
        self._select(oid)

    # -- selection -------------------------------------------------------------------------

    def current(self) -> console_wire.AuditOrder | None:
        """The selected order with its timeline, once it is loaded."""
        index = self.table.currentIndex()
        if not index.isValid() or self._open is None:
            return None
        return self._open if self.model.item(index.row()).id == self._open.order.id else None

    def step_selection(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        row = self.table.currentIndex().row()
        self.table.selectRow(min(max(row + step, 0), rows - 1))

    def _row_changed(self, *_args: object) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self._show(None)
            return
        oid = self.model.item(index.row()).id
        if oid != self._selected or self._open is None:
            self._select(oid)

    def _select(self, oid: UUID) -> None:
        """Open the order: its timeline comes in its own request, off the GUI thread."""
        self._selected = oid
        if self._open is not None and self._open.order.id != oid:
            self._open = None
            self.detail.show_order(None)
            self.panel.show_order(None)
        self._enable()
        self._opening += 1
        asked = self._opening

        def done(item: console_wire.AuditOrder) -> None:
            if asked == self._opening and item.order.id == self._selected:
                self._show(item)

        api(self.ctx, self, lambda c: c.audit_order(oid), read=True).success(done).run()

    def _show(self, item: console_wire.AuditOrder | None) -> None:
        self._selected = item.order.id if item else None
        self._open = item
        self.detail.show_order(item)
        self.panel.show_order(item)
        self._enable()

    def _enable(self) -> None:
        item = self.current()
        idle = not self._busy and item is not None
        completed = item is not None and item.status in ("completed", "declined")
        self.record_button.setEnabled(idle and self.panel.pending() and self.panel.ready())
        self.close_button.setEnabled(idle and completed and (
            not self.panel.pending() or self.panel.ready()))
        self.reopen_button.setEnabled(idle and item is not None
                                      and item.status in ("completed", "declined", "closed"))

    # -- actions ---------------------------------------------------------------------------

    def _run(self, what: str, fn: Callable[[CallCenterClient], wire.OrderWithEvents],
             then: Callable[[], None] | None = None) -> None:
        item = self.current()
        if item is None:
            return
        row = self.table.currentIndex().row()
        self._busy = True
        self._enable()

        def done(result: wire.OrderWithEvents) -> None:
            # The answer carries the order's events: update the list here instead of reloading
            # the day, so the next order is on screen at once.
            self._busy = False
            updated = after_action(item, result)
            stays = what != "reopened" and (self.state.currentData() != "unaudited"
                                            or not updated.audited)
            at = self.model.row_of(updated.order.id)
            if stays and at >= 0:
                self.model.replace(summary_after(self.model.item(at), updated))
                self._fit_columns()  # its new words (回访成功 · 平均 4.4) fit too
                self._show(updated)
            else:
                self.model.remove(updated.order.id)
                self._open = None
                self._listed(None, row)
            self.acted.emit(what)
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._enable()
            from ui import msgbox
            msgbox.error(self, exc)

        api(self.ctx, self, fn).success(done).failure(failed).run()

    def record_callback(self, then: Callable[[], None] | None = None) -> None:
        item, outcome = self.current(), self.panel.outcome()
        if item is None or outcome is None or not self.panel.ready():
            return
        oid, note, scores = item.order.id, self.panel.note.text().strip(), self.panel.scores()
        at = self.panel.called_at()
        self._run("callback", lambda c: c.callback(oid, outcome, note, scores, at), then)

    def close_order(self) -> None:
        """Close after confirming (date, note, and the reason when the callback is not
        finished); an outcome chosen but not recorded is recorded first."""
        item = self.current()
        if item is None or not self.close_button.isEnabled():
            return
        about_to_reach = (self.panel.pending() and self.panel.ready()
                          and self.panel.outcome() is CallbackOutcome.REACHED)
        finished = about_to_reach or callback_finished(item)
        completed = item.completed_at or item.done_at
        dialog = CloseDialog(item.order.business_no, self.ctx.today(),
                             completed.astimezone(self.ctx.zone).date() if completed else None,
                             finished, self)
        accepted = dialog.exec()
        when, note, reason = dialog.values()
        dialog.deleteLater()
        if not accepted:
            return
        oid = item.order.id
        self._selected = None

        def close() -> None:
            self._run("closed", lambda c: c.close_order(oid, when, note, reason))
        if self.panel.pending():
            self.record_callback(then=close)
        else:
            close()

    def reopen(self) -> None:
        """Send back (退回): re-fill the report, or redo with a new visit; the station sees why."""
        item = self.current()
        if item is None or not self.reopen_button.isEnabled():
            return
        dialog = SendBackDialog(item.order.business_no, item.status == "completed", self)
        accepted = dialog.exec()
        (mode, reason), oid = dialog.values(), item.order.id
        dialog.deleteLater()
        if not accepted:
            return
        self._selected = None
        what = "reopened" if mode == "redo" else "sent_back"
        self._run(what, lambda c: c.send_back(oid, mode, reason))
