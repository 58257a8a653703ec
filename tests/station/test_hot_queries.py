"""The hand-made statements of station_app/hot_queries.py give what peewee's own queries give."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from station_app import hot_queries, order_fold, sync_status
from station_app.domain.events import EventType
from station_app.domain.lifecycle import STATE_NEUTRAL
from station_app.store import EventRow, OrderRow
from tests.station import factories as f


def _deliver(station, order):
    station.apply_changes(f.page(f.order_change(1, order)))


def test_an_order_row_reads_as_peewee_reads_it(station):
    order = f.order(kind="rescue")
    _deliver(station, order)
    mine = hot_queries.order_row(order.id)
    theirs = OrderRow.get_or_none(OrderRow.id == order.id)
    assert mine is not None and theirs is not None
    assert mine.__data__ == theirs.__data__ and mine.data == order.model_dump(mode="json")
    assert hot_queries.order_row(uuid.uuid4()) is None


def test_the_events_that_move_state_are_those_peewee_selects(station, clock):
    order = f.order()
    _deliver(station, order)
    station.record_contact(order.id, "no_answer")
    station.record_note(order.id, "用户在开会")
    station.record(order.id, EventType.FORM_PRINTED, {"form": "outside_service"})
    clock.advance(minutes=3)
    station.record_contact(order.id, "reached", "明天上午")
    neutral = [t.value for t in STATE_NEUTRAL]
    theirs = EventRow.select().where((EventRow.order == order.id)
                                     & EventRow.type.not_in(neutral))
    mine = sorted(hot_queries.fold_rows([order.id]), key=lambda e: e.seq)
    assert [(e.id, e.order_id, e.type, e.occurred_at, e.station_code, e.payload, e.result,
             e.origin, e.seq) for e in mine] == \
        [(e.id, e.order_id, e.type, e.occurred_at, e.station_code, e.payload, e.result,
          e.origin, e.seq) for e in theirs.order_by(EventRow.seq)]
    assert [(e.acked_at is None) for e in mine] == [(e.acked_at is None) for e in theirs]
    assert [e.type for e in mine] == ["issued", "contact_attempt", "contact_attempt"]
    assert hot_queries.fold_rows([uuid.uuid4()]) == []
    assert order_fold.fold(OrderRow.get_by_id(order.id), mine) == order_fold.fold(
        OrderRow.get_by_id(order.id), theirs)


def test_storing_an_order_state_writes_the_three_columns(station, clock):
    order = f.order()
    _deliver(station, order)
    due = clock() + timedelta(minutes=30)
    with station.store.transaction():
        hot_queries.store_order_state(order.id, "contacted", due, clock())
    row = OrderRow.get_by_id(order.id)
    assert (row.status, row.next_due_at, row.updated_at) == ("contacted", due, clock())
    with station.store.transaction():
        hot_queries.store_order_state(order.id, "completed", None, clock())
    assert OrderRow.get_by_id(order.id).next_due_at is None


def test_an_inserted_event_is_the_row_peewee_would_insert(station, clock):
    order = f.order()
    _deliver(station, order)
    values = dict(order=order.id, type="note", occurred_at=clock(), recorded_at=clock(),
                  author="张三", station_code="34012", payload={"text": "中文"}, origin="local")
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    with station.store.transaction():
        hot_queries.insert(EventRow, id=mine, **values)
        EventRow.insert(id=theirs, **values).execute()
    a, b = EventRow.get(EventRow.id == mine).__data__, EventRow.get(EventRow.id == theirs).__data__
    assert {k: v for k, v in a.items() if k not in ("id", "seq")} == \
        {k: v for k, v in b.items() if k not in ("id", "seq")}
    assert a["attempts"] == 0 and a["result_reason"] == ""  # the fields' defaults


def test_an_unknown_column_is_refused(station):
    with pytest.raises(TypeError, match="colour"):
        hot_queries.insert(EventRow, id=uuid.uuid4(), colour="red")


def test_sync_values_read_back_and_missing_ones_take_the_default(station):
    with station.store.transaction():
        station.store.set_sync(sync_status.CLOCK_OFFSET, -1234)
        station.store.set_sync("something", {"a": [1, "二"]})
    assert station.store.get_sync(sync_status.CLOCK_OFFSET) == -1234
    assert station.store.get_sync("something") == {"a": [1, "二"]}
    assert station.store.get_sync("nothing", 7) == 7


def test_a_push_counts_its_attempts_and_writes_the_answers(station, clock):
    order = f.order()
    _deliver(station, order)
    first = station.record_contact(order.id, "reached")
    second = station.record_note(order.id, "已出发")
    rows = {e.id: e for e in EventRow.select().where(EventRow.origin == "local")}
    with station.store.transaction():
        hot_queries.count_attempts([rows[first.id].seq, rows[second.id].seq], clock())
    clock.advance(seconds=30)
    with station.store.transaction():
        hot_queries.count_attempts([rows[second.id].seq], clock())
        hot_queries.acknowledge([(first.id, "accepted", "", 41),
                                 (second.id, "late", "订单已取消 / cancelled", 42)], clock())
    a, b = EventRow.get(EventRow.id == first.id), EventRow.get(EventRow.id == second.id)
    assert (a.attempts, a.last_attempt_at) == (1, clock() - timedelta(seconds=30))
    assert (b.attempts, b.last_attempt_at) == (2, clock())
    assert (a.acked_at, a.result, a.result_reason, a.server_seq) == (clock(), "accepted", "", 41)
    assert (b.result, b.result_reason, b.server_seq) == ("late", "订单已取消 / cancelled", 42)
