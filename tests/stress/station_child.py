"""A station process to be killed: a zygote that imports once, then forks a worker per round.

Reads "go SEED" lines on stdin; forks a worker that records events and syncs in a loop (until
killed), prints the worker's pid, waits for it and prints "exit STATUS". The parent kills the
worker with SIGKILL at a random moment.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from uuid import UUID

from station_app.station import Station
from station_app.sync import SyncClient, default_transport_factory
from station_app.transport import SyncFailure, tls_context


def work(data_dir: Path, seed: int) -> None:
    rng = random.Random(seed)
    with Station.open(data_dir) as station:
        orders = [UUID(str(i)) for i in station.order_ids()]
        client = SyncClient(station, default_transport_factory(station)())
        n = 0
        while True:
            for _ in range(rng.randint(1, 3)):
                n += 1
                station.record_note(rng.choice(orders), f"round {seed} note {n}")
            try:
                client.once()
            except SyncFailure:
                pass


def main() -> int:
    data_dir = Path(sys.argv[1])
    tls_context()  # made once here, inherited by every forked worker
    for line in sys.stdin:
        command, _, arg = line.partition(" ")
        if command != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                work(data_dir, int(arg))
            finally:
                os._exit(3)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {status}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
