"""A PC starting from nothing — a replaced counter PC, a second one beside it — fetches its
station's open orders and those of the recent window (the `rebuild_days` setting), each with
its whole history, from the call center (``GET /v1/rebuild``), a page at a time; then it
follows the change feed from where the call center stood at the first page. A page is applied
with where it got to in one transaction, so an interrupted rebuild goes on from there."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from station_app import changes
from station_app.store import Store
from station_app.sync_status import CURSOR

REBUILT = "rebuilt"            # true once done (or never needed: the feed went past 0)
REBUILD_AFTER = "rebuild_after"  # the next page's cursor
REBUILD_SEQ = "rebuild_seq"    # the feed position at the first page


def needed(store: Store) -> bool:
    return int(store.get_sync(CURSOR, 0)) == 0 and not store.get_sync(REBUILT, False)


def next_page(store: Store) -> str:
    return str(store.get_sync(REBUILD_AFTER, ""))


def finish(store: Store) -> None:
    """No rebuild to be had (a call center from before devices): the feed from its start."""
    store.set_sync(REBUILT, True)


def apply_page(store: Store, page: Mapping[str, Any], ctx: changes.Context
               ) -> changes.Applied:
    """Apply one page (inside the caller's transaction); ``cursor`` of the result is the feed
    position once the last page is in, else 0."""
    orders, last_seq, nxt = page.get("orders"), page.get("last_seq"), page.get("next")
    if (not isinstance(orders, list) or not isinstance(last_seq, int)
            or isinstance(last_seq, bool) or not (nxt is None or isinstance(nxt, str))):
        raise changes.MalformedPage("the rebuild page has no list of orders, last_seq or next")
    out = changes.Applied()
    for raw in orders:
        change = {**raw, "seq": 0} if isinstance(raw, dict) else raw
        changes.apply_change(change, None, ctx, out)
    if store.get_sync(REBUILD_SEQ) is None:
        store.set_sync(REBUILD_SEQ, last_seq)
    if nxt is None:
        cursor = int(store.get_sync(REBUILD_SEQ))
        store.set_sync(CURSOR, cursor)
        store.set_sync(REBUILT, True)
        out.cursor = cursor
    else:
        store.set_sync(REBUILD_AFTER, nxt)
    return out
