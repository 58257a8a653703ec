"""The call center's tables: stations, people, tokens, orders, events (which are also the
dedupe records, kept for good), the per-station change feed and its counters."""

from __future__ import annotations

import peewee as pw

from callcenter.db import db
from station_app.dbfields import JsonField, UtcDateTimeField

SCHEMA_VERSION = 1


class BaseModel(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False


class Meta_(BaseModel):
    key = pw.TextField(primary_key=True)
    value = pw.TextField()

    class Meta:
        table_name = "cc_meta"


class Station(BaseModel):
    code = pw.TextField(primary_key=True)
    name = pw.TextField()
    address = pw.TextField(default="")
    phone = pw.TextField(default="")
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "cc_stations"


class Person(BaseModel):
    id = pw.AutoField()
    name = pw.TextField()
    role = pw.TextField()
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "cc_people"


class Token(BaseModel):
    """A bearer token ``<id>.<secret>``; only sha256(secret) is kept."""

    id = pw.TextField(primary_key=True)
    secret_sha256 = pw.TextField()
    role = pw.TextField()
    station_code = pw.TextField(null=True, index=True)
    person_id = pw.IntegerField(null=True)
    name = pw.TextField()  # who uses it: the station's code or the person's name
    created_at = UtcDateTimeField()
    revoked_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "cc_tokens"


class OrderRow(BaseModel):
    """An order: the wire Order as JSON plus what the fold of its events says, for queries."""

    id = pw.TextField(primary_key=True)  # UUID text
    business_no = pw.TextField(unique=True)
    station_code = pw.TextField(index=True)
    kind = pw.TextField()
    issued_at = UtcDateTimeField(index=True)
    data = JsonField()  # wire.Order, current (updates and reassignment applied)
    status = pw.TextField(index=True)
    done_at = UtcDateTimeField(null=True, index=True)  # completed or declined, for the audit day
    closed_at = UtcDateTimeField(null=True)
    reopened_count = pw.IntegerField(default=0)
    updated_at = UtcDateTimeField()

    class Meta:
        table_name = "cc_orders"


class EventRow(BaseModel):
    """One stored event; ``pos`` is the server's order. The row is the event's dedupe record."""

    pos = pw.AutoField()
    id = pw.TextField(unique=True)  # UUID text
    order = pw.ForeignKeyField(OrderRow, column_name="order_id", on_delete="RESTRICT",
                               index=True)
    type = pw.TextField()
    station_code = pw.TextField(null=True)
    occurred_at = UtcDateTimeField()
    content = pw.TextField()  # the normalised wire.Event JSON, compared byte for byte
    status = pw.TextField()  # accepted | late
    reason = pw.TextField(default="")
    token_id = pw.TextField()
    role = pw.TextField()
    received_at = UtcDateTimeField()

    class Meta:
        table_name = "cc_events"


class FeedCounter(BaseModel):
    """The last change number given to a station; its row lock serialises numbering."""

    station_code = pw.TextField(primary_key=True)
    last_seq = pw.BigIntegerField(default=0)

    class Meta:
        table_name = "cc_feed_counters"


class ChangeRow(BaseModel):
    id = pw.AutoField()
    station_code = pw.TextField()
    seq = pw.BigIntegerField()
    kind = pw.TextField()
    order_id = pw.TextField()
    body = JsonField()  # order / event / events, as sent
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "cc_changes"
        indexes = ((("station_code", "seq"), True),)


class NumberCounter(BaseModel):
    """Counters for business numbers, one row per prefix and local day."""

    key = pw.TextField(primary_key=True)
    value = pw.IntegerField(default=0)

    class Meta:
        table_name = "cc_number_counters"


ALL_MODELS: list[type[BaseModel]] = [
    Meta_, Station, Person, Token, OrderRow, EventRow, FeedCounter, ChangeRow, NumberCounter,
]


def create_schema() -> None:
    """Create missing tables and record the schema version (idempotent)."""
    with db.atomic():
        db.create_tables(ALL_MODELS, safe=True)
        row = Meta_.get_or_none(Meta_.key == "schema_version")
        if row is None:
            Meta_.create(key="schema_version", value=str(SCHEMA_VERSION))
        elif int(row.value) > SCHEMA_VERSION:
            from station_app.errors import UserError

            raise UserError(
                f"the database has schema {row.value}, newer than this program "
                f"({SCHEMA_VERSION}); update the call center service",
                f"数据库版本({row.value})比本程序({SCHEMA_VERSION})新,请升级呼叫中心服务",
            )
