"""The HTTP calls the station makes to the call center's v1 API, and what can go wrong with them
in words the counter understands."""

from __future__ import annotations

import functools
import ssl
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import httpx

from common.errors import UserError
from common.version import VERSION
from station_app import wire
from station_app.clock import Now, parse_server_time, system_now
from station_app.sync_status import Link


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any  # parsed JSON, or None when the body was not JSON
    sent_at: datetime
    received_at: datetime
    server_time: datetime | None  # None: the reply did not carry the call center's clock
    retry_after: float | None = None  # seconds, from a Retry-After header given in seconds

    def is_call_centers(self) -> bool:
        """Whether the reply can be the call center's own: its clock header and, for an
        error, its error body (`callcenter.errors.error_body`). Shapes of successful replies
        are checked by who reads them."""
        if self.server_time is None or not isinstance(self.body, dict):
            return False
        return self.status == 200 or "detail" in self.body


class Transport(Protocol):
    def post_events(self, events: list[dict[str, Any]]) -> Reply: ...
    def get_changes(self, after: int, wait: float, mark: str = "") -> Reply: ...
    def get_rebuild(self, after: str, days: int) -> Reply: ...
    def close(self) -> None: ...


class SyncFailure(UserError):
    """Sync could not finish; ``link`` is what the status line shows, ``retry`` whether trying
    again later can help without anyone doing anything."""

    link = Link.OFFLINE
    retry = True
    retry_after: float | None = None  # the call center said when to try again (seconds)


class LinkDown(SyncFailure):
    pass


class ServerFailing(SyncFailure):
    pass


class NotTheCallCenter(SyncFailure):
    """A reply came, but not the call center's (no X-Server-Time header, or a body not of the
    API's shape): a proxy, a captive portal or a gateway answered. It decides nothing about
    the events sent; they are kept and sent again."""


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


def server_failing(status: int, what: str = "", what_zh: str = "",
                   retry_after: float | None = None) -> ServerFailing:
    """``what``/``what_zh``: the call center's own reason, in each language (the English
    stands in where it gave no Chinese); ``retry_after``: when it said to try again."""
    extra = f": {what}" if what else ""
    extra_zh = f":{what_zh or what}" if (what_zh or what) else ""
    failing = ServerFailing(
        f"the call center server answered with an error (HTTP {status}){extra}; "
        "will try again",
        f"呼叫中心服务器返回错误(HTTP {status}){extra_zh},稍后自动重试",
    )
    failing.retry_after = retry_after
    return failing


MAX_RETRY_AFTER_S = 3600.0


def retry_after_seconds(header: str | None) -> float | None:
    """A Retry-After given in seconds (RFC 9110), at most an hour; None for none, a date or
    anything unreadable (the usual backoff applies then)."""
    try:
        seconds = float(header) if header is not None else None
    except ValueError:
        return None
    if seconds is None or not 0 <= seconds < float("inf"):
        return None
    return min(seconds, MAX_RETRY_AFTER_S)


_WHO_ANSWERED = {
    401: ("a proxy or login page asking for a password?", "代理服务器或登录页面要求密码?"),
    403: ("from a proxy?", "可能来自代理服务器"),
    407: ("a proxy asking for a login", "代理服务器要求登录"),
    413: ("a proxy refusing the size?", "代理服务器拒收过大的请求?"),
    502: ("a gateway that cannot reach the call center?", "网关无法连接呼叫中心?"),
    503: ("a gateway that cannot reach the call center?", "网关无法连接呼叫中心?"),
    504: ("a gateway that cannot reach the call center?", "网关无法连接呼叫中心?"),
}


def not_the_call_center(status: int) -> NotTheCallCenter:
    en_hint, zh_hint = _WHO_ANSWERED.get(status,
                                         ("a login page or a proxy?", "登录页面或代理服务器?"))
    return NotTheCallCenter(
        f"something between this PC and the call center answered instead of it "
        f"(HTTP {status}, {en_hint}); nothing recorded here is lost, it is sent again "
        "automatically — if this lasts, ask your IT about the network's proxy or login page",
        f"本机与呼叫中心之间的设备代替呼叫中心作了应答(HTTP {status},{zh_hint});"
        "本站记录不会丢失,将自动重新发送——如持续出现,请联系网络管理员检查代理或登录页面",
    )


def _link_down(exc: httpx.TransportError) -> LinkDown:
    if isinstance(exc, httpx.TimeoutException):
        en, zh = "it did not answer in time", "呼叫中心未及时应答"
    elif isinstance(exc, httpx.ConnectError):
        en, zh = "no connection could be made", "无法建立连接"
    elif isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        en, zh = "the connection broke off in the middle of a reply", "连接在应答途中中断"
    else:
        en, zh = "the network failed", "网络故障"
    return LinkDown(
        f"cannot reach the call center ({en}); working offline, everything is kept and sent "
        "when the link is back",
        f"无法连接呼叫中心({zh}),正在离线工作;所有记录都已保存,网络恢复后自动发送",
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
            headers={"Authorization": f"Bearer {token}", "User-Agent": f"StationDesk/{VERSION}",
                     wire.WIRE_VERSION_HEADER: str(wire.WIRE_VERSION)},
            timeout=timeout,
            verify=tls_context(),
        )

    def post_events(self, events: list[dict[str, Any]]) -> Reply:
        """``events``: `wire.Event`s as JSON (at most `wire.MAX_BATCH`): a `wire.EventBatch`."""
        return self._call("POST", "/v1/events", json={"events": events})

    def get_changes(self, after: int, wait: float, mark: str = "") -> Reply:
        params: dict[str, Any] = {"after": after, "wait": wait}
        if mark:
            params["mark"] = mark
        return self._call("GET", "/v1/changes", params=params, timeout=wait + self._timeout)

    def get_rebuild(self, after: str, days: int) -> Reply:
        """A page of the station's open and recent orders with their histories."""
        return self._call("GET", "/v1/rebuild", params={"after": after, "days": days})

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
            raise _link_down(exc) from exc
        received = self._now()
        try:
            body = response.json()
        except ValueError:
            body = None
        return Reply(
            status=response.status_code, body=body, sent_at=sent, received_at=received,
            server_time=parse_server_time(response.headers.get(wire.SERVER_TIME_HEADER)),
            retry_after=retry_after_seconds(response.headers.get("Retry-After")),
        )
