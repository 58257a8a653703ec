"""Bringing an older call center database up to the current schema, inside `create_schema`'s
transaction. The derived columns it adds start empty; `derived_store.ensure` fills them at
start-up by folding the orders' events again (``DERIVED_VERSION`` changed with them) — except
where the stored state is already this program's fold (schema 4's), whose new columns are
computed here from that state, no event read."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import peewee as pw

from callcenter.db import db, is_postgres_db
from callcenter.models import Meta_, OrderRow

V2_COLUMNS = (
    "derived", "derived_policy",
    "contact_due_at", "contact_done_at", "appointment_due_at", "appointment_done_at",
    "completion_due_at", "completion_done_at", "callback_due_at", "callback_done_at",
    "flag_backdated", "flag_clock_off", "flag_late_facts",
    "callback_state", "callback_unreached", "satisfaction_sum", "satisfaction_count",
)
V4_COLUMNS = ("flag_phoned", "flag_corrected", "flag_urged", "flag_without_callback",
              "reopened_done_at")
V5_COLUMNS = ("complaint_level", "customer_name", "customer_phone", "close_date",
              "callback_outcome", "callback_mean", "assigned_at", "cancelled_at", "declined_at",
              "contact_risk_at", "appointment_risk_at", "completion_risk_at", "callback_risk_at")


def _column_sql(field: pw.Field) -> str:
    """``TYPE [NOT NULL DEFAULT x]`` for ALTER TABLE ADD COLUMN, on SQLite and PostgreSQL."""
    pg = is_postgres_db()
    if isinstance(field, pw.BooleanField):
        kind, default = ("BOOLEAN", "FALSE") if pg else ("INTEGER", "0")
    elif isinstance(field, pw.FloatField):
        kind, default = ("DOUBLE PRECISION" if pg else "REAL"), "0"
    elif isinstance(field, pw.IntegerField):
        kind, default = "INTEGER", str(field.default or 0)
    else:
        kind, default = "TEXT", f"'{field.default}'" if field.default is not None else ""
    if field.null or not default:
        return kind
    return f"{kind} NOT NULL DEFAULT {default}"


def _add_order_columns(names: tuple[str, ...]) -> None:
    table = OrderRow._meta.table_name
    have = {c.name for c in db.get_columns(table)}
    fields = OrderRow._meta.fields
    for name in names:
        if name not in have:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN {name} "
                           f"{_column_sql(fields[name])}")


def migrate(from_version: int) -> None:
    if from_version < 2:
        _add_order_columns(V2_COLUMNS)
    if from_version < 3:
        _v3_first_devices()
    if from_version < 4:
        _add_order_columns(V4_COLUMNS)
    if from_version < 5:
        _add_order_columns(V5_COLUMNS)
        _v5_from_stored_state()
    if from_version < 6:
        _v6_hot_updates()
    if from_version < 7:
        _v7_double_precision()


ORDERS_FILLFACTOR = 70
"""Percent of a cc_orders page PostgreSQL fills with new rows. An order row is ~1.6 kB when
issued and ~1.9 kB once worked on, so a page takes three new orders, and the ~2 kB left hold
the next version of one of them: an UPDATE that changes no indexed column then stays on its
page as a HOT update (no index entry written) instead of writing the row and an entry in each
of the table's indexes elsewhere. Dead versions are pruned as pages are read. The table takes
~1.3 times the space for it (three orders a page instead of four)."""


def leave_room_in_order_pages() -> None:
    """Set `ORDERS_FILLFACTOR` on cc_orders (PostgreSQL; SQLite has no such setting). It
    applies to the pages written from now on: the rows already stored stay where they are
    (no rewrite at start-up) until an update moves one to a page filled only this far."""
    if is_postgres_db():
        db.execute_sql(f"ALTER TABLE {OrderRow._meta.table_name} "
                       f"SET (fillfactor = {ORDERS_FILLFACTOR})")


def _v6_hot_updates() -> None:
    """Schema 6: cc_orders.status is no longer indexed (most events change it) and its pages
    keep room for updated rows (`leave_room_in_order_pages`)."""
    db.execute_sql(f"DROP INDEX IF EXISTS {OrderRow._meta.table_name}_status")
    leave_room_in_order_pages()


FLOAT_COLUMNS = ("satisfaction_sum", "callback_mean")


def _v7_double_precision() -> None:
    """Schema 7: on PostgreSQL the orders' float columns become DOUBLE PRECISION, as the
    columns migrations added already were (a table made by `create_tables` had them REAL:
    about 7 significant digits, and a SUM of them in REAL). Each value is kept as it was
    stored; what ingest writes from now on keeps every digit."""
    if not is_postgres_db():
        return  # SQLite's REAL is already 8 bytes
    table = OrderRow._meta.table_name
    real = [c.name for c in db.get_columns(table)
            if c.name in FLOAT_COLUMNS and c.data_type == "real"]
    if real:  # rewrites the table once
        db.execute_sql(f"ALTER TABLE {table} " + ", ".join(
            f"ALTER COLUMN {c} TYPE DOUBLE PRECISION" for c in real))


SAME_FOLD = "4"  # the derived version whose stored state is this program's fold
BATCH = 500


def _v5_from_stored_state() -> None:
    """Schema 5 added only columns, the fold is schema 4's: each order's columns are computed
    from its stored state (with the default policy; `derived_store.ensure` recomputes the
    deadlines if another is in force) and the state is marked current. A state of another
    version is cleared, for `derived_store.ensure` to fold its events again."""
    from callcenter import derived
    from callcenter.config import ServiceConfig
    from callcenter.derived_store import VERSION_KEY, mark_current

    stored = Meta_.get_or_none(Meta_.key == VERSION_KEY)
    if stored is None or stored.value != SAME_FOLD:
        return  # every order is folded again at start-up
    config, now = ServiceConfig(), datetime.now(UTC)
    ids = [r.id for r in OrderRow.select(OrderRow.id).where(OrderRow.derived.is_null(False))
           .order_by(OrderRow.id)]
    table, param, fields = OrderRow._meta.table_name, db.obj.param, OrderRow._meta.fields
    names: list[str] = []
    update = ""
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        rows = db.execute_sql(f"SELECT id, data, derived FROM {table} "
                              f"WHERE id IN ({', '.join([param] * len(chunk))})", chunk)
        params, older = [], []
        for order_id, data_text, derived_text in rows.fetchall():
            state = json.loads(derived_text)
            d = (derived.from_json({**state, "version": derived.DERIVED_VERSION})
                 if state.get("version") == int(SAME_FOLD) else None)
            if d is None:
                older.append(order_id)
                continue
            values = derived.columns(d, json.loads(data_text), now, config)
            if not names:
                names = list(values)
                update = (f"UPDATE {table} SET "
                          + ", ".join(f"{fields[n].column_name} = {param}" for n in names)
                          + f" WHERE id = {param}")
            params.append([fields[n].db_value(values[n]) for n in names] + [order_id])
        if params:
            db.cursor().executemany(update, params)
        if older:
            OrderRow.update(derived=None).where(OrderRow.id.in_(older)).execute()
    mark_current()


def _v3_first_devices() -> None:
    """Each station token already in use becomes its PC's first device (same token)."""
    from callcenter.models import Device, Token

    db.create_tables([Device], safe=True)
    for token in Token.select().where(Token.role == "station"):
        Device.insert(id=token.id, station_code=token.station_code, name="PC 1",
                      enrolled_at=token.created_at,
                      revoked_at=token.revoked_at).on_conflict_ignore().execute()
