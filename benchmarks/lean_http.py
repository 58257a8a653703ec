"""Not a benchmark: a lean HTTP/1.1 client for the load benchmarks — one keep-alive connection
per `Conn`, requests written as bytes, answers read by Content-Length. The load client shares
the two cores with the server: httpx spent ~1 ms of CPU a request, and the client processes
took about as much CPU as the server they measured. Every failure is raised, never hidden:
a refused or dropped connection, an answer without Content-Length, a closed connection."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import urlencode, urlsplit


class HttpError(Exception):
    """The connection failed or the answer was no HTTP/1.1 answer we can read."""


class Conn:
    """One keep-alive connection; one request at a time."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        try:
            self._reader, self._writer = await asyncio.open_connection(
                self.host, self.port, limit=1 << 22)
        except OSError as exc:
            raise HttpError(f"connect {type(exc).__name__}") from exc

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def request(self, method: str, path: str, *, token: str | None = None,
                      params: dict[str, Any] | None = None, body: Any = None,
                      ) -> tuple[int, bytes]:
        """(status, body); see `request_with_headers`."""
        status, content, _headers = await self.request_with_headers(
            method, path, token=token, params=params, body=body)
        return status, content

    async def request_with_headers(self, method: str, path: str, *, token: str | None = None,
                                   params: dict[str, Any] | None = None, body: Any = None,
                                   ) -> tuple[int, bytes, dict[str, str]]:
        """(status, body, headers by lower-case name). A fresh connection if the last one
        was closed by the server after its answer (``Connection: close``); a connection lost
        under a request is an error."""
        if self._writer is None:
            await self._open()
        assert self._reader is not None and self._writer is not None
        target = f"{path}?{urlencode(params)}" if params else path
        head = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}",
                "User-Agent: StationDesk/load-bench"]
        if token:
            head.append(f"Authorization: Bearer {token}")
        data = b""
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            head += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
        try:
            self._writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
            status_line = await self._reader.readuntil(b"\r\n")
            headers = await self._reader.readuntil(b"\r\n\r\n")
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            self.close()
            raise HttpError(f"read {type(exc).__name__}") from exc
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            self.close()
            raise HttpError(f"not an HTTP answer: {status_line[:40]!r}")
        length, close = None, False
        named: dict[str, str] = {}
        for line in headers.split(b"\r\n"):
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name:
                named[name.decode("latin-1")] = value.strip().decode("latin-1")
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
            elif name == b"transfer-encoding":
                self.close()
                raise HttpError("chunked answer")
        if length is None:
            self.close()
            raise HttpError("answer without Content-Length")
        try:
            content = await self._reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError) as exc:
            self.close()
            raise HttpError(f"read body {type(exc).__name__}") from exc
        if close:
            self.close()
        return int(parts[1]), content, named


IDLE_EXPIRY_S = 5.0  # as httpx: an idle connection older than this is closed, not reused


class Pool:
    """Idle connections reused first, a new one opened when none is free (an open-loop
    generator must not queue its requests behind slow answers)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._idle: list[tuple[Conn, float]] = []
        self.opened = 0

    def _take(self) -> Conn:
        now = time.monotonic()
        while self._idle:
            conn, since = self._idle.pop()
            if now - since < IDLE_EXPIRY_S:
                return conn
            conn.close()
        self.opened += 1
        return Conn(self.url)

    async def request(self, method: str, path: str, **kw: Any) -> tuple[int, bytes]:
        conn = self._take()
        try:
            answer = await conn.request(method, path, **kw)
        except BaseException:
            conn.close()
            raise
        self._idle.append((conn, time.monotonic()))
        return answer

    def close(self) -> None:
        for conn, _since in self._idle:
            conn.close()
        self._idle.clear()


def new_loop() -> asyncio.AbstractEventLoop:
    """uvloop where installed (the client's own CPU matters here), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def run(coro: Any) -> Any:
    with asyncio.Runner(loop_factory=new_loop) as runner:
        return runner.run(coro)
