"""A batch is written set-based (one INSERT of its events, one UPDATE of its orders): what a
station relies on must not change with it — positions in the order the events were judged,
a copy sent twice in one batch answered with the first's position, an order's `updated_at`
moved (to within a minute) by an event that changes nothing else, and an id another
transaction stored meanwhile judged again, not lost."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import psycopg2
import pytest

from callcenter import working_set
from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration

A = "12345"


def _push(client, events):
    r = client.post("/v1/events", json={"events": events}, headers={"X-Wire-Version": "2"})
    r.raise_for_status()
    return r.json()["results"]


def test_positions_follow_the_batch_and_the_feed_carries_them(server):
    token = server.add_station(A)
    station = server.client(token)
    orders = [server.issue_order(A)["id"] for _ in range(3)]
    steps = [("received", {}), ("contact_attempt", {"outcome": "reached"}),
             ("departed", {"technicians": ["李师傅"]}), ("note", {"text": "路上"}),
             ("arrived", {})]
    batch = [new_event(oid, etype, payload) for etype, payload in steps for oid in orders]
    results = _push(station, batch)
    assert [r["status"] for r in results] == ["accepted"] * len(batch)
    seqs = [r["seq"] for r in results]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    feed = station.get("/v1/changes", params={"after": 0}).json()["changes"]
    fed = {c["event"]["id"]: c["pos"] for c in feed if c["kind"] == "event"}
    assert fed == {e["id"]: s for e, s in zip(batch, seqs, strict=True)}
    for oid in orders:
        order = station.get(f"/v1/orders/{oid}").json()
        assert [e["type"] for e in order["events"]] == ["issued", *[s[0] for s in steps]]
        assert order["status"] == "arrived"


def test_a_copy_sent_twice_in_one_batch_gets_the_first_copys_position(server):
    token = server.add_station(A)
    station = server.client(token)
    oid = server.issue_order(A)["id"]
    first = new_event(oid, "received")
    results = _push(station, [first, new_event(oid, "note", {"text": "到店"}), dict(first)])
    assert [r["status"] for r in results] == ["accepted", "accepted", "duplicate"]
    assert results[2]["seq"] == results[0]["seq"]
    assert results[2]["original"]["seq"] == results[0]["seq"]
    assert len(station.get(f"/v1/orders/{oid}").json()["events"]) == 3


def _connect(db_url: str, cluster):
    if db_url.startswith("postgresql"):
        return psycopg2.connect(dbname=db_url.rsplit("/", 1)[1], user="postgres",
                                host="127.0.0.1", port=cluster.port)
    import sqlite3

    return sqlite3.connect(db_url)


def _updated_at(db_url: str, order_id: str, cluster) -> datetime:
    conn = _connect(db_url, cluster)
    try:
        cur = conn.cursor()
        cur.execute("SELECT updated_at FROM cc_orders WHERE id = " +
                    ("%s" if db_url.startswith("postgresql") else "?"), (order_id,))
        return datetime.fromisoformat(str(cur.fetchone()[0]))
    finally:
        conn.close()


def _set_updated_at(db_url: str, order_id: str, cluster, at: datetime) -> None:
    """As if the order was last touched at ``at`` (by another process: none remembers it)."""
    conn = _connect(db_url, cluster)
    try:
        p = "%s" if db_url.startswith("postgresql") else "?"
        conn.cursor().execute(f"UPDATE cc_orders SET updated_at = {p} WHERE id = {p}",
                              (at.isoformat(timespec="microseconds"), order_id))
        conn.commit()
    finally:
        conn.close()


def test_a_note_moves_the_orders_updated_at_once_it_is_a_minute_old(server, request):
    """A new PC's rebuild fetches closed orders by `updated_at`: an event that changes no
    derived column must still move it — to within a minute (the rebuild's window is days;
    a station's queue touches the same orders many times a minute, and each write of the
    row costs the database a page)."""
    cluster = (request.getfixturevalue("postgres_cluster")
               if server.db_url.startswith("postgresql") else None)
    token = server.add_station(A)
    station = server.client(token)
    oid = server.issue_order(A)["id"]
    _push(station, [new_event(oid, "received")])
    long_ago = datetime.now(UTC) - timedelta(days=40)
    _set_updated_at(server.db_url, oid, cluster, long_ago)
    before_note = datetime.now(UTC)
    assert [r["status"] for r in _push(station, [new_event(oid, "note", {"text": "备注"})])
            ] == ["accepted"]
    moved = _updated_at(server.db_url, oid, cluster)
    assert moved >= before_note - timedelta(seconds=1)
    # written less than a minute ago: a print changes nothing the rebuild would miss
    assert [r["status"] for r in _push(station, [new_event(oid, "form_printed",
                                                           {"form": "job_sheet"})])
            ] == ["accepted"]
    assert _updated_at(server.db_url, oid, cluster) == moved
    # a state change writes the row, and with it `updated_at`, whatever its age
    _push(station, [new_event(oid, "contact_attempt", {"outcome": "reached"})])
    assert _updated_at(server.db_url, oid, cluster) > moved


@pytest.mark.postgres
def test_an_id_stored_meanwhile_by_another_transaction_is_judged_again(
        postgres_cluster, callcenter_pg_database, monkeypatch):
    """Between the batch's look-up of its ids and its INSERT, another transaction stores one
    of them on another order: the batch is judged again, that event is refused as a reused
    id, the others are stored once."""
    from callcenter.models import ALL_MODELS
    from tests.callcenter.conftest import _has_schema
    from tests.support.callcenter_server import CallCenterServer

    url = callcenter_pg_database
    if _has_schema(postgres_cluster, url):
        postgres_cluster.truncate(url, [m._meta.table_name for m in ALL_MODELS
                                        if m._meta.table_name != "cc_meta"])
    with CallCenterServer(url, fallback_poll=120) as server:
        token = server.add_station(A)
        station = server.client(token)
        mine, other = server.issue_order(A)["id"], server.issue_order(A)["id"]
        batch = [new_event(mine, "received"), new_event(mine, "note", {"text": "一"})]
        taken = batch[1]["id"]
        real_prefetch = working_set.Working.prefetch
        calls = []

        def prefetch(self, events):
            real_prefetch(self, events)
            if not calls:  # only the first time: the second judging sees the stored row
                calls.append(1)
                conn = psycopg2.connect(dbname=url.rsplit("/", 1)[1], user="postgres",
                                        host="127.0.0.1", port=postgres_cluster.port)
                with conn, conn.cursor() as cur:
                    cur.execute(
                        "INSERT INTO cc_events (id, order_id, type, station_code, occurred_at,"
                        " content, status, reason, token_id, role, received_at) VALUES (%s, %s,"
                        " 'note', %s, '2026-12-01T00:00:00.000000+00:00', %s, 'accepted', '',"
                        " 'x', 'station', '2026-12-01T00:00:00.000000+00:00')",
                        (taken, other, A, json.dumps({"order_id": other})))
                conn.close()

        monkeypatch.setattr(working_set.Working, "prefetch", prefetch)
        results = _push(station, batch)
        assert calls == [1]
        assert [r["status"] for r in results] == ["accepted", "rejected"]
        assert results[1]["why"]["code"] == "id_reused"
        events = station.get(f"/v1/orders/{mine}").json()["events"]
        assert [e["type"] for e in events] == ["issued", "received"]


def test_columns_recomputed_meanwhile_are_written_again_not_taken_as_unchanged(tmp_path):
    """This process remembers the columns it wrote and writes only those that change; a row
    whose deadlines were recomputed meanwhile under another policy (`callcenter recompute`,
    another server process) must get all of its columns from this process's policy."""
    from datetime import timedelta

    from callcenter import db as database
    from callcenter import derived, derived_store
    from callcenter.config import ServiceConfig
    from callcenter.models import OrderRow
    from station_app.domain import sla
    from station_app.domain.kinds import OrderKind
    from station_app.domain.sla import Clock, DeadlineName, Limit, SlaPolicy
    from tests.callcenter import derived_support as ds

    ds.open_db(tmp_path)
    config = ServiceConfig()
    oid = ds.issue(OrderKind.RESCUE, config)
    ds.record([ds.event(oid, "received", {}, 1, station="12345")], config)
    limits = {**sla.DEFAULT_LIMITS}
    limits[(OrderKind.RESCUE, None)] = {**limits[(OrderKind.RESCUE, None)],
                                        DeadlineName.CONTACT: Limit(40, Clock.ELAPSED)}
    other = ServiceConfig(policy=SlaPolicy(limits=limits))
    assert derived_store.recompute_deadlines(ds.NOW, other) == 1
    row = database.read(lambda: OrderRow.get_by_id(oid))
    assert row.contact_due_at == ds.BASE + timedelta(minutes=40)

    ds.record([ds.event(oid, "contact_attempt", {"outcome": "reached"}, 5, station="12345")],
              config)
    have, want, _stored, _folded = ds.stored_and_full(oid, config)
    assert have == want
    assert have["contact_due_at"] == ds.BASE + timedelta(minutes=15)
    assert have["derived_policy"] == derived.policy_fingerprint(config)
    database.db.obj.close_all()
