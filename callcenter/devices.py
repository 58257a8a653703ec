"""A station's PCs: each is a device with its own token. A new PC is enrolled with a short
one-time code the call center issues for one station (it expires, works once) and exchanges
for the device's own token; a device is listed with its last contact and version, and revoked
without touching the station's other devices."""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from callcenter import db as database
from callcenter.auth import Principal, Role, new_secret
from callcenter.models import Device, EnrolmentCode, Station, Token
from common.errors import UserError
from common.refusal import Code

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
CODE_LENGTH = 8
DEFAULT_CODE_MINUTES = 30
SEEN_EVERY = 30.0  # seconds between two writes of a device's last contact
FLUSH_CHUNK = 250  # devices' contacts per write transaction
log = logging.getLogger(__name__)
Contact = tuple[datetime, str, str]  # a device's last contact: (at, version or "", station)


class EnrolmentRefused(UserError):
    """A code that cannot enrol a PC; ``status`` is the HTTP answer."""

    CODES = {404: Code.ENROLMENT_UNKNOWN, 409: Code.ENROLMENT_USED,
             410: Code.ENROLMENT_EXPIRED, 403: Code.OTHER_STATION}

    def __init__(self, status: int, en: str, zh: str) -> None:
        super().__init__(en, zh, code=self.CODES.get(status, Code.FORBIDDEN))
        self.status = status


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once, stored as a hash
    station_code: str
    expires_at: datetime


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    device_name: str
    station_code: str
    token: str  # the device's own bearer token; shown to the PC once


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    station_code: str
    name: str
    enrolled_at: datetime
    last_seen_at: datetime | None
    version: str
    revoked_at: datetime | None


def normalise_code(code: str) -> str:
    """What the clerk typed, as stored: upper case, without spaces or dashes."""
    return "".join(c for c in code.upper() if c.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def issue_code(station_code: str, minutes: int = DEFAULT_CODE_MINUTES,
               now: datetime | None = None) -> IssuedCode:
    """A fresh enrolment code for ``station_code``, valid ``minutes`` and once."""
    if not 1 <= minutes <= 7 * 24 * 60:
        raise UserError("an enrolment code lasts 1 minute to 7 days",
                        "注册码有效期应为1分钟至7天")
    at = now or datetime.now(UTC)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

    def run() -> IssuedCode:
        if Station.get_or_none(Station.code == station_code) is None:
            raise UserError(f"no station {station_code}; add it with add-station first",
                            f"没有服务站{station_code},请先用 add-station 添加")
        expires = at + timedelta(minutes=minutes)
        EnrolmentCode.create(code_sha256=_digest(code), station_code=station_code,
                             created_at=at, expires_at=expires)
        return IssuedCode(display_code(code), station_code, expires)

    return database.write(run)


def enrol(code: str, station_code: str, name: str, version: str = "",
          now: datetime | None = None) -> Enrolled:
    """Exchange ``code`` for a new device of ``station_code`` (once; before it expires)."""
    at = now or datetime.now(UTC)
    name = " ".join(name.split())[:40] or "PC"

    def run() -> Enrolled:
        row = database.for_update(EnrolmentCode.select().where(
            EnrolmentCode.code_sha256 == _digest(code))).first()
        if row is None:
            raise EnrolmentRefused(404, "this enrolment code is unknown: check it, or ask the "
                                   "call center for a new one",
                                   "注册码不存在:请核对,或向呼叫中心索取新的注册码")
        if row.used_at is not None:
            raise EnrolmentRefused(409, "this enrolment code was already used; ask the call "
                                   "center for a new one",
                                   "此注册码已被使用,请向呼叫中心索取新的注册码")
        if row.expires_at <= at:
            raise EnrolmentRefused(410, "this enrolment code has expired; ask the call center "
                                   "for a new one", "此注册码已过期,请向呼叫中心索取新的注册码")
        if row.station_code != station_code:
            raise EnrolmentRefused(403, f"this enrolment code is not for station "
                                   f"{station_code}; check the station code in the settings",
                                   f"此注册码不属于服务站{station_code},请核对设置中的服务站代码")
        token_id, token, digest = new_secret()
        Token.create(id=token_id, secret_sha256=digest, role=Role.STATION.value,
                     station_code=station_code, name=station_code, created_at=at)
        Device.create(id=token_id, station_code=station_code, name=name, enrolled_at=at,
                      last_seen_at=at, version=version[:40])
        updated = (EnrolmentCode.update(used_at=at, device_id=token_id)
                   .where((EnrolmentCode.code_sha256 == row.code_sha256)
                          & EnrolmentCode.used_at.is_null()).execute())
        if not updated:  # another exchange of the same code won meanwhile
            raise EnrolmentRefused(409, "this enrolment code was already used; ask the call "
                                   "center for a new one",
                                   "此注册码已被使用,请向呼叫中心索取新的注册码")
        return Enrolled(token_id, name, station_code, token)

    return database.write(run)


def add_first_device(token_id: str, station_code: str, at: datetime) -> None:
    """A token made by ``add-station`` is a device too (inside the caller's transaction)."""
    count = Device.select().where(Device.station_code == station_code).count()
    Device.insert(id=token_id, station_code=station_code, name=f"PC {count + 1}",
                  enrolled_at=at).on_conflict_ignore().execute()


def devices(station_code: str) -> list[DeviceInfo]:
    def run() -> list[DeviceInfo]:
        if Station.get_or_none(Station.code == station_code) is None:
            raise UserError(f"no station {station_code}", f"没有服务站{station_code}")
        rows = Device.select().where(Device.station_code == station_code).order_by(
            Device.enrolled_at, Device.id)
        return [DeviceInfo(r.id, r.station_code, r.name, r.enrolled_at, r.last_seen_at,
                           r.version, r.revoked_at) for r in rows]

    return database.read(run)


def revoke_device(station_code: str, device_id: str, now: datetime | None = None) -> DeviceInfo:
    """Revoke one device's token; the station's other devices go on."""
    at = now or datetime.now(UTC)

    def run() -> DeviceInfo:
        row = Device.get_or_none((Device.id == device_id)
                                 & (Device.station_code == station_code))
        if row is None:
            raise UserError(f"station {station_code} has no device {device_id}",
                            f"服务站{station_code}没有设备{device_id}")
        Token.update(revoked_at=at).where((Token.id == device_id)
                                          & Token.revoked_at.is_null()).execute()
        if row.revoked_at is None:
            row.revoked_at = at
            row.save()
        return DeviceInfo(row.id, row.station_code, row.name, row.enrolled_at,
                          row.last_seen_at, row.version, row.revoked_at)

    return database.write(run)


def mark_revoked(token_id: str, at: datetime) -> None:
    """`admin.revoke` of a station token revokes its device (inside its transaction)."""
    Device.update(revoked_at=at).where((Device.id == token_id)
                                       & Device.revoked_at.is_null()).execute()


def version_of(user_agent: str) -> str:
    """``StationDesk/1.4.0`` → ``1.4.0``."""
    product, _, rest = user_agent.partition("/")
    return rest.split()[0][:40] if product == "StationDesk" and rest else ""


class Contacts:
    """Devices' last contact and version, noted per request in memory (at most every
    `SEEN_EVERY` s per device, or on a new version) and written by `flush` for all of them in
    one transaction: a transaction per contact was ~33 commits a second at 1,000 stations."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._flushing = threading.Lock()  # one at a time: the stop waits for one still writing
        self._noted: dict[str, tuple[float, str]] = {}  # token id -> (monotonic, version)
        self._pending: dict[str, Contact] = {}

    def seen(self, principal: Principal, user_agent: str) -> None:
        if principal.role is not Role.STATION:
            return
        version = version_of(user_agent)
        key = principal.token_id
        clock = time.monotonic()
        with self._lock:
            last = self._noted.get(key)
            if last is not None and clock - last[0] < SEEN_EVERY and last[1] == version:
                return
            self._noted[key] = (clock, version)
            self._pending[key] = _later(self._pending.get(key), (
                datetime.now(UTC), version, principal.station_code or ""))

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def flush(self) -> None:
        """Write the contacts noted since the last flush; any thread. A transaction per
        `FLUSH_CHUNK` devices, so a writer queued meanwhile (on SQLite, `db.FairLock`) gets
        in between instead of waiting for a thousand rows."""
        with self._flushing:
            with self._lock:
                batch, self._pending = self._pending, {}
            items = list(batch.items())
            try:
                for i in range(0, len(items), FLUSH_CHUNK):
                    chunk = items[i:i + FLUSH_CHUNK]
                    database.write(functools.partial(_write_contacts, chunk))
                    for key, _value in chunk:
                        batch.pop(key)
            except Exception:
                with self._lock:  # kept for the next flush, with what was noted meanwhile
                    for key, newer in self._pending.items():
                        batch[key] = _later(batch.get(key), newer)
                    self._pending = batch
                raise

    def flush_at_stop(self) -> None:
        """The last `flush`, as the service stops. What it cannot write is lost: said once in
        the log, not raised (the service is stopping either way)."""
        try:
            self.flush()
        except Exception:
            with self._lock:
                lost = sorted(self._pending)
            named = ", ".join(lost[:5]) + (f" and {len(lost) - 5} more" if len(lost) > 5 else "")
            log.error("the service stopped without writing the last contact (time and version) "
                      "of %d device(s): %s; they show their previous contact until they call "
                      "again", len(lost), named, exc_info=True)


def _later(old: Contact | None, new: Contact) -> Contact:
    """Two contacts of one device: the later's time, and its version unless it sent none."""
    if old is None or new[1] or not old[1]:
        return new
    return new[0], old[1], new[2]


def _write_contacts(chunk: list[tuple[str, Contact]]) -> None:
    """Set each device's last contact, and its version where the request sent one (peewee
    building an UPDATE per device cost ~110 µs a device: 1,000 stations' contacts held
    SQLite's one writer ~110 ms)."""
    to_db = Device.last_seen_at.db_value
    rows = [(key, to_db(at), version) for key, (at, version, _station) in chunk]
    missing = {key for key, _at, _version in rows} - _set_contacts(rows)
    if missing:  # a station token from before devices, not migrated: its first PC
        found = _first_devices(missing, dict(chunk))
        _set_contacts([row for row in rows if row[0] in found])


def _set_contacts(rows: list[tuple[str, str | None, str]]) -> set[str]:
    """Write ``rows`` (device id, last contact, version or ""); the ids of the devices there.
    On PostgreSQL one statement (psycopg2's ``executemany`` is a round trip per row); on
    SQLite one prepared statement run in C, in process."""
    if not rows:
        return set()
    table = Device._meta.table_name
    if database.is_postgres_db():
        from psycopg2.extras import execute_values

        return {found for (found,) in execute_values(
            database.db.cursor(),
            f"UPDATE {table} AS d SET last_seen_at = v.at, "
            "version = CASE WHEN v.version = '' THEN d.version ELSE v.version END "
            f"FROM (VALUES %s) AS v(id, at, version) WHERE d.id = v.id RETURNING d.id",
            rows, page_size=len(rows), fetch=True)}
    ids = [key for key, _at, _version in rows]
    known = {found for (found,) in database.db.execute_sql(
        f"SELECT id FROM {table} WHERE id IN ({', '.join('?' * len(ids))})", ids)}
    database.db.cursor().executemany(
        f"UPDATE {table} SET last_seen_at = ?, "
        "version = CASE WHEN ? = '' THEN version ELSE ? END WHERE id = ?",
        [(at, version, version, key) for key, at, version in rows])
    return known


def _first_devices(missing: set[str], contacts: dict[str, Contact]) -> set[str]:
    """Make the devices of the station tokens among ``missing`` (a device whose token is gone
    too was deleted meanwhile: it stays gone); their ids."""
    tokens = list(Token.select(Token.id, Token.station_code, Token.revoked_at).where(
        Token.id.in_(sorted(missing)) & (Token.role == Role.STATION.value)).tuples())
    for key, station, revoked_at in tokens:
        add_first_device(key, station or contacts[key][2], contacts[key][0])
        if revoked_at is not None:
            mark_revoked(key, revoked_at)
    return {key for key, _station, _revoked in tokens}
