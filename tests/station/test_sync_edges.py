"""Sync at the field's edges: a proxy or captive portal answering instead of the call center.
Real call center on 127.0.0.1, a real proxy in front of it, real SQLite files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from uuid import UUID

import pytest

from station_app.store import EventRow, OrderRow
from station_app.sync import SyncClient, default_transport_factory
from station_app.sync_status import Link, SyncStatus
from station_app.sync_worker import SyncWorker
from station_app.transport import LinkDown, NotTheCallCenter
from tests.station.conftest import open_linked
from tests.station.factories import STATION
from tests.station.intercepting_proxy import (
    HTML_403,
    HTML_407,
    HTML_413,
    HTML_502,
    TRUNCATED_JSON,
    InterceptingProxy,
)
from tests.station.test_sync import server_events, wait_until

pytestmark = pytest.mark.integration

_CLASS_NAME = re.compile(r"[A-Z][a-z]+(Error|Exception|Timeout)\b")

INTERCEPTIONS = [
    (403, HTML_403, "text/html"),
    (407, HTML_407, "text/html"),
    (413, HTML_413, "text/html"),
    (502, HTML_502, "text/html"),
    (200, TRUNCATED_JSON, "application/json"),
    (200, b'{"welcome": "please log in"}', "application/json"),  # a portal's JSON, no clock
    (401, b"<html>login</html>", "text/html"),
]


@pytest.fixture
def proxy(callcenter_server) -> Iterator[InterceptingProxy]:
    with InterceptingProxy(callcenter_server.base_url) as p:
        yield p


@pytest.fixture
def behind_proxy(live_station, proxy):
    live_station.set_settings({"server_url": proxy.base_url})
    return live_station


def _station_events_on_server(server, order_ids: list[UUID]) -> list[str]:
    return [e["id"] for oid in order_ids for e in server_events(server, oid)
            if e.get("station_code") == STATION]


def test_a_reply_that_is_not_the_call_centers_decides_nothing(callcenter_server, behind_proxy,
                                                              proxy):
    station = behind_proxy
    orders = [UUID(callcenter_server.issue_order(STATION)["id"]) for _ in range(6)]
    client = SyncClient(station, default_transport_factory(station)())
    try:
        client.once()
        recorded = [str(station.record_note(orders[i % 6], f"记录{i}").id) for i in range(60)]
        for status, body, ctype in INTERCEPTIONS:
            proxy.answer_next(1, status, body, ctype)
            with pytest.raises(NotTheCallCenter) as caught:
                client.once()
            st = station.sync_status()
            assert (st.events_waiting, st.events_rejected) == (60, 0), status
            assert st.link is Link.OFFLINE
            assert "something between this PC and the call center answered instead" in \
                st.last_error_en and f"HTTP {status}" in st.last_error_en
            assert "代替呼叫中心" in st.last_error_zh
            assert not _CLASS_NAME.search(st.last_error_en), st.last_error_en
            assert caught.value.retry
        assert EventRow.select().where(EventRow.acked_at.is_null(False)
                                       & (EventRow.origin == "local")).count() == 0
        report, _ = client.once()
        assert (report.delivered, report.rejected) == (60, 0)
        on_server = _station_events_on_server(callcenter_server, orders)
        assert sorted(on_server) == sorted(recorded) and len(set(on_server)) == 60
        assert station.sync_status().link is Link.ONLINE
    finally:
        client.transport.close()


def test_a_proxy_403_says_so_in_words(callcenter_server, behind_proxy, proxy):
    order = UUID(callcenter_server.issue_order(STATION)["id"])
    client = SyncClient(behind_proxy, default_transport_factory(behind_proxy)())
    try:
        client.once()
        behind_proxy.record_note(order, "代理")
        proxy.answer_next(1, 403, HTML_403)
        with pytest.raises(NotTheCallCenter):
            client.once()
        err = behind_proxy.sync_status()
        assert "(HTTP 403, from a proxy?)" in err.last_error_en
        assert "HTTP 403" in err.last_error_zh and "代理服务器" in err.last_error_zh
    finally:
        client.transport.close()


def test_the_pull_takes_a_proxy_page_for_a_network_problem(callcenter_server, behind_proxy,
                                                           proxy):
    client = SyncClient(behind_proxy, default_transport_factory(behind_proxy)())
    try:
        client.once()
        cursor = behind_proxy.sync_status().cursor
        callcenter_server.issue_order(STATION)
        for status, body, ctype in INTERCEPTIONS:
            proxy.answer_next(1, status, body, ctype)
            with pytest.raises(NotTheCallCenter):
                client.pull()
            assert behind_proxy.sync_status().cursor == cursor
        applied = client.drain()
        assert len(applied.new) == 1
    finally:
        client.transport.close()


def test_the_worker_behind_a_proxy_delivers_every_event_exactly_once(callcenter_server,
                                                                     behind_proxy, proxy):
    station = behind_proxy
    orders = [UUID(callcenter_server.issue_order(STATION)["id"]) for _ in range(5)]
    first = SyncClient(station, default_transport_factory(station)())
    first.once()
    first.transport.close()
    statuses: list[SyncStatus] = []
    station.on_sync_state(statuses.append)
    for status, body, ctype in INTERCEPTIONS * 3:
        proxy.answer_next(1, status, body, ctype)
    worker = SyncWorker(station, long_poll=0.5, backoff_base=0.02, backoff_cap=0.1)
    recorded = [str(station.record_note(orders[i % 5], f"记录{i}").id) for i in range(30)]
    worker.start()
    try:
        recorded += [str(station.record_note(orders[i % 5], f"后{i}").id) for i in range(30)]
        wait_until(lambda: proxy.pending == 0 and station.sync_status().events_waiting == 0,
                   "every event delivered behind the proxy", timeout=30)
    finally:
        worker.stop(timeout=5)  # the long-poll in flight ends too: no socket left open
    assert station.sync_status().events_rejected == 0
    on_server = _station_events_on_server(callcenter_server, orders)
    assert sorted(on_server) == sorted(recorded) and len(on_server) == 60
    intercepted = [s for s in statuses if "answered instead" in s.last_error_en]
    assert intercepted and all(s.link is Link.OFFLINE for s in intercepted)


def test_an_unreachable_call_center_is_said_in_words_not_class_names(callcenter_server,
                                                                     live_station):
    client = SyncClient(live_station, default_transport_factory(live_station)())
    try:
        callcenter_server.stop()
        with pytest.raises(LinkDown):
            client.once()
        err = live_station.sync_status().last_error_en
        assert "cannot reach the call center" in err and not _CLASS_NAME.search(err), err
    finally:
        client.transport.close()
        callcenter_server.start()


# -- a rejection is not a death sentence --------------------------------------------------------


def test_a_rejected_event_is_sent_again_once_the_cause_is_fixed_and_judged_afresh(
        tmp_path, callcenter_server, capsys):
    from datetime import UTC, datetime, timedelta

    from station_app import sync_status
    from station_app.station import Station
    from station_app.store import SyncState
    from station_desk import cli
    from tests.support.callcenter_server import CallCenterServer

    token = callcenter_server.add_station(STATION, "合肥一站")
    order = UUID(callcenter_server.issue_order(STATION)["id"])
    st = Station.open(tmp_path / "st", now=lambda: datetime.now(UTC) + timedelta(minutes=20))
    try:
        st.set_settings({"station_code": STATION, "user": "张三",
                         "server_url": callcenter_server.base_url})
        st.set_token(token)
        client = SyncClient(st, default_transport_factory(st)())
        client.once()
        with st.store.transaction():  # a PC 20 min fast whose offset is not measured yet
            SyncState.delete().where(SyncState.key == sync_status.CLOCK_OFFSET).execute()
        event = st.record_note(order, "电脑时钟快了")
        assert client.push().rejected == 1
        [entry] = st.outbox()
        assert entry.state == "rejected" and "in the future" in entry.why.message_en
        assert client.push().sent == 0  # not sent again on its own
        client.transport.close()
        st.close()
        assert cli.main(["--data-dir", str(tmp_path / "st"), "resend"]) == 1  # says what to give
        assert "--all" in capsys.readouterr().err
        st = Station.open(tmp_path / "st", now=lambda: datetime.now(UTC) + timedelta(minutes=20))
        # The call center changes the rule: its clock tolerance widened to an hour.
        callcenter_server.stop()
        with CallCenterServer(callcenter_server.db_url,
                              clock_tolerance=timedelta(hours=1)) as wider:
            st.set_settings({"server_url": wider.base_url})
            assert st.resend([event.id]) == 1
            assert [e.state for e in st.outbox()] == ["waiting"]
            assert st.sync_status().events_rejected == 0
            again = SyncClient(st, default_transport_factory(st)())
            try:
                report = again.push()
            finally:
                again.transport.close()
            assert (report.delivered, report.rejected) == (1, 0)
            on_server = [e["id"] for e in wider.dispatcher.get(f"/v1/orders/{order}").json()
                         ["events"]]
            assert on_server.count(str(event.id)) == 1
            assert st.resend() == 0  # nothing rejected is left
    finally:
        st.close()
        callcenter_server.start()


# -- after an outage -----------------------------------------------------------------------------


def test_after_an_outage_the_pusher_goes_when_the_puller_sees_the_call_center(
        callcenter_server, live_station):
    import time

    station = live_station
    order = UUID(callcenter_server.issue_order(STATION)["id"])
    worker = SyncWorker(station, long_poll=0.5, backoff_base=2.0, backoff_cap=60,
                        rng=lambda: 1.0)
    online_at: list[float] = []
    station.on_sync_state(lambda s: online_at.append(time.monotonic())
                          if s.link is Link.ONLINE else None)
    worker.start()
    try:
        wait_until(lambda: station.sync_status().cursor > 0, "the order pulled")
        callcenter_server.stop()
        events = []
        for i in range(8):  # a clerk goes on working through the outage
            events.append(station.record_note(order, f"停电{i}"))
            time.sleep(0.6)
        assert station.sync_status().link is Link.OFFLINE
        attempts = max(e.attempts for e in station.outbox())
        online_at.clear()
        callcenter_server.start()
        wait_until(lambda: station.sync_status().events_waiting == 0, "drained", timeout=60)
        drained = time.monotonic()
    finally:
        worker.stop(timeout=5)
    assert online_at, "the link never came back"
    assert drained - online_at[0] < 2.0, f"the pusher waited {drained - online_at[0]:.1f} s"
    # real attempts: the backoff's retries (2, 4 s...), not one per note recorded offline
    assert attempts <= 3, attempts
    assert len(events) == 8


# -- phone orders through a long outage ----------------------------------------------------------


def test_phone_orders_typed_in_during_a_72_hour_outage_keep_every_fact(tmp_path,
                                                                      callcenter_server):
    from datetime import UTC, datetime, timedelta
    from zoneinfo import ZoneInfo

    from station_app.domain.events import EventType
    from station_app.station import Station
    from tests.station.conftest import FakeClock

    token = callcenter_server.add_station(STATION, "合肥一站")
    clock = FakeClock(datetime.now(UTC) - timedelta(hours=72))  # the link went down then
    st = Station.open(tmp_path / "st", now=clock)
    try:
        st.set_settings({"station_code": STATION, "user": "张三",
                         "server_url": callcenter_server.base_url})
        st.set_token(token)
        phoned: dict[str, list[str]] = {}
        for n in range(3):
            fields = {"business_no": f"TEL-72H-{n}", "station_code": STATION,
                      "kind": "rescue", "customer": {"name": "赵师傅", "phone": "13900001111"},
                      "location": "G3京台高速 1024公里处"}
            local = st.enter_order_by_phone(fields)
            ids = phoned[fields["business_no"]] = []
            steps = [
                (EventType.CONTACT_ATTEMPT, {"outcome": "no_answer", "note": ""}),
                (EventType.CONTACT_ATTEMPT, {"outcome": "reached", "note": "电话接单"}),
                (EventType.DEPARTED, {"technicians": ["李四"], "note": ""}),
                (EventType.ARRIVED, {"note": ""}),
                (EventType.NOTE, {"text": "现场检查"}),
                (EventType.COMPLETED, {"work_done": "换电瓶", "technicians": ["李四"]}),
                (EventType.NOTE, {"text": "客户满意"}),
            ]
            for etype, payload in steps:
                clock.advance(hours=3)
                ids.append(str(st.record(local, etype, payload).id))
        clock.at = datetime.now(UTC)  # the outage is over
        server_ids = {number: callcenter_server.issue_order(
            STATION, business_no=number, kind="rescue", location="G3京台高速 1024公里处")["id"]
            for number in phoned}
        client = SyncClient(st, default_transport_factory(st)())
        try:
            report, _ = client.once()
        finally:
            client.transport.close()
        assert (report.delivered, report.rejected) == (21, 0), \
            [(e.type, e.why) for e in st.outbox()]
        for number, ids in phoned.items():
            events = callcenter_server.dispatcher.get(f"/v1/orders/{server_ids[number]}").json()
            mine = [e for e in events["events"] if e.get("station_code") == STATION]
            assert [e["id"] for e in mine] == ids
            assert all(e["phoned_at"] for e in mine)
            assert events["status"] == "completed"
        # the reviewer sees them flagged phone-entered: in the list (filtered on the server)
        # and in each order opened from it
        reviewer = callcenter_server.client(callcenter_server.add_user("审核员", "reviewer"))
        days = {datetime.fromisoformat(e["occurred_at"]).astimezone(
            ZoneInfo("Asia/Shanghai")).date().isoformat()
            for number in phoned for e in callcenter_server.dispatcher.get(
                f"/v1/orders/{server_ids[number]}").json()["events"]
            if e["type"] == "completed"}
        listed = [row for day in days for row in reviewer.get(
            "/v1/audit/list", params={"date": day, "flag": "phone_entered"}).json()["rows"]]
        assert sorted(r["id"] for r in listed) == sorted(server_ids.values())
        for row in listed:
            assert row["flags"]["phone_entered"] is True
            opened = reviewer.get(f"/v1/audit/orders/{row['id']}").json()
            assert opened["flags"]["phone_entered"] is True
    finally:
        st.close()


def test_a_busy_call_center_is_said_in_each_language_by_its_own_words(tmp_path):
    """The call center's own 503 (too many long-polls waiting) gives its reason in both
    languages; the station's status says each in its own language, not the English inside the
    Chinese sentence."""
    from station_app.sync import note_failure
    from station_app.transport import ServerFailing
    from tests.support.callcenter_server import CallCenterServer

    with CallCenterServer.sqlite(tmp_path / "cc", max_long_polls_per_token=0) as server:
        st = open_linked(tmp_path / "st", server)
        client = SyncClient(st, default_transport_factory(st)())
        try:
            client.once()
            with pytest.raises(ServerFailing) as raised:
                client.pull(wait=5)  # what the sync worker's long-poll does
            note_failure(st, raised.value)  # and what it stores
            err = st.sync_status()
            assert "HTTP 503" in err.last_error_en and "try again" in err.last_error_en
            assert "HTTP 503" in err.last_error_zh and "请几秒后重试" in err.last_error_zh
            assert "try again in a few seconds" not in err.last_error_zh
        finally:
            client.transport.close()
            st.close()


# -- a call center that says when to come back -------------------------------------------------


def test_a_busy_call_center_is_asked_again_when_its_retry_after_says(
        callcenter_server, live_station, monkeypatch):
    """After a restore every PC rebuilds at once and the call center answers some of them 503
    with Retry-After: the PC waits that long, not its own backoff's fraction of a second, and
    rebuilds once a turn is free."""
    import time

    from callcenter import limits
    from station_app.transport import HttpTransport

    monkeypatch.setattr(limits, "RETRY_AFTER_S", 1)
    order = callcenter_server.issue_order(STATION)
    monkeypatch.setattr(callcenter_server.app.state, "rebuild_pages", limits.RebuildPages(1, 0))
    asked: list[float] = []

    class Counting(HttpTransport):
        def get_rebuild(self, after, days):
            asked.append(time.monotonic())
            return super().get_rebuild(after, days)

    worker = SyncWorker(live_station, lambda: Counting(callcenter_server.base_url,
                                                      live_station.token()),
                        long_poll=0.5, backoff_base=0.02, backoff_cap=0.1, rng=lambda: 0.5)
    try:
        with callcenter_server.holding_a_rebuild_turn():
            worker.start()
            wait_until(lambda: len(asked) >= 1, "the first rebuild page asked for")
            time.sleep(2.5)
            status = live_station.sync_status()
            assert status.link is Link.OFFLINE
            assert "HTTP 503" in status.last_error_en and "try again" in status.last_error_en
            assert "请几秒后重试" in status.last_error_zh
        wait_until(lambda: live_station.sync_status().link is Link.ONLINE, "rebuilt")
        wait_until(lambda: OrderRow.get_or_none(OrderRow.id == UUID(order["id"])) is not None,
                   "the order at the PC")
    finally:
        worker.stop(timeout=5)
    gaps = [b - a for a, b in zip(asked, asked[1:], strict=False)]
    # 1 s × 1.5 between the answers while busy; its own backoff would have asked every 0.1 s
    assert 2 <= len(asked) <= 4, asked
    assert all(g >= 1.4 for g in gaps[:-1]), gaps


@pytest.mark.parametrize(("header", "seconds"), [
    ("5", 5.0), ("0", 0.0), ("7200", 3600.0), (None, None), ("-3", None), ("nan", None),
    ("Wed, 21 Oct 2026 07:28:00 GMT", None), ("soon", None)])
def test_retry_after_is_read_in_seconds_at_most_an_hour(header, seconds):
    from station_app.transport import retry_after_seconds

    assert retry_after_seconds(header) == seconds


def test_a_retry_after_of_zero_does_not_make_the_pc_ask_in_a_loop(live_station):
    from station_app.transport import server_failing

    worker = SyncWorker(live_station, backoff_base=1.0, rng=lambda: 0.0)
    assert worker._delay(1, server_failing(503, retry_after=0.0)) == 1.0
    assert worker._delay(1, server_failing(503, retry_after=5.0)) == 5.0
    assert SyncWorker(live_station, rng=lambda: 0.99)._delay(
        7, server_failing(503, retry_after=5.0)) == pytest.approx(9.95)
