"""The station's settings: every one declared once (type, default, check), kept in the store."""

from __future__ import annotations

import copy
import errno
import os
import tempfile
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from common import logs
from station_app.domain import validation
from station_app.domain.calendar import DEFAULT_TZ, BusinessCalendar
from station_app.domain.errors import DomainError
from station_app.domain.sla import SlaPolicy
from station_app.paths import TOKEN_FILENAME
from station_app.store import Store, StoreFull
from station_app.store_context import runs_in_store

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


@dataclass(frozen=True)
class Option:
    """One setting: its key, what it holds, its default and how a new value is checked."""

    key: str
    type: type
    default: Any
    check: Callable[[Any], Any] | None = None  # returns the normalised value or raises
    en: str = ""
    zh: str = ""


def _station_code(value: str) -> str:
    return validation.erp_code(value, "station_code") if value else ""


def _server_url(value: str) -> str:
    v = value.strip().rstrip("/")
    if not v:
        return ""
    parsed = urlparse(v)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise DomainError(
            "server_url",
            f"{value!r} is not a web address such as https://callcenter.example.com",
            f"“{value}”不是有效的服务器地址(例如 https://callcenter.example.com)",
        )
    return v


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DomainError("timezone", f"unknown time zone {value!r}",
                          f"未知的时区“{value}”") from exc
    return value


def _short_text(key: str, en: str, zh: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        v = value.strip()
        if len(v) > 80:
            raise DomainError(key, f"{en} is longer than 80 characters", f"{zh}超过80个字符")
        return v
    return check


def _language(value: str) -> str:
    if value not in ("", "en", "zh_CN"):
        raise DomainError("language", f"language must be en or zh_CN, not {value!r}",
                          f"界面语言只能是 en 或 zh_CN,而不是“{value}”")
    return value


def _calendar(value: dict[str, Any]) -> dict[str, Any]:
    return BusinessCalendar.from_json(value).to_json()


def _sla(value: dict[str, Any]) -> dict[str, Any]:
    return SlaPolicy.from_json(value).to_json()


def _log_level(value: str) -> str:
    v = value.strip().lower()
    if v not in ("", *logs.LEVELS):
        raise DomainError("log_level", f"log level must be one of {', '.join(logs.LEVELS)}",
                          f"日志级别只能是 {'、'.join(logs.LEVELS)} 之一")
    return v


def _due_soon(value: int) -> int:
    if not 1 <= value <= 24 * 60:
        raise DomainError("due_soon_minutes", "must be between 1 and 1440 minutes",
                          "应在1到1440分钟之间")
    return value


def _undo_minutes(value: int) -> int:
    if not 0 <= value <= 60:
        raise DomainError("undo_minutes", "must be between 0 (no undo) and 60 minutes",
                          "应在0(不可撤销)到60分钟之间")
    return value


def _rebuild_days(value: int) -> int:
    if not 0 <= value <= 366:
        raise DomainError("rebuild_days", "must be between 0 (open orders only) and 366 days",
                          "应在0(仅未完成工单)到366天之间")
    return value


OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("station_code", str, "", _station_code, "station ERP code", "服务站ERP代码"),
    Option("station_name", str, "", _short_text("station_name", "the station name", "服务站名称"),
           "station name", "服务站名称"),
    Option("server_url", str, "", _server_url, "call center address", "呼叫中心服务器地址"),
    Option("timezone", str, DEFAULT_TZ, _timezone, "time zone", "时区"),
    Option("user", str, "", _short_text("user", "the clerk's name", "记录人姓名"),
           "who records", "记录人"),
    Option("language", str, "", _language, "interface language", "界面语言"),
    Option("calendar", dict, BusinessCalendar().to_json(), _calendar,
           "business calendar", "工作日历"),
    Option("sla", dict, SlaPolicy().to_json(), _sla, "time limits", "时限"),
    Option("printer", dict, {}, None, "printer", "打印机"),
    Option("due_soon_minutes", int, 30, _due_soon, "due soon within (minutes)",
           "即将到期提前量(分钟)"),
    Option("log_level", str, "", _log_level, "log file level", "日志级别"),
    Option("undo_minutes", int, 2, _undo_minutes, "an entry can be taken back within (minutes)",
           "记录可撤销时限(分钟)"),
    Option("device_name", str, "", _short_text("device_name", "this PC's name", "本机名称"),
           "this PC's name", "本机名称"),
    Option("rebuild_days", int, 30, _rebuild_days,
           "a new PC fetches the orders of the last (days)", "新电脑恢复最近(天)的工单"),
)}


def _typed(option: Option, value: Any) -> Any:
    if option.type is int and isinstance(value, bool) or not isinstance(value, option.type):
        raise DomainError(
            option.key,
            f"{option.en} must be a {option.type.__name__}, not {type(value).__name__}",
            f"{option.zh}的类型应为{option.type.__name__}",
        )
    return option.check(value) if option.check else value


@runs_in_store(lambda settings: settings._store)
class Settings:
    """Reads and writes the station's settings; unknown keys and bad values are refused.

    Values are read from the store once and kept: the station's own process is the only writer
    (the store's instance lock), and every write goes through `set_many`, which replaces what
    is kept after the transaction commits. Recording an event reads five settings; from the
    store that was five queries and a calendar parsed from JSON, now dictionary lookups.
    """

    def __init__(self, store: Store, data_dir: Path) -> None:
        self._store = store
        self._data_dir = data_dir
        self._values: dict[str, Any] = {}
        self._derived: dict[str, Any] = {}
        # Held while a value is read into the cache and while the cache is emptied after a
        # write, so a value read before a write commits is never kept after it.
        self._lock = threading.Lock()
        self._writes = 0

    def get(self, key: str) -> Any:
        option = _option(key)
        with self._lock:
            try:
                value = self._values[key]
            except KeyError:
                value = self._values[key] = self._store.get_setting(key, option.default)
        return copy.deepcopy(value) if isinstance(value, dict | list) else value

    def all(self) -> dict[str, Any]:
        return {key: self.get(key) for key in OPTIONS}

    def set(self, key: str, value: Any) -> None:
        self.set_many({key: value})

    def set_many(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Check every value first, then write them all in one transaction (all or none)."""
        checked = {key: _typed(_option(key), value) for key, value in values.items()}
        try:
            self._store.set_settings(checked)
        finally:  # read again from the store after a failed write, too
            with self._lock:
                self._values.clear()
                self._derived.clear()
                self._writes += 1
        return checked

    def calendar(self) -> BusinessCalendar:
        return self._parsed("calendar", BusinessCalendar.from_json)

    def sla_policy(self) -> SlaPolicy:
        return self._parsed("sla", SlaPolicy.from_json)

    def zone(self) -> ZoneInfo:
        return self._parsed("timezone", ZoneInfo)

    def _parsed(self, key: str, parse: Callable[[Any], Any]) -> Any:
        try:
            return self._derived[key]
        except KeyError:
            written = self._writes
            value = parse(self.get(key))
            with self._lock:
                if written == self._writes:  # no write came in between
                    self._derived[key] = value
            return value

    # -- the token: a file readable only by its user, never in the database ---------------

    @property
    def token_path(self) -> Path:
        return self._data_dir / TOKEN_FILENAME

    def token(self) -> str | None:
        try:
            text = self.token_path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return text or None

    def set_token(self, token: str | None) -> None:
        """Write (or with None, remove) the token atomically with mode 0600."""
        if token is None:
            self.token_path.unlink(missing_ok=True)
            return
        token = token.strip()
        if not token or any(c.isspace() for c in token):
            raise DomainError("token", "the token is empty or contains spaces",
                              "令牌为空或包含空格")
        # mkstemp makes the file readable and writable by its owner only (0600 on POSIX; on
        # Windows it lies in the user's own profile folder, which only they can open).
        tmp = ""
        try:
            fd, tmp = tempfile.mkstemp(dir=self._data_dir, prefix=".token-")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(token + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.token_path)
        except BaseException as exc:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
                raise StoreFull(self.token_path) from exc
            raise


def _option(key: str) -> Option:
    try:
        return OPTIONS[key]
    except KeyError:
        raise DomainError(key, f"there is no setting called {key!r}",
                          f"没有名为“{key}”的设置") from None
