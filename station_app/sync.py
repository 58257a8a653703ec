"""Keeping the station and the call center in step: push the outbox, pull the change feed.

`SyncClient` does one push or one pull, synchronously (used by `station-app sync --once` and by
`station_app.sync_worker.SyncWorker`, which runs them on two threads). No event is ever dropped.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from common.refusal import STATUS_CODES, Code, Refusal
from station_app import changes, clock, hot_queries, order_fold, rebuild, sync_status, wire
from station_app.station import Station
from station_app.store_context import runs_in_store
from station_app.sync_status import Link
from station_app.transport import (
    HttpTransport,
    NotConfigured,
    Reply,
    ServerFailing,
    SyncFailure,
    Transport,
    not_the_call_center,
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


@runs_in_store(lambda client: client.station.store)
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

    def _push_rows(self, rows: list[Outgoing], report: PushReport,
                   gate: Callable[[], Any] | None) -> int:
        now = self.station.now()
        with _gated(gate), self.station.store.transaction():
            hot_queries.count_attempts([r.seq for r in rows], now)
        try:
            return self._send_rows(rows, report, gate)
        except SyncFailure as exc:  # this try failed for these events: each keeps why
            with _gated(gate), self.station.store.transaction():
                hot_queries.note_try_failed([r.seq for r in rows], exc.en, exc.zh)
            raise

    def _send_rows(self, rows: list[Outgoing], report: PushReport,
                   gate: Callable[[], Any] | None) -> int:
        reply = self.transport.post_events([r.as_json for r in rows])
        # Only the call center's own reply decides an event's fate: a proxy's 403 page is
        # no rejection, a truncated 200 no acknowledgement.
        results: list[wire.EventResult] = []
        if not reply.is_call_centers():
            raise not_the_call_center(reply.status)
        if reply.status == 200:
            try:
                results = wire.BatchResult.model_validate(reply.body).results
            except ValueError as exc:
                raise not_the_call_center(reply.status) from exc
        self._saw(reply, gate)
        report.sent += len(rows)
        if reply.status == 401:
            raise token_refused()
        if reply.status in _REFUSED_REQUEST:
            if len(rows) > 1:  # find the one the server cannot take; send the rest
                return sum(self._push_rows([r], report, gate) for r in rows)
            results = [wire.EventResult(id=rows[0].id, status=wire.EventResultStatus.REJECTED,
                                        why=_refusal(reply))]
        elif reply.status != 200:
            raise server_failing(reply.status, *_detail(reply.body), reply.retry_after)
        return self._acknowledge({r.id: r for r in rows}, results, report, gate)

    def _acknowledge(self, sent: dict[UUID, Outgoing], results: list[wire.EventResult],
                     report: PushReport, gate: Callable[[], Any] | None) -> int:
        now = self.station.now()
        done = 0
        rejected_orders: set[UUID] = set()
        mine = [r for r in results if r.id in sent]
        with _gated(gate), self.station.store.transaction():
            hot_queries.acknowledge([_stored(r) for r in mine], now)
            for result in mine:
                done += 1
                match result.status:
                    case wire.EventResultStatus.REJECTED:
                        report.rejected += 1
                        event = sent[result.id]
                        rejected_orders.add(event.order_id)
                        log.warning("event %s (%s) rejected by the call center: %s",
                                    result.id, event.type,
                                    result.why.message_en if result.why else result.reason)
                    case wire.EventResultStatus.LATE:
                        report.late += 1
                        report.delivered += 1
                    case _:
                        report.delivered += 1
            policy, calendar = self.station.settings.sla_policy(), self.station.settings.calendar()
            for oid in rejected_orders:  # a refused event no longer counts in the fold
                order_fold.refresh(oid, now, policy, calendar)
        changed = list(dict.fromkeys(sent[r.id].order_id for r in mine))
        if done:
            with _gated(gate):  # no callback after the worker stopped
                self.station.publish_changes(changed)
        return done

    # -- pull -----------------------------------------------------------------------------

    def pull(self, wait: float = 0, gate: Callable[[], Any] | None = None) -> changes.Applied:
        """One request to the change feed from the stored cursor, applied with the new cursor
        in one transaction; a PC starting from nothing first rebuilds the station's recent
        history (`station_app.rebuild`)."""
        if rebuild.needed(self.station.store):
            return self._rebuild(gate)
        store = self.station.store
        cursor = int(store.get_sync(sync_status.CURSOR, 0))
        asked_at = self.station.now()
        reply = self.transport.get_changes(cursor, wait,
                                           str(store.get_sync(sync_status.CURSOR_MARK, "")))
        if not reply.is_call_centers() or (reply.status == 200 and not _is_page(reply.body)):
            raise not_the_call_center(reply.status)
        self._saw(reply, gate)
        if reply.status == 401:
            raise token_refused()
        if reply.status == 409 and _code(reply) == Code.FEED_REWOUND:
            log.warning("the call center's change feed does not hold change %s this PC "
                        "received (its database was restored from a backup): fetching the "
                        "station's orders again", cursor)
            with _gated(gate), store.transaction():
                rebuild.restart(store)
            return self._rebuild(gate)
        if reply.status != 200:
            raise server_failing(reply.status, *_detail(reply.body), reply.retry_after)
        try:
            with _gated(gate):
                return self.station.apply_changes(reply.body, asked_at)
        except changes.MalformedPage as exc:
            log.warning("unreadable change feed page after seq %s: %s", cursor, exc)
            raise server_failing(reply.status, "unreadable change feed") from exc

    def _rebuild(self, gate: Callable[[], Any] | None) -> changes.Applied:
        store, total = self.station.store, changes.Applied()
        seen: set[UUID] = set()
        days = int(self.station.settings.get("rebuild_days"))
        while rebuild.needed(store):
            reply = self.transport.get_rebuild(rebuild.next_page(store), days)
            if not reply.is_call_centers():
                raise not_the_call_center(reply.status)
            self._saw(reply, gate)
            if reply.status == 401:
                raise token_refused()
            if reply.status == 404:  # a call center from before devices: its feed has it all
                with _gated(gate), store.transaction():
                    rebuild.finish(store)
                break
            if reply.status != 200:
                raise server_failing(reply.status, *_detail(reply.body), reply.retry_after)
            try:
                with _gated(gate):
                    applied = self.station.apply_rebuild(reply.body)
            except changes.MalformedPage as exc:
                raise server_failing(reply.status, "unreadable rebuild page") from exc
            total.changed += [i for i in applied.changed if i not in seen]
            seen.update(applied.changed)
            total.new += applied.new
            total.quarantined += applied.quarantined
            total.resent += applied.resent
            total.cursor = applied.cursor
        if total.resent:
            log.warning("%d event(s) of this PC the call center no longer had are sent again",
                        total.resent)
        return total

    def drain(self, gate: Callable[[], Any] | None = None) -> changes.Applied:
        """Pull without waiting until the feed has nothing more."""
        total = changes.Applied()
        while True:
            before = int(self.station.store.get_sync(sync_status.CURSOR, 0))
            # A rebuild may leave the cursor where it was: the feed comes next all the same.
            rebuilding = rebuild.needed(self.station.store)
            applied = self.pull(0, gate)
            total.changed += [i for i in applied.changed if i not in total.changed]
            total.new += applied.new
            total.quarantined += applied.quarantined
            total.resent += applied.resent
            total.cursor = applied.cursor
            if applied.cursor <= before and not rebuilding:
                return total

    def once(self) -> tuple[PushReport, changes.Applied]:
        """Push, then pull everything: what `station-app sync --once` does."""
        try:
            report = self.push()
            applied = self.drain()
            if applied.changed or applied.resent:  # held or lost events may go now
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


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A station event waiting for the call center, read for sending."""

    seq: int
    id: UUID
    order_id: UUID
    type: str
    as_json: dict[str, Any]  # parses to the same `wire.Event` as `order_detail.wire_event`


def _outbox_batch(limit: int) -> list[Outgoing]:
    """The oldest waiting events, oldest first, each already in its wire form.

    They were checked against the wire models when recorded and are stored as those models
    wrote them (UTC ISO times, normalised JSON payloads), so they are sent as stored: building
    500 peewee rows and 500 pydantic events again was most of a push's own time (tests compare
    the result with `order_detail.wire_event`)."""
    out = []
    for (seq, eid, oid, etype, occurred, recorded, author, station_code, reason, offset,
         payload, phoned, device_id, device_name) in hot_queries.outbox_rows(limit):
        event_id, order_id = UUID(eid), UUID(oid)
        body = {
            "id": str(event_id), "order_id": str(order_id), "type": etype,
            "occurred_at": occurred, "recorded_at": recorded, "author": author,
            "station_code": station_code, "backdate_reason": reason,
            "clock_offset_ms": offset, "payload": json.loads(payload), "phoned_at": phoned,
        }
        if device_id is not None:  # an event from before devices is sent as it was
            body |= {"device_id": device_id, "device_name": device_name}
        out.append(Outgoing(seq, event_id, order_id, etype, body))
    return out


def _is_page(body: Any) -> bool:
    """The outline of a `wire.ChangesPage` (its changes are read one by one, and an unreadable
    one is quarantined: `changes.apply_page`)."""
    return (isinstance(body, dict) and isinstance(body.get("changes"), list)
            and isinstance(body.get("last_seq"), int))


def _stored(result: wire.EventResult) -> tuple[UUID, str, str, int | None]:
    """What the station keeps of a result: a duplicate's is its first copy's verdict."""
    status, why = result.status, result.why
    if result.original is not None:
        status, why = result.original.status, result.original.why
    if why is None and result.reason:  # a v1 server's one line, kept whole
        why = Refusal.of(Code.CONFLICT if status is wire.EventResultStatus.REJECTED
                         else Code.LATE, result.reason, result.reason)
    return result.id, status.value, why.model_dump_json() if why else "", result.seq


def _code(reply: Reply) -> str | None:
    why = wire.error_refusal(reply.body)
    return why.code if why else None


def _refusal(reply: Reply) -> Refusal:
    """Why the call center refused a request carrying one event alone."""
    why = wire.error_refusal(reply.body)
    code = STATUS_CODES.get(reply.status, Code.BAD_REQUEST)
    return why or Refusal.of(code, f"refused by the call center (HTTP {reply.status})",
                             f"呼叫中心拒收(HTTP {reply.status})")


def _detail(body: Any) -> tuple[str, str]:
    """The reason of a call center's error body in English and Chinese (a v1 body has only
    ``detail``, in English)."""
    why = wire.error_refusal(body)
    if why is not None:
        return why.message_en[:300], why.message_zh[:300]
    detail = body.get("detail", "") if isinstance(body, dict) else ""
    return (detail if isinstance(detail, str) else str(detail))[:300], ""


def note_success(station: Station) -> None:
    with station.store.transaction():
        station.store.set_sync(sync_status.LINK, Link.ONLINE.value)
        station.store.set_sync(sync_status.LAST_SUCCESS, station.now().isoformat())
        station.store.set_sync(sync_status.LAST_ERROR, {})


def note_failure(station: Station, exc: SyncFailure) -> None:
    with station.store.transaction():
        station.store.set_sync(sync_status.LINK, exc.link.value)
        station.store.set_sync(sync_status.LAST_ERROR, {"en": exc.en, "zh": exc.zh})
