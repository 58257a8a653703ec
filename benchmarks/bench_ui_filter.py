"""Filter and search in the inbox of a station with 100,000 orders: time from choosing a tab
or typing a search to its rows on screen (goal ≤ 100 ms), measured in the window, and to the
whole list in place (the first screenful shows before the rest of a long list is loaded).

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

    def wait_loaded(first_rows: bool = False) -> None:
        loop = QEventLoop()
        signals = [window.inbox_model.loaded]
        if first_rows:
            signals.append(window.inbox_model.first_rows_loaded)
        for signal in signals:
            signal.connect(loop.quit)
        QTimer.singleShot(10_000, loop.quit)
        loop.exec()
        for signal in signals:
            signal.disconnect(loop.quit)

    wait_loaded()
    model = window.inbox_model
    partial: list[int] = []  # the first screenful came alone (cleared by the whole list)
    model.first_rows_loaded.connect(partial.append)
    model.loaded.connect(lambda _rows: partial.clear())
    results = []
    for flt, search in QUERIES:
        times, whole = [], []
        for _ in range(args.repeat):
            model.set_query(OrderFilter.ALL if flt == "all" else OrderFilter(flt), "-")
            wait_loaded()  # start from another list each time
            partial.clear()
            started = time.perf_counter()
            model.set_query(OrderFilter(flt), search)
            wait_loaded(first_rows=True)
            window.inbox.table.viewport().repaint()
            times.append((time.perf_counter() - started) * 1000)
            if partial:  # only the first screenful is in: wait for the rest
                wait_loaded()
            whole.append((time.perf_counter() - started) * 1000)
        core = []
        for _ in range(args.repeat):  # the core's first screenful alone, for comparison
            started = time.perf_counter()
            ids, _complete = station.first_ids(OrderFilter(flt), search, 60)
            station.summaries(ids)
            core.append((time.perf_counter() - started) * 1000)
        results.append((flt, search, model.rowCount(), times, whole, core))
    everything = [t for _f, _s, _r, ts, _w, _c in results for t in ts]
    complete = [t for _f, _s, _r, _t, ws, _c in results for t in ws]
    for flt, search, rows, times, whole, core in results:
        print(f"  {flt:<13} {search or '(no search)':<14} {rows:>7,} rows  "
              f"on screen median {statistics.median(times):6.1f} ms  worst {max(times):6.1f} ms"
              f"  whole list {statistics.median(whole):6.1f} ms  "
              f"(core first 60 + summaries alone: {statistics.median(core):5.1f} ms)")
    print(f"filter/search to rows on screen, {args.orders:,} orders: median "
          f"{statistics.median(everything):.0f} ms, p95 {percentile(everything, 95):.0f} ms, "
          f"worst {max(everything):.0f} ms (goal ≤ 100 ms)")
    print(f"filter/search to the whole list in place: median {statistics.median(complete):.0f} "
          f"ms, p95 {percentile(complete, 95):.0f} ms, worst {max(complete):.0f} ms")
    window.close()
    services.stop_all(ctx)
    station.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
