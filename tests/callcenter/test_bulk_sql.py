"""`bulk_sql.update_by_id` writes every kind of value an order's columns hold exactly as given,
each row by its own id, on SQLite and on the throwaway PostgreSQL (where the rows travel as one
jsonb array): quotes, backslashes, newlines and Chinese in text, JSON text, NULLs, booleans,
floats (peewee's FloatField is REAL on PostgreSQL: values a float4 holds exactly), the largest
integer a column takes."""

from __future__ import annotations

import math
from typing import Any

from callcenter import bulk_sql
from callcenter import db as database
from callcenter.models import OrderRow
from tests.callcenter import derived_support as ds

TABLE = OrderRow._meta.table_name
NAMES = ["derived", "customer_name", "callback_state", "flag_urged", "flag_phoned",
         "satisfaction_sum", "callback_mean", "satisfaction_count", "contact_due_at",
         "close_date"]


def _raw(order_id: str) -> dict[str, Any]:
    def read() -> dict[str, Any]:
        param = database.db.obj.param
        cursor = database.db.execute_sql(
            f"SELECT {', '.join(NAMES)} FROM {TABLE} WHERE id = {param}", (order_id,))
        return dict(zip(NAMES, cursor.fetchone(), strict=True))

    return database.read(read)


def test_update_by_id_writes_every_kind_of_value_exactly(db_url):
    ds.open_url(db_url)
    first, second = ds.issue(), ds.issue()
    values = {
        first: ['{"q":"他说\\"好\\"","b":"C:\\\\路径","n":"一\\n二"}', "张'三\"\\\n李\t四 ☎",
                "reached", True, False, 4.375, -2.5, 2_147_483_647,
                "2026-12-02T06:00:00.000001+00:00", None],
        second: ["{}", "", "pending", False, True, 1024.0, None, 0,
                 None, "2026-12-03"],
    }
    database.write(lambda: bulk_sql.update_by_id(
        OrderRow, NAMES, [[*v, oid] for oid, v in values.items()]))
    for oid, want in values.items():
        got = _raw(oid)
        for name, value in zip(NAMES, want, strict=True):
            stored = got[name]
            if isinstance(value, bool):
                stored = bool(stored)  # SQLite keeps 1 / 0
            assert stored == value and type(stored) is type(value), (name, stored, value)


def test_a_nan_is_written_as_nan_not_as_null_on_postgresql(db_url):
    if not db_url.startswith("postgresql"):
        return  # SQLite itself stores a NaN as NULL
    ds.open_url(db_url)
    oid = ds.issue()
    database.write(lambda: bulk_sql.update_by_id(OrderRow, ["callback_mean"],
                                                 [[float("nan"), oid]]))
    assert math.isnan(_raw(oid)["callback_mean"])


def _event_row(event_id: str, order_id: str) -> list[Any]:
    return [event_id, order_id, "note", ds.STATIONS[0], "2026-11-20T01:00:00.000000+00:00",
            f'{{"id":"{event_id}"}}', "accepted", "", "t", "station",
            "2026-11-20T01:00:01.000000+00:00"]


def test_insert_returning_gives_the_rows_stored_and_skips_an_id_stored_before(db_url):
    """What ingest relies on for each event's position: every row stored comes back with its
    key, in the order given, and a row whose id is already stored is skipped, not an error."""
    from callcenter.models import EventRow
    from callcenter.working_set import EVENT_COLUMNS

    ds.open_url(db_url)
    oid = ds.issue()
    taken = "00000000-0000-4000-8000-000000000001"
    ids = [taken, *(f"00000000-0000-4000-8000-{n:012d}" for n in range(2, 7))]

    def write() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        first = bulk_sql.insert_returning(EventRow, EVENT_COLUMNS, [_event_row(taken, oid)],
                                          ("id", "pos"))
        rest = bulk_sql.insert_returning(EventRow, EVENT_COLUMNS,
                                         [_event_row(i, oid) for i in ids], ("id", "pos"))
        return first, rest

    first, rest = database.write(write)
    assert [r[0] for r in first] == [taken]
    stored = dict(rest)
    assert sorted(stored) == ids[1:]  # the id stored before is skipped
    positions = [stored[i] for i in ids[1:]]
    assert positions == sorted(positions) and positions[0] > first[0][1]
