"""Not a benchmark: what the call center benchmarks share — a database with many stations made
in one transaction, `callcenter serve` as its own process, a durable PostgreSQL cluster."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(db_url: str, stations: int) -> tuple[dict[str, str], str]:
    """Create ``stations`` stations (codes 10000…) and a dispatcher; returns their tokens."""
    from callcenter import db as database
    from callcenter.auth import Role, new_secret
    from callcenter.commands.common import open_database
    from callcenter.models import FeedCounter, Person, Station, Token

    open_database(db_url)
    tokens: dict[str, str] = {}

    def run() -> str:
        now = datetime.now(UTC)
        for i in range(stations):
            code = f"{10000 + i}"
            Station.create(code=code, name=f"站{i}", created_at=now)
            FeedCounter.create(station_code=code, last_seq=0)
            token_id, token, digest = new_secret()
            Token.create(id=token_id, secret_sha256=digest, role=Role.STATION.value,
                         station_code=code, name=code, created_at=now)
            tokens[code] = token
        person = Person.create(name="调度", role="dispatcher", created_at=now)
        token_id, token, digest = new_secret()
        Token.create(id=token_id, secret_sha256=digest, role="dispatcher", person_id=person.id,
                     name="调度", created_at=now)
        return token

    dispatcher = database.write(run)
    database.db.obj.close_all()
    return tokens, dispatcher


@contextmanager
def serve(db_url: str, *extra: str) -> Iterator[str]:
    """`callcenter serve` in its own process; yields its base URL."""
    with serve_process(db_url, *extra) as (url, _proc):
        yield url


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children that ended (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(f) for f in fields[11:15]) / ticks


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def serve_process(db_url: str, *extra: str, log_level: str = "warning",
                  ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`callcenter serve` in its own process; yields its base URL and the process. Its output
    (uvicorn's console log) is discarded; the log file beside the database keeps it."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "callcenter.cli", "--db", db_url, "serve", "--port", str(port),
         "--log-level", log_level, *extra],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a big database is checked at start-up
        while True:
            try:
                if httpx.get(f"{url}/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("callcenter serve did not start") from None
                time.sleep(0.05)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(30)


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database URL: a SQLite file in ``folder`` or a durable throwaway PostgreSQL."""
    if kind == "sqlite":
        yield str(folder / "callcenter.sqlite3")
        return
    from tests.support.postgres import PostgresCluster, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL binaries not found (install 'postgresql')")
    cluster = PostgresCluster(bin_dir, durable=True).start()
    try:
        yield cluster.create_database()
    finally:
        cluster.stop()
