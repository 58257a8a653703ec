"""A station process to be killed: a zygote that imports once, then forks a worker per round.

Reads "go SEED WINDOW" lines on stdin; forks a worker that records events and syncs in a loop
(until killed), prints the worker's pid, "recorded" once the worker's first record() returned,
then waits for it and prints "exit STATUS". The parent kills
the worker with SIGKILL at a random moment or in an aimed window (`kill9.WINDOWS`); in the
"after_ack" window the worker kills itself right after its first acknowledgement commits.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import threading
import time
from pathlib import Path
from uuid import UUID

from station_app.station import Station
from station_app.sync import SyncClient, default_transport_factory
from station_app.sync_worker import SyncWorker
from station_app.transport import SyncFailure, tls_context

REPORTED = "reported-ids"  # in the data folder: each id record() returned, one a line
KILLED_AFTER_ACK = "killed-after-ack"  # in the data folder: a line per aimed kill after an ack


def _break(how: str) -> None:
    """A deliberately broken build, to prove the harness catches one."""
    if how == "drop_write":  # record() returns an id but every fourth note is never stored,
        import station_app.station as station_module  # the first of each process among them

        real, calls = station_module._insert_local, [0]

        def dropping(event: object) -> None:
            calls[0] += 1
            if (calls[0] - 1) % 4:
                real(event)  # type: ignore[arg-type]
        station_module._insert_local = dropping
    elif how.startswith("ack_before_send"):
        # Events marked delivered before they are sent, and (unless "_watched") taken as back
        # from the call center: else the echo watch (station_app/echoes.py) sends what a kill
        # stranded.
        import station_app.sync as sync_module

        watched = how.endswith("_watched")
        real_push = sync_module.SyncClient._push_rows

        def acking_first(self, rows, report, gate):  # type: ignore[no-untyped-def]
            from station_app import echoes, hot_queries
            from station_app.store import EventRow

            with self.station.store.transaction():
                hot_queries.acknowledge([(r.id, "accepted", "", None) for r in rows],
                                        self.station.now())
                if not watched:
                    EventRow.update(echo=echoes.SEEN).where(
                        EventRow.id.in_([r.id for r in rows])).execute()
            return real_push(self, rows, report, gate)
        sync_module.SyncClient._push_rows = acking_first  # type: ignore[method-assign]
    elif how:
        raise SystemExit(f"unknown breakage {how!r}")


_RECORDED = threading.Event()  # this round's first record() returned


def _die_after_the_first_ack(data_dir: Path) -> None:
    """The window after the acknowledgement, aimed: once an acknowledgement of delivered events
    has committed, note it and die at once, before anything else happens."""
    real = SyncClient._acknowledge

    def acknowledge_then_die(self, sent, results, report, gate):  # type: ignore[no-untyped-def]
        done = real(self, sent, results, report, gate)
        if done and _RECORDED.is_set():  # not an ack of what an earlier round left waiting
            with (data_dir / KILLED_AFTER_ACK).open("a") as hits:
                hits.write(f"{os.getpid()}\n")
                hits.flush()
                os.fsync(hits.fileno())
            os.kill(os.getpid(), signal.SIGKILL)
        return done
    SyncClient._acknowledge = acknowledge_then_die  # type: ignore[method-assign]


def work(data_dir: Path, seed: int, window: str) -> None:
    rng = random.Random(seed)
    _break(os.environ.get("KILL9_BREAK", ""))
    if window == "after_ack":
        _die_after_the_first_ack(data_dir)
    with Station.open(data_dir) as station, (data_dir / REPORTED).open("a") as reported:
        orders = [UUID(str(i)) for i in station.order_ids()]
        use_worker = os.environ.get("KILL9_WORKER") == "1"
        if use_worker:  # the real sync threads, as the window runs them
            SyncWorker(station, long_poll=0.2, backoff_base=0.05, backoff_cap=0.2).start()
        client = SyncClient(station, default_transport_factory(station)())
        n = 0
        first_delay = float(os.environ.get("KILL9_FIRST_RECORD_DELAY") or 0)
        while True:
            for _ in range(rng.randint(1, 3)):
                n += 1
                if n == 1 and first_delay:  # a loaded machine: the worker is faster
                    time.sleep(first_delay)
                event = station.record_note(rng.choice(orders), f"round {seed} note {n}")
                reported.write(f"{event.id}\n")  # on disk before the next step: what the
                reported.flush()                 # caller was told is recorded
                os.fsync(reported.fileno())
                if n == 1:  # the parent's clock starts here, however slow the machine is
                    _RECORDED.set()
                    print("recorded", flush=True)
            if use_worker:
                time.sleep(rng.uniform(0, 0.05))  # the worker pushes on its own
                continue
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
        seed, _, window = arg.strip().partition(" ")
        pid = os.fork()
        if pid == 0:
            try:
                work(data_dir, int(seed), window)
            finally:
                os._exit(3)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {status}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
