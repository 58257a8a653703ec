"""#16 item 7 at the station: the call center's reasons arrive as data (a code and a text in
each language), a resent event keeps its first copy's verdict, and the clerk reads the reason
in the language of the window, never the two joined."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest

from common.refusal import Refusal
from station_app.order_detail import SyncMark
from station_app.store import EventRow
from station_app.sync import SyncClient, default_transport_factory
from tests.station.factories import STATION


@pytest.fixture
def client(live_station) -> Iterator[SyncClient]:
    c = SyncClient(live_station, default_transport_factory(live_station)())
    yield c
    c.transport.close()


def test_a_late_fact_resent_after_a_lost_reply_stays_late_with_its_reason(
        callcenter_server, live_station, client):
    order = callcenter_server.issue_order(STATION)
    client.once()
    oid = UUID(order["id"])
    callcenter_server.cancel_order(order["id"], "用户已自行修好")
    departed = live_station.record_departed(oid, ["李四"])
    client.push()
    # The reply never made it: the event goes again and comes back a duplicate.
    EventRow.update(acked_at=None, result=None, result_reason="").where(
        EventRow.id == departed.id).execute()
    report = client.push()
    assert report.delivered == 1
    entry = next(e for e in live_station.order(oid).timeline if e.event.id == departed.id)
    assert entry.sync is SyncMark.LATE  # was "delivered": the first copy's verdict was lost
    assert entry.why is not None and entry.why.code == "late_after_cancel"
    assert "cancelled" in entry.why.message_en and "已取消" in entry.why.message_zh
    assert " / " not in entry.why.message_en + entry.why.message_zh


def test_a_rejected_event_carries_the_servers_code_and_both_texts(callcenter_server,
                                                                  live_station, client):
    order = callcenter_server.issue_order(STATION)
    client.once()
    oid = UUID(order["id"])
    # An entry that claims another PC's device id: refused, and the server says which rule.
    event = live_station.record_departed(oid, ["李四"])
    EventRow.update(device_id="not-this-pc").where(EventRow.id == event.id).execute()
    client.push()
    [entry] = [e for e in live_station.outbox() if e.event_id == event.id]
    assert entry.state == "rejected"
    assert entry.why == Refusal.of("other_device", entry.why.message_en, entry.why.message_zh,
                                   "device_id")
    assert "device" in entry.why.message_en and "设备" in entry.why.message_zh
