"""Console fixtures: a real call center on loopback seeded with two stations' completed orders,
and the console opened on it with a token of a given role (the real starter: it asks the
server who the token is). The QApplication, the language fixtures and the `gui` marking come
from tests/ui/conftest.py, which pytest loads for this folder too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from station_app.console_client import CallCenterClient
from tests.support.callcenter_server import CallCenterServer
from tests.ui.console import seed
from ui import msgbox
from ui.console.launch import ConsoleStarter
from ui.console.window import ConsoleWindow
from ui.tasks import TaskRunner


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CallCenterServer]:
    with CallCenterServer.sqlite(tmp_path, fallback_poll=0.2) as s:
        yield s


@pytest.fixture
def seeded(server: CallCenterServer) -> seed.Seeded:
    return seed.seed(server)


@pytest.fixture
def shown_messages(monkeypatch) -> list[str]:
    """Message boxes are recorded instead of shown (a modal box would block the test)."""
    shown: list[str] = []
    monkeypatch.setattr(msgbox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(msgbox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(msgbox, "error",
                        lambda _p, exc, title=None: shown.append(msgbox.error_text(exc)))
    return shown


@pytest.fixture
def open_console(qtbot, qt_app, server: CallCenterServer, shown_messages
                 ) -> Iterator[Callable[[str], ConsoleWindow]]:
    opened: list[tuple[ConsoleWindow, TaskRunner, CallCenterClient]] = []

    def open_(token: str) -> ConsoleWindow:
        runner = TaskRunner()
        client = CallCenterClient(server.base_url, token)
        starter = ConsoleStarter(client, runner, qt_app.translators.language)
        with qtbot.waitSignal(starter.opened, timeout=10_000):
            starter.start()
        window = starter.window
        assert isinstance(window, ConsoleWindow)
        # Not qtbot.addWidget: pytest-qt deletes those before fixtures end, while answers
        # from the call center may still be on their way to the window.
        opened.append((window, runner, client))
        return window

    yield open_
    for window, runner, client in opened:
        window.close()
        qtbot.waitUntil(lambda r=runner: r.pending == 0, timeout=10_000)
        runner.shutdown()
        window.deleteLater()  # deleted here, in a known state, not in the next test's loop
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        client.close()
