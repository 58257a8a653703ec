"""Bearer tokens and roles: who is calling, and what each role may do."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from fastapi import Depends, Request

from callcenter import db as database
from callcenter.errors import ApiError
from callcenter.models import Token
from common.refusal import Code


class Role(StrEnum):
    STATION = "station"
    DISPATCHER = "dispatcher"
    REVIEWER = "reviewer"
    ADMIN = "admin"


PERSON_ROLES = (Role.DISPATCHER, Role.REVIEWER, Role.ADMIN)
PRINCIPAL_STATE = "principal"  # the request state's key for a principal already checked


@dataclass(frozen=True)
class Principal:
    token_id: str
    role: Role
    name: str
    station_code: str | None = None

    @property
    def is_station(self) -> bool:
        return self.role is Role.STATION


def new_secret() -> tuple[str, str, str]:
    """A fresh token: (token id, the full token to show once, sha256 of the secret)."""
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return token_id, f"{token_id}.{secret}", hash_secret(secret)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _unauthorized(en: str, zh: str) -> ApiError:
    return ApiError(401, "authorization", en, zh, headers={"WWW-Authenticate": "Bearer"})


def lookup(token: str) -> Principal | None:
    """The principal of a full token, or None if it is unknown, wrong or revoked."""
    token_id, _, secret = token.partition(".")
    if not token_id or not secret or len(token) > 200:
        return None
    row = database.read(lambda: Token.get_or_none(Token.id == token_id))
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.secret_sha256, hash_secret(secret)):
        return None
    station = row.station_code if row.role == Role.STATION else None
    return Principal(token_id=row.id, role=Role(row.role), name=row.name, station_code=station)


def revoked_error() -> ApiError:
    return _unauthorized("the token is unknown or revoked", "访问令牌无效或已被撤销")


def still_valid(token_id: str) -> bool:
    """Whether the token is still unrevoked (inside the caller's database connection)."""
    return bool(Token.select().where((Token.id == token_id)
                                     & Token.revoked_at.is_null()).exists())


def principal_of(header: str | None) -> Principal:
    """Who an ``Authorization`` header names; 401 if nobody valid."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("a bearer token is required", "需要提供访问令牌(Bearer)")
    principal = lookup(token.strip())
    if principal is None:
        raise revoked_error()
    return principal


def current_principal(request: Request) -> Principal:
    # `limits.BodyGuard` already checked the token of a request with a body, before reading it
    known = request.scope.get("state", {}).get(PRINCIPAL_STATE)
    principal = (known if isinstance(known, Principal)
                 else principal_of(request.headers.get("authorization")))
    if principal.is_station:  # a device's last contact and version
        from callcenter import devices  # it imports this module

        devices.seen(principal, request.headers.get("user-agent", ""))
    return principal


def require(*roles: Role) -> Callable[..., Principal]:
    """A dependency that lets through the given roles (and admin) and answers 403 otherwise."""
    allowed = {*roles, Role.ADMIN}

    def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise ApiError(403, "authorization",
                           f"this needs one of the roles: {names}",
                           f"无权执行此操作(需要角色:{names})", code=Code.ROLE_NOT_ALLOWED)
        return principal

    return dependency


def require_station(principal: Principal = Depends(current_principal)) -> Principal:
    if principal.role is not Role.STATION:
        raise ApiError(403, "authorization", "only a station token may do this",
                       "只有服务站令牌可以执行此操作", code=Code.STATION_ONLY)
    return principal
