"""Bringing an older call center database up to the current schema, inside `create_schema`'s
transaction. The derived columns it adds start empty (``derived`` NULL); `derived_store.ensure`
fills them from the events at start-up."""

from __future__ import annotations

import peewee as pw

from callcenter.db import db, is_postgres_db
from callcenter.models import OrderRow

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
    """(The new columns' values come from `derived_store.ensure` folding the orders again:
    DERIVED_VERSION changed with them.)"""
    if from_version < 2:
        _add_order_columns(V2_COLUMNS)
    if from_version < 3:
        _v3_first_devices()
    if from_version < 4:
        _add_order_columns(V4_COLUMNS)
    if from_version < 5:
        _add_order_columns(V5_COLUMNS)


def _v3_first_devices() -> None:
    """Each station token already in use becomes its PC's first device (same token)."""
    from callcenter.models import Device, Token

    db.create_tables([Device], safe=True)
    for token in Token.select().where(Token.role == "station"):
        Device.insert(id=token.id, station_code=token.station_code, name="PC 1",
                      enrolled_at=token.created_at,
                      revoked_at=token.revoked_at).on_conflict_ignore().execute()
