"""What opening a station file refuses, before SQLite or a migration touches it, and in words
the counter understands: a second copy of the program on the same data (the instance lock), a
folder or file that cannot be read or written, a file that is empty or not SQLite; and the
translation of SQLite's own errors at open into the store's errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee as pw

from common.errors import UserError
from station_app.instance_lock import InstanceLock, InstanceLocked
from station_app.store_db import (
    StoreCorrupt,
    StoreEmpty,
    StoreError,
    StoreLocked,
    classify,
    damaged,
)

_SQLITE_MAGIC = b"SQLite format 3\x00"


class StoreUnreadable(StoreError):
    pass


def take_lock(path: Path) -> InstanceLock:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return InstanceLock(path.with_name(path.name + ".lock"))
    except InstanceLocked as exc:
        raise StoreLocked(
            path,
            "Station Desk is already running with this data; close the other window first",
            "服务站程序已在运行并使用该数据,请先关闭另一个窗口",
        ) from exc
    except sqlite3.Error as exc:
        raise StoreUnreadable(
            path,
            "the station data folder cannot be written; check its permissions",
            "无法写入服务站数据目录,请检查文件权限",
        ) from exc


def check_header(path: Path) -> bool:
    """Refuse a file that is not SQLite, or empty, before SQLite (or a migration) touches it;
    whether there is a file."""
    if not path.exists():
        return False
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except PermissionError as exc:
        raise StoreUnreadable(
            path,
            "the station data file cannot be read; check its permissions",
            "无法读取服务站数据文件,请检查文件权限",
        ) from exc
    if not head:
        raise StoreEmpty(
            path,
            "the station data file is empty (0 bytes): this station's settings and records "
            "are not in it; restore it from a backup — or, to start a new station here on "
            "purpose, delete or rename the file and open Station Desk again",
            "服务站数据文件是空的(0字节),本站的设置和记录都不在其中;请从备份恢复——"
            "如确实要在此新建服务站,请删除或改名该文件后重新打开程序",
        )
    if head != _SQLITE_MAGIC:
        raise StoreCorrupt(
            path,
            "the station data file is damaged (not a database); it was left untouched — "
            "restore it from a backup or ask support",
            "服务站数据文件已损坏(不是数据库文件),文件未被改动,请从备份恢复或联系技术支持",
        )
    return True


def translate(path: Path, exc: Exception) -> UserError:
    known = classify(path, exc)
    if known is not None:
        return known
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreLocked(
            path,
            "the station data file is in use by another program; close it and try again",
            "服务站数据文件正被其他程序使用,请关闭后重试",
        )
    if "readonly" in text or "unable to open" in text or "permission" in text:
        return StoreUnreadable(
            path,
            "the station data file cannot be opened for writing; check its permissions",
            "无法打开服务站数据文件进行写入,请检查文件权限",
        )
    if isinstance(exc, pw.DatabaseError | sqlite3.DatabaseError):
        return damaged(path, str(exc))
    return StoreError(path, f"the station data file cannot be used: {exc}",
                      f"无法使用服务站数据文件:{exc}")
