"""Limits before work: a request with a body has its token checked before a byte of the body is
read, and the body is capped (`MAX_BODY`, 413 past it). An ASGI middleware, so it runs before
FastAPI reads and parses the body for the route; a route of `DecodedBodyRoute` takes the JSON
decoded here instead of parsing it again."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from anyio import to_thread
from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from callcenter import auth
from callcenter.errors import ApiError, error_body
from common.refusal import Code

log = logging.getLogger(__name__)

# A batch of 500 events each carrying a 4,000-character Chinese text is about 6.3 MB (see
# callcenter/README.md, "Limits"); a larger body is refused whole and the station sends its
# events one by one.
MAX_BODY = 16 * 1024 * 1024
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})  # the others never read one (405 or a GET)
# A new PC has no token yet: it exchanges a one-time enrolment code for one (routes/devices.py).
NO_TOKEN_PATHS = frozenset({"/v1/enrol"})


def too_large() -> ApiError:
    mib = MAX_BODY // (1024 * 1024)
    return ApiError(413, "body", f"the request body is larger than {mib} MiB; send fewer "
                    "events at a time", f"请求内容超过{mib} MiB,请分批发送")


class BodyGuard:
    """Token first, then at most `MAX_BODY` bytes of body, replayed to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WITH_BODY:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        try:
            principal = (None if scope.get("path") in NO_TOKEN_PATHS else
                         await to_thread.run_sync(_principal, headers.get("authorization")))
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
                raise too_large() if length.isdigit() else ApiError(
                    400, "content-length", "the Content-Length header is not a number",
                    "Content-Length 请求头不是数字")
            body = await _read_capped(receive)
            if scope["method"] == "POST" and _is_json(headers.get("content-type")):
                decoded = check_json(body)
                if decoded is not _EMPTY:
                    scope.setdefault("state", {})[DECODED_STATE] = decoded
        except ApiError as exc:
            await _answer(send, exc)
            return
        if principal is not None:
            scope.setdefault("state", {})[auth.PRINCIPAL_STATE] = principal
        await self.app(scope, _replay(body, receive), send)


MAX_DIGITS = 40  # a number longer than this is no amount, count or score
# The checked body's JSON, kept in the request's state so the route does not decode it again
# (`DecodedBodyRoute`).
DECODED_STATE = "body_guard.json"
_EMPTY = object()


def _is_json(content_type: str | None) -> bool:
    return content_type is None or "json" in content_type.lower()


def _unreadable(en: str, zh: str) -> ApiError:
    return ApiError(422, "body", en, zh, code=Code.BAD_JSON)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):
        return out
    seen: set[str] = set()
    for key, _value in pairs:  # the first key sent again
        if key in seen:
            raise ApiError(422, key, "this key appears twice in the same object; send it once",
                           "同一对象中此字段出现了两次,请只填写一次", code=Code.DUPLICATE_KEY)
        seen.add(key)
    raise AssertionError("unreachable")


def _number(text: str) -> Any:
    if len(text.lstrip("-").replace(".", "").split("e")[0].split("E")[0]) > MAX_DIGITS:
        raise _unreadable(f"a number in the body has more than {MAX_DIGITS} digits",
                          f"请求内容中的数字超过{MAX_DIGITS}位")
    return float(text) if any(c in text for c in ".eE") else int(text)


def _constant(text: str) -> Any:
    raise _unreadable(f"{text} is not a JSON value", f"{text}不是有效的JSON值")


def check_json(body: bytes) -> Any:
    """Refuse a body FastAPI would misread or fail on: not UTF-8, not JSON, empty, a key twice
    in one object (the last would win), an endless number, nesting Python cannot follow.
    Returns what the body holds (equal to ``json.loads(body)``), or `_EMPTY`."""
    if not body.strip():
        return _EMPTY  # FastAPI answers: 405 where nothing is posted, errors.NO_BODY where it is
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _unreadable(f"the body is not valid UTF-8 text (byte {exc.start})",
                          f"请求内容不是有效的UTF-8文本(第{exc.start}字节)") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_number,
                          parse_float=_number, parse_constant=_constant)
    except RecursionError:
        raise _unreadable("the body is nested too deeply to read", "请求内容嵌套层数过多,无法读取"
                          ) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise _unreadable(f"the body is not valid JSON ({exc.msg} at {where})",
                          f"请求内容不是有效的JSON(第{exc.lineno}行第{exc.colno}列)") from None


class _DecodedRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            decoded = self.scope.get("state", {}).get(DECODED_STATE, _EMPTY)
            if decoded is _EMPTY:
                return await super().json()
            self._json = decoded
        return self._json


class DecodedBodyRoute(APIRoute):
    """A route that reads the JSON `BodyGuard` decoded while checking it (FastAPI would
    decode the body a second time)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def decoded(request: Request) -> Response:
            return await handler(_DecodedRequest(request.scope, request.receive))

        return decoded


def _principal(header: str | None) -> auth.Principal:
    try:
        return auth.principal_of(header)
    except ApiError:
        raise
    except Exception as exc:  # the database is away: the client may try again shortly
        log.warning("token check failed", exc_info=exc)
        raise ApiError(503, "", "the call center's database is not reachable; try again "
                       "shortly", "呼叫中心数据库暂时无法访问,请稍后重试",
                       code=Code.UNAVAILABLE) from None


async def _read_capped(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise too_large()
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _answer(send: Send, exc: ApiError) -> None:
    payload: dict[str, Any] = error_body([exc.refusal], exc.status)
    data = json.dumps(payload, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(data)).encode()), (b"connection", b"close")]
    headers += [(k.lower().encode(), v.encode()) for k, v in (exc.headers or {}).items()]
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
