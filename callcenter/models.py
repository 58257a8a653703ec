"""The call center's tables: stations, people, tokens, orders, events (which are also the
dedupe records, kept for good), the per-station change feed and its counters."""

from __future__ import annotations

import peewee as pw

from callcenter.db import db
from common.dbfields import JsonField, TypedModel, UtcDateTimeField

SCHEMA_VERSION = 7  # 2: the derived columns of cc_orders (callcenter/derived.py); 3: devices;
# 4: the audit list's stored flags (phoned, corrected, urged, without callback), reopened_done_at;
# 5: the rest of an audit list row (customer, close date, callback outcome, deadline starts and
#    the instants open deadlines turn at risk), so a row is read off columns alone;
# 6: no index on cc_orders.status, and on PostgreSQL room left in its pages (`fillfactor`), so
#    ingest's UPDATEs of an order are HOT updates (`callcenter/migrations.py`);
# 7: cc_orders' two float columns DOUBLE PRECISION on PostgreSQL (were REAL when the table was
#    made by this program, not by a migration)


class BaseModel(TypedModel):
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


class Device(BaseModel):
    """One PC of a station, known by its own token (``id`` is that token's id)."""

    id = pw.TextField(primary_key=True)
    station_code = pw.TextField(index=True)
    name = pw.TextField()
    enrolled_at = UtcDateTimeField()
    last_seen_at = UtcDateTimeField(null=True)
    version = pw.TextField(default="")
    revoked_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "cc_devices"


class EnrolmentCode(BaseModel):
    """A short one-time code a station's new PC exchanges for its own device token."""

    code_sha256 = pw.TextField(primary_key=True)
    station_code = pw.TextField()
    created_at = UtcDateTimeField()
    expires_at = UtcDateTimeField()
    used_at = UtcDateTimeField(null=True)
    device_id = pw.TextField(null=True)

    class Meta:
        table_name = "cc_enrolment_codes"


class OrderRow(BaseModel):
    """An order: the wire Order as JSON plus what the fold of its events says, for queries."""

    id = pw.TextField(primary_key=True)  # UUID text
    business_no = pw.TextField(unique=True)
    station_code = pw.TextField(index=True)
    kind = pw.TextField()
    issued_at = UtcDateTimeField(index=True)
    data = JsonField()  # wire.Order, current (updates and reassignment applied)
    # Not indexed (schema 6): ingest changes it with most events, and a changed indexed column
    # makes PostgreSQL write the row's new version into every index; no query needs it.
    status = pw.TextField()
    done_at = UtcDateTimeField(null=True, index=True)  # completed or declined, for the audit day
    closed_at = UtcDateTimeField(null=True)
    reopened_count = pw.IntegerField(default=0)
    updated_at = UtcDateTimeField()
    # What `callcenter.derived` keeps, advanced at ingest; `derived` is None until filled.
    derived = JsonField(null=True)
    derived_policy = pw.TextField(default="")  # the SLA policy + calendar the deadlines used
    contact_due_at = UtcDateTimeField(null=True)
    contact_done_at = UtcDateTimeField(null=True)
    appointment_due_at = UtcDateTimeField(null=True)
    appointment_done_at = UtcDateTimeField(null=True)
    completion_due_at = UtcDateTimeField(null=True)
    completion_done_at = UtcDateTimeField(null=True)
    callback_due_at = UtcDateTimeField(null=True)
    callback_done_at = UtcDateTimeField(null=True)
    flag_backdated = pw.BooleanField(default=False)
    flag_clock_off = pw.BooleanField(default=False)
    flag_late_facts = pw.BooleanField(default=False)
    flag_phoned = pw.BooleanField(default=False)
    flag_corrected = pw.BooleanField(default=False)
    flag_urged = pw.BooleanField(default=False)
    flag_without_callback = pw.BooleanField(default=False)
    # the completion (or decline) time a reopen undid: the day's audit still lists the order
    reopened_done_at = UtcDateTimeField(null=True)
    callback_state = pw.TextField(default="pending")  # pending | reached | unreachable
    callback_unreached = pw.IntegerField(default=0)
    # DOUBLE PRECISION on PostgreSQL (schema 7): a FloatField is REAL there, 7 digits, and
    # PostgreSQL adds a SUM of REAL in REAL too (the reports' mean satisfaction)
    satisfaction_sum = pw.DoubleField(default=0.0)
    satisfaction_count = pw.IntegerField(default=0)
    # The rest of an audit list row, so a page decodes no JSON (schema 5):
    complaint_level = pw.TextField(null=True)   # of the order's fields (`data`)
    customer_name = pw.TextField(default="")
    customer_phone = pw.TextField(default="")
    close_date = pw.TextField(null=True)        # ISO date, of the state
    callback_outcome = pw.TextField(default="")
    callback_mean = pw.DoubleField(null=True)
    assigned_at = UtcDateTimeField(null=True)   # the station's deadlines start here
    cancelled_at = UtcDateTimeField(null=True)  # with `closed_at`: when a deadline stops
    declined_at = UtcDateTimeField(null=True)   # being owed
    # when each open deadline turns at risk (`sla.judged`'s rule; None: never before due)
    contact_risk_at = UtcDateTimeField(null=True)
    appointment_risk_at = UtcDateTimeField(null=True)
    completion_risk_at = UtcDateTimeField(null=True)
    callback_risk_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "cc_orders"
        indexes = (
            (("done_at", "business_no"), False),                  # the audit's keyset
            (("reopened_done_at", "business_no"), False),         # ... its reopened orders
            (("station_code", "done_at", "business_no"), False),  # ... of one station
            (("kind", "done_at"), False),
            (("issued_at", "station_code"), False),               # reports
            (("station_code", "id"), False),                      # a new PC's rebuild pages
        )


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
    Device, EnrolmentCode,
]


def create_schema() -> None:
    """Create missing tables, bring an older schema up to date and record the version
    (idempotent; on PostgreSQL one process at a time)."""
    with db.atomic():
        if isinstance(db.obj, pw.PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(1717)")
        had_orders = OrderRow.table_exists()
        row = Meta_.get_or_none(Meta_.key == "schema_version") if Meta_.table_exists() else None
        if row is not None and int(row.value) < SCHEMA_VERSION and had_orders:
            from callcenter.migrations import migrate

            migrate(int(row.value))
        db.create_tables(ALL_MODELS, safe=True)
        if not had_orders:
            from callcenter.migrations import leave_room_in_order_pages

            leave_room_in_order_pages()
        if row is None:
            Meta_.create(key="schema_version", value=str(SCHEMA_VERSION))
        elif int(row.value) < SCHEMA_VERSION:
            row.value = str(SCHEMA_VERSION)
            row.save()
        elif int(row.value) > SCHEMA_VERSION:
            from common.errors import UserError

            raise UserError(
                f"the database has schema {row.value}, newer than this program "
                f"({SCHEMA_VERSION}); update the call center service",
                f"数据库版本({row.value})比本程序({SCHEMA_VERSION})新,请升级呼叫中心服务",
            )
