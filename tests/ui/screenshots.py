"""Screenshots of the station window for the README (not a test): seeded orders, the inbox,
a rescue order, the completion dialog, settings and the offline state.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python -m tests.ui.screenshots \\
        docs/screenshots --language zh_CN
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from station_app.domain.events import ContactOutcome, EventType
from tests.ui import seed
from ui import services
from ui.alerts import SilentPlayer
from ui.app import create_app
from ui.bridge import PrintBridge, SyncBridge
from ui.context import AppContext
from ui.tasks import TaskRunner


def wait(cond: Callable[[], bool], timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        QCoreApplication.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there")
        time.sleep(0.01)


def settle(seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)


def grab(widget: QWidget, path: Path) -> None:
    settle()
    image = widget.grab().toImage()
    image = image.convertToFormat(image.Format.Format_Indexed8)  # small PNGs
    image.save(str(path), "PNG")
    print(path, path.stat().st_size)


def seed_orders(station) -> dict[str, object]:  # noqa: ANN001
    now = station.now()
    ids = {}
    ids["overdue"] = seed.issue(station, "complaint", business_no="HF20261125007", customer=3,
                                issued_at=now - timedelta(hours=3))
    ids["contacted"] = seed.issue(station, "dispatch", business_no="HF20261125011", customer=0,
                                  issued_at=now - timedelta(minutes=50))
    station.record_contact(ids["contacted"], ContactOutcome.REACHED, "用户下午在家")
    ids["fault"] = seed.issue(station, "fault_mode", business_no="HF20261125015", customer=4,
                              issued_at=now - timedelta(minutes=95))
    ids["repair"] = seed.issue(station, "repair", business_no="HF20261125018", customer=5,
                               issued_at=now - timedelta(minutes=30))
    ids["rescue_old"] = seed.issue(station, "rescue", business_no="QY20261125003", customer=2,
                                   issued_at=now - timedelta(minutes=40))
    station.record(ids["rescue_old"], EventType.CONTACT_ATTEMPT,
                   {"outcome": "no_answer"}, occurred_at=now - timedelta(minutes=35),
                   backdate_reason="先用手机联系的")
    station.record(ids["rescue_old"], EventType.CONTACT_ATTEMPT, {"outcome": "reached",
                   "note": "用户在高速应急车道,已安排出发"},
                   occurred_at=now - timedelta(minutes=30), backdate_reason="先用手机联系的")
    station.record(ids["rescue_old"], EventType.DEPARTED, {"technicians": ["王师傅", "李工"]})
    ids["rescue"] = seed.issue(station, "rescue", business_no="QY20261125009", customer=1,
                               issued_at=now - timedelta(minutes=4))
    ids["new"] = seed.issue(station, "dispatch", business_no="HF20261125021", customer=2)
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--language", default="zh_CN", choices=("zh_CN", "en"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.language == "zh_CN" else "-en"
    qt = create_app(["screenshots"], language=args.language)
    folder = Path(tempfile.mkdtemp(prefix="station-shots-"))
    station = seed.open_station(folder / "station", language=args.language)
    ids = seed_orders(station)
    station.set_settings({"server_url": "http://127.0.0.1:9"})  # nobody listens: offline
    station.set_token("demo-token")
    ctx = AppContext(station=station, runner=TaskRunner(), sync_bridge=SyncBridge(),
                     print_bridge=PrintBridge(), qt_app=qt)
    services.connect_station(ctx)
    from ui.main_window import MainWindow
    window = MainWindow(ctx, sound=SilentPlayer())
    window.resize(1280, 720)  # the smallest screen the station window is made for
    window.show()
    wait(lambda: window.inbox_model.rowCount() > 0)

    window.inbox.select_order(ids["rescue_old"])
    wait(lambda: window.orders.detail is not None
         and window.orders.detail.order.id == ids["rescue_old"])
    grab(window, args.out / f"station-inbox{suffix}.png")

    window.inbox.select_order(ids["rescue"])
    wait(lambda: window.orders.detail is not None
         and window.orders.detail.order.id == ids["rescue"])
    grab(window.detail, args.out / f"station-rescue-detail{suffix}.png")

    from ui.actions import ActionId
    dialogs: list[QWidget] = []
    window.dialog_opened.connect(dialogs.append)
    window.orders.on_action(ActionId.COMPLETED.value)
    wait(lambda: bool(dialogs))
    completion = dialogs.pop()
    completion.work_done.setPlainText("燃油泵继电器烧蚀,更换后试车正常")  # type: ignore[attr-defined]
    completion.technicians.setText("王师傅, 李工")  # type: ignore[attr-defined]
    completion.add_part("燃油泵继电器", "1104010-K00", "1", True, "0")  # type: ignore
    completion.add_part("", "", "1", False, "35")  # type: ignore[attr-defined]
    completion.reading.setText("-3")  # type: ignore[attr-defined]
    completion.validate()  # type: ignore[attr-defined]
    grab(completion, args.out / f"station-completion{suffix}.png")
    completion.reject()

    window.open_settings()
    wait(lambda: bool(dialogs))
    settings = dialogs.pop()
    settings.server_url.setText("ftp://callcenter")  # type: ignore[attr-defined]
    settings.accept()  # shows the field's message, stays open
    grab(settings, args.out / f"station-settings{suffix}.png")
    settings.reject()

    services.start_sync(ctx, long_poll=1.0, backoff_base=0.2, backoff_cap=1.0)
    wait(lambda: window.status.sync.status is not None
         and window.status.sync.status.link.value == "offline", 20)
    window.inbox.tabs.setCurrentIndex(3)  # waiting for sync
    wait(lambda: window.inbox_model.filter.value == "waiting_sync"
         and window.inbox_model.rowCount() > 0)
    grab(window, args.out / f"station-offline{suffix}.png")

    window.close()
    services.stop_all(ctx)
    station.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
