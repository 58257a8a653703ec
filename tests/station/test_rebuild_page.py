"""A rebuild page applied at the station: the orders new to this PC are written together; when
that cannot be (the page holds the same event twice), every order of the page goes the change
feed's way instead and each is still announced once."""

from __future__ import annotations

from station_app.domain.events import EventType
from tests.station.factories import event, issued, order, order_change


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
