"""The call center sends every event of a station's orders back down the station's feed, this
PC's own too (its sibling PCs need them): the echo. An event the call center acknowledged and
whose echo never came, while the feed has been read to its end since, is one the call center
does not hold (its database restored from a backup taken before it). The PC sends it again,
once: a call center that does not echo (from before devices) must not make it send forever."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import pytest

from station_app.station import Station
from station_app.store import EventRow
from station_app.sync import SyncClient, default_transport_factory
from tests.station.factories import STATION
from tests.station.server_hooks import RewriteChanges, WithoutRoute
from tests.support.callcenter_server import CallCenterServer

pytestmark = pytest.mark.integration


def _dropping(drop: Callable[[dict[str, Any]], bool]) -> Callable[[dict], dict]:
    def rewrite(page: dict) -> dict:
        page["changes"] = [c for c in page["changes"] if not drop(c)]
        return page
    return rewrite


@pytest.fixture
def dropped() -> set[str]:
    """Ids of the events whose echo the server below leaves out of the feed."""
    return set()


@pytest.fixture
def server(tmp_path, dropped: set[str]) -> Iterator[CallCenterServer]:
    s = CallCenterServer.sqlite(tmp_path / "cc")
    s.app = RewriteChanges(s.app, _dropping(
        lambda c: c["kind"] == "event" and (c["event"]["id"] in dropped or "*" in dropped)))
    if "*" in dropped:  # as from before devices: no echo, and no rebuild either
        s.app = WithoutRoute(s.app, "/v1/rebuild")
    with s:
        yield s


def _client(pc: Station, server: CallCenterServer) -> SyncClient:
    pc.set_settings({"server_url": server.base_url})
    pc.set_token(server.add_station(STATION))
    return SyncClient(pc, default_transport_factory(pc)())


def _attempts(event_id: UUID) -> int:
    return EventRow.get(EventRow.id == event_id).attempts


def _held(server: CallCenterServer, order_id: UUID) -> list[str]:
    r = server.dispatcher.get(f"/v1/orders/{order_id}")
    r.raise_for_status()
    return [e["id"] for e in r.json()["events"]]


def test_an_acknowledged_event_whose_echo_never_comes_is_sent_again_once(
        live_station: Station, server: CallCenterServer, dropped: set[str]) -> None:
    client = _client(live_station, server)
    try:
        oid = UUID(server.issue_order(STATION)["id"])
        client.once()
        echoed = live_station.record_contact(oid, "no_answer")
        client.once()
        assert _attempts(echoed.id) == 1  # its echo came: nothing to send again
        lost = live_station.record_contact(oid, "reached")
        dropped.add(str(lost.id))
        client.once()
        assert _attempts(lost.id) == 2  # acknowledged, never sent back: sent again
        assert live_station.outbox() == []
        for _ in range(3):
            client.once()
        assert _attempts(lost.id) == 2  # once only
        assert _attempts(echoed.id) == 1
        assert _held(server, oid).count(str(lost.id)) == 1  # a duplicate, never a copy
    finally:
        client.transport.close()


@pytest.mark.parametrize("dropped", [{"*"}])  # a call center from before devices
def test_a_call_center_that_never_echoes_is_not_sent_everything_twice(
        live_station: Station, server: CallCenterServer) -> None:
    client = _client(live_station, server)
    try:
        oid = UUID(server.issue_order(STATION)["id"])
        client.once()
        sent = [live_station.record_contact(oid, "no_answer") for _ in range(3)]
        for _ in range(3):
            client.once()
        assert [_attempts(e.id) for e in sent] == [1, 1, 1]
    finally:
        client.transport.close()
