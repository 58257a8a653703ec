"""The console's main window: tabs chosen by the signed-in role — the dispatch board for
dispatchers, audit and reports for reviewers, all three for administrators."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from ui.console import texts
from ui.console.audit import AuditWidget
from ui.console.board import BoardWidget
from ui.console.context import ConsoleContext, api
from ui.console.reports import ReportsWidget
from ui.sla_badge import SecondTicker

BOARD_ROLES = ("dispatcher", "admin")
REVIEW_ROLES = ("reviewer", "admin")


class ConsoleWindow(QMainWindow):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consoleWindow")
        self.ctx = ctx
        self.setWindowTitle(self.tr("Call center console — %1").replace(
            "%1", texts.role(ctx.me.role)))
        self.ticker = SecondTicker(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("consoleTabs")
        self.board: BoardWidget | None = None
        self.audit: AuditWidget | None = None
        self.reports: ReportsWidget | None = None
        if ctx.me.role in BOARD_ROLES:
            self.board = BoardWidget(ctx, self.ticker, self)
            self.tabs.addTab(self.board, self.tr("Dispatch board"))
        if ctx.me.role in REVIEW_ROLES:
            self.audit = AuditWidget(ctx, self)
            self.tabs.addTab(self.audit, self.tr("Audit"))
            self.reports = ReportsWidget(ctx, self)
            self.tabs.addTab(self.reports, self.tr("Reports"))
        self.setCentralWidget(self.tabs)
        who = QLabel(self.tr("%1 (%2) · %3").replace("%1", ctx.me.name).replace(
            "%2", texts.role(ctx.me.role)).replace("%3", ctx.client.base_url), self)
        who.setObjectName("consoleWho")
        self.statusBar().addPermanentWidget(who)
        self.resize(1366, 800)

    def start(self) -> None:
        """Load every screen; the board starts following the call center live."""
        self.ticker.start()
        if self.board is not None:
            self.board.start()
        if self.audit is not None:
            audit = self.audit
            api(self.ctx, self, lambda c: c.stations(), read=True).success(
                audit.set_stations).run()
            audit.reload()
        if self.reports is not None:
            self.reports.load()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ticker.stop()
        if self.board is not None:
            self.board.stop()
        super().closeEvent(event)
