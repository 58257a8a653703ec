"""UI test fixtures: one QApplication set up like the real one (bundled font, translators), a
station on a tmp data folder, the context the windows get, and the window itself.

Every test here is marked `gui`. The offscreen platform says "This plugin does not support
propagateSizeHints()" whenever a top-level window's size limits change; that is the platform
plugin declining a window-manager hint, not a fault of ours, so that one message is ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.station import Station
from tests.ui import seed
from ui import services
from ui.alerts import SilentPlayer
from ui.app import QtApp, create_app
from ui.bridge import PrintBridge, SyncBridge
from ui.context import AppContext
from ui.tasks import TaskRunner

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore(
                r"This plugin does not support propagateSizeHints\(\)"))


@pytest.fixture(scope="session")
def qt_app() -> QtApp:
    return create_app(["station-desk-tests"], language="en")


@pytest.fixture
def english(qt_app: QtApp) -> Iterator[QtApp]:
    qt_app.set_language("en")
    yield qt_app
    qt_app.set_language("en")


@pytest.fixture
def chinese(qt_app: QtApp) -> Iterator[QtApp]:
    from ui import labels
    qt_app.set_language("zh_CN")
    labels.clear()
    yield qt_app
    qt_app.set_language("en")
    labels.clear()


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Station]:
    st = seed.open_station(tmp_path / "station")
    yield st
    st.close()


@pytest.fixture
def ctx(qt_app: QtApp, station: Station) -> Iterator[AppContext]:
    from ui import labels
    labels.clear()
    context = AppContext(station=station, runner=TaskRunner(), sync_bridge=SyncBridge(),
                         print_bridge=PrintBridge(), qt_app=qt_app)
    services.connect_station(context)
    yield context
    services.stop_all(context)


@pytest.fixture
def sound() -> SilentPlayer:
    return SilentPlayer()


@pytest.fixture
def window(qtbot, ctx: AppContext, sound: SilentPlayer):
    from ui.main_window import MainWindow
    win = MainWindow(ctx, sound=sound)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.ready, timeout=10_000):
        win.show()
    yield win
    win.close()


def wait_idle(qtbot, ctx: AppContext, timeout: int = 10_000) -> None:
    """Until every background task has delivered its result."""
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=timeout)


class Messages:
    """What the window would have shown in message boxes (the boxes are not opened: a modal
    box would stop the test). A test that expects one takes it with `take()`; any left at the
    end fails the test."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []
        self.answers: list[bool] = []

    def take(self) -> list[tuple[str, str]]:
        out, self.shown = self.shown, []
        return out


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
             ) -> Iterator[Messages]:
    from ui import msgbox
    box = Messages()
    monkeypatch.setattr(msgbox, "error", lambda parent, exc, title=None: box.shown.append(
        ("error", msgbox.error_text(exc))))
    monkeypatch.setattr(msgbox, "warning", lambda parent, title, text: box.shown.append(
        ("warning", text)))
    monkeypatch.setattr(msgbox, "information", lambda parent, title, text: box.shown.append(
        ("information", text)))

    def ask(parent: object, title: str, text: str, default_yes: bool = False) -> bool:
        box.shown.append(("ask", text))
        return box.answers.pop(0) if box.answers else default_yes
    monkeypatch.setattr(msgbox, "ask", ask)
    yield box
    if not Path(str(request.node.path)).is_relative_to(HERE / "console"):  # not ours to judge
        assert box.shown == [], f"unexpected message boxes: {box.shown}"
