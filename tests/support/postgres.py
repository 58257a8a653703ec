"""A throwaway PostgreSQL 15 cluster for tests: initdb + pg_ctl in a temp folder, one fresh
database per test, stopped at the end of the session. Missing binaries fail the tests (./run
installs them), they do not skip."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_BIN_DIRS = [Path("/usr/lib/postgresql/15/bin"), Path("/usr/lib/postgresql/16/bin"),
               Path("/usr/lib/postgresql/17/bin")]


def find_bin_dir() -> Path | None:
    env = os.environ.get("PG_BIN_DIR")
    candidates = [Path(env)] if env else []
    candidates += PG_BIN_DIRS
    for c in candidates:
        if (c / "initdb").is_file() and (c / "pg_ctl").is_file():
            return c
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresCluster:
    def __init__(self, bin_dir: Path, *, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        self.durable = durable
        self.dir = Path(tempfile.mkdtemp(prefix="cc-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        cmd = [str(a) for a in args]
        if self._as_postgres:
            cmd = ["su", "postgres", "-c", " ".join(f"'{c}'" for c in cmd)]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed: {result.stdout}{result.stderr}")

    def start(self) -> PostgresCluster:
        if self._as_postgres:
            os.chmod(self.dir, 0o755)
            pw_ = pwd.getpwnam("postgres")
            os.chown(self.dir, pw_.pw_uid, pw_.pw_gid)
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
                  "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=300")
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.dir / "log"), "-w", "start")
        return self

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def restart(self) -> None:
        """Restart the server (every client connection is cut), same port and data."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w",
                  "-l", str(self.dir / "log"), "restart")

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def _admin(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg2

        conn = psycopg2.connect(dbname=dbname, user="postgres", host="127.0.0.1",
                                port=self.port)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._admin(f"CREATE DATABASE {name}")
        return self.url(name)

    def truncate(self, url: str, tables: list[str]) -> None:
        """Empty ``tables`` (and restart their id sequences) in the database at ``url``."""
        if tables:
            self._admin(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE",
                        dbname=url.rsplit("/", 1)[1])

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_cluster(durable: bool = False) -> PostgresCluster:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.fail("PostgreSQL 15 server binaries (initdb, pg_ctl) not found: install the "
                    "'postgresql' package (./run setup does) or set PG_BIN_DIR", pytrace=False)
    return PostgresCluster(bin_dir, durable=durable).start()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """One throwaway cluster for the test session."""
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: PostgresCluster) -> Iterator[str]:
    """A fresh, empty database on the session's cluster, dropped afterwards."""
    url = postgres_cluster.create_database()
    yield url
    postgres_cluster.drop_database(url)
