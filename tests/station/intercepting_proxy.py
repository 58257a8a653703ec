"""A real HTTP proxy on 127.0.0.1 in front of the test call center, as dealer networks have
them: it passes requests through, or answers some itself (an HTML 403 page, a 407 login, a
truncated JSON body) the way a proxy or a captive portal does. uvicorn on a thread.

    with InterceptingProxy(server.base_url) as proxy:
        proxy.answer_next(5, 403, HTML_403)     # the next 5 requests get the proxy's page
        station.set_settings({"server_url": proxy.base_url})
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import httpx
from starlette.types import Receive, Scope, Send

from callcenter.embedded import ThreadedServer

HTML_403 = b"<html><body><h1>403 Forbidden</h1>Access denied by the proxy.</body></html>"
HTML_407 = b"<html><body><h1>407 Proxy Authentication Required</h1></body></html>"
HTML_413 = b"<html><body><h1>413 Request Entity Too Large</h1></body></html>"
HTML_502 = b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"
TRUNCATED_JSON = b'{"results": [{"id": "'

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host",
               "proxy-authenticate", "proxy-authorization", "te", "trailers", "upgrade"}


@dataclass(frozen=True)
class Canned:
    status: int
    body: bytes
    content_type: str = "text/html"


class InterceptingProxy(ThreadedServer):
    def __init__(self, upstream: str) -> None:
        super().__init__(self._handle, lifespan="off")
        self.upstream = upstream.rstrip("/")
        self._queue: list[Canned] = []
        self._lock = threading.Lock()
        self.intercepted = 0
        self.passed = 0

    def answer_next(self, count: int, status: int, body: bytes,
                    content_type: str = "text/html") -> None:
        """The next ``count`` requests are answered by the proxy itself, not passed on."""
        with self._lock:
            self._queue += [Canned(status, body, content_type)] * count

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        with self._lock:
            canned = self._queue.pop(0) if self._queue else None
            if canned:
                self.intercepted += 1
            else:
                self.passed += 1
        if canned is not None:
            await send({"type": "http.response.start", "status": canned.status,
                        "headers": [(b"content-type", canned.content_type.encode()),
                                    (b"content-length", str(len(canned.body)).encode())]})
            await send({"type": "http.response.body", "body": canned.body})
            return
        headers = [(k.decode(), v.decode()) for k, v in scope["headers"]
                   if k.decode().lower() not in _HOP_BY_HOP]
        query = scope.get("query_string", b"").decode()
        url = f"{self.upstream}{scope['path']}" + (f"?{query}" if query else "")
        async with httpx.AsyncClient(timeout=120) as client:
            r = await client.request(scope["method"], url, headers=headers,
                                     content=b"".join(chunks))
        out = [(k.encode(), v.encode()) for k, v in r.headers.items()
               if k.lower() not in _HOP_BY_HOP]
        out.append((b"content-length", str(len(r.content)).encode()))
        await send({"type": "http.response.start", "status": r.status_code, "headers": out})
        await send({"type": "http.response.body", "body": r.content})
