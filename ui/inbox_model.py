"""The order list as a Qt model: it holds only the ordered ids of the current filter and loads
summaries a page at a time through the task runner (Anki's browser table model), so 100,000
orders scroll and filter without a stall. The SLA column is recomputed from the cached due time
each second; no query per tick."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from station_app.orders_query import OrderFilter, OrderSummary
from ui import operations
from ui.context import AppContext
from ui.inbox_rows import COLUMNS, DISPLAY, LIVE, SLOTS, Column, RowLook, RowLooks

Index = QModelIndex | QPersistentModelIndex

PAGE = 200
FIRST_PAGE = 60  # summaries loaded with the ids: a screenful, so the list shows at once
MAX_CACHED = 20_000
MAX_REFRESH = 1000  # changed orders re-read at once; more are dropped from the cache

ORDER_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class InboxModel(QAbstractTableModel):
    """Rows are orders of one filter and search, in the core's order.

    Signals:
        loaded(int): a new list of ids is in place (its row count).
        first_rows_loaded(int): the first screenful of a new query is shown (its row count);
            the rest of the list follows in the background, then ``loaded``.
        summaries_loaded(list): summaries for these ids arrived (list of UUID).
    """

    loaded = Signal(int)
    first_rows_loaded = Signal(int)
    summaries_loaded = Signal(list)

    def __init__(self, ctx: AppContext, parent: QObject | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._now = now or (lambda: datetime.now(UTC))
        self._ids: Sequence[UUID] = []
        self._rows = 0  # len(self._ids), asked for on every index Qt makes
        self._row_ids: dict[int, UUID] = {}
        self._cache: dict[UUID, OrderSummary] = {}
        settings = ctx.station.settings
        self._row_looks = RowLooks(settings.zone(),
                                   timedelta(minutes=settings.get("due_soon_minutes")), self._now)
        self._looks: dict[int, RowLook] = {}  # by row; forgotten when rows or summaries change
        self._pending_pages: set[int] = set()
        self._in_flight = False
        self._again: set[UUID] = set()
        self._again_wanted = False
        self._generation = 0
        self._filter = OrderFilter.OPEN
        self.screen_rows = FIRST_PAGE  # rows the view shows at once (it sets this when resized)
        self.shown_rows = range(FIRST_PAGE)  # the rows on screen now (the view keeps it so)
        self.partial = False  # only the first screenful of the list is in; the rest follows
        self._search = ""
        self.new_query = False
        self._headers = self._header_texts()
        self._hold = False  # the pointer is over the list: a new order of rows waits
        self._deferred: operations.IdsResult | None = None

    # -- what the view asks ------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self._headers):
                return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A screenful is ~1,300 calls: each reads a value worked out once per order shown.
        slot = SLOTS.get(role)
        row = index.row()
        if slot is None:
            if role == ORDER_ID_ROLE and index.isValid():
                oid = self.order_id(row)
                return str(oid) if oid is not None else None
            return None
        look = self._looks.get(row)
        if look is None:
            if not index.isValid():
                return None
            look = self._look_at(row)
            if look is None:  # its summary is on its way
                if slot == DISPLAY and index.column() == Column.BUSINESS_NO:
                    return "…"
                return None
        value = look.cells[slot][index.column()]
        return self._row_looks.live(look.summary, slot) if value is LIVE else value

    def _look_at(self, row: int) -> RowLook | None:
        oid = self.order_id(row)
        if oid is None:
            return None
        s = self._cache.get(oid)
        if s is None:
            self._request_page(row // PAGE)
            return None
        look = self._looks[row] = self._row_looks.of(s)
        return look

    def _forget_looks(self) -> None:
        self._looks.clear()

    def _store(self, fresh: dict[UUID, OrderSummary]) -> set[UUID]:
        """Cache ``fresh``; the orders whose summary differs from what was cached."""
        changed = set()
        cache = self._cache
        for oid, s in fresh.items():
            if cache.get(oid) != s:
                cache[oid] = s
                changed.add(oid)
        return changed

    def _repaint_shown(self, changed: set[UUID]) -> None:
        """dataChanged for the rows on screen whose order changed, a run of rows at a time: Qt
        repaints just those rows (for rows off screen it would repaint the whole table, and
        they are read afresh when scrolled to anyway)."""
        shown = range(max(0, self.shown_rows.start), min(self._rows, self.shown_rows.stop))
        start = None
        for row in (*shown, None):
            hit = row is not None and self.order_id(row) in changed
            if hit and start is None:
                start = row
            elif not hit and start is not None:
                end = (row if row is not None else shown.stop) - 1
                self.dataChanged.emit(self.index(start, 0), self.index(end, COLUMNS - 1))
                start = None

    def _header_texts(self) -> list[str]:
        return [self.tr("Kind"), self.tr("Business no."), self.tr("Customer"), self.tr("Place"),
                self.tr("Issued"), self.tr("Time left"), self.tr("Status"), self.tr("Sync")]

    # -- ids and rows ------------------------------------------------------------------

    @property
    def filter(self) -> OrderFilter:
        return self._filter

    @property
    def search(self) -> str:
        return self._search

    def _set_ids(self, ids: Sequence[UUID]) -> None:
        self._ids = ids
        self._rows = len(ids)

    def order_id(self, row: int) -> UUID | None:
        oid = self._row_ids.get(row)
        if oid is None and 0 <= row < self._rows:
            oid = self._row_ids[row] = self._ids[row]  # the core makes UUIDs on access
        return oid

    def row_of(self, order_id: UUID) -> int | None:
        try:
            return self._ids.index(order_id)  # a scan in C: a few ms for 100,000 rows
        except ValueError:
            return None

    def summary(self, order_id: UUID) -> OrderSummary | None:
        return self._cache.get(order_id)

    def set_query(self, flt: OrderFilter, search: str) -> None:
        """Show another filter or search: its first screenful at once, then the whole list
        (both loaded in the background)."""
        self._filter, self._search = flt, search
        self.new_query = True  # the rows that come are another filter's or search's
        self._deferred = None
        self.partial = False
        self._generation += 1
        self._in_flight = True
        generation = self._generation
        station = self._ctx.station
        first = max(1, min(self.screen_rows, FIRST_PAGE))

        def work() -> tuple[Sequence[UUID], dict[UUID, OrderSummary], bool]:
            ids, complete = station.first_ids(flt, search, first)
            return ids, station.summaries(list(ids)), complete
        operations.Operation(self._ctx, None, work).success(
            lambda result: self._first_rows_arrived(generation, *result)
        ).failure(lambda exc: self._list_done(generation)).run()

    def _first_rows_arrived(self, generation: int, ids: Sequence[UUID],
                            fresh: dict[UUID, OrderSummary], complete: bool) -> None:
        if generation != self._generation:
            return
        if complete:
            self._ids_arrived(generation, operations.IdsResult(ids, fresh, False))
            return
        self.partial = True
        self._install(ids, fresh, reset=True)
        self.first_rows_loaded.emit(len(ids))
        self.summaries_loaded.emit(list(fresh))
        flt, search, station = self._filter, self._search, self._ctx.station

        def work() -> Sequence[UUID] | None:
            if generation != self._generation:
                return None  # another query came first: this list would be dropped
            return station.order_ids(flt, search)
        # The parallel lane, so a query typed meanwhile does not wait behind this one; started
        # from the event loop, so the first rows are painted before it competes for the GIL.
        QTimer.singleShot(0, operations.Operation(self._ctx, None, work, lane="parallel").success(
            lambda result: self._all_rows_arrived(generation, result)
        ).failure(lambda exc: self._list_done(generation)).run)

    def _all_rows_arrived(self, generation: int, ids: Sequence[UUID] | None) -> None:
        if not self._list_done(generation) or ids is None:
            return
        self.partial = False
        shown = len(self._ids)
        if len(ids) >= shown and list(ids[:shown]) == list(self._ids):
            if len(ids) > shown:  # the rows on screen stay, with their selection and scroll
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._set_ids(ids)
                self._forget_looks()
                self._pending_pages.clear()  # a page asked for before held only the first rows
                self.endInsertRows()
            else:
                self._set_ids(ids)
        else:  # the list changed between the two queries
            self._install(ids, {}, reset=True)
        self.loaded.emit(len(self._ids))

    def reload(self, changed: Iterable[UUID] = ()) -> None:
        """Fetch the ids again (new, changed or gone orders) and fresh summaries of
        ``changed``."""
        changed = list(changed)
        if len(changed) > MAX_REFRESH:  # too many to fetch now: reload them when seen
            for oid in changed[MAX_REFRESH:]:
                self._cache.pop(oid, None)
            self._forget_looks()
            changed = changed[:MAX_REFRESH]
        self._reload(changed, same_query=True)

    def _reload(self, changed: list[UUID], same_query: bool) -> None:
        if same_query and self._in_flight:  # one more after the one on its way
            self._again.update(changed)
            self._again_wanted = True
            return
        self.new_query = False
        self._generation += 1
        self._in_flight = True
        generation = self._generation
        operations.list_orders(self._ctx, self._filter, self._search, FIRST_PAGE, changed,
                               self._ids if same_query else None).success(
            lambda result: self._ids_arrived(generation, result, deferrable=same_query)
        ).failure(lambda exc: self._list_done(generation)).run()

    def hold_order(self, hold: bool) -> None:
        """While held (the pointer is over the list), a reload that would reorder, add or
        remove rows only refreshes the rows' contents; the new order of rows comes when the
        hold ends, so the row under the pointer is still the one the clerk aimed at."""
        self._hold = hold
        if not hold and self._deferred is not None:
            result, self._deferred = self._deferred, None
            self._install(result.ids, {}, reset=True)
            self.loaded.emit(len(self._ids))

    @property
    def holding(self) -> bool:
        """A new order of rows is waiting for the hold to end."""
        return self._deferred is not None

    def _list_done(self, generation: int) -> bool:
        if generation != self._generation:
            return False  # a newer query is on its way
        self._in_flight = False
        if self._again_wanted:
            again, self._again, self._again_wanted = list(self._again), set(), False
            QTimer.singleShot(0, lambda: self._reload(again, same_query=True))
        return True

    def _ids_arrived(self, generation: int, result: operations.IdsResult,
                     deferrable: bool = False) -> None:
        if not self._list_done(generation):
            return
        ids, fresh = result.ids, result.summaries
        reset = not result.unchanged
        if reset and deferrable and self._hold and self._rows:
            self._deferred = result
            changed = self._store(fresh)
            self._forget_looks()
            self._repaint_shown(changed)
            self.summaries_loaded.emit(list(fresh))
            return
        if deferrable:
            self._deferred = None
        changed = self._install(ids, fresh, reset)
        if not reset and changed:
            self._repaint_shown(changed)
        self.loaded.emit(len(self._ids))
        self.summaries_loaded.emit(list(fresh))

    def _install(self, ids: Sequence[UUID], fresh: dict[UUID, OrderSummary],
                 reset: bool) -> set[UUID]:
        changed = self._store(fresh)
        self._forget_looks()
        if not reset:
            self._set_ids(ids)  # the same rows
            self._row_ids.clear()
        else:  # the view keeps the current order and the scroll position (InboxView)
            self.beginResetModel()
            self._set_ids(ids)
            self._row_ids.clear()
            self._pending_pages.clear()
            if len(self._cache) > MAX_CACHED:
                keep = set(ids[:PAGE]) | set(fresh)
                self._cache = {k: v for k, v in self._cache.items() if k in keep}
                self._row_looks.keep_only(keep)
            self._forget_looks()
            self.endResetModel()
        self._pending_pages.clear()
        return changed

    def _request_page(self, page: int) -> None:
        if page in self._pending_pages:
            return
        self._pending_pages.add(page)
        generation = self._generation
        ids = self._ids[page * PAGE:(page + 1) * PAGE]
        operations.load_summaries(self._ctx, ids).success(
            lambda result: self._page_arrived(generation, page, result)
        ).failure(lambda exc: self._pending_pages.discard(page)).run()

    def _page_arrived(self, generation: int, page: int,
                      result: dict[UUID, OrderSummary]) -> None:
        if generation != self._generation:
            return
        self._store(result)
        self._forget_looks()
        first = page * PAGE
        last = min(first + PAGE, len(self._ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
        self.summaries_loaded.emit(list(result))

    def is_loaded(self, row: int) -> bool:
        oid = self.order_id(row)
        return oid is not None and oid in self._cache

    # -- live parts --------------------------------------------------------------------

    def tick(self, first_row: int, last_row: int) -> None:
        """The countdown moved: repaint the SLA cells of the visible rows only."""
        last_row = min(last_row, len(self._ids) - 1)
        if first_row < 0 or last_row < first_row:
            return
        self.dataChanged.emit(self.index(first_row, Column.SLA), self.index(last_row, Column.SLA),
                              [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                               Qt.ItemDataRole.BackgroundRole])

    def settings_changed(self) -> None:
        settings = self._ctx.station.settings
        self._row_looks.settings_changed(
            settings.zone(), timedelta(minutes=settings.get("due_soon_minutes")))
        self._forget_looks()
        if len(self._ids):
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(Column) - 1))
