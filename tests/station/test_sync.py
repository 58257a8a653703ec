"""Sync against the real call center on 127.0.0.1 with real SQLite files on both sides."""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from uuid import UUID

import pytest

from station_app import sync_status
from station_app.domain.events import EventType
from station_app.order_detail import Notice, SyncMark
from station_app.station import Station
from station_app.store import EventRow, OrderRow, QuarantinedChange
from station_app.sync import SyncClient, default_transport_factory
from station_app.sync_status import Link
from station_app.sync_worker import SyncWorker
from station_app.transport import LinkDown, TokenRefused
from tests.station.factories import OTHER_STATION, STATION
from tests.station.server_hooks import ClockAhead, RewriteChanges, WithoutRoute
from tests.support.callcenter_server import CallCenterServer
from tests.support.interrupt import FAULTHANDLER, interrupt

pytestmark = pytest.mark.integration


@pytest.fixture
def client(live_station) -> Iterator[SyncClient]:
    c = SyncClient(live_station, default_transport_factory(live_station)())
    yield c
    c.transport.close()


def server_events(server: CallCenterServer, order_id: UUID | str) -> list[dict]:
    r = server.dispatcher.get(f"/v1/orders/{order_id}")
    r.raise_for_status()
    return r.json()["events"]


def local_station_events(order_id: UUID) -> list[str]:
    return [str(e.id) for e in EventRow.select().where(
        (EventRow.order == order_id) & (EventRow.origin == "local")).order_by(EventRow.seq)]


def wait_until(cond: Callable[[], bool], what: str, timeout: float = 10) -> None:
    done = threading.Event()
    deadline = threading.Timer(timeout, done.set)
    deadline.start()
    try:
        while not cond():
            if done.wait(0.01):
                raise AssertionError(f"timed out waiting for {what}")
    finally:
        deadline.cancel()


def test_offline_then_online_every_event_arrives_once_in_order(callcenter_server, live_station,
                                                               client):
    orders = [callcenter_server.issue_order(STATION) for _ in range(10)]
    client.once()
    ids = [UUID(o["id"]) for o in orders]
    assert set(live_station.order_ids()) == set(ids)
    callcenter_server.stop()
    for i in range(200):
        oid = ids[i % 10]
        if i < 10:
            live_station.record_contact(oid, "no_answer", f"第{i}次")
        else:
            live_station.record_note(oid, f"记录 {i}")
    with pytest.raises(LinkDown):
        client.once()
    status = live_station.sync_status()
    assert status.link is Link.OFFLINE and status.events_waiting == 200
    assert "cannot reach" in status.last_error_en and status.last_error_zh
    callcenter_server.start()
    report, _ = client.once()
    assert (report.sent, report.delivered, report.rejected) == (200, 200, 0)
    assert live_station.sync_status().events_waiting == 0
    assert live_station.sync_status().link is Link.ONLINE
    for oid in ids:
        on_server = [e["id"] for e in server_events(callcenter_server, oid)
                     if e.get("station_code") == STATION]
        assert on_server == local_station_events(oid)  # exactly once, in recorded order
    report, _ = client.once()
    assert report.sent == 0


def test_a_lost_reply_is_sent_again_and_counted_as_delivered(callcenter_server, live_station,
                                                             client):
    order = callcenter_server.issue_order(STATION)
    client.once()
    event = live_station.record_contact(UUID(order["id"]), "reached")
    client.push()
    # The reply never made it: the station still thinks the event waits.
    EventRow.update(acked_at=None, result=None).where(EventRow.id == event.id).execute()
    report = client.push()
    assert report.delivered == 1
    row = EventRow.get(EventRow.id == event.id)
    assert row.result == "accepted" and row.acked_at is not None  # the first copy's verdict
    assert [e["id"] for e in server_events(callcenter_server, order["id"])].count(
        str(event.id)) == 1


def test_cancelled_while_offline_facts_arrive_late(callcenter_server, live_station, client):
    order = callcenter_server.issue_order(STATION)
    client.once()
    oid = UUID(order["id"])
    callcenter_server.cancel_order(order["id"], "用户已自行修好")
    departed = live_station.record_departed(oid, ["李四"])
    arrived = live_station.record_arrived(oid)
    report, applied = client.once()
    assert report.late == 2 and oid in applied.changed
    r = callcenter_server.dispatcher.get(f"/v1/orders/{oid}").json()
    assert {str(departed.id), str(arrived.id)} <= set(r["late_event_ids"])
    assert r["status"] == "cancelled"
    detail = live_station.order(oid)
    assert detail.notice is Notice.CANCELLED and detail.notice_reason == "用户已自行修好"
    marks = {e.event.id: e.sync for e in detail.timeline}
    assert marks[departed.id] is SyncMark.LATE and marks[arrived.id] is SyncMark.LATE
    assert detail.state.status.value == "cancelled"
    assert next(e for e in detail.timeline if e.event.id == departed.id).why


def test_reassigned_away_and_back(callcenter_server, live_station, client):
    callcenter_server.add_station(OTHER_STATION, "芜湖站")
    order = callcenter_server.issue_order(STATION)
    client.once()
    oid = UUID(order["id"])
    contact = live_station.record_contact(oid, "reached")
    client.once()
    callcenter_server.reassign_order(order["id"], OTHER_STATION, "距离太远")
    client.once()
    detail = live_station.order(oid)
    assert detail.notice is Notice.REASSIGNED_AWAY and detail.notice_reason == "距离太远"
    assert detail.allowed_actions == {EventType.NOTE}
    assert any(e.event.id == contact.id for e in detail.timeline)  # kept
    callcenter_server.reassign_order(order["id"], STATION, "改回本站")
    _, applied = client.once()
    assert applied.new == [oid]
    detail = live_station.order(oid)
    assert detail.notice is None and detail.unread
    assert EventType.CONTACT_ATTEMPT in detail.allowed_actions
    assert OrderRow.select().count() == 1
    assert len({e.event.id for e in detail.timeline}) == len(detail.timeline)


def test_an_order_taken_by_phone_is_matched_not_duplicated(callcenter_server, live_station,
                                                           client):
    fields = {"business_no": "TEL-2026-0001", "station_code": STATION, "kind": "rescue",
              "customer": {"name": "赵师傅", "phone": "13900001111"},
              "location": "G3京台高速 1024公里处"}
    local_id = live_station.enter_order_by_phone(fields)
    contact = live_station.record_contact(local_id, "reached", "电话接单")
    report, _ = client.once()
    assert report.sent == 0  # held until the call center's order arrives
    issued = callcenter_server.issue_order(STATION, **{k: v for k, v in fields.items()
                                                       if k != "station_code"})
    report, applied = client.once()
    assert report.delivered == 1
    oid = UUID(issued["id"])
    assert OrderRow.select().count() == 1 and OrderRow.get().id == oid
    assert str(contact.id) in [e["id"] for e in server_events(callcenter_server, oid)]
    assert live_station.order(oid).state.status.value == "contacted"


def test_malformed_changes_are_quarantined_and_the_rest_apply(tmp_path, live_station, caplog):
    server = CallCenterServer.sqlite(tmp_path / "cc")

    def corrupt(page: dict) -> dict:
        changes = page["changes"]
        if len(changes) >= 3:
            changes[0]["order"]["issued_at"] = ["not", "a", "time"]  # wrong type
            changes[1]["kind"] = "teleport"           # unknown kind
        return page

    server.app = RewriteChanges(server.app, corrupt)
    with server:
        live_station.set_settings({"server_url": server.base_url})
        live_station.set_token(server.add_station(STATION))
        c = SyncClient(live_station, default_transport_factory(live_station)())
        caplog.set_level(logging.WARNING, logger="station_app.sync")
        try:
            c.once()  # a new PC's first sync: its (empty) rebuild, then the change feed
            orders = [server.issue_order(STATION) for _ in range(3)]
            _, applied = c.once()
        finally:
            c.transport.close()
    assert applied.new == [UUID(orders[2]["id"])] and applied.quarantined == 2
    assert QuarantinedChange.select().count() == 2
    lines = [r.getMessage() for r in caplog.records if r.name == "station_app.sync"]
    assert any("teleport" in line for line in lines)
    assert any("issued_at" in line for line in lines)
    assert live_station.sync_status().cursor == 3


def test_a_server_clock_ten_minutes_ahead_is_measured_and_warned(tmp_path, live_station):
    server = CallCenterServer.sqlite(tmp_path / "cc")
    server.app = ClockAhead(server.app, timedelta(minutes=10))
    with server:
        live_station.set_settings({"server_url": server.base_url})
        live_station.set_token(server.add_station(STATION))
        order = server.issue_order(STATION)
        c = SyncClient(live_station, default_transport_factory(live_station)())
        try:
            c.once()
            status = live_station.sync_status()
            assert abs(status.clock_offset_ms - 600_000) < 2_000
            assert status.clock_warning
            event = live_station.record_note(UUID(order["id"]), "时钟")
            assert abs(event.clock_offset_ms - 600_000) < 2_000
            report, _ = c.once()
            assert report.delivered == 1
        finally:
            c.transport.close()


def test_a_refused_token_stops_sync_and_keeps_everything(callcenter_server, live_station,
                                                         client):
    order = callcenter_server.issue_order(STATION)
    client.once()
    live_station.record_note(UUID(order["id"]), "令牌")
    callcenter_server.revoke(live_station.token())
    with pytest.raises(TokenRefused):
        client.once()
    status = live_station.sync_status()
    assert status.link is Link.TOKEN_REFUSED and status.events_waiting == 1
    assert "token" in status.last_error_en and "令牌" in status.last_error_zh


def test_a_rejected_event_is_kept_with_its_reason_and_does_not_block(callcenter_server,
                                                                     live_station, client):
    order = callcenter_server.issue_order(STATION)
    client.once()
    oid = UUID(order["id"])
    bad = live_station.record_note(oid, "会被拒绝")
    good = live_station.record_note(oid, "正常")
    # An event the server cannot accept: its order does not exist there.
    EventRow.update(payload={"text": "x"}).where(EventRow.id == bad.id).execute()
    stray = OrderRow.get_by_id(oid)
    phantom = uuid.uuid4()
    OrderRow.insert(**{**stray.__data__, "id": phantom, "business_no": "PHANTOM-1"}).execute()
    EventRow.update(order=phantom).where(EventRow.id == bad.id).execute()
    report = client.push()
    assert (report.rejected, report.delivered) == (1, 1)
    row = EventRow.get(EventRow.id == bad.id)
    assert row.result == "rejected" and row.result_reason
    assert live_station.sync_status().events_rejected == 1
    assert [e.state for e in live_station.outbox()] == ["rejected"]
    assert str(good.id) in [e["id"] for e in server_events(callcenter_server, oid)]


def test_the_worker_receives_within_the_long_poll_and_pushes_at_once(callcenter_server,
                                                                     live_station):
    arrived = threading.Event()
    new_seen: list[UUID] = []
    states: list[sync_status.SyncStatus] = []

    def on_changed(ids, new_ids):
        new_seen.extend(new_ids)
        if new_ids:
            arrived.set()

    live_station.callbacks.orders_changed.append(on_changed)
    live_station.callbacks.sync_state.append(states.append)
    worker = SyncWorker(live_station, long_poll=25)
    worker.start()
    try:
        callcenter_server.wait_for_pollers(STATION)
        order = callcenter_server.issue_order(STATION)
        assert arrived.wait(10), "the order did not arrive through the long-poll"
        oid = UUID(order["id"])
        assert new_seen == [oid]
        # A local write while the puller is parked in its 25 s long-poll is pushed at once.
        callcenter_server.wait_for_pollers(STATION)
        event = live_station.record_contact(oid, "reached")
        wait_until(lambda: str(event.id) in [e["id"] for e in server_events(callcenter_server,
                                                                             oid)],
                   "the contact to reach the server")
        assert any(s.link is Link.ONLINE for s in states)
    finally:
        worker.stop()
    assert not worker.running


def test_the_worker_backs_off_offline_and_resumes_when_triggered(callcenter_server,
                                                                 live_station):
    order = callcenter_server.issue_order(STATION)
    c = SyncClient(live_station, default_transport_factory(live_station)())
    c.once()
    c.transport.close()
    oid = UUID(order["id"])
    offline = threading.Event()
    live_station.callbacks.sync_state.append(
        lambda s: offline.set() if s.link is Link.OFFLINE else None)
    callcenter_server.stop()
    worker = SyncWorker(live_station, long_poll=25, backoff_base=30, backoff_cap=60,
                        rng=lambda: 1.0)
    worker.start()
    try:
        event = live_station.record_note(oid, "离线时记录")
        assert offline.wait(10)
        callcenter_server.start()
        worker.trigger()  # "the network is back"
        wait_until(lambda: live_station.sync_status().events_waiting == 0,
                   "the note to be delivered after the trigger")
        assert str(event.id) in [e["id"] for e in server_events(callcenter_server, oid)]
    finally:
        worker.stop()


def test_the_worker_stops_on_401_and_resumes_with_a_new_token(callcenter_server, live_station):
    order = callcenter_server.issue_order(STATION)
    oid = UUID(order["id"])
    refused = threading.Event()
    live_station.callbacks.sync_state.append(
        lambda s: refused.set() if s.link is Link.TOKEN_REFUSED else None)
    callcenter_server.revoke(live_station.token())
    worker = SyncWorker(live_station, long_poll=25)
    worker.start()
    try:
        assert refused.wait(10)
        live_station.set_token(callcenter_server.add_station(STATION))
        wait_until(lambda: OrderRow.get_or_none(OrderRow.id == oid) is not None,
                   "the order after the new token")
        event = live_station.record_note(oid, "新令牌")
        wait_until(lambda: live_station.sync_status().events_waiting == 0,
                   "the note after the new token")
        assert str(event.id) in [e["id"] for e in server_events(callcenter_server, oid)]
    finally:
        worker.stop()


def test_status_and_sync_commands(callcenter_server, live_station, capsys):
    from station_desk import cli

    order = callcenter_server.issue_order(STATION)
    folder = str(live_station.data_dir)
    live_station.close()
    assert cli.main(["--data-dir", folder, "sync", "--once"]) == 0
    assert "new" in capsys.readouterr().out
    assert cli.main(["--data-dir", folder, "status", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"link": "online"' in out and '"events_waiting": 0' in out
    st = Station.open(folder)
    try:
        st.record_note(UUID(order["id"]), "命令行")
    finally:
        st.close()
    assert cli.main(["--data-dir", folder, "status", "--outbox"]) == 0
    assert "waiting" in capsys.readouterr().out
    # reopen so the fixture's close has something to close
    live_station.store = Station.open(folder).store


def test_the_worker_survives_an_unexpected_error(callcenter_server, live_station, caplog):
    from station_app.transport import HttpTransport

    order = callcenter_server.issue_order(STATION)
    surprises = []

    class Flaky(HttpTransport):
        def post_events(self, batch):
            if not surprises:
                surprises.append(1)
                raise RuntimeError("a bug somewhere")
            return super().post_events(batch)

    def factory():
        return Flaky(callcenter_server.base_url, live_station.token())

    caplog.set_level(logging.ERROR, logger="station_app.sync")
    worker = SyncWorker(live_station, factory, long_poll=25, backoff_base=0.05)
    worker.start()
    try:
        wait_until(lambda: OrderRow.get_or_none(OrderRow.id == UUID(order["id"])) is not None,
                   "the order")
        event = live_station.record_note(UUID(order["id"]), "意外之后")
        wait_until(lambda: live_station.sync_status().events_waiting == 0,
                   "the note after the surprise")
    finally:
        worker.stop()
    assert surprises and any("unexpected" in r.getMessage() for r in caplog.records)
    assert str(event.id) in [e["id"] for e in server_events(callcenter_server, order["id"])]


def test_closed_then_reopened_shows_why_and_the_station_can_work_again(callcenter_server,
                                                                      live_station, client):
    order = callcenter_server.issue_order(STATION)
    client.once()
    oid = UUID(order["id"])
    done = live_station.record(oid, EventType.COMPLETED,
                               {"work_done": "更换起动机", "technicians": ["李四"]})
    client.once()
    reviewer = callcenter_server.client(callcenter_server.add_user("审核员", "reviewer"))
    reviewer.post(f"/v1/orders/{oid}/close",
                  json={"without_callback_reason": "用户拒绝回访"}).raise_for_status()
    reviewer.post(f"/v1/orders/{oid}/reopen",
                  json={"reason": "用户反映仍无法启动"}).raise_for_status()
    _, applied = client.once()
    assert oid in applied.changed
    detail = live_station.order(oid)
    assert detail.notice is Notice.REOPENED and detail.notice_reason == "用户反映仍无法启动"
    assert detail.state.status.value == "received" and detail.unread
    assert EventType.CONTACT_ATTEMPT in detail.allowed_actions
    assert next(e for e in detail.timeline if e.event.id == done.id).sync is SyncMark.DELIVERED
    live_station.record_contact(oid, "reached", "再次上门")
    report, _ = client.once()
    assert (report.delivered, report.late) == (1, 0)


def test_sync_command_runs_until_interrupted(callcenter_server, live_station):
    import json
    import subprocess
    import sys

    folder = str(live_station.data_dir)
    live_station.close()
    proc = subprocess.Popen(
        [sys.executable, "-m", "station_desk.cli", "--data-dir", folder, "sync"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **FAULTHANDLER})
    try:
        callcenter_server.wait_for_pollers(STATION, timeout=30)
        order = callcenter_server.issue_order(STATION)

        def visible() -> bool:
            out = subprocess.run(
                [sys.executable, "-m", "station_desk.cli", "--data-dir", folder, "status",
                 "--json"], capture_output=True, text=True, check=True).stdout
            return json.loads(out)["cursor"] >= 1

        wait_until(visible, "the order to reach the running sync command", timeout=30)
    finally:
        code, out, err = interrupt(proc, timeout=15)
    assert code == 130, err
    assert "online" in out
    st = Station.open(folder)
    try:
        assert UUID(order["id"]) in st.order_ids()
    finally:
        st.close()
    live_station.store = Station.open(folder).store


def test_one_sync_with_a_call_center_from_before_rebuilds_brings_the_orders(tmp_path,
                                                                            live_station):
    """`station-app sync --once` on a new PC: the call center answers the rebuild 404 (it
    predates it) and the feed from its start comes in the same run."""
    server = CallCenterServer.sqlite(tmp_path / "cc")
    server.app = WithoutRoute(server.app, "/v1/rebuild")
    with server:
        live_station.set_settings({"server_url": server.base_url})
        live_station.set_token(server.add_station(STATION))
        order = UUID(server.issue_order(STATION)["id"])
        c = SyncClient(live_station, default_transport_factory(live_station)())
        try:
            c.once()
        finally:
            c.transport.close()
    assert order in set(live_station.order_ids())
