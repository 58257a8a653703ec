"""Administration: stations, people and their tokens (shown once, stored as a hash)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from callcenter import db as database
from callcenter import devices
from callcenter.auth import PERSON_ROLES, Role, new_secret
from callcenter.models import FeedCounter, Person, Station, Token
from common.errors import UserError
from station_app.domain import validation
from station_app.domain.errors import DomainError


@dataclass(frozen=True)
class Issued:
    token_id: str
    token: str  # the full bearer token; shown once, never stored


def add_station(code: str, name: str, address: str = "", phone: str = "") -> Issued:
    """Register a station (or give an existing one a new token) and return its token."""
    try:
        code = validation.erp_code(code)
        name = validation.text(name.strip(), "name")
        address = validation.text(address.strip(), "address")
        phone = validation.phone(phone, "phone") if phone.strip() else ""
    except DomainError as exc:
        raise UserError(f"{exc.field}: {exc.en}" if exc.field != "station_code" else exc.en,
                        exc.zh) from None
    if not name:
        raise UserError("the station needs a name", "服务站名称不能为空")

    def run() -> Issued:
        now = datetime.now(UTC)
        station = Station.get_or_none(Station.code == code)
        if station is None:
            station = Station.create(code=code, name=name.strip(), address=address,
                                     phone=phone, created_at=now)
            FeedCounter.insert(station_code=code, last_seq=0).on_conflict_ignore().execute()
        token_id, token, digest = new_secret()
        Token.create(id=token_id, secret_sha256=digest, role=Role.STATION.value, station_code=code,
                     name=code, created_at=now)
        devices.add_first_device(token_id, code, now)
        return Issued(token_id, token)

    return database.write(run)


def add_user(name: str, role: str) -> Issued:
    """Register a person with a role (dispatcher, reviewer, admin) and return their token."""
    try:
        role_ = Role(role)
    except ValueError:
        role_ = None
    if role_ not in PERSON_ROLES:
        names = ", ".join(r.value for r in PERSON_ROLES)
        raise UserError(f"role must be one of {names}", f"角色必须是以下之一:{names}")
    assert role_ is not None
    name = name.strip()
    try:
        validation.text(name, "name")
    except DomainError as exc:
        raise UserError(f"name: {exc.en}", exc.zh) from None
    if not name or len(name) > 80:
        raise UserError("a name of 1 to 80 characters is needed", "姓名应为1至80个字符")

    def run() -> Issued:
        now = datetime.now(UTC)
        person = Person.create(name=name.strip(), role=role_.value, created_at=now)
        token_id, token, digest = new_secret()
        Token.create(id=token_id, secret_sha256=digest, role=role_.value, person_id=person.id,
                     name=name.strip(), created_at=now)
        return Issued(token_id, token)

    return database.write(run)


def revoke(token_id: str) -> None:
    """Revoke a token at once (its holder gets 401 from the next request)."""
    token_id = token_id.split(".", 1)[0]

    def run() -> None:
        at = datetime.now(UTC)
        devices.mark_revoked(token_id, at)
        updated = (Token.update(revoked_at=at)
                   .where((Token.id == token_id) & Token.revoked_at.is_null()).execute())
        if not updated:
            if Token.get_or_none(Token.id == token_id) is None:
                raise UserError(f"no token {token_id}", f"没有编号为{token_id}的令牌")

    database.write(run)


@dataclass(frozen=True)
class StationInfo:
    code: str
    name: str
    address: str
    phone: str
    active_tokens: list[str]


def stations() -> list[StationInfo]:
    def run() -> list[StationInfo]:
        out = []
        for s in Station.select().order_by(Station.code):
            active = (Token.station_code == s.code) & Token.revoked_at.is_null()
            tokens = [t.id for t in
                      Token.select(Token.id).where(active).order_by(Token.created_at)]
            out.append(StationInfo(s.code, s.name, s.address, s.phone, tokens))
        return out

    return database.read(run)
