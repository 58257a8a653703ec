"""Kill a syncing station with SIGKILL at random moments, then check the call center holds
exactly the events the station committed: none lost, none twice.

    .venv/bin/python -m tests.stress.kill9 --rounds 1000
"""

from __future__ import annotations

import argparse
import contextlib
import json
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
from dataclasses import dataclass, field
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
    # events the station sent again that the server already had (its reply was lost), as the
    # server answered them: the station keeps the first copy's verdict, not "duplicate"
    resent_as_duplicate: int
    reported: int = 0  # ids record() returned to the caller (the child wrote each one down)
    reported_missing: int = 0  # of those, not on the call center after the final sync
    aimed: dict[str, int] = field(default_factory=dict)  # window -> rounds killed in it on purpose

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


class AimedKills:
    """A hook in the test server that kills the station's process at a chosen point of its next
    push, instead of by chance: ``before_push`` as the push arrives, before the call center reads
    or stores anything (the station has done all it does before sending); ``after_commit`` when
    the call center has committed the push and is about to answer it (before the station can
    acknowledge)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.pid: int | None = None  # the station process to kill at its next push
        self.when = ""  # "before_push" or "after_commit"
        self.hits: Counter[str] = Counter()
        self.duplicates = 0  # events answered "duplicate": the station sent them again

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    def _count_duplicates(self, body: bytes) -> None:
        with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
            results = json.loads(body)["results"]
            self.duplicates += sum(1 for r in results if r.get("status") == "duplicate")

    def _kill(self) -> bool:
        pid, self.pid = self.pid, None
        if pid is None:
            return False
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        self.hits[self.when] += 1
        return True

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("path") != "/v1/events":
            await self.app(scope, receive, send)
            return
        if self.when == "before_push" and self.pid is not None and self._kill():
            await send({"type": "http.response.start", "status": 503, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return

        async def answer(message: Any) -> None:
            if (message["type"] == "http.response.start" and message["status"] == 200
                    and self.when == "after_commit"):
                self._kill()
            if message["type"] == "http.response.body":
                self._count_duplicates(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, answer)


# The windows aimed at, in turn, by ``run(aimed=True)``; "random" rounds are killed by chance.
# "after_ack" is aimed from inside the child (it kills itself once an acknowledgement has
# committed: `station_child`), since the server cannot see that moment.
WINDOWS = ("random", "before_push", "after_commit", "after_ack")


def _kill_quietly(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(pid, signal.SIGKILL)


def run(server: CallCenterServer, data_dir: Path, rounds: int, *, orders: int = 5,
        max_delay: float = 0.3, seed: int = 1, breakage: str = "",
        aimed: bool = False, worker: bool = False, first_record_delay: float = 0.0
        ) -> Outcome:
    """``breakage``: run the child as a deliberately broken build (`station_child._break`).
    ``aimed``: the rounds go through `WINDOWS` in turn — killed at a random moment, as a push
    arrives (`AimedKills`), as the server answers a push it committed, and right after the
    station's acknowledgement committed; otherwise every round is killed at a random moment.
    ``worker``: the child syncs with the real `SyncWorker` threads instead of
    `SyncClient.once()`. ``first_record_delay``: each round's first record waits this long
    (s), as on a loaded machine where the worker pushes what an earlier round left first."""
    hook: AimedKills | None = None
    if aimed:
        server.stop()
        hook = AimedKills(server.app)
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
                                                              KILL9_WORKER="1" if worker else "",
                                                              KILL9_FIRST_RECORD_DELAY=str(
                                                                  first_record_delay)),
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    killed = killed_with_waiting = 0
    bound: threading.Timer | None = None
    try:
        for r in range(rounds):
            window = WINDOWS[r % len(WINDOWS)] if aimed else "random"
            zygote.stdin.write(f"go {seed * 100000 + r} {window}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            line = zygote.stdout.readline()  # the kill comes after the first record, so that
            if line.strip() != "recorded":   # a loaded machine still records in every round
                raise RuntimeError(f"the station child said {line!r}")
            if hook is not None and window in ("before_push", "after_commit"):
                hook.when, hook.pid = window, pid  # killed by the server at its next push...
                deadline = time.monotonic() + 10
                while hook.pid is not None and time.monotonic() < deadline:
                    time.sleep(0.005)
                hook.pid = None  # ...or, if no push came, now
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            elif window == "after_ack":  # the child kills itself; a bound in case it cannot
                bound = threading.Timer(10, _kill_quietly, (pid,))
                bound.start()
            else:
                threading.Event().wait(rng.uniform(0, max_delay))
                os.kill(pid, signal.SIGKILL)
            line = zygote.stdout.readline()
            if bound is not None:
                bound.cancel()
                bound = None
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
        integrity = station.store.integrity_ok()
    on_server: list[str] = []
    for oid in issued:
        events = server.dispatcher.get(f"/v1/orders/{oid}").json()["events"]
        on_server += [e["id"] for e in events if e.get("station_code") == STATION]
    counts = Counter(on_server)
    reported_path = data_dir / "reported-ids"
    reported = (reported_path.read_text().split() if reported_path.exists() else [])
    after_ack = data_dir / "killed-after-ack"
    aimed_hits = dict(hook.hits) if hook is not None else {}
    if after_ack.exists():
        aimed_hits["after_ack"] = len(after_ack.read_text().split())
    return Outcome(
        reported=len(reported), reported_missing=len(set(reported) - set(on_server)),
        aimed=aimed_hits,
        rounds=rounds, killed=killed, local_events=len(local), server_events=len(on_server),
        missing=len(set(local) - set(on_server)), extra=len(set(on_server) - set(local)),
        duplicates=sum(c - 1 for c in counts.values()), integrity_ok=integrity and waiting == 0,
        seconds=time.monotonic() - started,
        killed_with_waiting=killed_with_waiting,
        resent_as_duplicate=hook.duplicates if hook is not None else 0,
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
