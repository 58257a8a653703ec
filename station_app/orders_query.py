"""Lists of orders for the station window: filters and search on indexed columns, ids first,
then one page of summaries at a time (a model over 100,000 orders loads only what it shows)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, overload
from uuid import UUID

import peewee as pw

from station_app import hot_queries, wire
from station_app.domain import sla
from station_app.domain.calendar import BusinessCalendar
from station_app.order_fold import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ORIGIN_LOCAL,
    fold,
    order_deadlines,
    station_deadline,
)
from station_app.store import EventRow, OrderRow
from station_app.store_context import db


class OrderFilter(StrEnum):
    OPEN = "open"                  # new … arrived: the station still has work to do
    DUE_SOON = "due_soon"          # open, next deadline within `due_soon_minutes`
    OVERDUE = "overdue"            # open, next deadline passed
    WAITING_SYNC = "waiting_sync"  # has station events the call center has not acknowledged
    CLOSED = "closed"              # done: completed, declined, cancelled or closed
    ALL = "all"

    @property
    def zh(self) -> str:
        return {"open": "未完成", "due_soon": "即将到期", "overdue": "已超时",
                "waiting_sync": "待同步", "closed": "已结束", "all": "全部"}[self.value]


@dataclass(frozen=True)
class OrderSummary:
    """One line of the order list."""

    id: UUID
    kind: str
    complaint_level: str | None
    business_no: str
    customer_name: str
    customer_phone: str
    location: str
    issued_at: datetime
    status: str
    next_due_at: datetime | None
    next_deadline: str | None       # sla.DeadlineName value
    next_deadline_state: str | None  # sla.SlaState value
    unread: bool
    notice: str | None
    notice_reason: str
    entered_locally: bool
    events_waiting: int
    events_rejected: int


def _waiting_orders() -> pw.SelectQuery:
    return (EventRow.select(EventRow.order)
            .where((EventRow.origin == ORIGIN_LOCAL) & EventRow.acked_at.is_null()))


FTS_MIN_CHARS = 3  # the trigram index finds substrings of 3 or more characters
PROBE_ROWS = 4000  # rows of a filter checked with LIKE before choosing the search index
FTS_DENSITY = 20   # the index is used when fewer than 1 in this many probed rows match


def _words(search: str) -> list[str]:
    return search.strip().lower().split()


def _where(flt: OrderFilter, words: list[str], now: datetime, due_soon: timedelta,
           fts: bool = False) -> pw.Expression:
    cond: pw.Expression = pw.Value(1) == pw.Value(1)
    # CLOSED: `+status` keeps SQLite off the status indexes, so it walks (issued_at, id,
    # status) in list order instead of sorting most of the table; OPEN is a small part and
    # reads it from (status, issued_at, id). next_due_at is set only on open orders, so the
    # deadline filters need no status test and read a short range of their own index.
    match flt:
        case OrderFilter.OPEN:
            cond = OrderRow.status.in_(OPEN_STATUSES)
        case OrderFilter.DUE_SOON:
            cond = (OrderRow.next_due_at > now) & (OrderRow.next_due_at <= now + due_soon)
        case OrderFilter.OVERDUE:
            cond = OrderRow.next_due_at <= now
        case OrderFilter.WAITING_SYNC:
            cond = OrderRow.id.in_(_waiting_orders())
        case OrderFilter.CLOSED:
            cond = pw.NodeList((pw.SQL("+"), OrderRow.status), glue="").in_(DONE_STATUSES)
        case OrderFilter.ALL:
            pass
    long_words = [w for w in words if len(w) >= FTS_MIN_CHARS]
    if fts and long_words:
        match_text = " ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        cond &= OrderRow.id.in_(pw.SQL(
            "(SELECT s.order_id FROM order_search s WHERE s.rowid IN "
            "(SELECT rowid FROM order_search_fts WHERE order_search_fts MATCH ?))",
            (match_text,)))
    for word in words:  # also with the index: it only narrows, LIKE decides
        cond &= OrderRow.search_text.contains(word)
    return cond


def _order(flt: OrderFilter, source: Any = OrderRow) -> tuple[pw.Ordering, ...]:
    """List order. Open orders go urgent first: breached, then least time left (both are
    the nearest deadline first, so the order does not change as time passes), a rescue first
    on a tie, orders with no deadline last."""
    if flt is OrderFilter.OPEN:
        return (source.next_due_at.is_null().asc(), source.next_due_at.asc(),
                (source.kind != "rescue").asc(), source.issued_at.desc(), source.id.desc())
    if flt in (OrderFilter.DUE_SOON, OrderFilter.OVERDUE):
        return source.next_due_at.asc(), source.id.asc()
    return source.issued_at.desc(), source.id.desc()


def _joined_ids(query: pw.SelectQuery) -> str:
    """The ids of a one-column ``query``, in its order, as one string: each id as stored (32 hex
    digits), a space between them.

    SQLite builds the string in one step, without the interpreter lock. Read row by row, 100,000
    steps each gave the lock back and took it again with a list comprehension between them
    (68 ms against 39 ms, most of it holding the lock the GUI thread waits for); split into a
    list, the split and every comparison of two lists were single C calls holding the lock for
    5-8 ms each. The order is the subquery's: SQLite never flattens an ORDER BY subquery into
    an aggregate (its flattening rule 16), and the tests compare these lists with the plain
    query read row by row.
    """
    sql, params = query.sql()
    (joined,) = db.execute_sql(f"SELECT group_concat(id, ' ') FROM ({sql})", params).fetchone()
    return joined or ""


@dataclass(frozen=True)
class _Probe:
    hits: list[str]  # matching ids among the probed rows, in list order
    scanned: int

    @property
    def complete(self) -> bool:  # the probe read the whole filter: its hits are the answer
        return self.scanned < PROBE_ROWS

    @property
    def rare(self) -> bool:
        return len(self.hits) * FTS_DENSITY < self.scanned


def _probe(flt: OrderFilter, words: list[str], now: datetime, due_soon: timedelta) -> _Probe:
    """The first PROBE_ROWS rows of the filter in list order, with which of them match: a
    common word fills a screen from them; a rare one is looked up in the index."""
    inner = (OrderRow.select(OrderRow.id, OrderRow.issued_at, OrderRow.next_due_at,
                             OrderRow.kind, OrderRow.search_text)
             .where(_where(flt, [], now, due_soon)).order_by(*_order(flt))
             .limit(PROBE_ROWS).alias("p"))
    hit: pw.Expression = pw.Value(1) == pw.Value(1)
    for word in words:
        hit &= inner.c.search_text.contains(word)
    sql, params = (OrderRow.select(inner.c.id, pw.Case(None, [(hit, 1)], 0))
                   .from_(inner).order_by(*_order(flt, inner.c)).sql())
    rows = db.execute_sql(sql, params).fetchall()
    return _Probe([oid for oid, matched in rows if matched], len(rows))


def _uses_index(words: list[str]) -> bool:
    return any(len(w) >= FTS_MIN_CHARS for w in words)


HEX = 32            # a stored id: the UUID's hex digits
_STRIDE = HEX + 1   # and the space after it


class OrderIds(Sequence[UUID]):
    """Order ids in list order, kept as the one string SQLite gave (see `_joined_ids`): id ``i``
    is the 32 characters at ``33 * i``, its UUID made when it is read. No list of 100,000
    strings is made; two lists compare as two strings, and finding an id is a search of one
    string (a few ms for the last of 100,000).
    """

    def __init__(self, joined: str = "") -> None:
        if joined and (len(joined) + 1) % _STRIDE:
            raise ValueError("not a list of stored order ids")
        self._joined = joined
        self._len = (len(joined) + 1) // _STRIDE if joined else 0

    @classmethod
    def of(cls, hexes: Iterable[str]) -> OrderIds:
        return cls(" ".join(hexes))

    def hexes(self) -> list[str]:
        """The ids as stored (for tests and comparisons with plain queries)."""
        return self._joined.split(" ") if self._joined else []

    def _hex(self, i: int) -> str:
        start = i * _STRIDE
        return self._joined[start:start + HEX]

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> UUID: ...
    @overload
    def __getitem__(self, i: slice) -> list[UUID]: ...

    def __getitem__(self, i: int | slice) -> UUID | list[UUID]:
        if isinstance(i, slice):
            return [UUID(self._hex(n)) for n in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("order list index out of range")
        return UUID(self._hex(i))

    def __iter__(self) -> Iterator[UUID]:
        return (UUID(self._hex(n)) for n in range(self._len))

    def __contains__(self, value: object) -> bool:
        return isinstance(value, UUID) and value.hex in self._joined

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        # A match can only be a whole id: ids hold no spaces, and every id is 32 long.
        pos = -1
        if isinstance(value, UUID):
            end = len(self._joined) if stop is None else max(0, stop * _STRIDE - 1)
            pos = self._joined.find(value.hex, max(0, start) * _STRIDE, end)
        if pos < 0:
            raise ValueError(f"{value} is not in the list")
        return pos // _STRIDE

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OrderIds):
            return self._joined == other._joined
        if isinstance(other, list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OrderIds({len(self)} ids)"


def order_ids(flt: OrderFilter, search: str, now: datetime, due_soon: timedelta) -> OrderIds:
    """Ids in list order: by deadline for the deadline filters, else newest issued first
    (ties by id)."""
    words = _words(search)
    fts = False
    if _uses_index(words):
        probe = _probe(flt, words, now, due_soon)
        if probe.complete:
            return OrderIds.of(probe.hits)
        fts = probe.rare
    query = (OrderRow.select(OrderRow.id).where(_where(flt, words, now, due_soon, fts))
             .order_by(*_order(flt)))
    return OrderIds(_joined_ids(query))


def first_ids(flt: OrderFilter, search: str, now: datetime, due_soon: timedelta,
              limit: int) -> tuple[OrderIds, bool]:
    """The first ``limit`` ids of `order_ids` (a screenful, fast with 100,000 orders) and
    whether they are all of them."""
    words = _words(search)
    fts = False
    if _uses_index(words):
        probe = _probe(flt, words, now, due_soon)
        if probe.complete or len(probe.hits) > limit:
            return OrderIds.of(probe.hits[:limit]), len(probe.hits) <= limit
        fts = True  # fewer than a screenful among the newest rows: a rare word
    query = (OrderRow.select(OrderRow.id).where(_where(flt, words, now, due_soon, fts))
             .order_by(*_order(flt)).limit(limit + 1))
    hexes = OrderIds(_joined_ids(query)).hexes()
    return OrderIds.of(hexes[:limit]), len(hexes) <= limit


def count(flt: OrderFilter, search: str, now: datetime, due_soon: timedelta) -> int:
    words = _words(search)
    return OrderRow.select().where(_where(flt, words, now, due_soon, _uses_index(words))).count()


def summaries(ids: Iterable[UUID], now: datetime, policy: sla.SlaPolicy,
              calendar: BusinessCalendar) -> dict[UUID, OrderSummary]:
    """Summaries of a page of orders: one query for the rows, one for the events that move
    their state, one counting what waits for the call center (plain rows, no peewee models:
    a reload asks for 60-80 of them, and building models was most of its time)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = {r.id: r for r in hot_queries.order_lines(wanted)}
    events: dict[UUID, list[hot_queries.FoldRow]] = defaultdict(list)
    for e in hot_queries.fold_rows(list(rows)):
        events[e.order_id].append(e)
    counts = _outbox_counts(list(rows))
    out: dict[UUID, OrderSummary] = {}
    for oid in wanted:
        row = rows.get(oid)
        if row is None:
            continue
        state = fold(row, events[oid])
        nxt = station_deadline(order_deadlines(row, state, now, policy, calendar))
        waiting, rejected = counts.get(oid.hex, (0, 0))
        out[oid] = OrderSummary(
            **row._asdict(),
            next_deadline=nxt.name.value if nxt else None,
            next_deadline_state=nxt.state.value if nxt else None,
            events_waiting=waiting, events_rejected=rejected,
        )
    return out


def _outbox_counts(order_ids: list[UUID]) -> dict[str, tuple[int, int]]:
    """Station events waiting for the call center, and refused by it, per order (by hex id)."""
    if not order_ids:
        return {}
    local = EventRow.origin == ORIGIN_LOCAL
    query = (EventRow.select(
        EventRow.order,
        pw.fn.SUM(EventRow.acked_at.is_null()),
        pw.fn.SUM(EventRow.result == wire.EventResultStatus.REJECTED.value),
    ).where(local & EventRow.order.in_(order_ids)).group_by(EventRow.order))
    sql, params = query.sql()
    return {oid: (waiting or 0, rejected or 0)
            for oid, waiting, rejected in db.execute_sql(sql, params)}
