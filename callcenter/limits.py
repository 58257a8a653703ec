"""Limits under load: the open-file limit raised at start, a cap on waiting long-polls (per
token and in all) and turns for building rebuild pages, each answered with 503 and Retry-After
past it, and refusals logged once per interval instead of once per request."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from callcenter.errors import ApiError
from common.refusal import Code

log = logging.getLogger(__name__)
LOW_OPEN_FILES = 4096  # below this a busy call center runs out of sockets and database files
FILES_PER_POLL = 1     # a parked long-poll holds its socket
RESERVED_FILES = 512   # database files, the listening socket, logs, other requests
RETRY_AFTER_S = 5
LOG_INTERVAL_S = 60.0
REBUILD_RUNNING = 2   # rebuild pages built at once, per server process
REBUILD_WAITING = 32  # ... and waiting for a turn (a PC's first page: half as many)


def raise_open_files() -> tuple[int, str | None]:
    """Raise the soft RLIMIT_NOFILE to the hard limit (POSIX; elsewhere nothing to do).
    Returns the soft limit now in force (0 when unknown) and a warning when it is low."""
    if sys.platform == "win32":
        return 0, None
    import resource  # POSIX only

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65_536)
    if soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError) as exc:
            log.warning("could not raise the open-file limit from %d to %d: %s", soft, wanted,
                        exc)
    if soft < LOW_OPEN_FILES:
        return soft, (f"the open-file limit is {soft}: under load long-polls and database files "
                      f"will run out; raise it (systemd LimitNOFILE=65536, or ulimit -n) / "
                      f"打开文件数上限仅为{soft},负载高时连接和数据库文件将不够用,请调高"
                      f"(systemd 的 LimitNOFILE=65536 或 ulimit -n)")
    return soft, None


def open_files_soft() -> int:
    if sys.platform == "win32":
        return 0
    import resource  # POSIX only

    return int(resource.getrlimit(resource.RLIMIT_NOFILE)[0])


def default_total(soft_limit: int) -> int:
    """How many long-polls may wait at once, from the open-file limit."""
    if soft_limit <= 0:
        return 4000
    return max(64, (soft_limit - RESERVED_FILES) // FILES_PER_POLL)


class RateLimitedLog:
    """Logs a recurring condition at most once per interval, with how often it happened."""

    def __init__(self, logger: logging.Logger, interval: float = LOG_INTERVAL_S) -> None:
        self.logger, self.interval = logger, interval
        self._lock = threading.Lock()
        self._last: dict[str, float] = {}
        self._count: dict[str, int] = defaultdict(int)

    def warning(self, key: str, message: str, level: int = logging.WARNING,
                exc_info: BaseException | None = None) -> bool:
        """Count one; log (with the count since the last line, and ``exc_info``'s traceback)
        when the interval has passed. Returns whether it logged."""
        now = time.monotonic()
        with self._lock:
            self._count[key] += 1
            last = self._last.get(key)
            if last is not None and now - last < self.interval:
                return False
            count, self._count[key] = self._count[key], 0
            self._last[key] = now
        self.logger.log(level, "%s (%d time(s) since the last report)", message, count,
                        exc_info=exc_info)
        return True


class LongPolls:
    """Slots for waiting long-polls: at most ``per_token`` for one token and ``total`` in
    all. Past either the request is refused with 503 and Retry-After."""

    def __init__(self, total: int, per_token: int) -> None:
        self.total, self.per_token = total, per_token
        self._lock = threading.Lock()
        self._by_token: dict[str, int] = defaultdict(int)
        self.waiting = 0
        self.refusals = RateLimitedLog(log)

    @contextmanager
    def slot(self, token_id: str) -> Iterator[None]:
        with self._lock:
            mine = self._by_token[token_id]
            full = self.waiting >= self.total
            if full or mine >= self.per_token:
                refused = True
            else:
                refused = False
                self._by_token[token_id] = mine + 1
                self.waiting += 1
        if refused:
            why = "overall" if full else f"for token {token_id}"
            self.refusals.warning(f"long-poll:{'all' if full else 'token'}",
                                  f"refused a long-poll: the cap {why} is reached")
            raise _busy("wait")
        try:
            yield
        finally:
            with self._lock:
                self.waiting -= 1
                left = self._by_token[token_id] - 1
                if left:
                    self._by_token[token_id] = left
                else:
                    del self._by_token[token_id]


class AcceptErrorsOnce(logging.Filter):
    """asyncio logs every failed accept() (EMFILE: out of open files) with a traceback; let
    one through per interval, with the count."""

    def __init__(self, interval: float = LOG_INTERVAL_S) -> None:
        super().__init__()
        self._rate = RateLimitedLog(logging.getLogger("asyncio"), interval)
        self._passing = False

    def filter(self, record: logging.LogRecord) -> bool:
        if self._passing or "accept" not in str(record.msg):
            return True
        self._passing = True
        try:
            self._rate.warning("accept", "refused a connection: socket.accept() failed "
                               f"({record.getMessage()}); the open-file limit is likely reached",
                               record.levelno)
        finally:
            self._passing = False
        return False


def _busy(what: str) -> ApiError:
    return ApiError(503, what, "too many requests are waiting now; try again in a few seconds",
                    "当前等待中的请求过多,请几秒后重试",
                    headers={"Retry-After": str(RETRY_AFTER_S)}, code=Code.BUSY)


class RebuildPages:
    """Turns for building `GET /v1/rebuild` pages: ``running`` at once, ``waiting`` queued
    behind them, in arrival order. Past the queue the request is refused at once, before any
    work on it, with 503 and Retry-After; a PC's first page is refused once half the queue is
    taken, so PCs already rebuilding finish (and follow the feed again) before more start.

    After a database restore every PC of every station rebuilds within the same minute. Built
    all at once, ~40 pages shared the server's threads and the GIL, each took long enough for
    the PCs' 15-s timeout to give up on it while the server went on building it, and they
    asked again (docs/performance.md, benchmarks/bench_restore_burst.py)."""

    def __init__(self, running: int = REBUILD_RUNNING, waiting: int = REBUILD_WAITING) -> None:
        self.running, self.max_waiting = running, waiting
        # Made in the server's event loop, and again in a new one: an embedded server stopped
        # and started again runs a new loop, and a semaphore is bound to the loop it waited in.
        self._turns: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.waiting = 0
        self.refusals = RateLimitedLog(log)

    @asynccontextmanager
    async def turn(self, first: bool) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        if self._turns is None or self._loop is not loop:
            self._turns, self._loop, self.waiting = asyncio.Semaphore(self.running), loop, 0
        turns = self._turns
        if turns.locked() and self.waiting >= (self.max_waiting // 2 if first
                                               else self.max_waiting):
            self.refusals.warning("rebuild", "refused a rebuild page: every turn is taken")
            raise _busy("after")
        self.waiting += 1
        try:
            await turns.acquire()
        finally:
            self.waiting -= 1
        try:
            yield
        finally:
            turns.release()
