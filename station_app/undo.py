"""Taking back an entry made by mistake: a `voided` event naming it (both stay on record; the
folds on both sides leave the voided one out). Any PC of the station may take back an entry of
the station — the clerk at the manager's PC sees the front desk's slip as the front desk does —
within `undo_minutes` of when it was recorded; the void is recorded as this PC and its clerk.
Receiving, a printed form (the paper is out) and a void itself are not taken back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from station_app.domain.events import EventType
from station_app.order_detail import TimelineEntry

NOT_UNDOABLE = frozenset({EventType.RECEIVED, EventType.FORM_PRINTED, EventType.VOIDED})


def on_server_clock(recorded_at: datetime, clock_offset_ms: int | None) -> datetime:
    """When an entry was recorded, on the call center's clock (its PC's clock corrected by the
    offset that PC measured): PCs of one station compare their entries' ages on it."""
    return recorded_at + timedelta(milliseconds=clock_offset_ms or 0)


def too_late(recorded_at: datetime, clock_offset_ms: int | None, server_now: datetime,
             minutes: int) -> bool:
    return server_now - on_server_clock(recorded_at, clock_offset_ms) > timedelta(
        minutes=minutes)


def sibling_undoable(timeline: Sequence[TimelineEntry], code: str, device_id: str | None,
                     server_now: datetime, minutes: int) -> TimelineEntry | None:
    """The station's newest entry on this timeline when another PC of the station recorded it
    and it may still be taken back, else None (this PC's own are taken back from its window's
    last entry; once taken back, the newest is the void, so nothing more is offered)."""
    ours = [e for e in timeline if e.event.station_code == code]
    if not ours:
        return None
    newest = max(ours, key=lambda e: on_server_clock(e.event.recorded_at,
                                                     e.event.clock_offset_ms))
    event = newest.event
    if (event.device_id == device_id or event.type in NOT_UNDOABLE
            or too_late(event.recorded_at, event.clock_offset_ms, server_now, minutes)):
        return None
    return newest
