"""Test-only wrappers around the real call center app: a server whose clock header runs ahead,
and a server whose change feed is corrupted in flight. They wrap the ASGI app; the service
itself is untouched."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from station_app.clock import parse_server_time
from station_app.wire import SERVER_TIME_HEADER


class _Wrapper:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def __getattr__(self, name: str) -> Any:  # .state and friends, for the server helper
        return getattr(self.app, name)


class ClockAhead(_Wrapper):
    """Every response says the server's time is ``ahead`` later than it is."""

    def __init__(self, app: ASGIApp, ahead: timedelta) -> None:
        super().__init__(app)
        self.ahead = ahead

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def shifted(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                real = parse_server_time(headers.get(SERVER_TIME_HEADER))
                if real is not None:
                    headers[SERVER_TIME_HEADER] = (real + self.ahead).isoformat()
            await send(message)

        await self.app(scope, receive, shifted)


class RewriteChanges(_Wrapper):
    """Passes each /v1/changes page through ``rewrite`` before the station sees it."""

    def __init__(self, app: ASGIApp, rewrite: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        super().__init__(app)
        self.rewrite = rewrite

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/v1/changes":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            assert start is not None
            body = b"".join(chunks)
            if start["status"] == 200:
                body = json.dumps(self.rewrite(json.loads(body))).encode()
            headers = MutableHeaders(scope=start)
            headers["content-length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)


class WithoutRoute(_Wrapper):
    """A call center from before ``path`` existed: the real app's own 404 answers it."""

    def __init__(self, app: ASGIApp, path: str) -> None:
        super().__init__(app)
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == self.path:
            scope = {**scope, "path": "/v1/not-in-this-release", "raw_path": b""}
        await self.app(scope, receive, send)
