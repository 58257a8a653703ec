"""The HTTP calls the station makes to the call center's v1 API, and what can go wrong with them
in words the counter understands."""

from __future__ import annotations

import functools
import ssl
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import httpx

from station_app import wire
from station_app.clock import Now, parse_server_time, system_now
from station_app.errors import UserError
from station_app.sync_status import Link


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any  # parsed JSON, or None when the body was not JSON
    sent_at: datetime
    received_at: datetime
    server_time: datetime | None


class Transport(Protocol):
    def post_events(self, events: list[dict[str, Any]]) -> Reply: ...
    def get_changes(self, after: int, wait: float) -> Reply: ...
    def close(self) -> None: ...


class SyncFailure(UserError):
    """Sync could not finish; ``link`` is what the status line shows, ``retry`` whether trying
    again later can help without anyone doing anything."""

    link = Link.OFFLINE
    retry = True


class LinkDown(SyncFailure):
    pass


class ServerFailing(SyncFailure):
    pass


class TokenRefused(SyncFailure):
    link = Link.TOKEN_REFUSED
    retry = False


class NotConfigured(SyncFailure):
    link = Link.NOT_CONFIGURED
    retry = False


def token_refused() -> TokenRefused:
    return TokenRefused(
        "the call center refused this station's token; sync stopped, nothing recorded here is "
        "lost — ask the call center for a new token",
        "呼叫中心拒绝了本站的令牌,同步已停止,本站记录不会丢失——请向呼叫中心申请新令牌",
    )


def server_failing(status: int, what: str = "") -> ServerFailing:
    extra = f": {what}" if what else ""
    return ServerFailing(
        f"the call center server answered with an error (HTTP {status}){extra}; "
        "will try again",
        f"呼叫中心服务器返回错误(HTTP {status}){extra},稍后自动重试",
    )


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verified TLS context per process (loading the CA bundle costs ~0.2 s a client)."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class HttpTransport:
    """httpx against ``base_url``; one instance per thread."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 15.0,
                 now: Now = system_now) -> None:
        self._now = now
        self._timeout = timeout
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "User-Agent": "StationDesk/1"},
            timeout=timeout,
            verify=tls_context(),
        )

    def post_events(self, events: list[dict[str, Any]]) -> Reply:
        """``events``: `wire.Event`s as JSON (at most `wire.MAX_BATCH`): a `wire.EventBatch`."""
        return self._call("POST", "/v1/events", json={"events": events})

    def get_changes(self, after: int, wait: float) -> Reply:
        return self._call("GET", "/v1/changes", params={"after": after, "wait": wait},
                          timeout=wait + self._timeout)

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, path: str, *, timeout: float | None = None,
              **kwargs: Any) -> Reply:
        sent = self._now()
        try:
            response = self._client.request(
                method, path, timeout=timeout if timeout is not None else self._timeout,
                **kwargs,
            )
        except httpx.TransportError as exc:
            raise LinkDown(
                f"cannot reach the call center ({type(exc).__name__}); working offline, "
                "everything is kept and sent when the link is back",
                "无法连接呼叫中心,正在离线工作;所有记录都已保存,网络恢复后自动发送",
            ) from exc
        received = self._now()
        try:
            body = response.json()
        except ValueError:
            body = None
        return Reply(
            status=response.status_code, body=body, sent_at=sent, received_at=received,
            server_time=parse_server_time(response.headers.get(wire.SERVER_TIME_HEADER)),
        )
