"""The station database's edges: a full disk and a damaged page become the user's clear errors
(never a raw ``sqlite3`` error or a traceback), a damaged file takes no more writes, and the
file's pages are checked at open — at once, or beside the window's start (`PageCheck`)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import peewee as pw

from common.errors import UserError


class StoreError(UserError):
    """The station file cannot be used; the message names the file and what to do."""

    def __init__(self, path: Path, en: str, zh: str) -> None:
        self.path = path
        super().__init__(f"{en} ({path})", f"{zh}({path})")


class StoreLocked(StoreError):
    pass


class StoreCorrupt(StoreError):
    pass


class StoreEmpty(StoreError):
    pass


class StoreFull(UserError):
    """The disk holding the station data is full; the entry that met it was not saved."""

    def __init__(self, path: Path, *, entry: bool = True) -> None:
        self.path = path
        mb = free_mb(path)
        en, zh = (("nothing of this entry was saved; free some space and try again",
                   "本次录入的内容均未保存;请清理磁盘空间后重试") if entry else
                  ("nothing new can be saved or sent until some space is freed",
                   "在清理出磁盘空间之前,无法保存新记录,也无法同步"))
        super().__init__(
            f"the disk holding the station data is full: {path.parent}, {mb} MB free; {en}",
            f"存放服务站数据的磁盘已满:{path.parent},剩余 {mb} MB;{zh}",
        )


def free_mb(path: Path) -> int:
    folder = path if path.is_dir() else path.parent
    try:
        return shutil.disk_usage(folder).free // (1024 * 1024)
    except OSError:
        return 0


ALMOST_FULL_MB = 2  # an I/O error with less than this free is the full disk


def damaged(path: Path, detail: str = "") -> StoreCorrupt:
    what = f" ({detail})" if detail else ""
    return StoreCorrupt(
        path,
        f"the station data file is damaged{what}; nothing more is written to it and it was "
        "left as it is — close Station Desk, keep a copy of the file and call support (do "
        "not delete it: events not yet sent to the call center are in it)",
        f"服务站数据文件已损坏{what};程序不再向其写入,文件保持原样——请关闭程序,"
        "复制保存该文件并联系技术支持(请勿删除:其中有尚未发送到呼叫中心的记录)",
    )


def _sqlite_error(exc: BaseException) -> sqlite3.Error | None:
    """The sqlite3 error behind ``exc`` (peewee wraps it: its first argument)."""
    for e in (exc, *getattr(exc, "args", ())[:1], exc.__cause__, exc.__context__):
        if isinstance(e, sqlite3.Error):
            return e
    return None


def classify(path: Path, exc: BaseException) -> UserError | None:
    """The user's error for a full disk or a damaged file met by ``exc``, else None."""
    err = _sqlite_error(exc)
    name = getattr(err, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StoreFull(path)
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk i/o error" in text:
        if free_mb(path) < ALMOST_FULL_MB:
            return StoreFull(path)
        return None
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "malformed" in text \
            or "not a database" in text:
        return damaged(path, str(err or exc))
    return None


class _Cursor(sqlite3.Cursor):
    """A cursor that turns a full disk or a damaged page into the store's clear error, however
    the statement was run (peewee, a hot query, a fetch); a damaged file stops the store."""

    database: StationDatabase

    def _failed(self, exc: sqlite3.Error) -> BaseException:
        return self.database.failed(exc)

    def execute(self, *args: Any) -> Self:
        try:
            return super().execute(*args)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def executemany(self, *args: Any) -> Self:
        try:
            return super().executemany(*args)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def fetchmany(self, *args: Any) -> list[Any]:
        try:
            return super().fetchmany(*args)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc


class StationDatabase(pw.SqliteDatabase):
    """peewee's SQLite database with the station's edges: a full disk and a damaged page are
    the user's errors (`StoreFull`, `StoreCorrupt`), a damaged file takes no more writes, and
    a transaction SQLite already rolled back (a full disk does that) is not rolled back twice."""

    if TYPE_CHECKING:
        _state: Any  # peewee's per-thread connection state, made in Database.__init__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.path = Path()
        self.damage: StoreCorrupt | None = None  # once met, every later write is refused
        self.problem: UserError | None = None  # the last full disk or damage, until a commit
        self.page_check: PageCheck | None = None  # a check of the pages still under way
        self.on_damage: list[Callable[[], object]] = []

    def bind_path(self, path: Path) -> None:
        self.path = path
        self.damage = None
        self.problem = None
        self.page_check = None
        self.on_damage = []

    def failed(self, exc: BaseException) -> BaseException:
        problem = exc if isinstance(exc, StoreCorrupt) else classify(self.path, exc)
        if problem is None:
            return exc
        self.problem = problem
        if isinstance(problem, StoreCorrupt) and self.damage is None:
            self.damage = problem
            for callback in list(self.on_damage):
                try:
                    callback()
                except Exception:  # noqa: BLE001, S110 - the damage is reported by the raise
                    pass
        return problem

    def cursor(self, named_cursor: Any = None) -> Any:
        if self.is_closed():
            self.connect()
        cur = self._state.conn.cursor(_Cursor)
        cur.database = self
        return cur

    def begin(self, lock_type: str | None = None) -> None:
        if self.page_check is not None:
            self.page_check.wait()  # no write before the pages are known sound
        if self.damage is not None:
            raise self.damage
        super().begin(lock_type)

    def commit(self) -> None:
        super().commit()
        self.problem = None

    def rollback(self) -> None:
        if not self.is_closed() and not self._state.conn.in_transaction:
            return  # SQLite ended it already (a full disk, a failed COMMIT)
        super().rollback()




def check_pages(path: Path, execute: Callable[[str], Any]) -> None:
    """Refuse a file with a damaged page before anything is written to it (`PRAGMA
    quick_check` reads every page: its cost at 100,000 orders is in docs/performance.md)."""
    rows = [r[0] for r in execute("PRAGMA quick_check(5)").fetchall()]
    if rows != ["ok"]:
        raise damaged(path, "; ".join(rows)[:200])


class PageCheck:
    """`check_pages` on a thread of its own connection; a damaged file found is the
    database's damage (writes refused, ``on_damage`` told)."""

    def __init__(self, path: Path, database: StationDatabase) -> None:
        self._path = path
        self._database = database
        self._done = threading.Event()
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="page-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with self._lock:
                if self._stopped:
                    return
                self._con = sqlite3.connect(self._path, check_same_thread=False)
            check_pages(self._path, self._con.execute)
        except StoreCorrupt as exc:
            self._database.failed(exc)
        except sqlite3.Error as exc:
            if not self._stopped:
                self._database.failed(exc)
        finally:
            with self._lock:
                if self._con is not None:
                    self._con.close()
                    self._con = None
            if not self._database.is_closed():
                self._database.close()  # this thread's own (the damage report read with it)
            self._done.set()

    def wait(self) -> None:
        self._done.wait()

    def stop(self) -> None:
        """Abandon the check (the store closes) and wait for its thread."""
        with self._lock:
            self._stopped = True
            if self._con is not None:
                self._con.interrupt()
        self._thread.join()
