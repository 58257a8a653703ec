"""How fast this machine runs Python right now: one fixed workload (JSON both ways, dicts,
sorting, ISO times), best of five, in milliseconds. The shared machines here ran the same code
twice as slowly on some days as on others with the load average at 0–1, so a benchmark prints
this beside its figures: figures from different days compare only after dividing by it.

    python benchmarks/machine_speed.py
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta


def _workload() -> int:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    rows = [{"id": f"{n:08d}", "at": (start + timedelta(seconds=37 * n)).isoformat(),
             "kind": ("rescue", "repair", "dispatch")[n % 3], "n": n} for n in range(4_000)]
    text = json.dumps(rows)
    back = json.loads(text)
    back.sort(key=lambda r: (r["kind"], r["at"]))
    return sum(datetime.fromisoformat(r["at"]).minute for r in back) + len(text)


def reference_ms(repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        _workload()
        best = min(best, time.process_time() - t0)
    return best * 1000


if __name__ == "__main__":
    print(f"reference workload: {reference_ms():.1f} ms")
