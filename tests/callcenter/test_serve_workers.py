"""`callcenter serve --workers N`: several processes on one PostgreSQL database, a change made
through any of them waking the stations long-polling any other (NOTIFY); refused on SQLite."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from callcenter import cli
from tests.callcenter.test_cli import (
    _free_port,
    _serve,
    _stop,
    _wait_until_polling,
    _wait_until_up,
)
from tests.support.callcenter_server import CallCenterServer, issue_order

pytestmark = pytest.mark.integration
STATIONS = [f"{20000 + n}" for n in range(8)]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def _workers(pid: int) -> set[int]:
    """The uvicorn workers under ``pid`` (not multiprocessing's resource tracker)."""
    return {child for child in _children(pid)
            if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes()}


def test_serve_refuses_workers_on_sqlite(tmp_path, capsys):
    code = cli.main(["--db", str(tmp_path / "cc.sqlite3"), "serve", "--workers", "2"])
    err = capsys.readouterr().err
    assert code != 0
    assert "--workers needs PostgreSQL" in err and "需要 PostgreSQL" in err
    assert not (tmp_path / "cc.sqlite3").exists()


@pytest.mark.postgres
def test_two_workers_on_postgresql_wake_each_others_long_polls(postgres_url):
    with CallCenterServer(postgres_url, fallback_poll=120) as setup:
        tokens = {code: setup.add_station(code) for code in STATIONS}
        dispatcher = setup.add_user("调度", "dispatcher")
    port = _free_port()
    # each worker reads the database for changes only every 120 s: NOTIFY must do the waking
    proc = _serve(postgres_url, port, "--workers", "2", "--fallback-poll", "120")
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc)
        deadline = time.monotonic() + 20
        while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(_children(proc.pid)) >= 2  # two worker processes under the supervisor
        answers: dict[str, httpx.Response] = {}

        def poll(code: str) -> None:
            with httpx.Client(base_url=url, timeout=30,
                              headers={"Authorization": f"Bearer {tokens[code]}"}) as c:
                answers[code] = c.get("/v1/changes", params={"wait": 25})

        threads = [threading.Thread(target=poll, args=(code,)) for code in STATIONS]
        for t in threads:
            t.start()
        _wait_until_polling(url, dispatcher, *STATIONS, timeout=20)
        # a new connection for each order, so the kernel hands them to either worker
        fresh = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {dispatcher}"},
                          timeout=10, limits=fresh) as d:
            ids = {}
            for code in STATIONS:
                ids[code] = issue_order(d, code)["id"]
        for t in threads:
            t.join(30)
        for code in STATIONS:
            [change] = answers[code].json()["changes"]
            assert change["order"]["id"] == ids[code]
    finally:
        _stop(proc)


@pytest.mark.postgres
def test_every_worker_writes_the_log_file(postgres_url, tmp_path):
    """The workers' lines (uvicorn's requests, our own) reach the one rotating file, written by
    the parent alone: no worker's line lost, no two processes rotating one file."""
    with CallCenterServer(postgres_url):
        pass  # migrated
    port = _free_port()
    proc = _serve(postgres_url, port, "--workers", "2", log_level="info",
                  env={"XDG_DATA_HOME": str(tmp_path)})  # the service's data folder for PG
    log_file = tmp_path / "StationDeskCallCenter" / "logs" / "callcenter.log"
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc)
        deadline = time.monotonic() + 20
        while len(workers := _workers(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) == 2, workers
        fresh = httpx.Limits(max_keepalive_connections=0)  # the kernel picks a worker each time
        logged: set[int] = set()
        with httpx.Client(base_url=url, timeout=10, limits=fresh) as client:
            while logged != workers and time.monotonic() < deadline + 10:
                assert client.get("/v1/health").status_code == 200
                bad = client.get("/v1/changes", headers={"Authorization": "Bearer 0123456789ab."
                                                         + "Q" * 43})
                assert bad.status_code == 401
                time.sleep(0.05)
                text = log_file.read_text("utf-8") if log_file.exists() else ""
                logged = {pid for pid in workers for line in text.splitlines()
                          if f" {pid} " in line and "GET /v1/health" in line}
        assert logged == workers, (workers, text[-2000:])
        lines = [line for line in text.splitlines() if "GET /v1/changes" in line]
        assert lines and all("Q" * 43 not in line for line in text.splitlines())
    finally:
        _stop(proc)


@pytest.mark.postgres
def test_stopping_two_workers_answers_their_parked_long_polls_at_once(postgres_url):
    """As one process does: the parked polls get their (empty) page when the service stops,
    not a 500 after the graceful-shutdown timeout. The workers' signal handler is installed
    before the application is built, so patching uvicorn's class did not reach it."""
    with CallCenterServer(postgres_url, fallback_poll=120) as setup:
        tokens = {code: setup.add_station(code) for code in STATIONS}
    port = _free_port()
    proc = _serve(postgres_url, port, "--workers", "2")
    url = f"http://127.0.0.1:{port}"
    answers: dict[str, int | str] = {}
    try:
        _wait_until_up(url, proc)

        def poll(code: str) -> None:
            try:
                with httpx.Client(base_url=url, timeout=30, limits=httpx.Limits(
                        max_keepalive_connections=0), headers={
                            "Authorization": f"Bearer {tokens[code]}"}) as c:
                    answers[code] = c.get("/v1/changes", params={"wait": 25}).status_code
            except httpx.HTTPError as exc:
                answers[code] = type(exc).__name__

        threads = [threading.Thread(target=poll, args=(code,)) for code in STATIONS]
        for t in threads:
            t.start()
        time.sleep(2)  # parked in either worker
        stopped_at = time.monotonic()
        proc.terminate()
        for t in threads:
            t.join(20)
        took = time.monotonic() - stopped_at
    finally:
        _stop(proc)
    assert answers == dict.fromkeys(STATIONS, 200), answers
    assert took < 3, f"the parked polls were answered {took:.1f} s after the stop"
