"""The order row's derived columns (state, deadlines, flags, callback state) advanced at ingest
equal a full fold of the order's events, for any sequence; a migrated database gets them
filled; a changed SLA policy has them recomputed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcenter import db as database
from callcenter import derived, derived_store
from callcenter.app import create_app
from callcenter.config import ServiceConfig
from callcenter.migrations import V2_COLUMNS, V4_COLUMNS
from callcenter.models import SCHEMA_VERSION, Meta_, OrderRow
from station_app.domain import sla
from station_app.domain.kinds import OrderKind
from station_app.domain.sla import Clock, DeadlineName, Limit, SlaPolicy
from tests.callcenter import derived_support as ds

CONFIG = ServiceConfig()

step = st.tuples(
    st.sampled_from(sorted(ds.PAYLOADS)),
    st.integers(min_value=0, max_value=10),          # which payload variant
    st.floats(min_value=-30, max_value=3000),        # minutes after issue (may go back)
    st.sampled_from(ds.STATIONS),                    # which station records a station event
    st.booleans(),                                   # backdated
    st.sampled_from([None, 0, 5_000, 300_000, -900_000]),  # clock offset
    st.booleans(),                                   # phone-entered (`phoned_at`)
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    ds.open_db(tmp_path_factory.mktemp("derived"))
    yield


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from([OrderKind.RESCUE, OrderKind.FAULT_MODE, OrderKind.REPAIR]),
       steps=st.lists(step, min_size=1, max_size=25))
def test_incremental_state_equals_full_fold(db, kind, steps):
    order_id = ds.issue(kind)
    batch = []
    for etype, variant, minutes, station, backdated, offset, phoned in steps:
        payloads = ds.PAYLOADS[etype]
        payload = payloads[variant % len(payloads)]
        who = station if etype in ds.STATION_TYPES else None
        if etype == "voided":
            if not batch:
                continue
            payload = {"event_id": batch[variant % len(batch)][1]["id"], "reason": "录错"}
        batch.append(ds.event(order_id, etype, payload, minutes, station=who,
                              backdated=backdated, clock_offset_ms=offset, phoned=phoned))
    ds.record(batch, CONFIG)
    have, want, stored_state, folded_state = ds.stored_and_full(order_id, CONFIG)
    assert stored_state == folded_state
    assert have == want
    listed, opened = ds.list_row_and_detail(order_id, CONFIG)
    assert listed.flags == opened.flags
    assert listed.deadlines == opened.deadlines
    assert (listed.status, listed.audited, listed.close_date) == (
        opened.status, opened.audited, opened.close_date)
    entry, folded = ds.board_entry_and_fold(order_id, CONFIG)  # the board reads no fold
    assert {k: getattr(entry, k) for k in folded} == folded


def test_a_worked_order_stores_what_the_audit_shows(db):
    order_id = ds.issue(OrderKind.RESCUE)
    ds.record([
        ds.event(order_id, "received", {}, 1, station="12345"),
        ds.event(order_id, "contact_attempt", {"outcome": "reached"}, 30, station="12345",
                 backdated=True),
        ds.event(order_id, "completed", ds.COMPLETED, 60, station="12345",
                 clock_offset_ms=300_000),
        ds.event(order_id, "callback", {"outcome": "reached", "scores": ds.SCORES}, 120),
    ], CONFIG)
    row = database.read(lambda: OrderRow.get_by_id(order_id))
    assert row.status == "completed"
    # the completion's clock was 5 min behind: on the call center's clock it is at 65 min
    assert row.done_at == ds.BASE + timedelta(minutes=65)
    assert row.contact_due_at == ds.BASE + timedelta(minutes=15)   # rescue: phone in 15 min
    assert row.contact_done_at == ds.BASE + timedelta(minutes=30)  # late
    assert row.completion_done_at == ds.BASE + timedelta(minutes=65)
    assert (row.flag_backdated, row.flag_clock_off, row.flag_late_facts) == (True, True, False)
    assert row.callback_state == "reached"
    assert row.satisfaction_count == 1 and row.satisfaction_sum == pytest.approx(4.2)
    assert row.derived_policy == derived.policy_fingerprint(CONFIG)


def _drop_columns(order_table: str, schema: int) -> None:
    """Make the database look like one written by the program of schema version ``schema``."""
    def drop() -> None:
        names = (*V2_COLUMNS, *V4_COLUMNS) if schema < 2 else V4_COLUMNS
        database.db.execute_sql("DROP INDEX IF EXISTS cc_orders_reopened_done_at_business_no")
        for name in names:
            database.db.execute_sql(f"ALTER TABLE {order_table} DROP COLUMN {name}")
        Meta_.update(value=str(schema)).where(Meta_.key == "schema_version").execute()
        if schema < 2:
            Meta_.delete().where(Meta_.key == derived_store.VERSION_KEY).execute()
        else:  # what that program stored
            Meta_.update(value="3").where(Meta_.key == derived_store.VERSION_KEY).execute()

    database.write(drop)


@pytest.mark.parametrize("schema", [1, 3])
def test_migration_fills_the_columns_of_an_older_database(tmp_path, schema):
    ds.open_db(tmp_path)
    ids = [ds.issue(OrderKind.RESCUE), ds.issue(OrderKind.REPAIR)]
    for oid in ids:
        ds.record([ds.event(oid, "received", {}, 1, station="12345", phoned=True),
                   ds.event(oid, "completed", ds.COMPLETED, 90, station="12345"),
                   ds.event(oid, "callback", {"outcome": "no_answer"}, 200)], CONFIG)
    _drop_columns(OrderRow._meta.table_name, schema)
    database.db.obj.close_all()

    create_app(str(tmp_path / "derived.sqlite3"))  # start-up: migrate, then fill
    version = database.read(lambda: Meta_.get(Meta_.key == "schema_version").value)
    assert version == str(SCHEMA_VERSION)
    for oid in ids:
        have, want, stored_state, folded_state = ds.stored_and_full(oid, CONFIG)
        assert stored_state == folded_state and stored_state.status.value == "completed"
        assert have == want
        assert have["callback_unreached"] == 1
        assert have["flag_phoned"] is True  # filled from the events, not left at its default


def test_a_changed_policy_recomputes_the_stored_deadlines_at_start(tmp_path):
    ds.open_db(tmp_path)
    oid = ds.issue(OrderKind.RESCUE)
    ds.record([ds.event(oid, "received", {}, 1, station="12345")], CONFIG)
    before = database.read(lambda: OrderRow.get_by_id(oid))
    assert before.contact_due_at == ds.BASE + timedelta(minutes=15)
    database.db.obj.close_all()

    limits = {**sla.DEFAULT_LIMITS}
    limits[(OrderKind.RESCUE, None)] = {**limits[(OrderKind.RESCUE, None)],
                                        DeadlineName.CONTACT: Limit(40, Clock.ELAPSED)}
    policy = SlaPolicy(limits=limits)
    create_app(str(tmp_path / "derived.sqlite3"), policy=policy)
    after = database.read(lambda: OrderRow.get_by_id(oid))
    assert after.contact_due_at == ds.BASE + timedelta(minutes=40)
    assert after.derived_policy == derived.policy_fingerprint(ServiceConfig(policy=policy))
    assert after.derived_policy != before.derived_policy

    # The command does the same, back to the default policy.
    from callcenter.cli import main

    assert main(["--db", str(tmp_path / "derived.sqlite3"), "recompute"]) == 0
    back = database.read(lambda: OrderRow.get_by_id(oid))
    assert back.contact_due_at == ds.BASE + timedelta(minutes=15)
