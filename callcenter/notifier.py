"""Waking long-polling stations: in-process at once, across processes by PostgreSQL
LISTEN/NOTIFY, and by a short fallback poll of the feed counters (which also covers two
processes on one SQLite file). Nothing here is needed for correctness: the database is the
truth, this only shortens the wait."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import select
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from anyio import to_thread

from callcenter import db as database
from callcenter import feed
from callcenter.models import Token

log = logging.getLogger(__name__)
REVOCATION_POLL = 0.4  # s; a revoked token's open long-polls end within about this


class Revoked(Exception):
    """The token a long-poll waits with was revoked meanwhile."""


class Notifier:
    def __init__(self, fallback_poll: float = 2.0, listen_dsn: dict[str, Any] | None = None,
                 ) -> None:
        self.fallback_poll = fallback_poll
        self._listen_dsn = listen_dsn
        self._events: dict[str, asyncio.Event] = {}
        self._cursors: dict[str, Counter[int]] = {}
        self._tokens: dict[str, asyncio.Event] = {}  # token id -> set once it is revoked
        self._token_waits: Counter[str] = Counter()
        self._watcher: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False
        self._poller: asyncio.Task[None] | None = None
        self._listener: threading.Thread | None = None
        self._stop_listener = threading.Event()
        self._listening = threading.Event()

    # -- life ----------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._closing = False
        self._poller = asyncio.create_task(self._poll_forever(), name="feed-fallback-poll")
        self._watcher = asyncio.create_task(self._watch_revocations(), name="token-watch")
        if self._listen_dsn is not None:
            self._stop_listener.clear()
            self._listener = threading.Thread(target=self._listen, name="feed-listen",
                                              daemon=True)
            self._listener.start()
            # Serve only once LISTEN is in place, so no notification of a change is missed.
            await to_thread.run_sync(self._listening.wait, 10.0)

    def close_waiters(self) -> None:
        """Answer every waiting long-poll now (the server is going down). Loop thread only."""
        self._closing = True
        for station in list(self._events):
            self._wake_now([station])

    def close_waiters_threadsafe(self) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self.close_waiters)

    async def stop(self) -> None:
        self.close_waiters()
        for task in (self._poller, self._watcher):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self._poller = self._watcher = None
        if self._listener is not None:
            self._stop_listener.set()
            await to_thread.run_sync(self._listener.join)
            self._listener = None

    @property
    def closing(self) -> bool:
        return self._closing

    # -- waking --------------------------------------------------------------------------

    def event_for(self, station: str) -> asyncio.Event:
        """The event the next change of ``station`` sets; take it *before* reading the feed."""
        ev = self._events.get(station)
        if ev is None:
            ev = self._events[station] = asyncio.Event()
        if self._closing:
            ev.set()
        return ev

    def _wake_now(self, stations: Iterable[str]) -> None:
        for s in stations:
            ev = self._events.pop(s, None)
            if ev is not None:
                ev.set()

    def wake(self, stations: Iterable[str]) -> None:
        """Wake waiters of ``stations``; callable from any thread."""
        loop = self._loop
        codes = list(stations)
        if loop is None or loop.is_closed() or not codes:
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake_now(codes)
        else:
            with contextlib.suppress(RuntimeError):  # loop closed meanwhile
                loop.call_soon_threadsafe(self._wake_now, codes)

    def waiting(self, station: str) -> int:
        """How many long-polls of ``station`` are waiting now (for tests and metrics)."""
        cursors = self._cursors.get(station)
        return sum(list(cursors.values())) if cursors else 0

    async def wait(self, station: str, after: int, ev: asyncio.Event, timeout: float,
                   token_id: str | None = None) -> None:
        """Wait until ``ev`` is set or ``timeout`` passes; the fallback poll knows ``after``.
        With ``token_id``, raise `Revoked` as soon as that token is revoked (any process)."""
        cursors = self._cursors.setdefault(station, Counter())
        cursors[after] += 1
        try:
            await self._wait_either(ev, timeout, token_id)
        finally:
            cursors[after] -= 1
            if cursors[after] <= 0:
                del cursors[after]
            if not cursors:
                self._cursors.pop(station, None)

    async def wait_revoked(self, token_id: str, timeout: float) -> None:
        """Sleep ``timeout`` s, or raise `Revoked` as soon as ``token_id`` is revoked."""
        await self._wait_either(asyncio.Event(), timeout, token_id)

    async def _wait_either(self, ev: asyncio.Event, timeout: float,
                           token_id: str | None) -> None:
        if token_id is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(ev.wait(), timeout)
            return
        revoked = self._tokens.setdefault(token_id, asyncio.Event())
        self._token_waits[token_id] += 1
        tasks = [asyncio.ensure_future(ev.wait()), asyncio.ensure_future(revoked.wait())]
        try:
            await asyncio.wait(tasks, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in tasks:
                t.cancel()
            self._token_waits[token_id] -= 1
            if self._token_waits[token_id] <= 0:
                del self._token_waits[token_id]
                if not revoked.is_set():
                    self._tokens.pop(token_id, None)
        if revoked.is_set():
            raise Revoked(token_id)

    def revoked_threadsafe(self, token_ids: Iterable[str]) -> None:
        """End the waits of these tokens now (they were just revoked); any thread."""
        loop = self._loop
        ids = list(token_ids)
        if loop is not None and not loop.is_closed() and ids:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._end_tokens, ids)

    def _end_tokens(self, token_ids: Iterable[str]) -> None:
        for token_id in token_ids:
            ev = self._tokens.pop(token_id, None)
            if ev is not None:
                ev.set()

    async def _watch_revocations(self) -> None:
        """While tokens wait, look every `REVOCATION_POLL` s which of them were revoked (by
        the admin command, another process): one query for all of them."""
        while True:
            await asyncio.sleep(REVOCATION_POLL)
            waiting = [t for t in self._token_waits if t in self._tokens]
            if not waiting:
                continue
            try:
                gone = await to_thread.run_sync(_revoked_among, waiting)
            except Exception:  # the database is away for a moment; the next round retries
                log.warning("checking for revoked tokens failed", exc_info=True)
                continue
            self._end_tokens(gone)

    # -- across processes ----------------------------------------------------------------

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(self.fallback_poll)
            if not self._cursors:
                continue
            lowest = {s: min(c) for s, c in self._cursors.items() if c}
            try:
                seen = await to_thread.run_sync(_read_counters, list(lowest))
            except Exception:  # the database is away for a moment; the next round retries
                log.warning("fallback poll of the change feed failed", exc_info=True)
                continue
            self._wake_now(s for s, last in seen.items() if last > lowest.get(s, last))

    def _listen(self) -> None:
        import psycopg2
        import psycopg2.extensions

        assert self._listen_dsn is not None
        wake: Callable[[Iterable[str]], None] = self.wake
        while not self._stop_listener.is_set():
            conn = None
            try:
                conn = psycopg2.connect(**self._listen_dsn)
                conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
                with conn.cursor() as cur:
                    cur.execute(f"LISTEN {feed.NOTIFY_CHANNEL}")
                self._listening.set()
                while not self._stop_listener.is_set():
                    ready, _, _ = select.select([conn], [], [], 0.25)
                    if not ready:
                        continue
                    conn.poll()
                    stations = {n.payload for n in conn.notifies}
                    conn.notifies.clear()
                    if stations:
                        wake(stations)
            except Exception:
                log.warning("LISTEN connection lost; retrying", exc_info=True)
                self._stop_listener.wait(1.0)
            finally:
                if conn is not None:
                    conn.close()


def _revoked_among(token_ids: list[str]) -> list[str]:
    def run() -> list[str]:  # plain SQL: peewee built 500-value IN lists slower than SQL ran
        db = database.db
        out: list[str] = []
        for i in range(0, len(token_ids), 500):
            chunk = token_ids[i:i + 500]
            marks = ", ".join([db.obj.param] * len(chunk))
            out += [row[0] for row in db.execute_sql(
                f"SELECT id FROM {Token._meta.table_name} WHERE id IN ({marks}) "
                "AND revoked_at IS NOT NULL", chunk).fetchall()]
        return out

    return database.read(run)


def _read_counters(stations: list[str]) -> dict[str, int]:
    return database.read(lambda: feed.counters(stations))
