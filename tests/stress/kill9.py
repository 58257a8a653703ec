"""Kill a syncing station with SIGKILL at random moments, then check the call center holds
exactly the events the station committed: none lost, none twice.

    .venv/bin/python -m tests.stress.kill9 --rounds 1000
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from station_app.station import Station
from station_app.store import EventRow
from station_app.sync import SyncClient, default_transport_factory
from tests.support.callcenter_server import CallCenterServer

STATION = "12345"


@dataclass
class Outcome:
    rounds: int
    killed: int
    local_events: int
    server_events: int
    missing: int
    extra: int
    duplicates: int
    integrity_ok: bool
    seconds: float
    killed_with_waiting: int  # rounds killed while events were committed but not acknowledged
    resent_as_duplicate: int  # events the server had before the station noted it (lost reply)
    reported: int = 0  # ids record() returned to the caller (the child wrote each one down)
    killed_after_commit: int = 0  # kills aimed between the server's commit and the station's ack
    reported_missing: int = 0  # of those, not on the call center after the final sync

    @property
    def ok(self) -> bool:
        return (self.missing == self.extra == self.duplicates == self.reported_missing == 0
                and self.integrity_ok and self.local_events == self.server_events)


def _once(station: Station) -> None:
    client = SyncClient(station, default_transport_factory(station)())
    try:
        client.once()
    finally:
        client.transport.close()


def _waiting(db_path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
        return conn.execute("SELECT count(*) FROM events WHERE origin = 'local' "
                            "AND acked_at IS NULL").fetchone()[0]


class KillAfterCommit:
    """A hook in the test server: the station's process is killed when the call center has
    committed a push and is about to answer it — the window between the server's commit and
    the station's acknowledgement, hit on purpose instead of by chance."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.pid: int | None = None  # the station process to kill at the next push's answer
        self.hits = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("path") != "/v1/events":
            await self.app(scope, receive, send)
            return

        async def answer(message: Any) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                pid, self.pid = self.pid, None
                if pid is not None:
                    os.kill(pid, signal.SIGKILL)
                    self.hits += 1
            await send(message)

        await self.app(scope, receive, answer)


def run(server: CallCenterServer, data_dir: Path, rounds: int, *, orders: int = 5,
        max_delay: float = 0.3, seed: int = 1, breakage: str = "",
        aim_after_commit: bool = False, worker: bool = False) -> Outcome:
    """``breakage``: run the child as a deliberately broken build (`station_child._break`).
    ``aim_after_commit``: every other round is killed by the server's hook (`KillAfterCommit`)
    as it answers a push, the others at a random moment. ``worker``: the child syncs with the
    real `SyncWorker` threads instead of `SyncClient.once()`."""
    hook: KillAfterCommit | None = None
    if aim_after_commit:
        server.stop()
        hook = KillAfterCommit(server.app)
        server.app = hook
        server.start()
    started = time.monotonic()
    rng = random.Random(seed)
    token = server.add_station(STATION, "压力测试站")
    issued = [server.issue_order(STATION)["id"] for _ in range(orders)]
    with Station.open(data_dir) as station:
        station.set_settings({"station_code": STATION, "user": "压力",
                              "server_url": server.base_url})
        station.set_token(token)
        _once(station)
    zygote = subprocess.Popen(
        [sys.executable, "-m", "tests.stress.station_child", str(data_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2], env=dict(os.environ, KILL9_BREAK=breakage,
                                                              KILL9_WORKER="1" if worker else ""),
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    killed = killed_with_waiting = 0
    try:
        for r in range(rounds):
            zygote.stdin.write(f"go {seed * 100000 + r}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            if hook is not None and r % 2:
                hook.pid = pid  # killed as the server answers its push...
                deadline = time.monotonic() + 5
                while hook.pid is not None and time.monotonic() < deadline:
                    time.sleep(0.005)
                hook.pid = None  # ...or, if no push came, now
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            else:
                threading.Event().wait(rng.uniform(0, max_delay))
                os.kill(pid, signal.SIGKILL)
            line = zygote.stdout.readline()
            if line.strip() == f"exit {signal.SIGKILL}":
                killed += 1
            elif not line.startswith("exit"):
                raise RuntimeError(f"the station child said {line!r}")
            if _waiting(data_dir / "station.sqlite3"):
                killed_with_waiting += 1
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=10)
        zygote.stdout.close()
    with Station.open(data_dir) as station:
        _once(station)
        _once(station)
        local = [str(e.id) for e in EventRow.select().where(EventRow.origin == "local")]
        waiting = station.sync_status().events_waiting
        resent = EventRow.select().where(EventRow.result == "duplicate").count()
        integrity = station.store.integrity_ok()
    on_server: list[str] = []
    for oid in issued:
        events = server.dispatcher.get(f"/v1/orders/{oid}").json()["events"]
        on_server += [e["id"] for e in events if e.get("station_code") == STATION]
    counts = Counter(on_server)
    reported_path = data_dir / "reported-ids"
    reported = (reported_path.read_text().split() if reported_path.exists() else [])
    return Outcome(
        reported=len(reported), reported_missing=len(set(reported) - set(on_server)),
        killed_after_commit=hook.hits if hook is not None else 0,
        rounds=rounds, killed=killed, local_events=len(local), server_events=len(on_server),
        missing=len(set(local) - set(on_server)), extra=len(set(on_server) - set(local)),
        duplicates=sum(c - 1 for c in counts.values()), integrity_ok=integrity and waiting == 0,
        seconds=time.monotonic() - started,
        killed_with_waiting=killed_with_waiting, resent_as_duplicate=resent,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--max-delay", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        with CallCenterServer.sqlite(Path(tmp)) as server:
            out = run(server, Path(tmp) / "station", args.rounds, max_delay=args.max_delay,
                      seed=args.seed)
    print(out)
    print("OK" if out.ok else "FAILED")
    return 0 if out.ok else 1


if __name__ == "__main__":
    sys.exit(main())
