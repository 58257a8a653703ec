"""The order row's derived columns (state, deadlines, flags, callback state) advanced at ingest
equal a full fold of the order's events, for any sequence; a migrated database gets them
filled; a changed SLA policy has them recomputed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcenter import db as database
from callcenter import derived, derived_store
from callcenter.app import create_app
from callcenter.config import ServiceConfig
from callcenter.migrations import V2_COLUMNS, V4_COLUMNS, V5_COLUMNS
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


def _assert_listed_as_folded(order_id: str, now: datetime) -> None:
    """The audit list's row (stored columns only) holds what a full fold says, at ``now``."""
    listed, opened, want = ds.list_row_and_detail(order_id, CONFIG, now)
    assert {k: getattr(listed, k) for k in want} == want
    assert listed.flags == opened.flags and listed.deadlines == opened.deadlines


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from([OrderKind.RESCUE, OrderKind.FAULT_MODE, OrderKind.REPAIR]),
       steps=st.lists(step, min_size=1, max_size=25),
       # when the list is read, in minutes after issue: the deadlines are judged then
       looks=st.lists(st.floats(min_value=-60, max_value=12_000), max_size=3),
       worked=st.sampled_from(["", "completed", "called back", "declined", "cancelled"]))
def test_incremental_state_equals_full_fold(db, kind, steps, looks, worked):
    order_id = ds.issue(kind)
    batch = []
    if worked in ("completed", "called back"):  # so callbacks, closes, reopens apply
        batch += [ds.event(order_id, "received", {}, 1, station=ds.STATIONS[0]),
                  ds.event(order_id, "completed", ds.COMPLETED, 20, station=ds.STATIONS[0])]
    if worked == "called back":
        batch.append(ds.event(order_id, "callback", ds.PAYLOADS["callback"][0], 40))
    if worked in ("declined", "cancelled"):  # ended before the first deadline: void ones
        batch += [ds.event(order_id, "received", {}, 1, station=ds.STATIONS[0]),
                  ds.event(order_id, worked, ds.PAYLOADS[worked][0], 5,
                           station=ds.STATIONS[0] if worked == "declined" else None)]
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
    for at in [ds.NOW, *(ds.BASE + timedelta(minutes=m) for m in looks)]:
        _assert_listed_as_folded(order_id, at)
    # Just before and after each open deadline's stored at-risk instant: the list turns
    # exactly when the domain's own judgement does.
    risks = {n: have[derived.RISK_COLUMNS[n]] for n in DeadlineName}
    for name, risk in risks.items():
        if risk is None:
            continue
        for at in (risk - timedelta(milliseconds=1), risk + timedelta(milliseconds=1)):
            _assert_listed_as_folded(order_id, at)
        _, opened, _ = ds.list_row_and_detail(order_id, CONFIG, risk + timedelta(milliseconds=1))
        [judged] = [d for d in opened.deadlines if d.name == name.value]
        assert judged.state in ("at_risk", "breached")
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
        names = [*V5_COLUMNS]
        if schema < 4:
            names += V4_COLUMNS
            database.db.execute_sql(
                "DROP INDEX IF EXISTS cc_orders_reopened_done_at_business_no")
        if schema < 2:
            names += V2_COLUMNS
        for name in names:
            database.db.execute_sql(f"ALTER TABLE {order_table} DROP COLUMN {name}")
        Meta_.update(value=str(schema)).where(Meta_.key == "schema_version").execute()
        if schema < 2:
            Meta_.delete().where(Meta_.key == derived_store.VERSION_KEY).execute()
        else:  # what that program stored (its start-up records the version)
            Meta_.replace(key=derived_store.VERSION_KEY, value=str(schema)).execute()
            database.db.execute_sql(f"UPDATE {order_table} SET derived = "
                                    f"json_set(derived, '$.version', {schema})")

    database.write(drop)


@pytest.mark.parametrize("schema", [1, 3, 4])
def test_migration_fills_the_columns_of_an_older_database(tmp_path, schema, caplog):
    ds.open_db(tmp_path)
    ids = [ds.issue(OrderKind.RESCUE), ds.issue(OrderKind.REPAIR)]
    for oid in ids:
        ds.record([ds.event(oid, "received", {}, 1, station="12345", phoned=True),
                   ds.event(oid, "completed", ds.COMPLETED, 90, station="12345"),
                   ds.event(oid, "callback", {"outcome": "reached", "scores": ds.SCORES},
                            200),
                   ds.event(oid, "closed", {"close_date": "2026-11-22"}, 300)], CONFIG)
    _drop_columns(OrderRow._meta.table_name, schema)
    if schema == 4:  # one state of an older fold, left behind
        database.write(lambda: database.db.execute_sql(
            "UPDATE cc_orders SET derived = json_set(derived, '$.version', 3) WHERE id = ?",
            (ids[1],)))
    database.db.obj.close_all()

    caplog.set_level("INFO", logger="callcenter.derived_store")
    create_app(str(tmp_path / "derived.sqlite3"))  # start-up: migrate, then fill
    version = database.read(lambda: Meta_.get(Meta_.key == "schema_version").value)
    assert version == str(SCHEMA_VERSION)
    folded = [r.message for r in caplog.records if "from their events" in r.message]
    if schema == 4:  # the same fold as schema 4's program: filled from the stored state,
        assert folded == ["folding 1 orders from their events"]  # but the older one's
    else:  # an older fold: every order folded again from its events
        assert folded == ["folding 2 orders from their events"]
    for oid in ids:
        have, want, stored_state, folded_state = ds.stored_and_full(oid, CONFIG)
        assert stored_state == folded_state and stored_state.status.value == "closed"
        assert have == want
        # filled from the events and the order, not left at their defaults
        assert have["flag_phoned"] is True
        assert (have["customer_name"], have["customer_phone"]) == ("张先生", "13912345678")
        assert have["close_date"] == "2026-11-22"
        assert have["callback_outcome"] == "reached"
        assert have["callback_mean"] == pytest.approx(4.2)
        assert have["assigned_at"] == ds.BASE
        listed, opened, want_row = ds.list_row_and_detail(oid, CONFIG)
        assert {k: getattr(listed, k) for k in want_row} == want_row


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


def test_the_list_row_is_made_of_the_columns_alone(db):
    """No JSON is decoded per list row: with the order's and the state's JSON emptied, the
    row still says everything (the whole day's walk decodes none)."""
    order_id = ds.issue(OrderKind.FAULT_MODE)
    ds.record([
        ds.event(order_id, "received", {}, 1, station="12345"),
        ds.event(order_id, "appointment_booked", ds.PAYLOADS["appointment_booked"][0], 30,
                 station="12345"),
        ds.event(order_id, "completed", ds.COMPLETED, 60, station="12345"),
        ds.event(order_id, "callback", {"outcome": "reached", "scores": ds.SCORES}, 120),
        ds.event(order_id, "closed", {"close_date": "2026-11-22"}, 130),
    ], CONFIG)
    _, _, want = ds.list_row_and_detail(order_id, CONFIG)
    assert want["callback_outcome"] == "reached" and want["close_date"] is not None

    def empty_json() -> None:
        database.db.execute_sql(
            f"UPDATE {OrderRow._meta.table_name} SET data = '{{}}', derived = '{{}}' "
            f"WHERE id = ?", (order_id,))

    database.write(empty_json)
    from callcenter import audit_list
    from station_app import console_wire

    [listed] = database.read(lambda: audit_list.list_rows(
        audit_list.list_query().where(OrderRow.id == order_id), ds.NOW, CONFIG))
    row = console_wire.AuditRow.model_validate(listed)
    assert {k: getattr(row, k) for k in want} == want


def test_the_policy_fingerprint_keeps_few_configs():
    """A process that makes a config per call (a seeding script, a test per app) keeps a
    bounded few, and equal policies get the same fingerprint whichever config asks."""
    import gc
    import weakref

    first = ServiceConfig()
    refs = [weakref.ref(first)]
    expected = derived.policy_fingerprint(first)
    del first
    for _ in range(1_000):
        config = ServiceConfig()
        refs.append(weakref.ref(config))
        assert derived.policy_fingerprint(config) == expected
    del config
    gc.collect()
    assert sum(r() is not None for r in refs) <= derived.FINGERPRINTS_KEPT
    limits = {**sla.DEFAULT_LIMITS}
    limits[(OrderKind.RESCUE, None)] = {**limits[(OrderKind.RESCUE, None)],
                                        DeadlineName.CONTACT: Limit(20, Clock.ELAPSED)}
    other = ServiceConfig(policy=SlaPolicy(limits=limits))
    assert derived.policy_fingerprint(other) != expected
