"""Starting the console: ask the call center who the token is (off the GUI thread), refuse a
station's token with a clear message in both languages, else open the window for the role."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from common.errors import UserError
from station_app import console_wire
from station_app.console_client import CallCenterClient
from ui import msgbox
from ui.console.context import ConsoleContext
from ui.tasks import Runner

if TYPE_CHECKING:
    from ui.console.window import ConsoleWindow

STATION_REFUSED = UserError(
    "This is a service station's token. The call center console is for dispatchers and "
    "dispatch reviewers; open the station window instead (station-app gui).",
    "这是服务站的令牌。呼叫中心控制台只供调度员和审核人使用,请改用服务站窗口"
    "(station-app gui)。",
)


def bilingual(exc: UserError) -> str:
    return f"{exc.zh}\n{exc.en}"


class ConsoleStarter(QObject):
    """Signals:
        opened(ConsoleWindow): the window is shown.
        refused(str): the console did not open; the message the user saw.
    """

    opened = Signal(object)
    refused = Signal(str)

    def __init__(self, client: CallCenterClient, runner: Runner, language: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.runner = runner
        self.language = language
        self.window: ConsoleWindow | None = None

    def start(self) -> None:
        self.runner.run(self.client.me, self._me, self._failed)

    def _me(self, me: console_wire.Me) -> None:
        if me.role == "station":
            self._refuse(STATION_REFUSED)
            return
        from ui.console.window import ConsoleWindow

        ctx = ConsoleContext(client=self.client, runner=self.runner, me=me,
                             language=self.language)
        window = ConsoleWindow(ctx)
        self.window = window
        window.show()
        window.start()
        self.opened.emit(window)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self._refuse(exc)
        else:
            msgbox.error(None, exc)
            self.refused.emit(msgbox.error_text(exc))

    def _refuse(self, exc: UserError) -> None:
        text = bilingual(exc)
        msgbox.warning(None, "呼叫中心控制台 Call center console", text)
        self.refused.emit(text)


def launch(server: str, token: str, *, language: str | None = None) -> int:
    from ui import app as qt_app_module
    from ui import i18n
    from ui.tasks import TaskRunner

    qt = qt_app_module.create_app(sys.argv[:1], application_name="Station Desk Console")
    qt.set_language(i18n.resolve(language))
    runner = TaskRunner(qt.app)
    client = CallCenterClient(server, token)
    starter = ConsoleStarter(client, runner, qt.translators.language)
    code = {"value": 0}

    def refused(_text: str) -> None:
        code["value"] = 2
        qt.app.quit()

    starter.refused.connect(refused)
    starter.opened.connect(lambda _window: qt_app_module.settle_after_start())
    starter.start()
    try:
        result = qt.app.exec()
    finally:
        runner.shutdown()
        client.close()
    return code["value"] or result
