"""The station window: the inbox on the left, the order on the right, the status bar below;
menus for the phone-order dialog, the outbox, the print queue and the settings. It wires the
parts together and routes; the work is done by the inbox model, the order controller and the
operations (the outbox, print-queue and settings dialogs are wired in `window_dialogs`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QSplitter, QVBoxLayout, QWidget

from station_app.orders_query import OrderFilter, OrderSummary
from station_app.sync_status import SyncStatus
from ui import labels, msgbox, operations, services, support, window_dialogs
from ui.actions import OrderActions
from ui.alert_banner import AlertBanner
from ui.alerts import Alerts, SoundPlayer
from ui.context import AppContext
from ui.detail_pane import DetailPane
from ui.dialogs.phone_order import PhoneOrderDialog
from ui.dialogs.print_queue import PrintQueueDialog
from ui.dialogs.shortcuts import ShortcutsDialog
from ui.inbox_model import InboxModel
from ui.inbox_view import COUNTED, FILTERS, InboxView
from ui.offline_banner import OfflineBanner
from ui.order_controller import OrderController
from ui.sla_badge import SecondTicker
from ui.status_bar import StationStatusBar
from ui.window_dialogs import alive

STATUS_REFRESH_MS = 30_000


COALESCE_MS = 150  # a burst of changes (a sync page, a thousand acks) makes one reload


class MainWindow(QMainWindow):
    """Signals:
        ready(): the first page of the inbox is on screen (start-up is over).
        sync_status_shown(SyncStatus): the status bar shows this sync status.
        settings_saved(dict): new settings are saved and applied.
        dialog_opened(QDialog): a dialog opened (tests drive it).
    """

    ready = Signal()
    sync_status_shown = Signal(object)
    settings_saved = Signal(dict)
    dialog_opened = Signal(object)

    def __init__(self, ctx: AppContext, sound: SoundPlayer | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("stationWindow")
        self._ready = False
        self.ticker = SecondTicker(self)
        self.alerts = Alerts(self, sound)
        self._changed: set[UUID] = set()
        self._new: set[UUID] = set()
        self._asked_jobs: set[int] = set()  # print jobs the clerk was asked about
        self.print_queue_dialog: PrintQueueDialog | None = None
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self._apply_changes)
        self._build()
        ctx.sync_bridge.orders_changed.connect(self._orders_changed)
        ctx.sync_bridge.sync_state.connect(self._show_sync)
        ctx.print_bridge.job_changed.connect(self._job_changed)
        ctx.print_bridge.printer_state.connect(self._printer_state)
        if ctx.print_queue is not None:  # it may have said "ready" before anyone listened
            self._printer_state(ctx.print_queue.printer_state)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_sync_status)
        self._status_timer.timeout.connect(self.refresh_counts)  # due soon / overdue move
        self._status_timer.start()
        self.ticker.start()
        self.resize(1366, 800)
        self.inbox_model.set_query(OrderFilter.OPEN, "")
        self.refresh_sync_status()
        self._refresh_jobs()

    # -- building (again after a language change) ----------------------------------------

    def _build(self) -> None:
        ctx = self.ctx
        settings = ctx.station.settings
        name = settings.get("station_name") or ""
        title = self.tr("Station Desk")
        self.alerts.set_base_title(f"{title} — {name}" if name else title)

        self.inbox_model = InboxModel(ctx, self)
        self.inbox_model.loaded.connect(self._inbox_loaded)
        self.inbox = InboxView(self.inbox_model, self.ticker, self)
        self.order_actions = OrderActions(self)
        self.addActions(list(self.order_actions.actions.values()))
        self.detail = DetailPane(self.order_actions, self.ticker, settings.zone(),
                                 timedelta(minutes=settings.get("due_soon_minutes")), self)
        self.orders = OrderController(ctx, self, self.order_actions, self.detail)
        self.orders.opened.connect(self.alerts.acknowledge)
        self.orders.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.orders.dialog_opened.connect(self.dialog_opened)
        self.inbox.order_selected.connect(self.orders.show)
        self.inbox.order_activated.connect(self.orders.receive)
        self.alert_banner = AlertBanner(self.alerts, self)
        self.offline_banner = OfflineBanner(settings.zone(), ctx.language, self)
        self.offline_banner.back.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.alert_banner.receive_requested.connect(self.receive_order)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.inbox)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 546])
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.offline_banner)
        column.addWidget(self.alert_banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.status = StationStatusBar(settings.zone(), ctx.language, self)
        self.status.sync_clicked.connect(self.open_outbox)
        self.status.printer_clicked.connect(self.open_print_queue)
        self.status.printer.set_configured(ctx.print_queue is not None)
        self.setStatusBar(self.status)
        self._build_menus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        station = bar.addMenu(self.tr("&Station"))
        self._menu_action(station, self.tr("Order by phone or fax…"), "Ctrl+Shift+N",
                          self.open_phone_order)
        self._menu_action(station, self.tr("Waiting to send…"), "Ctrl+Shift+O", self.open_outbox)
        self._menu_action(station, self.tr("Print queue…"), "Ctrl+Shift+Q",
                          self.open_print_queue)
        station.addSeparator()
        self._menu_action(station, self.tr("Settings…"), "Ctrl+,", self.open_settings)
        station.addSeparator()
        self._menu_action(station, self.tr("Quit"), "Ctrl+Q", self.quit_asking)
        orders = bar.addMenu(self.tr("&Orders"))
        for action in self.order_actions.actions.values():
            orders.addAction(action)
        view = bar.addMenu(self.tr("&View"))
        self._menu_action(view, self.tr("Search"), "Ctrl+F", self._focus_search)
        for i, flt in enumerate(FILTERS):
            self._menu_action(view, labels.order_filter(flt), f"Alt+{i + 1}",
                              lambda i=i: self.inbox.tabs.setCurrentIndex(i))
        help_menu = bar.addMenu(self.tr("&Help"))
        self._menu_action(help_menu, self.tr("Keyboard shortcuts"), "F1", self.open_shortcuts)
        self.diagnostics_action = self._menu_action(
            help_menu, self.tr("Save diagnostics for support…"), "",
            lambda: support.save_diagnostics(self.ctx, self))
        self.about_action = self._menu_action(
            help_menu, self.tr("About Station Desk…"), "",
            lambda: self.dialog_opened.emit(support.about(self.ctx, self)))

    def _quit_warning(self) -> str:
        """What quitting now means for entries that wait and forms that print ("" if
        nothing)."""
        parts = []
        status = self.status.sync.status
        waiting = status.events_waiting if status is not None else 0
        if waiting:
            parts.append((self.tr("1 entry has not reached the call center yet.") if waiting == 1
                          else self.tr("%1 entries have not reached the call center yet."))
                         .replace("%1", str(waiting)) + " " + self.tr(
                "They are kept on this PC and sent the next time Station Desk runs."))
        printing = len(self.status.printer.jobs)
        if printing:
            parts.append((self.tr("1 form is still queued or printing.") if printing == 1
                          else self.tr("%1 forms are still queued or printing.")).replace(
                "%1", str(printing)) + " " + self.tr(
                "They are printed the next time Station Desk runs, unless cancelled in the "
                "print queue."))
        return " ".join(parts + [self.tr("Quit now?")]) if parts else ""

    def _menu_action(self, menu: Any, text: str, shortcut: str, slot: Any) -> QAction:
        action = menu.addAction(text)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def rebuild(self) -> None:
        """Build every widget again in the current language; keep the filter, search and
        order."""
        flt, search, current = (self.inbox.current_filter(), self.inbox.search.text(),
                                self.orders.order_id)
        for action in self.order_actions.actions.values():
            self.removeAction(action)
        old = self.centralWidget()
        labels.clear()
        self._build()
        if old is not None:
            old.deleteLater()
        self.inbox.tabs.setCurrentIndex(FILTERS.index(flt))
        self.inbox.search.setText(search)
        self._restore = current
        self.inbox_model.set_query(flt, search)
        self.refresh_sync_status()
        self._refresh_jobs()

    # -- the inbox ----------------------------------------------------------------------

    def refresh_counts(self) -> None:
        """The numbers on the filter tabs (one count at a time in flight; one more after)."""
        if getattr(self, "_counting", False):
            self._count_again = True
            return
        self._counting, self._count_again = True, False

        def done(counts: dict[OrderFilter, int]) -> None:
            self._counting = False
            if alive(self.inbox):
                self.inbox.set_counts(counts)
            if self._count_again:
                self.refresh_counts()

        def failed(_exc: BaseException) -> None:
            self._counting = False
        operations.filter_counts(self.ctx, COUNTED).success(done).failure(failed).run()

    def _inbox_loaded(self, rows: int) -> None:
        self.refresh_counts()
        restore = getattr(self, "_restore", None)
        if restore is not None:
            self._restore = None
            self.inbox.select_order(restore)
        if not self._ready:
            self._ready = True
            self.ready.emit()
            operations.unread_orders(self.ctx).success(
                lambda ids: self.alerts.set_unread(set(ids) | self.alerts.unread)).failure(
                lambda exc: None).run()

    def receive_order(self, order_id: UUID) -> None:
        """Show the order (on the "All" tab if this one lacks it) and receive it."""
        if not self.inbox.select_order(order_id):
            self._restore = order_id
            self.inbox.tabs.setCurrentIndex(FILTERS.index(OrderFilter.ALL))
        self.orders.show(order_id)
        self.orders.receive(order_id)

    def _focus_search(self) -> None:
        self.inbox.search.setFocus()
        self.inbox.search.selectAll()

    def _orders_changed(self, ids: list[UUID], new_ids: list[UUID]) -> None:
        self._changed.update(ids)
        self._new.update(new_ids)
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _apply_changes(self) -> None:
        changed, new = list(self._changed), list(self._new)
        self._changed.clear()
        self._new.clear()
        self.inbox_model.reload(changed=changed)
        if self.orders.order_id in changed:
            self.orders.reload()
        if new:
            operations.load_summaries(self.ctx, new).success(
                self._new_orders).failure(lambda exc: None).run()
        alerting = [i for i in changed if i in self.alerts.unread and i not in new]
        if alerting:
            operations.load_summaries(self.ctx, alerting).success(
                self._received_elsewhere).failure(lambda exc: None).run()
        self.refresh_sync_status()

    def _new_orders(self, summaries: dict[UUID, OrderSummary]) -> None:
        self.alerts.new_orders(summaries.values())

    def _received_elsewhere(self, summaries: dict[UUID, OrderSummary]) -> None:
        """The alert is the station's: an order a clerk took in on another PC of the station
        stops alerting here."""
        for oid, summary in summaries.items():
            if not summary.unread:
                self.alerts.acknowledge(oid)

    # -- the status bar -----------------------------------------------------------------

    def refresh_sync_status(self) -> None:
        operations.sync_status(self.ctx).success(self._show_sync).failure(lambda e: None).run()

    def _show_sync(self, status: SyncStatus) -> None:
        self.status.sync.show_status(status)
        self.offline_banner.show_status(status)
        self.sync_status_shown.emit(status)

    def _refresh_jobs(self) -> None:
        self.status.printer.set_configured(self.ctx.print_queue is not None)
        if self.ctx.print_queue is not None:
            operations.print_jobs(self.ctx, None).success(
                self.status.printer.set_jobs).failure(lambda e: None).run()

    def _job_changed(self, job: Any) -> None:
        self.status.printer.job_changed(job)
        if job.state == "unsure" and job.id not in self._asked_jobs:
            self._asked_jobs.add(job.id)  # ask once: "did the form come out complete?"
            if self.print_queue_dialog is None or not alive(self.print_queue_dialog):
                self.open_print_queue(select=job.id)

    def _printer_state(self, state: Any) -> None:
        self.status.printer.show_state(state)

    # -- dialogs ------------------------------------------------------------------------

    def open_dialog(self, dialog: Any) -> None:
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def open_shortcuts(self) -> None:
        native = QKeySequence.SequenceFormat.NativeText
        rows = [(self.tr("Receive the order selected in the list"), self.tr("Enter")),
                (self.tr("Move between the list, the order and its buttons"), "Tab / Shift+Tab"),
                (self.tr("Move through the list (does not receive)"), "↑ ↓")]
        seen = set()
        for action in [*self.order_actions.actions.values(),
                       *(a for m in self.menuBar().findChildren(QMenu) for a in m.actions())]:
            key = action.shortcut().toString(native)
            if key and key not in seen:
                seen.add(key)
                rows.append((action.text().replace("&", ""), key))
        self.open_dialog(ShortcutsDialog(rows, self))

    def open_phone_order(self) -> None:
        dialog = PhoneOrderDialog(self.ctx.station.code, self.ctx.language, self)

        def entered() -> None:
            fields = dialog.fields()
            if fields is None:
                return
            operations.enter_phone_order(self.ctx, self, fields).success(
                self._phone_order_entered).run()
        dialog.accepted.connect(entered)
        self.open_dialog(dialog)

    def _phone_order_entered(self, order_id: UUID) -> None:
        status = self.status.sync.status
        if status is not None and status.online:
            text = self.tr("Order entered; it is matched with the call center's order of the "
                           "same number as soon as that arrives")
        else:
            text = self.tr("Order entered; it will be matched with the call center's when the "
                           "link is back")
        self.statusBar().showMessage(text, 8000)
        self._restore = order_id
        self.inbox.tabs.setCurrentIndex(FILTERS.index(OrderFilter.OPEN))
        self.inbox_model.set_query(OrderFilter.OPEN, self.inbox.search.text())

    def open_outbox(self) -> None:
        window_dialogs.open_outbox(self)

    def open_print_queue(self, select: int | None = None) -> None:
        window_dialogs.open_print_queue(self, select)

    def open_settings(self) -> None:
        operations.settings_snapshot(self.ctx, self).success(
            lambda values: window_dialogs.show_settings(self, values)).run()

    def apply_settings(self, saved: dict[str, Any]) -> None:
        """New settings take effect now: printer, link, language, zone and limits."""
        services.apply_printer(self.ctx, saved)
        services.apply_sync(self.ctx)
        app = self.ctx.qt_app
        if app is not None:
            from ui import i18n
            language = i18n.resolve(saved.get("language"))
            if language != app.translators.language:
                app.set_language(language)
                self.rebuild()
        self.inbox_model.settings_changed()
        self.inbox_model.reload()
        self._refresh_jobs()
        self.settings_saved.emit(saved)

    # -- closing ------------------------------------------------------------------------


    def quit_asking(self) -> None:
        """Quit (Ctrl+Q, the window's close button), first saying what happens to entries
        that wait and forms that print."""
        warning = self._quit_warning()
        if warning and not msgbox.ask(self, self.tr("Quit Station Desk?"), warning):
            return
        self._asked = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if event.spontaneous() and not getattr(self, "_asked", False):  # the close button
            warning = self._quit_warning()
            if warning and not msgbox.ask(self, self.tr("Quit Station Desk?"), warning):
                event.ignore()
                return
        self.ticker.stop()
        self._status_timer.stop()
        self.alerts.close()
        event.accept()


