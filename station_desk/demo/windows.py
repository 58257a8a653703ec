"""The windowed demo: the station window (station 1), the call center console and a small
"printer" window showing what the virtual receipt printer printed, over a demo session; Ctrl+C or
closing the station window stops everything."""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QVBoxLayout, QWidget

from station_desk.demo.actors import Clerk
from station_desk.demo.session import Options, Session

log = logging.getLogger(__name__)
PRINTER_POLL_MS = 400
RECEIPT_SCALE = 0.75  # 576 dots of 80 mm paper shown 432 px wide


class PrinterWindow(QWidget):
    """The paper coming out of the virtual printer, newest at the bottom.

    Signals:
        printed(int): the picture now shows this many receipts.
    """

    printed = Signal(int)

    def __init__(self, printer: Any, image_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("demoPrinterWindow")
        self.printer = printer
        self.image_path = image_path
        self._seen = -1
        self.paper = QLabel(self)
        self._texts()
        self.paper.setObjectName("demoPrinterPaper")
        self.paper.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidget(self.paper)
        self.scroll_area.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.resize(480, 760)
        self._timer = QTimer(self)
        self._timer.setInterval(PRINTER_POLL_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()

    def _texts(self) -> None:
        self.setWindowTitle(self.tr("Receipt printer (virtual) — %1").replace(
            "%1", self.printer.port_name))
        if self.paper.pixmap().isNull():
            self.paper.setText(self.tr("Nothing printed yet"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:  # the station switched language
            self._texts()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Redraw when more bytes came out of the printer than last time."""
        printed = self.printer.bytes_printed
        if printed == self._seen:
            return
        self._seen = printed
        receipts = len(self.printer.receipts)
        if not receipts:
            return
        self.printer.render_png(self.image_path)
        pixmap = QPixmap(str(self.image_path))
        width = round(pixmap.width() * RECEIPT_SCALE)
        self.paper.setPixmap(pixmap.scaledToWidth(width,
                                                  Qt.TransformationMode.SmoothTransformation))
        bar = self.scroll_area.verticalScrollBar()
        QTimer.singleShot(0, lambda: bar.setValue(bar.maximum()))
        self.raise_()  # the paper comes out in front (on a small screen it sits behind)
        self.printed.emit(receipts)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._timer.stop()
        event.accept()


class _Follow(QObject):
    """Shows, in the station window, the order the scripted clerk just worked on.

    Signals:
        acted(UUID, str): emitted from the scenario thread; the slot runs on the GUI thread.
    """

    acted = Signal(object, str)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.acted.connect(self._show)

    def _show(self, order_id: Any, _action: str) -> None:
        inbox = self.window.inbox
        if inbox.current_order() != order_id:
            inbox.select_order(order_id)


class _Interrupt(QObject):
    """Ctrl+C in the terminal quits the event loop (Qt would swallow it otherwise)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: None)  # let Python run its signal handlers
        self._timer.start(200)
        self._previous = signal.signal(signal.SIGINT, lambda *_: app.quit())

    def restore(self) -> None:
        self._timer.stop()
        signal.signal(signal.SIGINT, self._previous)


def _open_console(session: Session, runner: Any, language: str) -> tuple[Any, Any]:
    """The console as the shift supervisor (an admin: board, audit and reports)."""
    try:
        from station_app.console_client import CallCenterClient
        from ui.console.launch import ConsoleStarter
    except ImportError:  # a checkout without the console
        log.warning("the call center console is not available")
        return None, None
    assert session.tokens is not None
    client = CallCenterClient(session.base_url, session.tokens.console)
    starter = ConsoleStarter(client, runner, language)
    starter.start()
    return starter, client


def _arrange(station: QWidget, console: QWidget | None, printer: QWidget,
             screen: QRect | None = None) -> None:
    """Side by side on a wide screen; on a small one the station window in front with the
    whole width (its list needs it), the printer and the console behind it (a click or
    Alt+Tab away)."""
    screen = screen or station.screen().availableGeometry()
    x, y, w, h = screen.x(), screen.y(), screen.width(), screen.height()
    pw = printer.width()
    printer.setGeometry(x + w - pw, y, pw, h)
    if w - pw >= 2 * 1100:
        half = (w - pw) // 2
        station.setGeometry(x, y, half, h)
        if console is not None:
            console.setGeometry(x + half, y, half, h)
        station.raise_()
        printer.raise_()
        return
    if w - pw >= 1280:
        station.setGeometry(x, y, w - pw, h)
    else:
        station.setGeometry(x, y, w, h)
    if console is not None:
        console.setGeometry(x + 30, y + 30, w - 30, h - 30)
    station.raise_()
    if w - pw >= 1280:
        printer.raise_()


def _screenshots(path: str, windows: dict[str, QWidget | None]) -> list[Path]:
    base = Path(path)
    saved = []
    base.parent.mkdir(parents=True, exist_ok=True)
    for name, window in windows.items():
        if window is not None and window.isVisible():
            out = base.with_name(f"{base.stem}-{name}{base.suffix or '.png'}")
            window.grab().save(str(out))
            saved.append(out)
    screen = QApplication.primaryScreen()
    if screen is not None and screen.grabWindow(0).save(str(base.with_suffix(".png"))):
        saved.append(base.with_suffix(".png"))
    return saved


def run_windows(options: Options, *, screenshot: str | None = None,
                screenshot_at: float = 20) -> int:
    """Open the windows over a new demo session; returns when they are closed."""
    from ui import launch as station_launch

    session = Session.create(options)
    running: Any = None
    clerk: Clerk | None = None
    starter: Any = None
    client: Any = None
    interrupt: _Interrupt | None = None
    try:
        session.start_services()
        options.say(f"call center: {session.base_url}   data: {session.folder}")
        options.say(f"virtual printer: {session.printer.port_name}")
        running = station_launch.start(session.station_dir, sync=True)  # LANG decides
        ctx = running.ctx
        app: QApplication = ctx.qt_app.app
        app.setQuitOnLastWindowClosed(False)
        interrupt = _Interrupt(app)
        window = running.window
        window.destroyed.connect(app.quit)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        printer_window = PrinterWindow(session.printer, session.folder / "receipts.png")
        printer_window.show()
        starter, client = _open_console(session, ctx.runner, ctx.language)
        consoles: dict[str, Any] = {}

        def console_opened(console: Any) -> None:
            consoles["console"] = console
            _arrange(window, console, printer_window)

        if starter is not None:
            starter.opened.connect(console_opened)
        _arrange(window, None, printer_window)
        if options.autopilot:
            follow = _Follow(window)
            clerk = Clerk(ctx.station, lambda: ctx.print_queue, session.station_info(),
                          on_acted=follow.acted.emit)
        session.start_story(clerk)
        if screenshot:
            def shoot() -> None:
                saved = _screenshots(screenshot, {"station": window,
                                                  "console": consoles.get("console"),
                                                  "printer": printer_window})
                options.say("screenshots: " + " ".join(str(p) for p in saved))

            QTimer.singleShot(round(screenshot_at * 1000), shoot)
        if options.duration:  # then close the station window, as a person would
            QTimer.singleShot(round(options.duration * 1000), window.close)
        return int(app.exec())
    finally:
        session.stop_event.set()
        for t in session.threads:
            t.join(10)
        if clerk is not None:
            clerk.detach()
        if interrupt is not None:
            interrupt.restore()
        if running is not None:
            station_launch.stop(running)
        if client is not None:
            client.close()
        session.stop()
