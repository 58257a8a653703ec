"""API errors: a status and a `Refusal` (code, the field at fault, English and Chinese)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from common.refusal import STATUS_CODES, Code, Refusal, Refused, refusal_of


class ApiError(Refused, Exception):
    """A refusal answered with ``status``; ``code`` defaults to the status's general one."""

    def __init__(self, status: int, field: str, en: str, zh: str,
                 headers: dict[str, str] | None = None, code: str = "") -> None:
        self.refusal = Refusal.of(code or STATUS_CODES.get(status, Code.BAD_REQUEST), en, zh,
                                  field)
        super().__init__(f"{field}: {en}" if field else en)
        self.status = status
        self.headers = headers

    @classmethod
    def of(cls, status: int, refusal: Refusal,
           headers: dict[str, str] | None = None) -> ApiError:
        return cls(status, refusal.field, refusal.message_en, refusal.message_zh, headers,
                   refusal.code)


NO_BODY = Refusal.of(Code.NO_BODY, "the request has no body; send the JSON document",
                     "请求没有内容,请发送JSON数据", "body")


def error_body(errors: list[Refusal], status: int = 422) -> dict[str, Any]:
    """The body of every refusal (`openapi_doc.ErrorBody`). Each error is a `Refusal` plus
    ``message`` (= ``message_en``, kept for v1 clients); ``detail`` is the first error's English
    with its field, kept for v1 clients that show it."""
    if not errors:
        errors = [Refusal.of(STATUS_CODES.get(status, Code.BAD_REQUEST), "error", "错误")]
    first = errors[0]
    return {
        "detail": f"{first.field}: {first.message_en}" if first.field else first.message_en,
        "errors": [{**e.wire(), "message": e.message_en} for e in errors],
    }


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """A dotted field name from a pydantic location, without the 'body'/'query' prefix."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    # pydantic puts the validator's function name into the location; drop it
    parts = [p for p in parts if not p.startswith(("function-after", "function-"))]
    return ".".join(parts)


def pydantic_errors(errs: list[Any]) -> list[Refusal]:
    """A refusal for each of pydantic's errors, naming its field: a domain rule's own
    (raised in a validator), else pydantic's English with a Chinese for its kind."""
    out = []
    for e in errs:
        loc = e.get("loc", ())
        name = field_name(loc)
        inner = refusal_of((e.get("ctx") or {}).get("error"))
        if inner is not None:
            out.append(inner.model_copy(update={"field": name or inner.field}))
            continue
        msg = str(e.get("msg", "")).removeprefix("Value error, ")
        kind = str(e.get("type", ""))
        ctx = e.get("ctx") or {}
        code: str = Code.MISSING if kind == "missing" else Code.INVALID
        if kind == "extra_forbidden":
            code, msg, zh = Code.UNKNOWN_FIELD, "unknown field", "未知字段"
        elif kind == "missing" and list(loc) == ["body"]:
            out.append(NO_BODY)
            continue
        elif kind == "json_invalid":
            name, code = "body", Code.BAD_JSON
            msg, zh = f"the body is not valid JSON ({msg})", "请求内容不是有效的JSON"
        else:
            zh = _zh_for(kind, ctx)
        out.append(Refusal.of(code, msg, zh, name))
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
    body = error_body([exc.refusal], exc.status)
    return JSONResponse(body, status_code=exc.status, headers=exc.headers)


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(error_body(pydantic_errors(list(exc.errors()))), status_code=422)


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    zh = {404: "未找到", 405: "不支持此请求方法", 401: "未授权", 403: "无权访问"}.get(
        exc.status_code, "请求错误")
    code = STATUS_CODES.get(exc.status_code, Code.BAD_REQUEST)
    body = error_body([Refusal.of(code, str(exc.detail), zh)], exc.status_code)
    return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)
