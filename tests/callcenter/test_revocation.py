"""Revoked means revoked at once: a long-poll opened before its token was revoked ends with 401
within a second, and never answers with data written after the revocation — on the server that
revoked it and on another server process on the same database."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest

from tests.callcenter.test_cli import (
    _free_port,
    _serve,
    _stop,
    _wait_until_polling,
    _wait_until_up,
)

pytestmark = pytest.mark.integration
A = "12345"


class Poll(threading.Thread):
    """One long-poll in the background; records its answer and when it came."""

    def __init__(self, url: str, token: str, path: str, params: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.url, self.token, self.path, self.params = url, token, path, params
        self.response: httpx.Response | None = None
        self.answered_at = 0.0

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=60,
                          headers={"Authorization": f"Bearer {self.token}"}) as client:
            self.response = client.get(self.path, params=self.params)
        self.answered_at = time.monotonic()


def _parked_station_poll(server) -> tuple[str, Poll]:
    """A new station token and its long-poll, parked in the server."""
    token = server.add_station(A)
    after = int(server.client(token).get("/v1/changes").json()["last_seq"])
    poll = Poll(server.base_url, token, "/v1/changes", {"after": after, "wait": 30})
    poll.start()
    server.wait_for_pollers(A)
    return token, poll


def test_a_revoked_station_poll_ends_within_a_second(server):
    token, poll = _parked_station_poll(server)
    revoked_at = time.monotonic()
    server.revoke(token)
    poll.join(5)
    assert poll.response is not None, "the poll still waits 5 s after the revocation"
    assert poll.response.status_code == 401, poll.response.text
    assert poll.answered_at - revoked_at < 1.0


def test_a_revoked_poll_never_returns_data_written_after_the_revocation(server):
    token, poll = _parked_station_poll(server)
    server.revoke(token)
    order = server.issue_order(A, customer={"name": "李女士", "phone": "13800000000"})
    poll.join(5)
    assert poll.response is not None
    assert poll.response.status_code == 401, poll.response.text
    assert order["id"] not in poll.response.text and "13800000000" not in poll.response.text


def test_a_revoked_board_poll_ends_within_a_second(server):
    token = server.add_user("调度乙", "dispatcher")
    version = server.client(token).get("/v1/board").json()["version"]
    poll = Poll(server.base_url, token, "/v1/board/changes", {"after": version, "wait": 30})
    poll.start()
    time.sleep(0.3)  # parked (the board's poll has no waiter count to watch)
    revoked_at = time.monotonic()
    server.revoke(token)
    poll.join(5)
    assert poll.response is not None and poll.response.status_code == 401
    assert poll.answered_at - revoked_at < 1.0


def test_a_poll_on_another_server_process_ends_within_a_second(server):
    """The second process learns of the revocation through the database only."""
    token = server.add_station(A)
    watcher = server.add_user("调度丙", "dispatcher")
    after = int(server.client(token).get("/v1/changes").json()["last_seq"])
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = _serve(server.db_url, port, "--fallback-poll", "120")
    try:
        _wait_until_up(url, proc)
        poll = Poll(url, token, "/v1/changes", {"after": after, "wait": 30})
        poll.start()
        _wait_until_polling(url, watcher, A)
        revoked_at = time.monotonic()
        server.revoke(token)
        poll.join(5)
        assert poll.response is not None, "the other process's poll still waits"
        assert poll.response.status_code == 401, poll.response.text
        assert poll.answered_at - revoked_at < 1.0
    finally:
        _stop(proc)
