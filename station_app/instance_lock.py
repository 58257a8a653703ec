"""One application per station file: a lock held as long as the process has the file open.

The lock is SQLite's own: a small side database (``station.sqlite3.lock``) held in an
exclusive transaction. SQLite takes it with ``fcntl`` locks on POSIX and ``LockFileEx`` on
Windows, from C, so this module imports nothing POSIX-only, needs no extra package, and the
operating system drops the lock when the process dies (kill -9, a crash, a power cut) — no
stale lock file to clean up by hand.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class InstanceLocked(Exception):
    """Another process holds the lock."""


class InstanceLock:
    def __init__(self, lock_path: Path) -> None:
        self.path = lock_path
        con = sqlite3.connect(lock_path, timeout=0, isolation_level=None,
                              check_same_thread=False)
        try:
            con.execute("PRAGMA locking_mode = EXCLUSIVE")
            con.execute("PRAGMA journal_mode = DELETE")
            con.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            con.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise InstanceLocked(str(lock_path)) from exc
            raise
        self._con: sqlite3.Connection | None = con

    def release(self) -> None:
        if self._con is not None:
            self._con.close()  # the transaction ends with the connection: the lock is gone
            self._con = None
