"""Small scripted flows the call center tests share: a station working an order to the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.support.callcenter_server import new_event

COMPLETED = {"work_done": "更换起动机,试车正常", "technicians": ["李师傅"],
             "parts": [{"name": "起动机", "part_no": "QD-100", "quantity": "1", "price": "860"}],
             "outside_distance_km": 12.5}


def work_to_completion(station: httpx.Client, order_id: str, *,
                       start: datetime | None = None, step: timedelta = timedelta(seconds=1),
                       **event_fields: Any) -> list[dict[str, Any]]:
    """Push received → reached → departed → arrived → completed; all must be accepted."""
    at = start or datetime.now(UTC)
    now = datetime.now(UTC)
    events = []
    for i, (etype, payload) in enumerate([
        ("received", {}),
        ("contact_attempt", {"outcome": "reached", "note": "用户在家"}),
        ("departed", {"technicians": ["李师傅"]}),
        ("arrived", {}),
        ("completed", COMPLETED),
    ]):
        when = at + i * step
        fields = {"occurred_at": when.isoformat(), "recorded_at": max(when, now).isoformat()}
        if when < now - timedelta(minutes=5):
            fields["backdate_reason"] = "补录 entered afterwards"
        fields.update(event_fields)
        events.append(new_event(order_id, etype, payload, **fields))
    r = station.post("/v1/events", json={"events": events})
    r.raise_for_status()
    statuses = [x["status"] for x in r.json()["results"]]
    assert statuses == ["accepted"] * 5, r.json()
    return events
