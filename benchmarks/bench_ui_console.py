"""The call center console against a real call center on loopback (in-process uvicorn, SQLite):
board and audit endpoint times, how long a station's fact takes to show on the dispatch board
(push → long-poll → reload → model), and the reviewer's keyboard loop (R, five scores,
Ctrl+Enter records the callback and closes) over 100 orders — machine time only, to show the
screen is not what limits a reviewer to ~100 orders an hour.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_ui_console.py [--orders 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from station_app.console_client import CallCenterClient  # noqa: E402
from tests.support.callcenter_server import CallCenterServer, new_event  # noqa: E402
from tests.ui.console import seed  # noqa: E402
from ui.app import create_app  # noqa: E402
from ui.console.launch import ConsoleStarter  # noqa: E402
from ui.tasks import TaskRunner  # noqa: E402

STATIONS = ["34101", "34102", "34103", "34104", "34105"]


def wait_until(condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("condition not met")
        QTimer.singleShot(2, loop.quit)
        loop.exec()


def ms(values: list[float]) -> str:
    values = sorted(values)
    p50 = statistics.median(values) * 1000
    p90 = values[int(0.9 * (len(values) - 1))] * 1000
    return f"p50 {p50:.0f} ms, p90 {p90:.0f} ms, max {values[-1] * 1000:.0f} ms"


def populate(server: CallCenterServer, orders: int, board_orders: int) -> dict[str, str]:
    tokens = {code: server.add_station(code, f"服务站{code}") for code in STATIONS}
    tokens["admin"] = server.add_user("管理员", "admin")
    dispatcher = server.client(server.add_user("调度员", "dispatcher"))
    clients = {code: server.client(tokens[code]) for code in STATIONS}
    yesterday = seed.local_day(1)
    for i in range(orders):
        code = STATIONS[i % len(STATIONS)]
        issued = yesterday + timedelta(hours=8, minutes=5 * i % 600)
        r = dispatcher.post("/v1/orders", json=seed.order_body(
            code, "dispatch", i, issued_at=issued.isoformat()))
        r.raise_for_status()
        seed.work(clients[code], r.json()["id"], issued + timedelta(minutes=5), seed.FULL,
                  step=timedelta(minutes=20))
    for i in range(board_orders):
        r = dispatcher.post("/v1/orders", json=seed.order_body(
            STATIONS[i % len(STATIONS)], "rescue", i))
        r.raise_for_status()
    return tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100, help="completed orders to audit")
    parser.add_argument("--board", type=int, default=300, help="today's orders on the board")
    args = parser.parse_args()
    qt = create_app(["bench-console"], language="zh_CN")
    with tempfile.TemporaryDirectory() as tmp, CallCenterServer.sqlite(Path(tmp)) as server:
        t0 = time.perf_counter()
        tokens = populate(server, args.orders, args.board)
        print(f"set-up: {args.orders} completed + {args.board} open orders in "
              f"{time.perf_counter() - t0:.1f} s")
        with CallCenterClient(server.base_url, tokens["admin"]) as api:
            day = seed.local_day(1).date()
            board_t, audit_t = [], []
            for _ in range(10):
                t = time.perf_counter()
                page = api.board()
                board_t.append(time.perf_counter() - t)
                t = time.perf_counter()
                audit = api.audit(day)
                audit_t.append(time.perf_counter() - t)
            print(f"GET /v1/board ({len(page.orders)} orders, deadlines computed): "
                  f"{ms(board_t)}")
            print(f"GET /v1/audit ({len(audit.orders)} orders with timelines and flags): "
                  f"{ms(audit_t)}")

        runner = TaskRunner(qt.app)
        client = CallCenterClient(server.base_url, tokens["admin"])
        starter = ConsoleStarter(client, runner, "zh_CN")
        starter.start()
        wait_until(lambda: starter.window is not None)
        window = starter.window
        board, audit = window.board, window.audit
        wait_until(lambda: board.model.rowCount() == args.board and board.feed._thread)
        wait_until(lambda: audit.model.rowCount() == args.orders)

        latencies = []
        station = server.client(tokens[STATIONS[0]])
        open_ids = [i.order.id for i in board.model.items()
                    if i.order.station_code == STATIONS[0]][:20]
        def shows_received(oid: object) -> bool:
            return board.model.item(board.model.row_of(oid)).status == "received"

        for oid in open_ids:
            t = time.perf_counter()
            station.post("/v1/events", json={"events": [new_event(str(oid), "received")]}
                         ).raise_for_status()
            wait_until(lambda o=oid: shows_received(o))
            latencies.append(time.perf_counter() - t)
        print(f"station fact → on the dispatch board ({args.board} orders): {ms(latencies)}")

        window.tabs.setCurrentWidget(audit)
        window.show()
        per_order = []
        start = time.perf_counter()
        for remaining in range(args.orders, 0, -1):
            t = time.perf_counter()
            audit.table.setFocus()
            for key in "R55545":
                QTest.keyClick(audit.table, key)
            QTest.keyClick(audit.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            wait_until(lambda r=remaining: audit.model.rowCount() == r - 1
                       and (r == 1 or audit.panel.item is not None) and not audit._busy)
            per_order.append(time.perf_counter() - t)
        total = time.perf_counter() - start
        print(f"reviewer loop (callback with scores + close, next order shown): "
              f"{args.orders} orders in {total:.1f} s, {ms(per_order)} per order")
        window.close()
        runner.shutdown()
        client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
