"""The Station core on a real SQLite file: queries, writes, pulled changes, phone orders."""

from __future__ import annotations

import logging
import stat
from datetime import timedelta
from decimal import Decimal

import pytest

from station_app.domain.events import EventType
from station_app.domain.lifecycle import Status
from station_app.order_detail import Notice, SyncMark
from station_app.orders_query import OrderFilter
from station_app.record_checks import RecordError
from station_app.station import Station
from station_app.store import EventRow, OrderRow, QuarantinedChange
from tests.station import factories as f


def _deliver(station: Station, *orders, start: int = 1):
    changes = [f.order_change(start + i, o) for i, o in enumerate(orders)]
    return station.apply_changes(f.page(*changes))


def _pretend_delivered(station: Station) -> None:
    """What a push does to the outbox, without a server (the sync tests use a real one)."""
    EventRow.update(acked_at=station.now(), result="accepted").where(
        EventRow.acked_at.is_null() & (EventRow.origin == "local")).execute()


def test_settings_are_checked_and_written_all_or_none(station):
    with pytest.raises(RecordError) as err:
        station.set_settings({"station_name": "二站", "server_url": "ftp://x"})
    assert err.value.field == "server_url"
    assert station.settings.get("station_name") == "合肥一站"
    with pytest.raises(RecordError) as err:
        station.set_settings({"no_such": 1})
    assert err.value.field == "no_such"
    station.set_settings({"server_url": "http://127.0.0.1:8000/", "timezone": "Asia/Urumqi"})
    assert station.settings.get("server_url") == "http://127.0.0.1:8000"
    assert station.settings.get("timezone") == "Asia/Urumqi"
    assert station.settings.get("language") == ""


def test_token_lives_in_a_private_file_not_in_the_database(station):
    assert station.token() is None
    station.set_token("secret-token-1")
    path = station.data_dir / "token"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert station.token() == "secret-token-1"
    assert b"secret-token-1" not in (station.data_dir / "station.sqlite3").read_bytes()
    with pytest.raises(RecordError):
        station.set_token("two words")


def test_a_new_order_arrives_unread_and_is_announced(station):
    seen = []
    unsubscribe = station.on_orders_changed(lambda ids, new: seen.append((ids, new)))
    o = f.order()
    applied = _deliver(station, o)
    assert applied.new == [o.id] and seen == [([o.id], [o.id])]
    s = station.summaries([o.id])[o.id]
    assert s.unread and s.status == "new" and s.business_no == o.business_no
    assert s.next_deadline == "contact" and s.events_waiting == 0
    assert station.sync_status().cursor == 1
    unsubscribe()
    _deliver(station, f.order(), start=2)
    assert len(seen) == 1


def test_reading_an_order_records_that_it_was_received(station):
    o = f.order()
    _deliver(station, o)
    event = station.mark_read(o.id)
    assert event is not None and event.type is EventType.RECEIVED
    detail = station.order(o.id)
    assert not detail.unread and detail.state.status is Status.RECEIVED
    assert station.mark_read(o.id) is None  # a second look records nothing


def test_recording_folds_the_status_and_waits_for_sync(station, clock):
    o = f.order()
    _deliver(station, o)
    station.record_contact(o.id, "reached", "明天上午")
    clock.advance(minutes=5)
    station.record_departed(o.id, ["李四"])
    detail = station.order(o.id)
    assert detail.state.status is Status.DEPARTED
    assert [e.sync for e in detail.timeline] == [SyncMark.FROM_SERVER, SyncMark.WAITING,
                                                   SyncMark.WAITING]
    assert EventType.ARRIVED in detail.allowed_actions
    assert EventType.DEPARTED not in detail.allowed_actions
    assert OrderRow.get_by_id(o.id).status == "departed"
    assert station.order_ids(OrderFilter.WAITING_SYNC) == [o.id]
    status = station.sync_status()
    assert status.events_waiting == 2 and status.oldest_waiting_age == timedelta(minutes=5)
    assert [e.state for e in station.outbox()] == ["waiting", "waiting"]


def test_an_action_the_lifecycle_forbids_is_refused_in_both_languages(station):
    o = f.order()
    _deliver(station, o)
    with pytest.raises(RecordError) as err:
        station.record(o.id, EventType.CANCELLED, {"reason": "x"})
    assert err.value.field == "type" and "呼叫中心" in err.value.zh
    station.record_declined(o.id, "没有配件")
    with pytest.raises(RecordError) as err:
        station.record_departed(o.id)
    assert err.value.field == "type" and "无法服务" in err.value.zh
    assert EventRow.select().count() == 2  # the issued event and the declined one


def test_a_bad_payload_names_the_field_and_writes_nothing(station):
    o = f.order()
    _deliver(station, o)
    with pytest.raises(RecordError) as err:
        station.record(o.id, EventType.COMPLETED, {"work_done": "换电瓶", "technicians": []})
    assert err.value.field == "payload" or "technicians" in err.value.en
    with pytest.raises(RecordError) as err:
        station.record(o.id, EventType.COMPLETED,
                       {"work_done": "换电瓶", "technicians": ["李四"],
                        "parts": [{"name": "电瓶", "price": "-3"}]})
    assert "price" in err.value.en
    assert EventRow.select().count() == 1
    event = station.record(o.id, EventType.COMPLETED,
                           {"work_done": "换电瓶", "technicians": ["李四"],
                            "parts": [{"name": "电瓶", "price": "320.5"}]})
    assert Decimal(event.payload["parts"][0]["price"]) == Decimal("320.50")


def test_backdated_entries_need_a_reason_and_future_ones_are_impossible(station, clock):
    o = f.order()
    _deliver(station, o)
    earlier = clock() - timedelta(minutes=3)
    with pytest.raises(RecordError) as err:
        station.record_contact(o.id, "no_answer", occurred_at=earlier)
    assert err.value.field == "backdate_reason"
    with pytest.raises(RecordError) as err:
        station.record_contact(o.id, "no_answer", occurred_at=clock() + timedelta(minutes=10))
    assert err.value.field == "occurred_at" and "impossible" in err.value.en
    with pytest.raises(RecordError) as err:
        station.record_contact(o.id, "no_answer", occurred_at=o.issued_at - timedelta(hours=1),
                               backdate_reason="忘记记录")
    assert err.value.field == "occurred_at"
    event = station.record_contact(o.id, "no_answer", occurred_at=earlier,
                                   backdate_reason="停电,补录")
    assert event.occurred_at == earlier and event.recorded_at == clock()
    assert event.backdate_reason == "停电,补录"


def test_filters_and_search(station, clock):
    rescue = f.order(kind="rescue", issued_at=clock() - timedelta(minutes=14),
                     customer={"name": "王先生", "phone": "13912345678"},
                     vehicle={"plate": "苏A12345", "vin": "LFV2A21K5A3043999"})
    late = f.order(issued_at=clock() - timedelta(days=5))
    done = f.order()
    _deliver(station, rescue, late, done)
    station.record_declined(done.id, "不在服务区域")
    assert set(station.order_ids(OrderFilter.OPEN)) == {rescue.id, late.id}
    assert station.order_ids(OrderFilter.CLOSED) == [done.id]
    assert station.order_ids(OrderFilter.DUE_SOON) == [rescue.id]  # contact within 15 min
    assert station.order_ids(OrderFilter.OVERDUE) == [late.id]
    assert station.order_ids(OrderFilter.ALL, "苏a12") == [rescue.id]
    assert station.order_ids(OrderFilter.ALL, "13912345678") == [rescue.id]
    assert station.order_ids(OrderFilter.ALL, "3043999") == [rescue.id]
    assert station.order_ids(OrderFilter.ALL, late.business_no.lower()) == [late.id]
    assert station.order_ids(OrderFilter.ALL, "王先生 苏A") == [rescue.id]
    assert station.order_ids(OrderFilter.ALL, "%") == []
    assert station.count(OrderFilter.ALL) == 3
    # newest issued first
    assert station.order_ids(OrderFilter.ALL)[-1] == late.id


def test_a_cancellation_keeps_what_the_station_recorded(station, clock):
    o = f.order()
    _deliver(station, o)
    departed = station.record_departed(o.id, ["李四"])
    cancel = f.event(o, EventType.CANCELLED, {"reason": "用户已自行修好"}, at=clock())
    station.apply_changes(f.page(f.event_change(2, cancel)))
    detail = station.order(o.id)
    assert detail.notice is Notice.CANCELLED and detail.notice_reason == "用户已自行修好"
    # The call center wins: cancelled; the departure is kept as a late fact, still to be sent.
    assert detail.state.status is Status.CANCELLED
    assert [(e.event.type, e.sync, e.late_in_fold) for e in detail.timeline][1:] == [
        (EventType.DEPARTED, SyncMark.WAITING, True),
        (EventType.CANCELLED, SyncMark.FROM_SERVER, False),
    ]
    assert departed.id in detail.state.late_event_ids
    assert detail.unread


def test_reassigned_away_then_back(station):
    o = f.order()
    iss = f.issued(o)
    station.apply_changes(f.page(f.order_change(1, o, [iss])))
    contact = station.record_contact(o.id, "reached")
    _pretend_delivered(station)
    away = f.event(o, EventType.REASSIGNED, {"from_station": f.STATION,
                                             "to_station": f.OTHER_STATION, "reason": "距离太远"})
    station.apply_changes(f.page(f.event_change(2, away, kind="order_removed")))
    detail = station.order(o.id)
    assert detail.notice is Notice.REASSIGNED_AWAY and detail.notice_reason == "距离太远"
    assert detail.allowed_actions == {EventType.NOTE}
    assert len(detail.timeline) == 3
    back = f.event(o, EventType.REASSIGNED, {"from_station": f.OTHER_STATION,
                                             "to_station": f.STATION, "reason": "改回"})
    applied = station.apply_changes(f.page(f.order_change(3, o, [iss, contact, away, back])))
    assert applied.new == [o.id]
    detail = station.order(o.id)
    assert detail.notice is None and detail.state.status is Status.NEW
    assert EventType.CONTACT_ATTEMPT in detail.allowed_actions
    assert OrderRow.select().count() == 1 and EventRow.select().count() == 4


def test_reopened_order_shows_why(station):
    o = f.order()
    _deliver(station, o)
    station.record(o.id, EventType.COMPLETED, {"work_done": "换电瓶", "technicians": ["李四"]})
    _pretend_delivered(station)
    closed = f.event(o, EventType.CLOSED, {"close_date": "2026-03-03"})
    reopened = f.event(o, EventType.REOPENED, {"reason": "用户说还是打不着火"})
    station.apply_changes(f.page(f.event_change(2, closed), f.event_change(3, reopened)))
    detail = station.order(o.id)
    assert detail.notice is Notice.REOPENED and "打不着火" in detail.notice_reason
    assert detail.state.status is Status.RECEIVED


def test_an_order_taken_by_phone_merges_with_the_call_centers(station):
    o = f.order()
    fields = o.model_dump(mode="json", exclude={"id", "issued_at", "issued_by"})
    local_id = station.enter_order_by_phone(fields)
    with pytest.raises(RecordError) as err:
        station.enter_order_by_phone(fields)
    assert err.value.field == "business_no"
    contact = station.record_contact(local_id, "reached", "电话接单后联系")
    assert [e.state for e in station.outbox()] == ["held"]
    assert station.order(local_id).entered_locally
    applied = station.apply_changes(f.page(f.order_change(1, o)))
    assert o.id in applied.new and local_id in applied.changed
    assert OrderRow.select().count() == 1
    detail = station.order(o.id)
    assert not detail.entered_locally
    assert [e.event.type for e in detail.timeline] == [EventType.ISSUED,
                                                         EventType.CONTACT_ATTEMPT]
    assert EventRow.get(EventRow.id == contact.id).order_id == o.id
    assert [e.state for e in station.outbox()] == ["waiting"]
    assert detail.state.status is Status.CONTACTED


def test_a_phone_order_needs_a_business_number_and_valid_fields(station):
    o = f.order()
    fields = o.model_dump(mode="json", exclude={"id", "issued_at", "issued_by", "business_no"})
    with pytest.raises(RecordError) as err:
        station.enter_order_by_phone(fields)
    assert err.value.field == "business_no"
    fields["business_no"] = "BN-PHONE-1"
    fields["customer"]["phone"] = "12"
    with pytest.raises(RecordError) as err:
        station.enter_order_by_phone(fields)
    assert err.value.field == "customer.phone"


def test_malformed_changes_are_quarantined_and_do_not_stop_the_rest(station, caplog):
    a, b = f.order(), f.order()
    bad_types = f.order_change(2, a)
    bad_types["order"]["issued_at"] = "yesterday"
    unknown = {"seq": 3, "kind": "teleport", "order_id": str(a.id)}
    no_seq = {"seq": "four", "kind": "order"}
    orphan = f.event_change(5, f.event(f.order(), EventType.NOTE, {"text": "x"}))
    caplog.set_level(logging.WARNING, logger="station_app.sync")
    applied = station.apply_changes(
        f.page(f.order_change(1, b), bad_types, unknown, no_seq, orphan,
               f.order_change(6, a), last_seq=6))
    assert applied.quarantined == 4 and set(applied.new) == {a.id, b.id}
    assert station.sync_status().cursor == 6
    assert {q.seq for q in QuarantinedChange.select()} == {2, 3, -1, 5}
    messages = [r.getMessage() for r in caplog.records if r.name == "station_app.sync"]
    assert len(messages) == 4
    assert any("seq=3" in m and "teleport" in m for m in messages)
    assert any("seq=2" in m and "issued_at" in m for m in messages)


def test_a_repeated_page_changes_nothing(station):
    o = f.order()
    page = f.page(f.order_change(1, o))
    station.apply_changes(page)
    station.mark_read(o.id)
    applied = station.apply_changes(page)
    assert applied.changed == [] and not station.order(o.id).unread
    assert EventRow.select().count() == 2


def test_a_reader_and_a_writer_thread_at_once(station):
    import threading

    orders = [f.order() for _ in range(20)]
    _deliver(station, *orders)
    errors: list[BaseException] = []

    def write():
        try:
            for o in orders:
                station.record_contact(o.id, "no_answer")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    t = threading.Thread(target=write)
    t.start()
    while t.is_alive():
        ids = station.order_ids(OrderFilter.OPEN)
        station.summaries(ids[:10])
    t.join()
    assert not errors
    assert station.sync_status().events_waiting == 20
    assert station.store.integrity_ok()


def test_a_slow_pc_clock_is_not_mistaken_for_a_time_before_the_order(station, clock):
    from station_app import sync_status

    o = f.order(issued_at=clock())  # issued "now" by the server's clock
    _deliver(station, o)
    clock.advance(minutes=-10)  # this PC runs 10 minutes slow …
    with station.store.transaction():  # … and sync has measured it
        station.store.set_sync(sync_status.CLOCK_OFFSET, 10 * 60 * 1000)
    event = station.record_contact(o.id, "reached")
    assert event.clock_offset_ms == 600_000
    assert station.sync_status().clock_warning


def test_deadlines_are_measured_on_the_servers_clock(station, clock):
    from station_app import sync_status

    o = f.order(kind="rescue", issued_at=clock())  # contact due 15 minutes after issue
    _deliver(station, o)
    clock.advance(minutes=-20)  # this PC is 20 minutes slow: by its clock nothing is late
    assert station.order_ids(OrderFilter.OVERDUE) == []
    with station.store.transaction():
        station.store.set_sync(sync_status.CLOCK_OFFSET, 20 * 60 * 1000)
    clock.advance(minutes=16)  # server clock: 16 minutes after issue
    assert station.order_ids(OrderFilter.OVERDUE) == [o.id]
    assert station.summaries([o.id])[o.id].next_deadline_state == "breached"


def _whole_fold_summary(station: Station, order_id) -> tuple:
    """What an order's summary says, worked out the slow way: every event folded."""
    from station_app import order_fold

    row = OrderRow.get_by_id(order_id)
    events = list(EventRow.select().where(EventRow.order == order_id))
    state = order_fold.fold(row, events)
    nxt = order_fold.station_deadline(order_fold.order_deadlines(
        row, state, station.server_now(), station.settings.sla_policy(),
        station.settings.calendar()))
    local = [e for e in events if e.origin == "local"]
    return (state.status.value, nxt.name.value if nxt else None,
            nxt.state.value if nxt else None,
            sum(e.acked_at is None for e in local),
            sum(e.result == "rejected" for e in local))


def test_summaries_agree_with_folding_every_event(station, clock):
    busy, quiet, closed = f.order(kind="rescue"), f.order(), f.order()
    _deliver(station, busy, quiet, closed)
    for i in range(30):  # notes and printed forms never move the state: not read for it
        station.record_note(busy.id, f"第{i}条备注")
    station.record(busy.id, EventType.FORM_PRINTED, {"form": "outside_service"})
    station.record_contact(busy.id, "reached")
    station.record_departed(busy.id, ["李四"])
    station.record_declined(closed.id, "没有配件")
    _pretend_delivered(station)
    rejected = station.record_note(busy.id, "被拒绝的备注")
    EventRow.update(acked_at=clock(), result="rejected").where(
        EventRow.id == rejected.id).execute()
    station.record_note(busy.id, "待同步")
    station.record_arrived(busy.id)
    phoned = station.enter_order_by_phone({  # no `issued` event: folded from its document
        "business_no": "TEL-9", "station_code": busy.station_code, "kind": "rescue",
        "customer": {"name": "赵先生", "phone": "13900001111"}, "location": "肥西县"})
    station.record_contact(phoned, "reached")
    clock.advance(minutes=40)
    summaries = station.summaries([busy.id, quiet.id, closed.id, phoned])
    for oid in (busy.id, quiet.id, closed.id, phoned):
        s = summaries[oid]
        assert (s.status, s.next_deadline, s.next_deadline_state, s.events_waiting,
                s.events_rejected) == _whole_fold_summary(station, oid)
    assert summaries[phoned].status == "contacted" and summaries[phoned].entered_locally
    assert (summaries[busy.id].status, summaries[busy.id].events_waiting,
            summaries[busy.id].events_rejected) == ("arrived", 2, 1)
    assert summaries[closed.id].status == "declined"
    assert OrderRow.get_by_id(busy.id).status == "arrived"  # what recording stored


def test_a_setting_changed_is_read_back_at_once_and_a_failed_write_keeps_the_old(station):
    assert station.settings.calendar() is station.settings.calendar()  # parsed once
    before = station.settings.calendar()
    station.set_settings({"calendar": {**before.to_json(), "holidays": ["2026-12-25"]}})
    assert [d.isoformat() for d in station.settings.calendar().holidays] == ["2026-12-25"]
    printer = station.settings.get("printer")
    printer["port"] = "/dev/changed-by-the-caller"  # a copy: what is kept stays as saved
    assert station.settings.get("printer") == {}

    def refuse(values):
        raise OSError("disk full")
    real, station.store.set_settings = station.store.set_settings, refuse
    try:
        with pytest.raises(OSError):
            station.set_settings({"station_name": "改不了"})
    finally:
        station.store.set_settings = real
    assert station.settings.get("station_name") == "合肥一站"


def test_the_outbox_is_sent_as_the_wire_events_it_was_recorded_as(station, clock):
    from station_app import sync, sync_status, wire
    from station_app.order_detail import wire_event

    o, fault = f.order(kind="rescue"), f.order(kind="fault_mode")
    _deliver(station, o, fault)
    with station.store.transaction():  # sync has measured this PC's clock
        station.store.set_sync(sync_status.CLOCK_OFFSET, -2500)
    clock.advance(minutes=20)
    station.record_contact(o.id, "reached", "马上出发")
    station.record(fault.id, EventType.APPOINTMENT_BOOKED,
                   {"appointment_at": (clock() + timedelta(days=1)).isoformat()})
    station.record_departed(o.id, ["李四", "王五"], occurred_at=clock() - timedelta(minutes=9),
                            backdate_reason="忘了点出发")
    station.record_arrived(o.id)
    station.record(o.id, EventType.COMPLETED, {
        "work_done": "更换燃油泵", "technicians": ["李四"], "outside_distance_km": 23.5,
        "parts": [{"name": "燃油泵", "quantity": 1, "price": "380.00"}]})
    phoned = station.enter_order_by_phone({
        "business_no": "TEL-1", "station_code": o.station_code, "kind": "dispatch",
        "customer": {"name": "赵先生", "phone": "13900001111"}, "location": "肥西县"})
    station.record_note(phoned, "电话接的单")  # held until the call center's copy arrives
    outgoing = sync._outbox_batch(100)
    rows = {r.id: r for r in EventRow.select().where(EventRow.origin == "local")}
    assert [e.type for e in outgoing] == [
        "contact_attempt", "appointment_booked", "departed", "arrived", "completed"]
    for event in outgoing:
        assert wire.Event.model_validate(event.as_json) == wire_event(rows[event.id])
        assert event.order_id == rows[event.id].order_id
    assert [e.seq for e in sync._outbox_batch(2)] == [e.seq for e in outgoing[:2]]
    _pretend_delivered(station)
    assert sync._outbox_batch(100) == []
