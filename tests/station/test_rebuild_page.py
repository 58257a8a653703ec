"""A rebuild page applied at the station: the orders new to this PC are written together; when
that cannot be (the page holds the same event twice), every order of the page goes the change
feed's way instead and each is still announced once."""

from __future__ import annotations

from station_app.domain.events import EventType
from tests.station.factories import event, issued, order, order_change, page


def test_a_page_that_cannot_be_written_together_is_applied_one_by_one(station):
    a, b, c = order(), order(), order()
    contact = event(a, EventType.CONTACT_ATTEMPT, {"outcome": "reached"},
                    station_code=station.code, author="张三")
    twice = contact.model_copy(update={"order_id": c.id})  # a call center's slip
    pages = [order_change(0, a, [issued(a), contact]), order_change(0, b),
             order_change(0, c, [issued(c), twice])]
    applied = station.apply_rebuild({"orders": pages, "next": None, "last_seq": 7})
    assert applied.new == [b.id]  # once; a and c carry this station's entry: no news here
    assert sorted(map(str, applied.changed)) == sorted(map(str, [a.id, b.id, c.id]))
    assert station.order(a.id).state.status.value == "contacted"
    assert station.order(b.id).state.status.value == "new"
    assert applied.cursor == 7


def test_a_rebuild_of_more_than_a_page_brings_every_order(callcenter_server, tmp_path):
    from station_app import wire_devices
    from station_app.station import Station
    from station_app.sync import SyncClient
    from station_app.transport import HttpTransport
    from tests.station.factories import STATION

    server = callcenter_server
    token = server.add_station(STATION, "合肥一站")
    ids = {server.issue_order(STATION, customer={"name": "张先生", "phone": "13912345678"},
                              location="合肥市“蜀山区”长江西路")["id"] for _ in range(105)}
    first = server.client(token).get("/v1/rebuild").json()
    page = wire_devices.RebuildPage.model_validate(first)
    assert len(page.orders) == 100 and page.next == page.orders[-1].order_id
    assert page.orders[0].order["location"] == "合肥市“蜀山区”长江西路"
    rest = server.client(token).get("/v1/rebuild", params={"after": page.next}).json()
    assert len(rest["orders"]) == 5 and rest["next"] is None
    with Station.open(tmp_path / "pc") as st:
        st.set_settings({"station_code": STATION, "user": "新电脑",
                         "server_url": server.base_url})
        st.set_token(token)
        transport = HttpTransport(server.base_url, token)
        try:
            SyncClient(st, transport).once()
        finally:
            transport.close()
        assert {str(i) for i in st.order_ids()} == ids


def test_rebuilt_after_a_restore_only_what_the_call_center_lost_goes_again(station, clock):
    """The call center's database was restored from an older backup (`sync.SyncClient.pull`
    meets `feed_rewound`): its copy of the order lacks the contact it had acknowledged. The
    contact goes back in the outbox; an entry it had refused stays refused and is not sent;
    the order, nothing new in it, is not shown as news; the positions the call center gives
    now replace the old ones."""
    from station_app import hot_queries, rebuild
    from station_app.store import EventRow

    a = order()
    issued_a = issued(a)
    station.apply_changes(page(order_change(1, a, [issued_a])))
    station.mark_read(a.id)  # received: sent and acknowledged below
    received = station.outbox()[0].event_id
    contact = station.record_contact(a.id, "reached")
    note = station.record_note(a.id, "客户改约")
    why = '{"code": "not_allowed_now", "field": "", "message_en": "no", "message_zh": "否"}'
    with station.store.transaction():
        hot_queries.acknowledge([(received, "accepted", "", 2), (contact.id, "accepted", "", 3),
                                 (note.id, "rejected", why, None)], clock())
    assert [e.event_id for e in station.outbox()] == [note.id]  # (shown as refused)
    kept = next(t.event for t in station.order(a.id).timeline if t.event.id == received)
    restored = {**order_change(0, a, [issued_a, kept]), "positions": [1, 9]}

    with station.store.transaction():
        rebuild.restart(station.store)
    applied = station.apply_rebuild({"orders": [restored], "next": None, "last_seq": 1,
                                     "last_mark": "00000000000000aa"})
    assert applied.resent == 1 and applied.new == []
    waiting = {e.event_id: e.state for e in station.outbox()}
    assert waiting == {contact.id: "waiting", note.id: "rejected"}
    assert not station.order(a.id).unread
    assert EventRow.get(EventRow.id == received).server_seq == 9
    assert applied.cursor == 1
    assert station.store.get_sync("cursor_mark") == "00000000000000aa"


def test_an_order_the_restored_call_center_lacks_says_so_at_the_counter(station, clock):
    """After a restore the call center's copy has no trace of an order issued after its backup.
    The PC keeps the order and what was recorded on it, and says on the order that the call
    center lost it (what it records there will be answered "unknown order"). It says so only
    of the orders the call center would have listed: open, or issued within the window, not
    typed in here, not cancelled. An order the feed brings again loses the notice."""
    from datetime import timedelta

    from station_app import rebuild
    from station_app.order_detail import Notice
    from tests.station.factories import event_change

    kept, lost, old = order(), order(), order(issued_at=clock() - timedelta(days=40))
    cancelled = order()
    kept_issued = [issued(kept)]
    old_events = [issued(old), event(old, EventType.CANCELLED, {"reason": "客户取消"})]
    cancelled_events = [issued(cancelled),
                        event(cancelled, EventType.CANCELLED, {"reason": "重复派单"})]
    station.apply_changes(page(order_change(1, kept, kept_issued), order_change(2, lost),
                               order_change(3, old, old_events),
                               order_change(4, cancelled, cancelled_events)))
    contact = station.record_contact(lost.id, "reached")
    for oid in (kept.id, lost.id):
        station.mark_read(oid)
    typed = station.enter_order_by_phone({
        "business_no": "BN-PHONE-1", "station_code": station.code, "kind": "dispatch",
        "customer": {"name": "李女士", "phone": "13900001111"}, "location": "合肥市"})
    assert station.order(lost.id).notice is None

    with station.store.transaction():
        rebuild.restart(station.store)
    first = station.apply_rebuild({"orders": [{**order_change(0, kept, kept_issued), "seq": None}],
                                   "next": str(kept.id), "last_seq": 1})
    assert lost.id not in first.changed  # nothing is said before the last page is in
    last = station.apply_rebuild({"orders": [], "next": None, "last_seq": 1})

    gone = station.order(lost.id)
    assert gone.notice is Notice.GONE_FROM_CALL_CENTER
    assert gone.unread  # shown to the clerk, as news is
    assert any(t.event.id == contact.id for t in gone.timeline)  # what was recorded stays
    assert last.changed == [lost.id] and last.new == []  # no new-order alert for it
    assert station.order(kept.id).notice is None
    assert station.order(old.id).notice is Notice.CANCELLED
    assert station.order(cancelled.id).notice is Notice.CANCELLED
    assert station.order(typed).notice is None

    # The call center has it again: issued again under its id, or sending a fact about it.
    station.apply_changes(page(order_change(5, lost)))
    assert station.order(lost.id).notice is None
    with station.store.transaction():
        station.store.set_sync("cursor", 0)  # (the next restore)
        rebuild.restart(station.store)
    station.apply_rebuild({"orders": [], "next": None, "last_seq": 5})
    assert station.order(lost.id).notice is Notice.GONE_FROM_CALL_CENTER
    assert station.order(kept.id).notice is Notice.GONE_FROM_CALL_CENTER  # unlisted this time
    station.apply_changes(page(event_change(6, event(lost, EventType.NOTE, {"text": "已补录"}))))
    assert station.order(lost.id).notice is None
    with station.store.transaction():
        rebuild.restart(station.store)
    station.apply_rebuild({"orders": [{**order_change(0, kept, kept_issued), "seq": None}],
                           "next": None, "last_seq": 6})
    assert station.order(kept.id).notice is None  # listed again


def test_a_new_pcs_rebuild_says_no_order_is_lost(station):
    """A PC's first rebuild is no restore: an order it has that the pages do not bring (typed
    in here, or issued to it by the feed before the rebuild finished) is not called lost."""
    mine = order()
    station.apply_changes(page(order_change(1, mine)))
    station.store.set_sync("cursor", 0)
    station.apply_rebuild({"orders": [], "next": None, "last_seq": 1})
    assert station.order(mine.id).notice is None


def test_what_the_restored_call_center_lost_of_its_own_no_longer_counts(station, clock):
    """The call center cancelled an order after its backup, then was restored: its copy of the
    order is assigned to the station again. The PC must not go on showing it cancelled (the
    station would leave a live order alone): the cancellation, which the call center no longer
    holds, is kept on the timeline marked lost there and moves nothing; the order says why and
    is shown as news. An entry a clerk of this station made on another PC stays: that PC sends
    it again."""
    from station_app import rebuild
    from station_app.order_detail import Notice, SyncMark

    a = order()
    issued_a = issued(a)
    urge = event(a, EventType.URGED, {"reason": "用户来电"})
    other_pc = event(a, EventType.CONTACT_ATTEMPT, {"outcome": "reached"},
                     station_code=station.code, author="李四")
    cancel = event(a, EventType.CANCELLED, {"reason": "客户取消"})
    station.apply_changes(page(order_change(1, a, [issued_a, urge]),
                               {"seq": 2, "kind": "event", "order_id": str(a.id),
                                "event": other_pc.model_dump(mode="json")},
                               {"seq": 3, "kind": "event", "order_id": str(a.id),
                                "event": cancel.model_dump(mode="json")}))
    station.mark_read(a.id)
    assert station.order(a.id).state.status.value == "cancelled"

    with station.store.transaction():
        rebuild.restart(station.store)
    applied = station.apply_rebuild({"orders": [order_change(0, a, [issued_a, urge])],
                                     "next": None, "last_seq": 1})
    detail = station.order(a.id)
    assert detail.state.status.value == "contacted"  # assigned again, as the call center says
    marks = {t.event.id: t.sync for t in detail.timeline}
    assert marks[cancel.id] is SyncMark.WITHDRAWN  # kept, and shown as lost there
    assert marks[other_pc.id] is SyncMark.FROM_SERVER and marks[urge.id] is SyncMark.FROM_SERVER
    assert detail.notice is Notice.RESTORED_AT_CALL_CENTER and detail.unread
    assert a.id in applied.changed and applied.new == []

    # The feed's next word of the order counts as ever; a rebuild that is no restore withdraws
    # nothing.
    note = event(a, EventType.URGED, {"reason": "再次来电"})
    station.apply_changes(page({"seq": 2, "kind": "event", "order_id": str(a.id),
                                "event": note.model_dump(mode="json")}))
    assert station.order(a.id).notice is Notice.URGED
