"""This PC's own events coming back down the change feed (the echo), and the ones that never do.

The call center sends every event of a station's orders to all the station's PCs, the one that
recorded it too (which skips it by its id). So an event it acknowledged, whose echo has not come
while the feed was read to its end by a request sent after the acknowledgement, is one the call
center no longer holds: its database was restored from a backup taken in between, before this
PC read any change the backup lacks (then the feed says it was rewound: `station_app.rebuild`).
Such an event goes back in the outbox, once: the call center keeps each event once by its id,
so sending again is answered `duplicate` if it had it after all (its order went to another
station, whose feed carries it), and a call center that never echoes (from before devices) is
never asked: nothing is judged lost until one echo came, or a rebuild (which such a call center
has not either) was answered.

`EventRow.echo`: ``awaited`` once acknowledged (`hot_queries.acknowledge`), ``seen`` once back
(`seen_back`), ``resent`` once put back (`put_back_unechoed`), which nothing awaits again; none
for the call center's events, rejected ones, and events from before schema 4.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import cache
from typing import Any
from uuid import UUID

from station_app.store import EventRow, SyncState
from station_app.store_context import db

log = logging.getLogger("station_app.sync")

AWAITED = "awaited"
SEEN = "seen"
RESENT = "resent"
ECHOES = "call_center_echoes"  # sync key: this call center sends a PC's own events back


@cache
def _seen_statements() -> tuple[str, str]:
    f, sync = EventRow._meta.fields, SyncState._meta.fields
    return (f'UPDATE "{EventRow._meta.table_name}" SET "{f["echo"].column_name}" = ? '
            f'WHERE "{f["id"].column_name}" = ?',
            f'INSERT OR IGNORE INTO "{SyncState._meta.table_name}" '
            f'("{sync["key"].column_name}", "{sync["value"].column_name}") VALUES (?, ?)')


def seen_back(event_id: UUID, echo: str | None) -> None:
    """This PC's event came back from the call center (``echo`` as stored)."""
    if echo != SEEN:  # (plain SQL: every own event comes back once, a page of them at a time)
        mark_seen, note_echoes = _seen_statements()
        db.execute_sql(mark_seen, (SEEN, EventRow.id.db_value(event_id)))
        db.execute_sql(note_echoes, (ECHOES, SyncState.value.db_value(True)))


@cache
def _awaited_select() -> str:
    f = EventRow._meta.fields
    return (f'SELECT "{f["id"].column_name}", "{f["order"].column_name}" '
            f'FROM "{EventRow._meta.table_name}" WHERE "{f["echo"].column_name}" = ? '
            f'AND "{f["acked_at"].column_name}" < ?')  # (the partial index events_awaiting_echo)


def put_back_unechoed(asked_at: datetime) -> list[tuple[UUID, UUID]]:
    """After a page that found the feed at its end, asked for at ``asked_at``: put back in
    the outbox the events acknowledged before then and never sent back, once each (the
    caller holds the transaction and re-folds their orders). Their (event id, order id)."""
    if not SyncState.get_or_none(SyncState.key == ECHOES):
        return []  # this call center has never sent an own event back: none is awaited
    rows: list[tuple[Any, Any]] = db.execute_sql(
        _awaited_select(), (AWAITED, EventRow.acked_at.db_value(asked_at))).fetchall()
    lost = [(UUID(eid), UUID(oid)) for eid, oid in rows]
    back_in_outbox([eid for eid, _ in lost], RESENT)
    if lost:
        log.warning("%d event(s) of this PC the call center acknowledged and never sent back "
                    "(its database restored from a backup?): sent again", len(lost))
    return lost


def back_in_outbox(event_ids: list[UUID], echo: str | None) -> None:
    """These acknowledged events of this PC are to be sent again, as never answered, their
    echo then ``echo`` (`RESENT`: never awaited again; None: awaited once acknowledged)."""
    for start in range(0, len(event_ids), 500):
        (EventRow.update(acked_at=None, result=None, result_reason="", server_seq=None,
                         echo=echo)
         .where(EventRow.id.in_(event_ids[start:start + 500])).execute())
