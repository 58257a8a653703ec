"""Schema 6: an order's ingest UPDATEs can be PostgreSQL HOT updates — no column they change is
indexed, and cc_orders' pages keep room for the new row version (`fillfactor`) — on a new
database and on one made by the schema-5 program; on SQLite the index is gone and nothing
else changes. Real SQLite files and the throwaway PostgreSQL, orders and events recorded
through the real ingest."""

from __future__ import annotations

from typing import Any

import peewee as pw
import pytest

from callcenter import db as database
from callcenter import migrations
from callcenter.config import ServiceConfig
from callcenter.models import SCHEMA_VERSION, Meta_, OrderRow
from station_app.domain.kinds import OrderKind
from tests.callcenter import derived_support as ds

CONFIG = ServiceConfig()
TABLE = OrderRow._meta.table_name
# what puts the order on a day's audit, and the order's identity: these may be indexed
INDEXED_ON_PURPOSE = {"id", "business_no", "station_code", "kind", "issued_at", "done_at",
                      "reopened_done_at"}


def _indexed_columns() -> set[str]:
    def read() -> set[str]:
        return {c for index in database.db.get_indexes(TABLE) for c in index.columns}

    return database.read(read)


def _fillfactor() -> str | None:
    """cc_orders' fillfactor storage setting on PostgreSQL (None: the default, 100)."""
    def read() -> str | None:
        options = database.db.execute_sql(
            "SELECT reloptions FROM pg_class WHERE relname = %s", (TABLE,)).fetchone()[0]
        return next((o.split("=")[1] for o in options or [] if o.startswith("fillfactor=")),
                    None)

    return database.read(read)


def _row(order_id: str) -> dict[str, Any]:
    def read() -> dict[str, Any]:
        param = database.db.obj.param
        cursor = database.db.execute_sql(f"SELECT * FROM {TABLE} WHERE id = {param}",
                                         (order_id,))
        names = [d[0] for d in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))

    return database.read(read)


def test_no_column_that_an_order_in_progress_changes_is_indexed(db_url):
    """Every event up to the completion (received, contact, appointment, departed, arrived,
    notes, prints) changes only columns no index covers: HOT-updatable on PostgreSQL."""
    ds.open_url(db_url)
    oid = ds.issue(OrderKind.REPAIR)
    steps = [("received", {}), ("contact_attempt", {"outcome": "no_answer"}),
             ("contact_attempt", {"outcome": "reached"}),
             ("appointment_booked", ds.PAYLOADS["appointment_booked"][0]),
             ("departed", {"technicians": ["李师傅"]}), ("arrived", {}),
             ("note", {"text": "用户来电"}), ("form_printed", {"form": "job_sheet"})]
    changed: set[str] = set()
    before = _row(oid)
    for n, (etype, payload) in enumerate(steps):
        ds.record([ds.event(oid, etype, payload, 10 + n, station=ds.STATIONS[0])], CONFIG)
        after = _row(oid)
        changed |= {k for k in after if after[k] != before[k]}
        before = after
    assert {"status", "derived", "contact_done_at"} <= changed  # it did change
    indexed = _indexed_columns()
    assert indexed >= {"id", "business_no", "done_at"}  # the indexes were found
    assert not changed & indexed, f"indexed and changed by ingest: {changed & indexed}"
    assert indexed <= INDEXED_ON_PURPOSE
    if database.is_postgres_db():
        assert _fillfactor() == str(migrations.ORDERS_FILLFACTOR)


def _as_schema_5() -> None:
    """Make the database look like one the schema-5 program wrote: its status index, pages
    filled to the default, its version."""
    def write() -> None:
        database.db.execute_sql(f"CREATE INDEX {TABLE}_status ON {TABLE} (status)")
        if database.is_postgres_db():
            database.db.execute_sql(f"ALTER TABLE {TABLE} RESET (fillfactor)")
        Meta_.update(value="5").where(Meta_.key == "schema_version").execute()

    database.write(write)


def test_the_migration_drops_the_status_index_and_leaves_room_in_the_pages(db_url):
    ds.open_url(db_url)
    oids = [ds.issue(OrderKind.RESCUE), ds.issue(OrderKind.REPAIR)]
    for oid in oids:
        ds.record([ds.event(oid, "received", {}, 1, station=ds.STATIONS[0]),
                   ds.event(oid, "completed", ds.COMPLETED, 60, station=ds.STATIONS[0])],
                  CONFIG)
    _as_schema_5()
    assert "status" in _indexed_columns()
    if database.is_postgres_db():
        assert _fillfactor() is None
    rows = {oid: _row(oid) for oid in oids}
    database.db.obj.close_all()

    ds.open_url(db_url)  # start-up: migrate
    assert database.read(lambda: Meta_.get(Meta_.key == "schema_version").value) == str(
        SCHEMA_VERSION)
    assert "status" not in _indexed_columns()
    assert {oid: _row(oid) for oid in oids} == rows  # the rows are as they were
    if database.is_postgres_db():
        assert _fillfactor() == str(migrations.ORDERS_FILLFACTOR)
    # and the orders are worked on as before
    ds.record([ds.event(oids[0], "note", {"text": "用户来电"}, 70, station=ds.STATIONS[0])],
              CONFIG)
    have, want, stored, folded = ds.stored_and_full(oids[0], CONFIG)
    assert have == want and stored == folded and stored.status.value == "completed"
    database.db.obj.close_all()
    ds.open_url(db_url)  # again: nothing left to do, nothing fails
    assert "status" not in _indexed_columns()


def test_sqlite_has_no_fillfactor_and_the_migration_sets_none(tmp_path):
    """SQLite: the migration only drops the index (no storage setting exists to set)."""
    url = str(tmp_path / "callcenter.sqlite3")
    ds.open_url(url)
    _as_schema_5()
    database.db.obj.close_all()
    ds.open_url(url)
    assert "status" not in _indexed_columns()
    sql = database.read(lambda: database.db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone()[0])
    assert "fillfactor" not in sql.lower()
    assert isinstance(database.db.obj, pw.SqliteDatabase)


@pytest.mark.postgres
def test_a_status_change_is_a_hot_update_on_postgresql(postgres_url):
    """What the schema is for, seen in PostgreSQL's own counters: the UPDATE that receives
    an order (its status changes) wrote no index entry."""
    ds.open_url(postgres_url)
    oid = ds.issue(OrderKind.RESCUE)
    counts: list[tuple[int, int]] = []

    def updates() -> None:  # this backend's, the earlier ones it has not reported yet too
        counts.append(database.db.execute_sql(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = %s",
            (TABLE,)).fetchone())

    def receive() -> None:
        from callcenter import ingest

        updates()
        who, raw = ds.event(oid, "received", {}, 1, station=ds.STATIONS[0])
        [result] = ingest.record_batch(who, [raw], ds.NOW, CONFIG)
        assert result.status.value == "accepted"
        updates()

    database.write(receive)
    assert _row(oid)["status"] == "received"
    (updated_0, hot_0), (updated_1, hot_1) = counts
    assert updated_1 - updated_0 >= 1  # the batch updated the order's row
    assert hot_1 - hot_0 == updated_1 - updated_0  # and every update of it was HOT


def _float_types() -> dict[str, str]:
    def read() -> dict[str, str]:
        return dict(database.db.execute_sql(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND column_name IN ('satisfaction_sum', 'callback_mean')",
            (TABLE,)).fetchall())

    return database.read(read)


@pytest.mark.postgres
def test_the_float_columns_keep_every_digit_on_postgresql(postgres_url):
    """Schema 7: a satisfaction sum or a callback's mean keeps its digits on PostgreSQL (a
    FloatField is REAL there: 0.1 came back 0.100000001490116, and a SUM of REAL adds in REAL),
    on a new database and on one made by the schema-6 program."""
    from callcenter import bulk_sql

    ds.open_url(postgres_url)
    assert _float_types() == {"satisfaction_sum": "double precision",
                              "callback_mean": "double precision"}
    oid = ds.issue()
    database.write(lambda: bulk_sql.update_by_id(
        OrderRow, ["satisfaction_sum", "callback_mean"], [[0.1, 4.2, oid]]))
    assert (_row(oid)["satisfaction_sum"], _row(oid)["callback_mean"]) == (0.1, 4.2)

    def as_schema_6() -> None:  # what the schema-6 program's create_tables made
        database.db.execute_sql(f"ALTER TABLE {TABLE} ALTER COLUMN satisfaction_sum TYPE REAL, "
                                "ALTER COLUMN callback_mean TYPE REAL")
        Meta_.update(value="6").where(Meta_.key == "schema_version").execute()

    database.write(as_schema_6)
    assert set(_float_types().values()) == {"real"}
    database.db.obj.close_all()
    ds.open_url(postgres_url)  # start-up: migrate
    assert _float_types() == {"satisfaction_sum": "double precision",
                              "callback_mean": "double precision"}
    database.write(lambda: bulk_sql.update_by_id(
        OrderRow, ["satisfaction_sum"], [[4.2 + 3.6, oid]]))
    assert _row(oid)["satisfaction_sum"] == 4.2 + 3.6
