"""Render the console's screenshots (Chinese) into docs/screenshots/: a real call center on
loopback seeded with `seed`, the console opened as an administrator, each tab grabbed.

    xvfb-run -a -s "-screen 0 1366x800x24" .venv/bin/python -m tests.ui.console.make_screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from callcenter.api_client import CallCenterClient
from station_app.domain.events import CallbackOutcome
from tests.support.callcenter_server import CallCenterServer
from tests.ui.console import seed
from ui.app import create_app
from ui.console.launch import ConsoleStarter
from ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: object, timeout_ms: int = 10_000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:  # type: ignore[operator]
        wait(50)
        waited += 50


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    qt = create_app(["console-screenshots"], language="zh_CN")
    with tempfile.TemporaryDirectory() as tmp, CallCenterServer.sqlite(Path(tmp)) as server:
        data = seed.seed(server)
        reviewer = CallCenterClient(server.base_url, data.tokens["reviewer"])
        from station_app import wire
        first = data.yesterday[0]["id"]
        reviewer.callback(first, CallbackOutcome.NO_ANSWER, "无人接听")
        runner = TaskRunner(qt.app)
        client = CallCenterClient(server.base_url, data.tokens["admin"])
        starter = ConsoleStarter(client, runner, "zh_CN")
        starter.start()
        wait_for(lambda: starter.window is not None)
        window = starter.window
        window.resize(1366, 800)
        wait_for(lambda: window.board.model.rowCount() > 0)
        wait_for(lambda: window.audit.model.rowCount() > 0)
        window.board.table.selectRow(0)
        wait(800)
        window.grab().save(str(OUT / "console-board.png"))

        window.tabs.setCurrentWidget(window.audit)
        window.audit.table.selectRow(0)
        window.audit.panel.set_outcome(CallbackOutcome.REACHED)
        for v in (5, 4, 5, 4):
            window.audit.panel.set_score(v)
        window.audit.panel.note.setText("用户确认服务站当天到场,问题已解决")
        wait(500)
        window.grab().save(str(OUT / "console-audit.png"))

        reviewer.callback(data.yesterday[1]["id"], CallbackOutcome.REACHED, "满意",
                          wire.Scores(skill=4, attitude=5, timeliness=3, parts=4, overall=4))
        reviewer.close_order(data.yesterday[1]["id"])
        reviewer.callback(data.yesterday[2]["id"], CallbackOutcome.REACHED, "",
                          wire.Scores(skill=5, attitude=5, timeliness=5, parts=4, overall=5))
        window.tabs.setCurrentWidget(window.reports)
        window.reports.load()
        wait_for(lambda: window.reports.report is not None
                 and any(s.mean_satisfaction for s in window.reports.report.stations))
        wait(800)
        window.grab().save(str(OUT / "console-reports.png"))
        window.close()
        runner.shutdown()
        client.close()
        reviewer.close()
    for png in sorted(OUT.glob("console-*.png")):
        print(png, png.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
