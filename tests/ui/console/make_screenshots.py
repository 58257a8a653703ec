"""Render the console's screenshots (Chinese) into docs/screenshots/: a real call center on
loopback seeded with `seed`, the console opened as an administrator, each tab grabbed.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.ui.console.make_screenshots
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QEventLoop, Qt, QTimer

from station_app.console_client import CallCenterClient
from station_app.domain.events import CallbackOutcome
from tests.support.callcenter_server import CallCenterServer
from tests.ui.console import seed
from ui.app import create_app
from ui.console.launch import ConsoleStarter
from ui.tasks import TaskRunner

OUT = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def save(window: object, name: str) -> None:
    """The window as a 256-colour PNG (keeps each file well under 300 KB)."""
    from PySide6.QtGui import QImage

    image = window.grab().toImage().convertToFormat(  # type: ignore[attr-defined]
        QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.AvoidDither)
    image.save(str(OUT / f"{name}.png"), "PNG", 0)


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition: object, timeout_ms: int = 10_000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:  # type: ignore[operator]
        wait(50)
        waited += 50


def history(server: CallCenterServer, data: seed.Seeded, reviewer: CallCenterClient) -> None:
    """Ten earlier days of callbacks, so the trend has a line: each callback is recorded now,
    then its stored time moved back to its day (screenshot data only)."""
    from datetime import timedelta

    from station_app import wire

    dispatcher = server.client(data.tokens["dispatcher"])
    scores = [(5, 5, 4, 4, 5), (4, 4, 3, 4, 4), (5, 4, 5, 5, 5), (3, 4, 3, 3, 4),
              (4, 5, 4, 4, 4), (5, 5, 5, 4, 5), (4, 3, 4, 4, 4), (5, 4, 4, 5, 4)]
    for days_ago in range(10, 1, -1):
        for n, code in enumerate((seed.NORTH, seed.LUAN, seed.LUJIANG)):
            issued = seed.local_day(days_ago) + timedelta(hours=9 + n)
            r = dispatcher.post("/v1/orders", json=seed.order_body(
                code, "dispatch", n, issued_at=issued.isoformat()))
            r.raise_for_status()
            oid = r.json()["id"]
            late = (days_ago + n) % 4 == 0
            station = server.client(data.tokens[code])
            seed.work(station, oid, issued + timedelta(minutes=10 if not late else 80),
                      seed.FULL, step=timedelta(minutes=30))
            s = scores[(days_ago * 3 + n) % len(scores)]
            # called back the next morning, as the phone log says
            reviewer.callback(oid, CallbackOutcome.REACHED, "", wire.Scores(
                skill=s[0], attitude=s[1], timeliness=s[2], parts=s[3], overall=s[4]),
                at=issued + timedelta(days=1))
            if n != 2:
                reviewer.close_order(oid)


def busier_today(server: CallCenterServer, data: seed.Seeded) -> None:
    """A few more of today's orders further along: on the road, completed, a repair."""
    from datetime import UTC, datetime, timedelta

    dispatcher = server.client(data.tokens["dispatcher"])
    now = datetime.now(UTC)
    plan = [(seed.LUAN, "dispatch", 95, seed.FULL[:3]), (seed.NORTH, "repair", 140, seed.FULL),
            (seed.LUJIANG, "fault_mode", 35, seed.FULL[:1]),
            (seed.NORTH, "dispatch", 70, seed.FULL[:4])]
    for i, (code, kind, ago, steps) in enumerate(plan):
        issued = now - timedelta(minutes=ago)
        r = dispatcher.post("/v1/orders", json=seed.order_body(
            code, kind, i + 1, issued_at=issued.isoformat()))
        r.raise_for_status()
        seed.work(server.client(data.tokens[code]), r.json()["id"],
                  issued + timedelta(minutes=4), steps, step=timedelta(minutes=8))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    qt = create_app(["console-screenshots"], language="zh_CN")
    with tempfile.TemporaryDirectory() as tmp, CallCenterServer.sqlite(Path(tmp)) as server:
        data = seed.seed(server)
        reviewer = CallCenterClient(server.base_url, data.tokens["reviewer"])
        from station_app import wire
        first = data.yesterday[0]["id"]
        reviewer.callback(first, CallbackOutcome.NO_ANSWER, "无人接听")
        history(server, data, reviewer)
        busier_today(server, data)
        runner = TaskRunner(qt.app)
        client = CallCenterClient(server.base_url, data.tokens["admin"])
        starter = ConsoleStarter(client, runner, "zh_CN")
        starter.start()
        wait_for(lambda: starter.window is not None)
        window = starter.window
        window.resize(1280, 720)
        wait_for(lambda: window.board.model.rowCount() > 0)
        wait_for(lambda: window.audit.model.rowCount() > 0)
        contacted = UUID(data.today[3]["id"])
        window.board.table.selectRow(window.board.model.row_of(contacted))
        wait(800)
        save(window, "console-board")

        window.tabs.setCurrentWidget(window.audit)
        luan = next(o for o in data.yesterday if o["station_code"] == seed.LUAN)
        window.audit.table.selectRow(window.audit.model.row_of(UUID(luan["id"])))
        wait(300)
        window.audit.panel.set_outcome(CallbackOutcome.REACHED)
        for v in (5, 4, 5, 4, 5):
            window.audit.panel.set_score(v)
        window.audit.panel.note.setText("用户确认服务站当天到场,问题已解决")
        wait(500)
        save(window, "console-audit")

        reviewer.callback(data.yesterday[1]["id"], CallbackOutcome.REACHED, "满意",
                          wire.Scores(skill=4, attitude=5, timeliness=3, parts=4, overall=4))
        reviewer.close_order(data.yesterday[1]["id"])
        window.tabs.setCurrentWidget(window.reports)
        from PySide6.QtCore import QDate
        window.reports.date_from.setDate(QDate.currentDate().addDays(-13))
        window.reports.load()
        wait_for(lambda: window.reports.report is not None
                 and any(s.mean_satisfaction for s in window.reports.report.stations))
        wait(800)
        save(window, "console-reports")
        window.close()
        runner.shutdown()
        client.close()
        reviewer.close()
    for png in sorted(OUT.glob("console-*.png")):
        print(png, png.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
