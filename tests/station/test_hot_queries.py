"""The hand-made statements of station_app/hot_queries.py give what peewee's own queries give."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from station_app import hot_queries, order_fold, sync_status
from station_app.domain.events import EventType
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
    mine = [e.__data__ for e in hot_queries.state_event_rows(order.id)]
    theirs = [e.__data__ for e in order_fold.state_events(order.id)]
    assert mine == theirs
    assert [d["type"] for d in mine] == ["issued", "contact_attempt", "contact_attempt"]
    assert hot_queries.state_event_rows(uuid.uuid4()) == []


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
