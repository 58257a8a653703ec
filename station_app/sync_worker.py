"""The sync worker: two threads that keep one station in step with the call center.

A pusher woken at once by every local write, and a long-polling puller — so a 25 s long-poll
never delays a push. Failures back off with full jitter (cap 60 s); a 401 stops both until the
token changes; no event is ever dropped. Each thread uses its own `SyncClient`.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

from common.errors import UserError
from station_app.station import Station
from station_app.sync import (
    SyncClient,
    TransportFactory,
    default_transport_factory,
    log,
    note_failure,
    note_success,
)
from station_app.sync_status import Link, SyncStatus
from station_app.transport import ServerFailing, SyncFailure, token_refused


class _Stopped(Exception):
    """The worker was stopped while this thread was away on the network."""


def _as_failure(exc: Exception) -> SyncFailure:
    """A sync failure as is; anything else (a locked database, a bug) logged in full and
    retried with backoff like a server failure, so the worker never dies of it."""
    if isinstance(exc, SyncFailure):
        return exc
    if isinstance(exc, UserError):  # the disk is full, the file damaged: said as it is
        log.warning("sync: %s", exc.en)
        return ServerFailing(exc.en, exc.zh)
    log.error("sync: unexpected error, will retry", exc_info=exc)
    return ServerFailing(
        f"sync hit an unexpected error ({type(exc).__name__}: {exc}); will try again",
        f"同步遇到意外错误({type(exc).__name__}),稍后自动重试",
    )


class SyncWorker:
    """Two threads that keep one station in step; report through the station's callbacks."""

    def __init__(
        self,
        station: Station,
        transport_factory: TransportFactory | None = None,
        *,
        long_poll: float = 25.0,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        idle_retry: float = 60.0,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.station = station
        self._factory = transport_factory or default_transport_factory(station)
        self.long_poll = long_poll
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.idle_retry = idle_retry
        self._rng = rng
        self._stop = threading.Event()
        self._push_wake = threading.Event()
        self._pull_wake = threading.Event()
        self._first_push = threading.Event()
        self._gate_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._refused_token: str | None = None
        self._threads: list[threading.Thread] = []
        self._last_link: Link | None = None
        self._push_backing_off = False

    def start(self) -> None:
        self.station.callbacks.local_write.append(self._wrote)
        self.station.callbacks.settings_changed.append(self.trigger)
        for name, loop in (("sync-push", self._push_loop), ("sync-pull", self._pull_loop)):
            t = threading.Thread(target=self._run, args=(loop,), name=name, daemon=True)
            self._threads.append(t)
            t.start()

    def stop(self, timeout: float = 0.5) -> None:
        """Stop both threads. Returns within ``timeout``: a thread still waiting on the network
        (a parked long-poll) is left to finish on its own; the gate it must pass for every store
        write is closed, so it never touches the store again."""
        with self._gate_lock:
            self._stop.set()
        for event in (self._push_wake, self._pull_wake, self._first_push):
            event.set()
        if self._wrote in self.station.callbacks.local_write:
            self.station.callbacks.local_write.remove(self._wrote)
        if self.trigger in self.station.callbacks.settings_changed:
            self.station.callbacks.settings_changed.remove(self.trigger)
        for t in self._threads:
            t.join(timeout)

    def trigger(self) -> None:
        """Something to send, or the network is back: try now instead of after the backoff."""
        self._push_wake.set()
        self._pull_wake.set()

    def _wrote(self) -> None:
        """A local write: push it now — unless the pusher is backing off from a network
        failure, when trying again per keystroke would only count attempts; then it goes at
        the backoff's end, or as soon as the puller sees the call center again."""
        if not self._push_backing_off:
            self._push_wake.set()

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads) and not self._stop.is_set()

    # -- threads --------------------------------------------------------------------------

    def _gate(self) -> Any:
        return _Gate(self)

    def _run(self, loop: Callable[[_Slot], None]) -> None:
        slot = _Slot()
        store = self.station.store
        try:
            with store.active():  # this thread's statements go to this station's file
                loop(slot)
        except _Stopped:
            pass
        finally:
            slot.drop()
            if not store.db.is_closed():
                store.db.close()  # this thread's connection only

    def _push_loop(self, slot: _Slot) -> None:
        failures = 0
        while not self._stop.is_set():
            self._push_wake.clear()
            try:
                report = slot.get(self._client, self.station.token()).push(self._gate)
                failures = 0
                self._first_push.set()
                if report.sent:
                    self._ok()
                    self._pull_wake.set()  # the link works: a puller in backoff may go now
                self._wait(self._push_wake, self.idle_retry)
            except _Stopped:
                raise
            except Exception as exc:  # noqa: BLE001 - a worker must not die of a surprise
                failure = _as_failure(exc)
                self._first_push.set()
                self._failed(failure, slot.token)
                slot.drop()
                failures += 1
                delay = self._delay(failures, failure)
                self._push_backing_off = delay is not None
                try:
                    self._wait(self._push_wake, delay)
                finally:
                    self._push_backing_off = False

    def _pull_loop(self, slot: _Slot) -> None:
        self._wait(self._first_push, None)  # push before pull
        failures = 0
        while not self._stop.is_set():
            self._pull_wake.clear()
            try:
                wait = self.long_poll if failures == 0 else 0
                applied = slot.get(self._client, self.station.token()).pull(wait, self._gate)
                failures = 0
                was_online = self._last_link is Link.ONLINE
                self._ok()
                if not was_online or self._push_backing_off or applied.resent:
                    self._push_wake.set()  # the link is back, or events to resend
            except _Stopped:
                raise
            except Exception as exc:  # noqa: BLE001 - a worker must not die of a surprise
                failure = _as_failure(exc)
                self._failed(failure, slot.token)
                slot.drop()
                failures += 1
                self._wait(self._pull_wake, self._delay(failures, failure))

    def _client(self) -> SyncClient:
        token = self.station.token()
        if self._refused_token is not None and token == self._refused_token:
            raise token_refused()
        return SyncClient(self.station, self._factory())

    def _failed(self, exc: SyncFailure, token: str | None) -> None:
        if self._stop.is_set():
            raise _Stopped
        if exc.link is Link.TOKEN_REFUSED and token is not None:
            self._refused_token = token  # the one refused, not one set since
        log.warning("sync failed (%s): %s", exc.link.value, exc.en)
        with self._gate_lock:
            if self._stop.is_set():
                raise _Stopped
            with self._state_lock:
                try:
                    note_failure(self.station, exc)
                except UserError as store_failed:  # a full disk: the status still says so
                    log.warning("sync: could not record the failure: %s", store_failed.en)
                except Exception:  # noqa: BLE001 - the status is secondary to staying alive
                    log.exception("sync: could not record the failure")
                try:
                    self._report(exc.link)
                except Exception:  # noqa: BLE001
                    log.exception("sync: could not report the failure")

    def _ok(self) -> None:
        self._refused_token = None
        with self._gate_lock:
            if self._stop.is_set():
                raise _Stopped
            with self._state_lock:
                try:
                    note_success(self.station)
                    self._report(Link.ONLINE)
                except Exception:  # noqa: BLE001 - the status is secondary to staying alive
                    log.exception("sync: could not record the success")

    def _report(self, link: Link) -> SyncStatus:
        self._last_link = link
        return self.station.report_sync()

    def _delay(self, failures: int, exc: SyncFailure) -> float | None:
        if not exc.retry:
            return None  # wait for a trigger (a new token, new settings)
        if exc.retry_after is not None:  # the call center said when: spread over [1, 2)× it
            return max(exc.retry_after, self.backoff_base) * (1 + self._rng())
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** min(failures - 1, 30))
        return self._rng() * ceiling

    def _wait(self, event: threading.Event, timeout: float | None) -> None:
        if self._stop.is_set():
            raise _Stopped
        event.wait(timeout)  # stop() sets every event this waits on
        if self._stop.is_set():
            raise _Stopped


class _Slot:
    """A worker thread's client, made on first use and dropped after a failure."""

    def __init__(self) -> None:
        self.client: SyncClient | None = None
        self.token: str | None = None

    def get(self, make: Callable[[], SyncClient], token: str | None) -> SyncClient:
        if self.client is not None and token != self.token:
            self.drop()  # a new token: a new client
        if self.client is None:
            self.client = make()
            self.token = token
        return self.client

    def drop(self) -> None:
        if self.client is not None:
            self.client.transport.close()
            self.client = None
        self.token = None


class _Gate:
    """Held around every store write of a worker thread; refuses once the worker stopped."""

    def __init__(self, worker: SyncWorker) -> None:
        self._worker = worker

    def __enter__(self) -> None:
        self._worker._gate_lock.acquire()
        if self._worker._stop.is_set():
            self._worker._gate_lock.release()
            raise _Stopped

    def __exit__(self, *exc: object) -> None:
        self._worker._gate_lock.release()
