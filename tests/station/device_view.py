"""What two PCs of one station must agree on about an order — status, deadlines, the call
center's notice banner, the timeline with who recorded what on which device — as JSON, so a
child process can report it too."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from station_app.station import Station


def order_view(station: Station, order_id: UUID) -> dict[str, Any]:
    d = station.order(order_id)
    return {
        "status": d.state.status.value if d.state.status else None,
        "late": sorted(str(i) for i in d.state.late_event_ids),
        "notice": [d.notice.value if d.notice else None, d.notice_reason],
        "deadlines": [[x.name.value, x.due_at.isoformat(),
                       x.done_at.isoformat() if x.done_at else None] for x in d.deadlines],
        "timeline": [{
            "id": str(e.event.id), "type": e.event.type.value, "author": e.event.author,
            "device_id": e.event.device_id, "device_name": e.event.device_name,
            "occurred_at": e.event.occurred_at.isoformat(), "payload": e.event.payload,
            "late": e.late_in_fold, "rejected": e.sync.value == "rejected",
        } for e in d.timeline],
    }


def station_view(station: Station) -> dict[str, Any]:
    return {str(oid): order_view(station, oid) for oid in station.order_ids()}
