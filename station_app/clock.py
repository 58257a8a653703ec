"""The station's clock against the server's: offset from a round trip, and when to warn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Now = Callable[[], datetime]

CLOCK_WARNING_MS = 2 * 60 * 1000
"""Warn the user when the PC clock is off by more than this."""

MAX_SAMPLE_RTT = timedelta(seconds=2)
"""A round trip longer than this (a long-poll that waited) says little about the offset."""


def system_now() -> datetime:
    return datetime.now(UTC)


def parse_server_time(value: str | None) -> datetime | None:
    """The X-Server-Time header as an aware UTC datetime, or None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC)


def offset_ms(sent_at: datetime, received_at: datetime, server_time: datetime) -> int | None:
    """Server clock minus station clock, taking the server's stamp as made at mid-trip.

    None when the round trip is too long to tell (the error is up to half the round trip).
    """
    rtt = received_at - sent_at
    if rtt < timedelta(0) or rtt > MAX_SAMPLE_RTT:
        return None
    midpoint = sent_at + rtt / 2
    return round((server_time - midpoint).total_seconds() * 1000)


def clock_warning(offset: int | None) -> bool:
    return offset is not None and abs(offset) > CLOCK_WARNING_MS
