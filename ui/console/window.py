"""The console's main window: tabs chosen by the signed-in role — the dispatch board for
dispatchers, audit and reports for reviewers, all three for administrators."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from ui.console import texts
from ui.console.audit import AuditWidget
from ui.console.board import BoardWidget
from ui.console.board_feed import BoardFeed
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
        self.ticker = SecondTicker(self)
        self._started = False
        self._retranslating = False
        self._who: QLabel | None = None
        self._build()
        self.resize(1366, 800)

    def _build(self) -> None:
        """The tabs for the role, in the current language (again after a language switch)."""
        ctx = self.ctx
        self.setWindowTitle(self.tr("Call center console — %1").replace(
            "%1", texts.role(ctx.me.role)))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("consoleTabs")
        self.board: BoardWidget | None = None
        self.audit: AuditWidget | None = None
        self.reports: ReportsWidget | None = None
        # one change feed for the screens (they go with the tabs when the language changes)
        self.feed = BoardFeed(ctx.client, parent=self.tabs)
        if ctx.me.role in BOARD_ROLES:
            self.board = BoardWidget(ctx, self.ticker, self.feed, self)
            self.board.said.connect(lambda text: self.statusBar().showMessage(text, 20_000))
            self.tabs.addTab(self.board, self.tr("Dispatch board"))
        if ctx.me.role in REVIEW_ROLES:
            self.audit = AuditWidget(ctx, self)
            self.feed.changed.connect(self.audit.follower.changed)
            self.tabs.addTab(self.audit, self.tr("Audit"))
            self.reports = ReportsWidget(ctx, self)
            self.feed.changed.connect(self.reports.follower.changed)
            self.tabs.addTab(self.reports, self.tr("Reports"))
        self.setCentralWidget(self.tabs)
        if self._who is not None:
            self.statusBar().removeWidget(self._who)
            self._who.deleteLater()
        self._who = QLabel(self.tr("%1 (%2) · %3").replace("%1", ctx.me.name).replace(
            "%2", texts.role(ctx.me.role)).replace("%3", ctx.client.base_url), self)
        self._who.setObjectName("consoleWho")
        self.statusBar().addPermanentWidget(self._who)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange and not self._retranslating:
            self._retranslating = True  # one rebuild for the burst of events a switch sends
            QTimer.singleShot(0, self, self._retranslate)  # dropped if the window goes
        super().changeEvent(event)

    def _retranslate(self) -> None:
        """Build the screens again in the language now installed, on the same tab."""
        self._retranslating = False
        if not shiboken6.isValid(self.tabs):  # the window is being deleted
            return
        index = self.tabs.currentIndex()
        self.feed.stop()
        old = self.tabs
        self._build()
        old.deleteLater()
        self.tabs.setCurrentIndex(index)
        if self._started:
            self.start()

    def start(self) -> None:
        """Load every screen; the board starts following the call center live."""
        self._started = True
        self.ticker.start()
        if self.board is not None:
            self.board.start()  # the feed starts from the board's version once it is loaded
        else:
            self.feed.start(None)
        if self.audit is not None:
            audit = self.audit
            api(self.ctx, self, lambda c: c.stations(), read=True).success(
                audit.set_stations).run()
            audit.reload()
        if self.reports is not None:
            self.reports.load()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ticker.stop()
        self.feed.stop()
        super().closeEvent(event)
