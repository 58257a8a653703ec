"""A real call center service on 127.0.0.1 for tests: uvicorn in a thread, random free port,
a fresh SQLite file (or a given database URL), stoppable and restartable on the same port and
database so a client can watch the server go away and come back.

    with CallCenterServer.sqlite(tmp_path) as server:
        token = server.add_station("12345", "Hefei North")
        order = server.issue_order("12345")            # as a dispatcher, returns the order JSON
        server.stop(); ...; server.start()             # same port, same database

or the pytest fixture `callcenter_server` (registered in tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

import httpx
import pytest

from callcenter import admin
from callcenter.embedded import EmbeddedServer

DEFAULT_CUSTOMER = {"name": "张先生", "phone": "13912345678"}


class CallCenterServer(EmbeddedServer):
    """`callcenter.embedded.EmbeddedServer` with what tests need: a fresh SQLite file, a short
    fallback poll, admin helpers, and httpx clients closed with the server."""

    def __init__(self, db_url: str, *, host: str = "127.0.0.1", port: int = 0,
                 fallback_poll: float = 0.5, **app_options: Any) -> None:
        super().__init__(db_url, host=host, port=port, fallback_poll=fallback_poll,
                         **app_options)
        self.db_url = db_url
        self._dispatcher_client: httpx.Client | None = None
        self._clients: list[httpx.Client] = []
        self._reviewer_client: httpx.Client | None = None

    @classmethod
    def sqlite(cls, folder: Path, **options: Any) -> Self:
        return cls(str(Path(folder) / "callcenter.sqlite3"), **options)

    def close(self) -> None:
        """Stop the server and close every client made by `client()`."""
        for c in self._clients:
            c.close()
        self._clients.clear()
        self._dispatcher_client = None
        self._reviewer_client = None
        self.stop()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def wait_for_pollers(self, station_code: str, count: int = 1, timeout: float = 10) -> None:
        """Return once ``count`` long-polls of the station are parked in the server."""
        deadline = time.monotonic() + timeout
        notifier = self.app.state.notifier
        while True:
            try:
                if notifier.waiting(station_code) >= count:
                    return
            except RuntimeError:  # the server's loop changed the table while we counted
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {count} long-poll(s) of {station_code} waiting")
            time.sleep(0.005)

    @contextmanager
    def holding_a_rebuild_turn(self) -> Iterator[None]:
        """One of the server's rebuild-page turns (`limits.RebuildPages`) taken, on its own
        event loop, until the block ends: what a page being built does."""
        pages = self.app.state.rebuild_pages
        release = threading.Event()

        async def hold() -> None:
            async with pages.turn(first=False):
                while not release.is_set():
                    await asyncio.sleep(0.01)

        held = self.run_in_loop(hold())
        deadline = time.monotonic() + 10
        while pages._turns is None or not pages._turns.locked():
            assert time.monotonic() < deadline and not held.done(), "the turn was not taken"
            time.sleep(0.01)
        try:
            yield
        finally:
            release.set()
            held.result(10)

    # -- people and stations -------------------------------------------------------------

    def add_station(self, code: str, name: str = "", address: str = "", phone: str = "") -> str:
        """Register a station (idempotent); returns a new bearer token for it."""
        return admin.add_station(code, name or f"Station {code}", address, phone).token

    def add_user(self, name: str, role: str) -> str:
        """Register a dispatcher, reviewer or admin; returns their bearer token."""
        return admin.add_user(name, role).token

    def revoke(self, token: str) -> None:
        admin.revoke(token)

    # -- clients -------------------------------------------------------------------------

    def client(self, token: str | None = None, **options: Any) -> httpx.Client:
        """An httpx client on the server, with the token; closed by `close()`."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=self.base_url, headers=headers,
                              timeout=options.pop("timeout", 40), **options)
        self._clients.append(client)
        return client

    @property
    def dispatcher(self) -> httpx.Client:
        """A client with a dispatcher's token (made on first use)."""
        if self._dispatcher_client is None:
            self._dispatcher_client = self.client(self.add_user("调度员 Dispatcher", "dispatcher"))
        return self._dispatcher_client

    @property
    def reviewer(self) -> httpx.Client:
        """A client with a reviewer's token (made on first use)."""
        if self._reviewer_client is None:
            self._reviewer_client = self.client(self.add_user("审核员 Reviewer", "reviewer"))
        return self._reviewer_client

    def issue_order(self, station_code: str, **fields: Any) -> dict[str, Any]:
        """Issue an order to ``station_code`` as a dispatcher; ``fields`` override a simple
        dispatch order. Returns the order as JSON (wire.Order)."""
        return issue_order(self.dispatcher, station_code, **fields)

    def cancel_order(self, order_id: str, reason: str = "用户取消") -> dict[str, Any]:
        r = self.dispatcher.post(f"/v1/orders/{order_id}/cancel", json={"reason": reason})
        r.raise_for_status()
        return r.json()  # type: ignore[no-any-return]

    def reassign_order(self, order_id: str, to_station: str, reason: str = "就近改派"
                       ) -> dict[str, Any]:
        r = self.dispatcher.post(f"/v1/orders/{order_id}/reassign",
                                 json={"to_station": to_station, "reason": reason})
        r.raise_for_status()
        return r.json()  # type: ignore[no-any-return]

    def close_order(self, order_id: str, note: str = "",
                    without_callback_reason: str = "") -> dict[str, Any]:
        """Close (审核关单) as a reviewer; the order must be completed or declined, and have a
        finished callback unless ``without_callback_reason`` is given."""
        r = self.reviewer.post(f"/v1/orders/{order_id}/close", json={
            "note": note, "without_callback_reason": without_callback_reason})
        r.raise_for_status()
        return r.json()  # type: ignore[no-any-return]

    def reopen_order(self, order_id: str, reason: str = "用户反映未修好") -> dict[str, Any]:
        r = self.reviewer.post(f"/v1/orders/{order_id}/reopen", json={"reason": reason})
        r.raise_for_status()
        return r.json()  # type: ignore[no-any-return]

    def callback(self, order_id: str, outcome: str = "reached",
                 scores: dict[str, int] | None = None, note: str = "") -> dict[str, Any]:
        """A reviewer's callback; a reached one gets all-5 scores unless given."""
        if outcome == "reached" and scores is None:
            scores = dict.fromkeys(("skill", "attitude", "timeliness", "parts", "overall"), 5)
        r = self.reviewer.post(f"/v1/orders/{order_id}/callbacks",
                               json={"outcome": outcome, "scores": scores, "note": note})
        r.raise_for_status()
        return r.json()  # type: ignore[no-any-return]


def new_event(order_id: str, event_type: str, payload: dict[str, Any] | None = None,
              **fields: Any) -> dict[str, Any]:
    """A station event as JSON, times now, for pushing to /v1/events."""
    from datetime import UTC, datetime

    now = datetime.now(UTC).isoformat()
    event = {"id": str(uuid.uuid4()), "order_id": order_id, "type": event_type,
             "occurred_at": now, "recorded_at": now, "author": "王师傅",
             "payload": payload or {}}
    event.update(fields)
    return event


@pytest.fixture
def callcenter_server(tmp_path: Path) -> Iterator[CallCenterServer]:
    """A running call center on a fresh SQLite file in tmp_path."""
    with CallCenterServer.sqlite(tmp_path) as server:
        yield server


def issue_order(dispatcher: httpx.Client, station_code: str, **fields: Any) -> dict[str, Any]:
    """`CallCenterServer.issue_order` through any dispatcher's client (another process's
    server, a proxy in front of it)."""
    body: dict[str, Any] = {
        "station_code": station_code,
        "kind": "dispatch",
        "customer": DEFAULT_CUSTOMER,
        "location": "合肥市蜀山区长江西路100号",
        "statement": "1. 发动机异响 2. 用户要求上门",
    }
    body.update(fields)
    response = dispatcher.post("/v1/orders", json=body)
    response.raise_for_status()
    return response.json()  # type: ignore[no-any-return]
