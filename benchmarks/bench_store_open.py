"""What checking a station file's pages at open costs: `Store.open` on a file with 100,000
orders with the page check (`PRAGMA quick_check`) done at once, or on its own thread (as the
window opens), and the check alone.

    .venv/bin/python benchmarks/bench_store_open.py [--runs 5]

The file is read from the OS's cache after the first run (a counter PC opening its file the
second time in a day); the first, cold run is printed apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_ui_common import station_with_orders  # noqa: E402


def _open_close(path: Path, check: str) -> float:
    """Open, then the first write (which waits for a background check's verdict), close."""
    from station_app import store

    started = time.perf_counter()
    s = store.Store.open(path, check=check)
    opened = time.perf_counter() - started
    s.set_settings({"bench": 1})
    s.close()
    return opened


def _check_alone(path: Path) -> float:
    import sqlite3

    con = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        assert con.execute("PRAGMA quick_check(5)").fetchone()[0] == "ok"
        return time.perf_counter() - started
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = station_with_orders()
    path = folder / "station.sqlite3"
    size = path.stat().st_size / 1e6
    print(f"station file {size:.0f} MB, load average {os.getloadavg()}")
    print(f"first open, check at once: {_open_close(path, 'now') * 1000:.0f} ms")
    for name, measure in (("open, check at once", lambda: _open_close(path, "now")),
                          ("open, check beside", lambda: _open_close(path, "background")),
                          ("quick_check alone", lambda: _check_alone(path))):
        times = [measure() * 1000 for _ in range(args.runs)]
        print(f"{name}: median {statistics.median(times):.0f} ms, "
              f"best {min(times):.0f}, worst {max(times):.0f} ({args.runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
