"""Limits under load: long-polls capped per token and in all, rebuild pages built a few at a
time, each with 503 and Retry-After past it (health keeps answering), refusals logged once per
interval, the open-file limit raised at start."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from callcenter import limits
from tests.support.callcenter_server import CallCenterServer
from tests.support.refusals import refusal

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
A, B, C = "12345", "23456", "34567"


def _park(client: httpx.Client, out: list[httpx.Response]) -> threading.Thread:
    t = threading.Thread(target=lambda: out.append(
        client.get("/v1/changes", params={"wait": 20})))
    t.start()
    return t


def test_long_polls_past_the_caps_get_503_with_retry_after(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="callcenter.limits")
    with CallCenterServer.sqlite(tmp_path, fallback_poll=120, max_long_polls=3,
                                 max_long_polls_per_token=2) as server:
        tokens = {code: server.add_station(code) for code in (A, B, C)}
        clients = {code: server.client(tokens[code], timeout=30) for code in tokens}
        answers: list[httpx.Response] = []
        threads = [_park(clients[A], answers), _park(clients[A], answers)]
        server.wait_for_pollers(A, 2)
        third = clients[A].get("/v1/changes", params={"wait": 20})
        assert third.status_code == 503
        assert third.headers["Retry-After"] == str(limits.RETRY_AFTER_S)
        why = refusal(third)
        assert why["code"] == "busy" and "try again" in why["message_en"]
        assert "请几秒后重试" in why["message_zh"]
        assert clients[A].get("/v1/changes").status_code == 200  # no wait: no slot needed

        threads.append(_park(clients[B], answers))
        server.wait_for_pollers(B, 1)
        for _ in range(5):
            assert clients[C].get("/v1/changes", params={"wait": 5}).status_code == 503
        assert server.client().get("/v1/health").status_code == 200

        server.issue_order(A)
        server.issue_order(B)
        for t in threads:
            t.join(20)
        assert [r.status_code for r in answers] == [200, 200, 200]
        assert all(r.json()["changes"] for r in answers)
        assert clients[C].get("/v1/changes", params={"wait": 0.2}).status_code == 200

    refused = [r for r in caplog.records if r.name == "callcenter.limits"]
    # six refusals: one line per kind of cap within the interval
    assert len(refused) == 2
    assert "for token" in refused[0].getMessage() and "overall" in refused[1].getMessage()


def test_a_refusal_is_logged_once_per_interval(caplog):
    caplog.set_level(logging.WARNING)
    rate = limits.RateLimitedLog(logging.getLogger("test.limits"), interval=3600)
    logged = [rate.warning("x", "refused") for _ in range(50)]
    assert logged[0] and not any(logged[1:])
    assert len([r for r in caplog.records if r.name == "test.limits"]) == 1


def test_asyncio_accept_errors_are_logged_once_per_interval(caplog):
    caplog.set_level(logging.ERROR, logger="asyncio")
    logger = logging.getLogger("asyncio")
    f = limits.AcceptErrorsOnce(interval=3600)
    logger.addFilter(f)
    try:
        for _ in range(100):
            logger.error("socket.accept() out of system resource")
        logger.error("something else")
    finally:
        logger.removeFilter(f)
    messages = [r.getMessage() for r in caplog.records if r.name == "asyncio"]
    assert len([m for m in messages if "accept" in m]) == 1
    assert "something else" in messages


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_NOFILE is POSIX")
def test_serve_raises_its_open_file_limit_and_warns_when_still_low(tmp_path):
    import resource
    import socket

    def low_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 1024))

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "callcenter.cli", "--db", str(tmp_path / "cc.sqlite3"), "serve",
         "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=low_limit,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        limits_text = Path(f"/proc/{proc.pid}/limits").read_text()
        line = next(x for x in limits_text.splitlines() if x.startswith("Max open files"))
        assert line.split()[3:5] == ["1024", "1024"]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    text = err.decode()
    assert "open-file limit is 1024" in text and "打开文件数上限" in text


def wait_until(check, what: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting: {what}"
        time.sleep(0.01)


def _ask_rebuild(client: httpx.Client, after: str, out: list[httpx.Response]
                 ) -> threading.Thread:
    t = threading.Thread(target=lambda: out.append(
        client.get("/v1/rebuild", params={"after": after})))
    t.start()
    return t


def test_rebuild_pages_wait_for_a_turn_and_past_the_queue_get_503_at_once(tmp_path, caplog):
    """After a restore every PC rebuilds at once: pages are built a few at a time, the rest
    wait in turn, and past the queue a PC is told at once to come back (a first page sooner
    than one of a rebuild under way), instead of every page being built together."""
    caplog.set_level(logging.WARNING, logger="callcenter.limits")
    with CallCenterServer.sqlite(tmp_path, rebuild_turns=(1, 2)) as server:
        token = server.add_station(A)
        ids = sorted(server.issue_order(A)["id"] for _ in range(3))
        client = server.client(token, timeout=30)
        pages: limits.RebuildPages = server.app.state.rebuild_pages
        answers: list[httpx.Response] = []
        with server.holding_a_rebuild_turn():
            threads = [_ask_rebuild(client, ids[0], answers)]  # a rebuild under way: waits
            wait_until(lambda: pages.waiting == 1, "one waiting")
            first = client.get("/v1/rebuild")  # half the queue is taken: a first page goes
            assert first.status_code == 503
            assert first.headers["Retry-After"] == str(limits.RETRY_AFTER_S)
            why = refusal(first)
            assert why["code"] == "busy" and "try again" in why["message_en"]
            assert "请几秒后重试" in why["message_zh"]
            threads.append(_ask_rebuild(client, ids[1], answers))  # the queue's last place
            wait_until(lambda: pages.waiting == 2, "two waiting")
            assert client.get("/v1/rebuild", params={"after": ids[0]}).status_code == 503
            assert server.client().get("/v1/health").status_code == 200
            assert not answers  # nothing built while the turn is held
        for t in threads:
            t.join(20)
        assert sorted(r.status_code for r in answers) == [200, 200]
        got = sorted(len(r.json()["orders"]) for r in answers)
        assert got == [1, 2]  # the orders after ids[1], and after ids[0]
        assert client.get("/v1/rebuild").status_code == 200  # the turns are free again
        assert pages.waiting == 0
    refused = [r for r in caplog.records if r.name == "callcenter.limits"]
    assert len(refused) == 1 and "rebuild" in refused[0].getMessage()


def test_rebuild_turns_work_again_after_the_server_restarts(tmp_path):
    """The embedded server (the demo) stopped and started runs a new event loop: a page that
    waited for its turn in the old loop must not make one waiting in the new fail."""
    with CallCenterServer.sqlite(tmp_path, rebuild_turns=(1, 1)) as server:
        token = server.add_station(A)
        server.issue_order(A)
        pages: limits.RebuildPages = server.app.state.rebuild_pages

        def one_page_waits_its_turn() -> httpx.Response:
            answers: list[httpx.Response] = []
            with server.holding_a_rebuild_turn():
                waiter = _ask_rebuild(server.client(token, timeout=30), "0", answers)
                wait_until(lambda: pages.waiting == 1, "one waiting")
            waiter.join(20)
            return answers[0]

        assert one_page_waits_its_turn().status_code == 200
        server.stop()
        server.start()
        r = one_page_waits_its_turn()
        assert r.status_code == 200, r.text
        assert len(r.json()["orders"]) == 1
