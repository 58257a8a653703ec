"""What a station's new PC receives first: each open order of the station and every order
touched within the recent window, each with its whole history in the server's order, a page
at a time (by order id), with the change-feed position to go on from."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from callcenter import feed
from callcenter.models import EventRow, OrderRow
from station_app.domain.lifecycle import Status

OPEN = tuple(s.value for s in (Status.NEW, Status.RECEIVED, Status.CONTACTED, Status.APPOINTED,
                               Status.DEPARTED, Status.ARRIVED))
DEFAULT_DAYS = 30
MAX_DAYS = 366
PAGE_ORDERS = 100


def page(station_code: str, days: int, after: str, now: datetime,
         limit: int = PAGE_ORDERS) -> str:
    """One page as JSON text (inside the caller's read transaction): ``orders`` as `order`
    changes without seq, ``next`` (the cursor of the next page, or None), ``last_seq`` (the
    station's feed position now; a PC starts its feed there after the first page — a change
    newer than that and already in a page is applied twice, which changes nothing), its
    identity ``last_mark`` (`feed.mark_at`) and ``server_time``. The events go out as stored
    (their normalised JSON), not parsed and written again."""
    last_seq = feed.counters([station_code]).get(station_code, 0)
    last_mark = feed.mark_at(station_code, last_seq)
    since = now - timedelta(days=days)
    rows = list(OrderRow.select(OrderRow.id, OrderRow.data)
                .where((OrderRow.station_code == station_code) & (OrderRow.id > after)
                       & (OrderRow.status.in_(OPEN) | (OrderRow.updated_at >= since)
                          | (OrderRow.issued_at >= since)))
                .order_by(OrderRow.id).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    contents: dict[str, list[str]] = {r.id: [] for r in rows}
    positions: dict[str, list[int]] = {r.id: [] for r in rows}
    if rows:
        query = (EventRow.select(EventRow.order, EventRow.pos, EventRow.content)
                 .where(EventRow.order.in_(list(contents)))
                 .order_by(EventRow.order, EventRow.pos))  # on the order index, not a scan
        for order_id, pos, content in query.tuples():
            contents[order_id].append(content)
            positions[order_id].append(pos)
    dump = json.dumps
    orders = ",".join(
        f'{{"kind":"order","order_id":{dump(r.id)},'
        f'"order":{dump(r.data, ensure_ascii=False, separators=(",", ":"))},'
        f'"events":[{",".join(contents[r.id])}],"positions":{dump(positions[r.id])}}}'
        for r in rows)
    nxt = dump(rows[-1].id if more else None)
    moment = dump(now.astimezone(UTC).isoformat())
    return (f'{{"orders":[{orders}],"next":{nxt},"last_seq":{last_seq},'
            f'"last_mark":{dump(last_mark)},"server_time":{moment}}}')
