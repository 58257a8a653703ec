"""Filter and search in the inbox of a station with 100,000 orders: time from choosing a tab
or typing a search to its rows on screen (goal ≤ 100 ms), measured in the window.

    .venv/bin/python benchmarks/bench_ui_filter.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench_ui_common import percentile, station_with_orders

QUERIES = [
    ("open", ""), ("due_soon", ""), ("overdue", ""), ("waiting_sync", ""), ("closed", ""),
    ("all", ""), ("all", "BK000099"), ("all", "13856781234"), ("all", "张先生"),
    ("all", "皖a8k3m7"), ("open", "合肥"), ("all", "no-such-order"),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--orders", type=int, default=100_000)
    args = parser.parse_args()
    folder = station_with_orders(args.orders)

    from PySide6.QtCore import QEventLoop, QTimer

    from station_app.orders_query import OrderFilter
    from station_app.station import Station
    from ui import app as qt_app_module
    from ui import services
    from ui.alerts import SilentPlayer
    from ui.bridge import PrintBridge, SyncBridge
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    qt = qt_app_module.create_app(["bench"], language="zh_CN")
    station = Station.open(folder)
    ctx = AppContext(station=station, runner=TaskRunner(), sync_bridge=SyncBridge(),
                     print_bridge=PrintBridge(), qt_app=qt)
    services.connect_station(ctx)
    window = MainWindow(ctx, sound=SilentPlayer())
    window.show()

    def wait_loaded() -> None:
        loop = QEventLoop()
        window.inbox_model.loaded.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
        window.inbox_model.loaded.disconnect(loop.quit)

    wait_loaded()
    model = window.inbox_model
    results: list[tuple[str, str, int, list[float]]] = []
    for flt, search in QUERIES:
        times = []
        for _ in range(args.repeat):
            model.set_query(OrderFilter.ALL if flt == "all" else OrderFilter(flt), "-")
            wait_loaded()  # start from another list each time
            started = time.perf_counter()
            model.set_query(OrderFilter(flt), search)
            wait_loaded()
            window.inbox.table.viewport().repaint()
            times.append((time.perf_counter() - started) * 1000)
        core = []
        for _ in range(args.repeat):  # the core's query alone, for comparison
            started = time.perf_counter()
            ids = station.order_ids(OrderFilter(flt), search)
            station.summaries(ids[:60])
            core.append((time.perf_counter() - started) * 1000)
        results.append((flt, search, model.rowCount(), times, core))
    everything = [t for *_, ts, _c in results for t in ts]
    for flt, search, rows, times, core in results:
        print(f"  {flt:<13} {search or '(no search)':<14} {rows:>7,} rows  "
              f"median {statistics.median(times):6.1f} ms  worst {max(times):6.1f} ms  "
              f"(core query + 60 summaries alone: {statistics.median(core):6.1f} ms)")
    print(f"filter/search to rows on screen, {args.orders:,} orders: median "
          f"{statistics.median(everything):.0f} ms, p95 {percentile(everything, 95):.0f} ms, "
          f"worst {max(everything):.0f} ms (goal ≤ 100 ms)")
    window.close()
    services.stop_all(ctx)
    station.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
