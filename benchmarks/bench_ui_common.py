"""Shared set-up for the UI benchmarks: a station file with 100,000 orders (made once and
kept under /tmp), and a window on it."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CACHE = Path(tempfile.gettempdir()) / "station-desk-bench-100k"


def station_with_orders(count: int = 100_000) -> Path:
    """A data folder holding ``count`` orders; built once (about a minute), then copied."""
    from tests.ui import seed

    marker = CACHE / f"ready-{count}"
    if not marker.exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        started = time.perf_counter()
        station = seed.open_station(CACHE / "station")
        seed.bulk_seed(station, count)
        station.close()
        marker.write_text("ok")
        print(f"seeded {count:,} orders in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    work = Path(tempfile.mkdtemp(prefix="station-bench-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)  # a copy is ~270 MB
    shutil.copytree(CACHE / "station", work / "station")
    return work / "station"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
