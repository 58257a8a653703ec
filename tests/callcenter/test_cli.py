"""The `callcenter` command line: stations, users, tokens, issuing from a script, serving over
TLS, and a second server process woken through the database."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from callcenter import cli
from tests.support.callcenter_server import CallCenterServer, new_event
from tests.support.tls import self_signed

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: str, port: int, *extra: str, log_level: str = "warning",
           env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "callcenter.cli", "--db", db, "serve", "--port", str(port),
         "--log-level", log_level, *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], **client_options) -> None:
    deadline = time.monotonic() + 30
    with httpx.Client(**client_options) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(f"server exited: {proc.stderr.read().decode()}")
            try:
                if client.get(f"{url}/v1/health").status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)  # the process is still importing; nothing to wait on
    raise AssertionError("the server did not come up in 30 s")


def _wait_until_polling(url: str, token: str, *stations: str, timeout: float = 10) -> None:
    """Until the service at ``url`` has said a long-poll of each of ``stations`` is parked in
    it. Each worker process lists only the polls parked in it, so every look is a new
    connection, which the kernel hands to any of them."""
    deadline = time.monotonic() + timeout
    seen: set[str] = set()
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"},
                      limits=httpx.Limits(max_keepalive_connections=0)) as client:
        while time.monotonic() < deadline:
            seen |= {s["code"] for s in client.get("/v1/stations").json() if s["polling"]}
            if seen >= set(stations):
                return
            time.sleep(0.02)
    raise AssertionError(f"no long-poll of {sorted(set(stations) - seen)} parked at {url}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    finally:
        proc.stdout.close()
        proc.stderr.close()


def test_stations_users_and_revoked_tokens(tmp_path, capsys):
    db = str(tmp_path / "cc.sqlite3")
    code, out, _ = _cli(capsys, "--db", db, "add-station", "12345", "合肥北站",
                        "--address", "合肥市长江西路1号", "--phone", "0551-62345678")
    assert code == 0
    token = out.splitlines()[0]
    token_id = token.split(".")[0]
    code, out, _ = _cli(capsys, "--db", db, "add-user", "李审核", "--role", "reviewer")
    reviewer_token = out.splitlines()[0]
    code, out, _ = _cli(capsys, "--db", db, "stations", "--json")
    [row] = json.loads(out)
    assert row["code"] == "12345" and row["name"] == "合肥北站"
    assert row["active_tokens"] == [token_id]
    assert token not in out  # only ids are listed, never secrets

    # only a hash of the secret is stored
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("cc.sqlite3*"))
    secret = token.split(".", 1)[1]
    assert secret.encode() not in raw and token_id.encode() in raw

    code, _, err = _cli(capsys, "--db", db, "add-station", "1234", "太短")
    assert code == 1 and "5 digits" in err and "5位数字" in err
    code, _, err = _cli(capsys, "--db", db, "revoke", "nosuchtoken")
    assert code == 1 and "no token" in err

    with CallCenterServer(db) as server:
        station = server.client(token)
        assert station.get("/v1/changes").status_code == 200
        assert server.client(reviewer_token).get("/v1/changes").status_code == 403
        assert _cli(capsys, "--db", db, "revoke", token_id)[0] == 0
        assert station.get("/v1/changes").status_code == 401
        wrong_secret = token_id + ".x" + token.split(".", 1)[1][1:]
        assert server.client(wrong_secret).get("/v1/changes").status_code == 401


def test_issue_from_the_command_line_wakes_a_station_on_the_running_server(tmp_path, capsys):
    db = str(tmp_path / "cc.sqlite3")
    with CallCenterServer(db, fallback_poll=0.2) as server:
        station = server.client(server.add_station("12345"), timeout=20)
        out: dict[str, httpx.Response] = {}
        poll = threading.Thread(target=lambda: out.update(
            r=station.get("/v1/changes", params={"wait": 15})))
        poll.start()
        server.wait_for_pollers("12345")
        order_json = tmp_path / "order.json"
        order_json.write_text(json.dumps({
            "station_code": "12345", "kind": "complaint", "complaint_level": "medium",
            "customer": {"name": "王女士", "phone": "021-62345678"},
            "statement": "服务态度差", "result_category": "服务过程", "result_detail": "态度"}),
            encoding="utf-8")
        # another process, as a CRM would run it
        done = subprocess.run(
            [sys.executable, "-m", "callcenter.cli", "--db", db, "issue", "--json",
             str(order_json), "--issued-by", "CRM"],
            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
            check=True)
        issued = json.loads(done.stdout)
        assert issued["business_no"].startswith("BY") and issued["issued_by"] == "CRM"
        poll.join()
        [change] = out["r"].json()["changes"]
        assert change["kind"] == "order" and change["order"]["id"] == issued["id"]
        # a bad order names the field, in both languages, and stores nothing
        code, _, err = _cli(capsys, "--db", db, "issue", "--station", "12345", "--kind",
                            "rescue", "--customer-name", "张", "--customer-phone", "13912345678")
        assert code == 1 and "location" in err and "用户地点" in err
        assert station.get("/v1/changes", params={"after": 1}).json()["changes"] == []


def test_serve_over_tls(tmp_path):
    cert, key = self_signed(tmp_path)
    port = _free_port()
    proc = _serve(str(tmp_path / "cc.sqlite3"), port, "--tls-cert", str(cert),
                  "--tls-key", str(key))
    try:
        url = f"https://127.0.0.1:{port}"
        trust = ssl.create_default_context(cafile=str(cert))
        _wait_until_up(url, proc, verify=trust)
        with httpx.Client(verify=trust) as client:
            r = client.get(f"{url}/v1/health")
            assert r.status_code == 200 and "X-Server-Time" in r.headers
        with httpx.Client() as plain, pytest.raises(httpx.TransportError):
            plain.get(f"http://127.0.0.1:{port}/v1/health")
    finally:
        _stop(proc)


def test_serve_refuses_half_a_tls_setup(tmp_path, capsys):
    code, _, err = _cli(capsys, "--db", str(tmp_path / "cc.sqlite3"), "serve",
                        "--tls-cert", str(tmp_path / "cert.pem"))
    assert code == 1 and "--tls-key" in err


@pytest.mark.postgres
def test_two_server_processes_on_one_postgresql_database(postgres_url):
    """A change made through one process wakes a station long-polling the other (NOTIFY)."""
    with CallCenterServer(postgres_url, fallback_poll=120) as here:
        token = here.add_station("12345")
        dispatcher_token = here.add_user("调度", "dispatcher")
        port = _free_port()
        # the other process polls the database only every 120 s: NOTIFY must do the waking
        proc = _serve(postgres_url, port, "--fallback-poll", "120")
        try:
            there = f"http://127.0.0.1:{port}"
            _wait_until_up(there, proc)
            out: dict[str, httpx.Response] = {}
            with httpx.Client(base_url=there, timeout=20,
                              headers={"Authorization": f"Bearer {token}"}) as station:
                poll = threading.Thread(target=lambda: out.update(
                    r=station.get("/v1/changes", params={"wait": 15})))
                poll.start()
                _wait_until_polling(there, dispatcher_token, "12345")
                order = here.issue_order("12345")
                poll.join()
                [change] = out["r"].json()["changes"]
                assert change["order"]["id"] == order["id"]
                r = station.post("/v1/events",
                                 json={"events": [new_event(order["id"], "received")]})
                assert r.json()["results"][0]["status"] == "accepted"
        finally:
            _stop(proc)


def test_serve_refuses_unreadable_settings(tmp_path, capsys):
    bad = tmp_path / "sla.json"
    bad.write_text('{"limits": [{"kind": "rescue", "deadlines": {"contact": [-5, "elapsed"]}}]}',
                   encoding="utf-8")
    code, _, err = _cli(capsys, "--db", str(tmp_path / "cc.sqlite3"), "serve", "--sla", str(bad))
    assert code == 1 and "positive" in err and "大于零" in err
    code, _, err = _cli(capsys, "--db", str(tmp_path / "cc.sqlite3"), "serve", "--tz", "Mars/Base")
    assert code == 1 and "Mars/Base" in err
