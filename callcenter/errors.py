"""API errors: a status, the field at fault, and the message in English and Chinese."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from station_app.domain.errors import DomainError


class ApiError(Exception):
    def __init__(self, status: int, field: str, en: str, zh: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{field}: {en}")
        self.status = status
        self.field = field
        self.en = en
        self.zh = zh
        self.headers = headers


NO_BODY = ("the request has no body; send the JSON document", "请求没有内容,请发送JSON数据")


# The machine-readable `code` of each error, by the answer's status (callcenter/README.md).
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 410: "gone", 413: "too_large",
         422: "invalid", 429: "too_many_requests", 500: "internal", 503: "unavailable"}


def error_body(errors: list[dict[str, str]], status: int = 422) -> dict[str, Any]:
    first = errors[0] if errors else {"field": "", "message": "error", "message_zh": "错误"}
    field = f"{first['field']}: " if first["field"] else ""
    code = CODES.get(status, "error")
    errors = [{**e, "code": e.get("code") or code} for e in errors]
    return {
        "detail": f"{field}{first['message']} / {first.get('message_zh', '')}".rstrip(" /"),
        "errors": errors,
    }


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """A dotted field name from a pydantic location, without the 'body'/'query' prefix."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    # pydantic puts the validator's function name into the location; drop it
    parts = [p for p in parts if not p.startswith(("function-after", "function-"))]
    return ".".join(parts)


def pydantic_errors(errs: list[Any]) -> list[dict[str, str]]:
    """Readable errors from pydantic's list, naming each field."""
    out = []
    for e in errs:
        loc = e.get("loc", ())
        msg = str(e.get("msg", ""))
        ctx_error = (e.get("ctx") or {}).get("error")
        zh = ""
        name = field_name(loc)
        if isinstance(ctx_error, DomainError):
            msg, zh = ctx_error.en, ctx_error.zh
            name = name or ctx_error.field
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
            if ": " in msg and not name:
                name, msg = msg.split(": ", 1)
            if " / " in msg:
                msg, zh = msg.split(" / ", 1)
        kind = str(e.get("type", ""))
        ctx = e.get("ctx") or {}
        if kind == "extra_forbidden":
            msg, zh = "unknown field", "未知字段"
        elif kind == "missing" and list(loc) == ["body"]:
            name, (msg, zh) = "body", NO_BODY
        elif kind == "json_invalid":
            name = "body"
            msg, zh = f"the body is not valid JSON ({msg})", "请求内容不是有效的JSON"
        elif not zh:
            zh = _zh_for(kind, ctx)
        out.append({"field": name, "message": msg, "message_zh": zh})
    return out


_ZH_BY_TYPE = {
    "missing": "缺少必填字段",
    "string_too_long": "超过{max_length}个字符",
    "string_too_short": "至少需要{min_length}个字符",
    "too_long": "最多{max_length}项",
    "too_short": "至少需要{min_length}项",
    "less_than_equal": "不能大于{le}",
    "less_than": "应小于{lt}",
    "greater_than_equal": "不能小于{ge}",
    "greater_than": "应大于{gt}",
    "enum": "取值应为:{expected}",
    "literal_error": "取值应为:{expected}",
    "timezone_aware": "时间须带时区",
    "uuid_parsing": "不是有效的编号(UUID)",
    "date_from_datetime_parsing": "不是有效的日期",
    "date_parsing": "不是有效的日期",
    "datetime_from_date_parsing": "不是有效的时间",
    "datetime_parsing": "不是有效的时间",
    "string_pattern_mismatch": "格式不对",
}


def _zh_for(kind: str, ctx: dict[str, Any]) -> str:
    template = _ZH_BY_TYPE.get(kind)
    if template is None:
        return "类型不对" if kind.endswith(("_type", "_parsing")) else "字段值无效"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split("{")[0].rstrip(":") or "字段值无效"


async def api_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    body = error_body([{"field": exc.field, "message": exc.en, "message_zh": exc.zh}],
                      exc.status)
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(error_body(pydantic_errors(list(exc.errors()))), status_code=422)


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    zh = {404: "未找到", 405: "不支持此请求方法", 401: "未授权", 403: "无权访问"}.get(
        exc.status_code, "请求错误")
    body = error_body([{"field": "", "message": str(exc.detail), "message_zh": zh}],
                      exc.status_code)
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
