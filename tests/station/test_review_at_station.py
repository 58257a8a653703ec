"""The reviewer's actions as the station lives them (issue #18): a send-back to re-fill shows
its reason and lets the station send a corrected report; an urge and a handling-log line arrive
with their text; a forgotten arrival entered after the completion is a correction, not refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from station_app.domain.events import EventType
from station_app.order_detail import Notice, SyncMark
from station_app.sync import SyncClient, default_transport_factory
from tests.station.factories import STATION

pytestmark = pytest.mark.integration

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORT = {"work_done": "更换起动机", "technicians": ["李四"]}


@pytest.fixture
def client(live_station) -> Iterator[SyncClient]:
    c = SyncClient(live_station, default_transport_factory(live_station)())
    yield c
    c.transport.close()


def _completed(server, station, client) -> UUID:
    order = server.issue_order(STATION, issued_at=(datetime.now(UTC)
                                                   - timedelta(hours=2)).isoformat())
    client.once()
    oid = UUID(order["id"])
    station.record_contact(oid, "reached", "")
    station.record(oid, EventType.COMPLETED, REPORT)
    client.once()
    return oid


def test_refill_shows_the_reason_and_the_corrected_report_is_accepted(callcenter_server,
                                                                        live_station, client):
    oid = _completed(callcenter_server, live_station, client)
    r = callcenter_server.reviewer.post(f"/v1/orders/{oid}/send-back",
                                        json={"mode": "refill", "reason": "请补填配件编号"})
    assert r.status_code == 200, r.text
    _, applied = client.once()
    assert oid in applied.new  # alerted like a new order
    detail = live_station.order(oid)
    assert detail.notice is Notice.SENT_BACK and detail.notice_reason == "请补填配件编号"
    assert EventType.COMPLETED in detail.allowed_actions
    fixed = live_station.record(oid, EventType.COMPLETED, {
        **REPORT, "parts": [{"name": "起动机", "part_no": "QD-101"}],
        "service_place": "station", "service_address": "合肥一站车间"})
    report, _ = client.once()
    assert (report.delivered, report.late) == (1, 0)
    entry = next(e for e in live_station.order(oid).timeline if e.event.id == fixed.id)
    assert entry.sync is SyncMark.DELIVERED
    done = live_station.order(oid).state.completed_at.astimezone(SHANGHAI).date()
    page = callcenter_server.reviewer.get("/v1/audit", params={
        "date": done.isoformat(), "state": "all"}).json()
    item = next(o for o in page["orders"] if o["order"]["id"] == str(oid))
    assert {c["field"] for c in item["report_changes"]} == {
        "parts", "service_place", "service_address"}


def test_urge_and_handling_log_reach_the_station_with_their_text(callcenter_server,
                                                                 live_station, client):
    order = callcenter_server.issue_order(STATION)
    client.once()
    oid = UUID(order["id"])
    callcenter_server.dispatcher.post(f"/v1/orders/{oid}/log", json={
        "text": "联系服务站王先生,其表示马上联系用户"}).raise_for_status()
    callcenter_server.dispatcher.post(f"/v1/orders/{oid}/urge", json={
        "reason": "用户第二次来电"}).raise_for_status()
    _, applied = client.once()
    assert oid in applied.new
    detail = live_station.order(oid)
    assert detail.notice is Notice.URGED and detail.notice_reason == "用户第二次来电"
    notes = [e for e in detail.timeline if e.event.type is EventType.NOTE]
    assert [n.event.payload["text"] for n in notes] == ["联系服务站王先生,其表示马上联系用户"]
    assert notes[0].sync is SyncMark.FROM_SERVER and notes[0].event.author == "调度员 Dispatcher"


def test_a_forgotten_arrival_is_recorded_as_a_correction(callcenter_server, live_station,
                                                         client):
    oid = _completed(callcenter_server, live_station, client)
    done_at = live_station.order(oid).state.completed_at
    arrived = live_station.record(oid, EventType.ARRIVED, {},
                                  occurred_at=done_at - timedelta(minutes=40),
                                  backdate_reason="忘记登记到达")
    assert live_station.order(oid).state.status.value == "completed"
    report, _ = client.once()
    assert (report.delivered, report.late) == (1, 0)
    held = callcenter_server.reviewer.get(f"/v1/orders/{oid}").json()
    assert arrived.id not in [UUID(x) for x in held["late_event_ids"]]
    # after the completion time it does not fit: still refused at the station
    with pytest.raises(Exception, match="completed"):
        live_station.record(oid, EventType.ARRIVED, {})
