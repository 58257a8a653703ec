"""Keeping the station and the call center in step: push the outbox, pull the change feed.

`SyncClient` does one push or one pull, synchronously (used by `station-app sync --once` and by
the worker). `SyncWorker` runs them on two threads — a pusher woken at once by every local write,
and a long-polling puller — so a 25 s long-poll never delays a push. Failures back off with full
jitter (cap 60 s); a 401 stops both until the token changes; no event is ever dropped.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from station_app import changes, clock, order_fold, sync_status, wire
from station_app.order_detail import wire_event
from station_app.station import Station
from station_app.store import EventRow, OrderRow, db
from station_app.sync_status import Link, SyncStatus
from station_app.transport import (
    HttpTransport,
    NotConfigured,
    Reply,
    ServerFailing,
    SyncFailure,
    Transport,
    server_failing,
    token_refused,
)

log = logging.getLogger("station_app.sync")

TransportFactory = Callable[[], Transport]

# A station-made request the server refuses as such: retrying cannot help, so the event is kept
# as rejected (shown with the reason) and the ones behind it go on.
_REFUSED_REQUEST = frozenset({400, 403, 409, 413, 422})


@dataclass
class PushReport:
    sent: int = 0
    delivered: int = 0
    late: int = 0
    rejected: int = 0


def default_transport_factory(station: Station) -> TransportFactory:
    def make() -> Transport:
        url, token = station.settings.get("server_url"), station.token()
        if not url or not token or not station.code:
            raise NotConfigured(
                "sync is not set up: enter the call center address, the station code and "
                "the token",
                "尚未设置同步:请填写呼叫中心地址、服务站代码和令牌",
            )
        return HttpTransport(url, token, now=station.now)
    return make


class SyncClient:
    """One station's push and pull over one transport."""

    def __init__(self, station: Station, transport: Transport, *,
                 batch_size: int = wire.MAX_BATCH) -> None:
        self.station = station
        self.transport = transport
        self.batch_size = max(1, min(batch_size, wire.MAX_BATCH))

    # -- push -----------------------------------------------------------------------------

    def push(self, gate: Callable[[], Any] | None = None) -> PushReport:
        """Send every waiting event, oldest first, in batches; returns when none is left."""
        report = PushReport()
        while True:
            rows = _outbox_batch(self.batch_size)
            if not rows:
                return report
            progress = self._push_rows(rows, report, gate)
            if not progress:
                raise ServerFailing(
                    "the call center answered without a result for the events sent; "
                    "will try again",
                    "呼叫中心未返回已发送记录的处理结果,稍后自动重试",
                )

    def _push_rows(self, rows: list[EventRow], report: PushReport,
                   gate: Callable[[], Any] | None) -> int:
        now = self.station.now()
        ids = [r.id for r in rows]
        with _gated(gate), self.station.store.transaction():
            EventRow.update(attempts=EventRow.attempts + 1, last_attempt_at=now).where(
                EventRow.id.in_(ids)).execute()
        batch = wire.EventBatch(events=[wire_event(r) for r in rows])
        reply = self.transport.post_events(batch)
        self._saw(reply, gate)
        report.sent += len(rows)
        if reply.status == 401:
            raise token_refused()
        if reply.status in _REFUSED_REQUEST:
            if len(rows) > 1:  # find the one the server cannot take; send the rest
                return sum(self._push_rows([r], report, gate) for r in rows)
            reason = _detail(reply.body) or f"HTTP {reply.status}"
            results = [wire.EventResult(id=rows[0].id, status=wire.EventResultStatus.REJECTED,
                                        reason=f"refused by the call center: {reason}")]
        elif reply.status != 200:
            raise server_failing(reply.status, _detail(reply.body))
        else:
            try:
                results = wire.BatchResult.model_validate(reply.body).results
            except ValueError as exc:
                raise server_failing(reply.status, "unreadable reply") from exc
        return self._acknowledge(set(ids), results, report, gate)

    def _acknowledge(self, sent: set[Any], results: list[wire.EventResult],
                     report: PushReport, gate: Callable[[], Any] | None) -> int:
        now = self.station.now()
        done = 0
        rejected_orders: set[Any] = set()
        with _gated(gate), self.station.store.transaction():
            for result in results:
                if result.id not in sent:
                    continue
                EventRow.update(
                    acked_at=now, result=result.status.value, result_reason=result.reason,
                    server_seq=result.seq,
                ).where(EventRow.id == result.id).execute()
                done += 1
                match result.status:
                    case wire.EventResultStatus.REJECTED:
                        report.rejected += 1
                        row = EventRow.get(EventRow.id == result.id)
                        rejected_orders.add(row.order_id)
                        log.warning("event %s (%s) rejected by the call center: %s",
                                    result.id, row.type, result.reason)
                    case wire.EventResultStatus.LATE:
                        report.late += 1
                        report.delivered += 1
                    case _:
                        report.delivered += 1
            policy, calendar = self.station.settings.sla_policy(), self.station.settings.calendar()
            for oid in rejected_orders:  # a refused event no longer counts in the fold
                order_fold.refresh(oid, now, policy, calendar)
            changed = [r[0] for r in EventRow.select(EventRow.order).where(
                EventRow.id.in_([r.id for r in results if r.id in sent])).distinct().tuples()]
        if done:
            with _gated(gate):  # no callback after the worker stopped
                self.station._orders_changed(changed, [])
        return done

    # -- pull -----------------------------------------------------------------------------

    def pull(self, wait: float = 0, gate: Callable[[], Any] | None = None) -> changes.Applied:
        """One request to the change feed from the stored cursor, applied with the new cursor
        in one transaction."""
        cursor = int(self.station.store.get_sync(sync_status.CURSOR, 0))
        reply = self.transport.get_changes(cursor, wait)
        self._saw(reply, gate)
        if reply.status == 401:
            raise token_refused()
        if reply.status != 200 or not isinstance(reply.body, dict):
            raise server_failing(reply.status, _detail(reply.body))
        try:
            with _gated(gate):
                return self.station.apply_changes(reply.body)
        except changes.MalformedPage as exc:
            log.warning("unreadable change feed page after seq %s: %s", cursor, exc)
            raise server_failing(reply.status, "unreadable change feed") from exc

    def drain(self, gate: Callable[[], Any] | None = None) -> changes.Applied:
        """Pull without waiting until the feed has nothing more."""
        total = changes.Applied()
        while True:
            before = int(self.station.store.get_sync(sync_status.CURSOR, 0))
            applied = self.pull(0, gate)
            total.changed += [i for i in applied.changed if i not in total.changed]
            total.new += applied.new
            total.quarantined += applied.quarantined
            total.cursor = applied.cursor
            if applied.cursor <= before:
                return total

    def once(self) -> tuple[PushReport, changes.Applied]:
        """Push, then pull everything: what `station-app sync --once` does."""
        try:
            report = self.push()
            applied = self.drain()
            if applied.changed:  # a typed-in order matched: its held events may go now
                again = self.push()
                report.sent += again.sent
                report.delivered += again.delivered
                report.late += again.late
                report.rejected += again.rejected
        except SyncFailure as exc:
            note_failure(self.station, exc)
            raise
        note_success(self.station)
        return report, applied

    # -- clock ----------------------------------------------------------------------------

    def _saw(self, reply: Reply, gate: Callable[[], Any] | None) -> None:
        if reply.server_time is None:
            return
        offset = clock.offset_ms(reply.sent_at, reply.received_at, reply.server_time)
        if offset is None:
            return
        store = self.station.store
        if store.get_sync(sync_status.CLOCK_OFFSET) != offset:
            with _gated(gate), store.transaction():
                store.set_sync(sync_status.CLOCK_OFFSET, offset)
            if clock.clock_warning(offset):
                log.warning("the PC clock is off by %.1f minutes from the call center's",
                            offset / 60000)


class _Stopped(Exception):
    """The worker was stopped while this thread was away on the network."""


class _gated:
    """Run a store write only while the worker has not been stopped."""

    def __init__(self, gate: Callable[[], Any] | None) -> None:
        self._gate = gate
        self._held: Any = None

    def __enter__(self) -> None:
        if self._gate is not None:
            self._held = self._gate()
            self._held.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self._held is not None:
            self._held.__exit__(*exc)


def _as_failure(exc: Exception) -> SyncFailure:
    """A sync failure as is; anything else (a locked database, a bug) logged in full and
    retried with backoff like a server failure, so the worker never dies of it."""
    if isinstance(exc, SyncFailure):
        return exc
    log.error("sync: unexpected error, will retry", exc_info=exc)
    return ServerFailing(
        f"sync hit an unexpected error ({type(exc).__name__}: {exc}); will try again",
        f"同步遇到意外错误({type(exc).__name__}),稍后自动重试",
    )


def _outbox_batch(limit: int) -> list[EventRow]:
    return list(
        EventRow.select().join(OrderRow)
        .where((EventRow.origin == order_fold.ORIGIN_LOCAL) & EventRow.acked_at.is_null()
               & ~OrderRow.entered_locally)
        .order_by(EventRow.seq).limit(limit)
    )


def _detail(body: Any) -> str:
    if isinstance(body, dict):
        detail = body.get("detail", "")
        return detail if isinstance(detail, str) else str(detail)[:300]
    return ""


def note_success(station: Station) -> None:
    with station.store.transaction():
        station.store.set_sync(sync_status.LINK, Link.ONLINE.value)
        station.store.set_sync(sync_status.LAST_SUCCESS, station.now().isoformat())
        station.store.set_sync(sync_status.LAST_ERROR, {})


def note_failure(station: Station, exc: SyncFailure) -> None:
    with station.store.transaction():
        station.store.set_sync(sync_status.LINK, exc.link.value)
        station.store.set_sync(sync_status.LAST_ERROR, {"en": exc.en, "zh": exc.zh})


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

    def start(self) -> None:
        self.station.callbacks.local_write.append(self.trigger)
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
        if self.trigger in self.station.callbacks.local_write:
            self.station.callbacks.local_write.remove(self.trigger)
        for t in self._threads:
            t.join(timeout)

    def trigger(self) -> None:
        """Something to send, or the network is back: try now instead of after the backoff."""
        self._push_wake.set()
        self._pull_wake.set()

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads) and not self._stop.is_set()

    # -- threads --------------------------------------------------------------------------

    def _gate(self) -> Any:
        return _Gate(self)

    def _run(self, loop: Callable[[_Slot], None]) -> None:
        slot = _Slot()
        try:
            loop(slot)
        except _Stopped:
            pass
        finally:
            slot.drop()
            if not db.is_closed():
                db.close()  # this thread's connection only

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
                self._wait(self._push_wake, self._delay(failures, failure))

    def _pull_loop(self, slot: _Slot) -> None:
        self._wait(self._first_push, None)  # push before pull
        failures = 0
        while not self._stop.is_set():
            self._pull_wake.clear()
            try:
                wait = self.long_poll if failures == 0 else 0
                slot.get(self._client, self.station.token()).pull(wait, self._gate)
                failures = 0
                was_online = self._last_link is Link.ONLINE
                self._ok()
                if not was_online:
                    self._push_wake.set()  # the link is back: a pusher in backoff may go now
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
        log.info("sync: %s", exc.en)
        with self._gate_lock:
            if self._stop.is_set():
                raise _Stopped
            with self._state_lock:
                try:
                    note_failure(self.station, exc)
                    self._report(exc.link)
                except Exception:  # noqa: BLE001 - the status is secondary to staying alive
                    log.exception("sync: could not record the failure")

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
