"""Bearer tokens and roles: who is calling, and what each role may do."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from anyio import to_thread
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
_TOKENS = Token._meta.table_name


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
    # Plain SQL: peewee building the statement cost more than the database running it.
    p = database.db.obj.param
    row = database.read(lambda: database.db.execute_sql(
        f"SELECT secret_sha256, role, name, station_code FROM {_TOKENS} WHERE id = {p} "
        "AND revoked_at IS NULL", (token_id,)).fetchone())
    if row is None:
        return None
    digest, role, name, station_code = row
    if not hmac.compare_digest(digest, hash_secret(secret)):
        return None
    station = station_code if role == Role.STATION else None
    return Principal(token_id=token_id, role=Role(role), name=name, station_code=station)


def revoked_error() -> ApiError:
    return _unauthorized("the token is unknown or revoked", "访问令牌无效或已被撤销")


def still_valid(token_id: str) -> bool:
    """Whether the token is still unrevoked (inside the caller's database connection)."""
    p = database.db.obj.param
    return database.db.execute_sql(
        f"SELECT 1 FROM {_TOKENS} WHERE id = {p} AND revoked_at IS NULL", (token_id,)
    ).fetchone() is not None


def principal_of(header: str | None) -> Principal:
    """Who an ``Authorization`` header names; 401 if nobody valid."""
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("a bearer token is required", "需要提供访问令牌(Bearer)")
    principal = lookup(token.strip())
    if principal is None:
        raise revoked_error()
    return principal


async def current_principal(request: Request) -> Principal:
    """Async: a sync dependency is one more thread-pool hop for every request."""
    # `limits.BodyGuard` already checked the token of a request with a body, before reading it
    known = request.scope.get("state", {}).get(PRINCIPAL_STATE)
    principal = (known if isinstance(known, Principal) else await to_thread.run_sync(
        principal_of, request.headers.get("authorization")))
    note_contact(request, principal)
    return principal


def note_contact(request: Request, principal: Principal) -> None:
    """A device's last contact and version (written a second or two later, with others')."""
    if principal.is_station:
        request.app.state.contacts.seen(principal, request.headers.get("user-agent", ""))


def require(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets through the given roles (and admin) and answers 403 otherwise."""
    allowed = {*roles, Role.ADMIN}

    async def dependency(principal: Principal = Depends(current_principal)) -> Principal:
        if principal.role not in allowed:
            names = ", ".join(sorted(r.value for r in allowed))
            raise ApiError(403, "authorization",
                           f"this needs one of the roles: {names}",
                           f"无权执行此操作(需要角色:{names})", code=Code.ROLE_NOT_ALLOWED)
        return principal

    return dependency


@dataclass(frozen=True)
class StationToken:
    """An ``Authorization`` header not yet checked: the route checks it inside its own
    database read (`station_principal`), one thread hop and one connection for both."""

    header: str | None

    @property
    def token_id(self) -> str:
        return (self.header or "").partition(" ")[2].strip().partition(".")[0]


async def station_token(request: Request) -> StationToken:
    return StationToken(request.headers.get("authorization"))


def station_principal(token: StationToken) -> Principal:
    """401 unless the token is valid, 403 unless it is a station's."""
    return _station_only(principal_of(token.header))


def _station_only(principal: Principal) -> Principal:
    if principal.role is not Role.STATION:
        raise ApiError(403, "authorization", "only a station token may do this",
                       "只有服务站令牌可以执行此操作", code=Code.STATION_ONLY)
    return principal


async def require_station(principal: Principal = Depends(current_principal)) -> Principal:
    return _station_only(principal)
