"""Bounding the guessing of enrolment codes: failed attempts are counted per client address and
per station over a sliding window; past either limit `POST /v1/enrol` answers 429 with
Retry-After before looking at the code, so a right guess then is refused too.

A code is 8 characters of 32 (2^40 values) and lives 30 minutes by default; at 10 failures per
address and 30 per station each 15 minutes, guessing a live code is out of reach. The counts
live in the server process (with `serve --workers N`, each worker counts its own: N times the
limits, still bounded). Behind a reverse proxy the address is the proxy's unless uvicorn is
told to trust its X-Forwarded-For (docs/deploy.md)."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from callcenter.errors import ApiError

PER_ADDRESS = 10
PER_STATION = 30
WINDOW_S = 15 * 60.0
MAX_KEYS = 50_000  # past this, keys with nothing left in the window are dropped


class EnrolmentAttempts:
    def __init__(self, per_address: int = PER_ADDRESS, per_station: int = PER_STATION,
                 window_s: float = WINDOW_S, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.per_address, self.per_station, self.window_s = per_address, per_station, window_s
        self.clock = clock
        self._lock = threading.Lock()
        self._failed: dict[str, deque[float]] = {}

    def check(self, address: str, station_code: str) -> None:
        """Refuse (429) an attempt from ``address`` or for ``station_code`` past its limit."""
        now = self.clock()
        with self._lock:
            by_address = self._wait(f"a:{address}", self.per_address, now)
            by_station = self._wait(f"s:{station_code}", self.per_station, now)
        if by_address:
            raise _wait_error(by_address, "from this computer", "此电脑尝试的错误注册码过多",
                              "or ask the call center for a new code", "或向呼叫中心索取新的注册码")
        if by_station:
            raise _wait_error(by_station, f"for station {station_code}",
                              f"服务站{station_code}的错误注册码尝试过多",
                              "and tell the call center (someone may be guessing codes)",
                              "并告知呼叫中心(可能有人在猜测注册码)")

    def failed(self, address: str, station_code: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._failed) > MAX_KEYS:
                self._drop_idle(now)
            for key in (f"a:{address}", f"s:{station_code}"):
                self._failed.setdefault(key, deque()).append(now)

    def _wait(self, key: str, limit: int, now: float) -> float:
        """Seconds until ``key`` may try again (0: now)."""
        times = self._failed.get(key)
        if times is None:
            return 0.0
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failed[key]
            return 0.0
        if len(times) < limit:
            return 0.0
        return max(1.0, times[len(times) - limit] + self.window_s - now)

    def _drop_idle(self, now: float) -> None:
        for key in [k for k, t in self._failed.items() if not t or t[-1] <= now - self.window_s]:
            del self._failed[key]


def _wait_error(seconds: float, where: str, zh_what: str, then: str, zh_then: str) -> ApiError:
    minutes = math.ceil(seconds / 60)
    return ApiError(429, "code", f"too many wrong enrolment codes were tried {where}; wait "
                    f"{minutes} min and try again, {then}",
                    f"{zh_what},请等待{minutes}分钟后重试,{zh_then}",
                    headers={"Retry-After": str(math.ceil(seconds))})
