"""The alert is the station's, not the PC's: a rescue received on the station's other PC stops
this window's repeating alarm and leaves the alert strip, with the other clerk's entry in the
timeline (real call center; the other PC is a second device token pushing as that PC does)."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.support.callcenter_server import new_event
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.other_pc import enrol_other_pc
from tests.ui.test_window import online_window, open_order

pytestmark = pytest.mark.integration


def test_a_rescue_received_on_the_other_pc_stops_alerting_here(qtbot, callcenter_server,
                                                               station, ctx, sound):
    server = callcenter_server
    other = enrol_other_pc(server, station)
    window = online_window(qtbot, ctx, sound)
    with qtbot.waitSignal(window.alerts.notified, timeout=15_000):
        order = server.issue_order(seed.CODE, kind="rescue", business_no="HF-TWO-PC-1")
    oid = UUID(order["id"])
    assert window.alerts.repeating and oid in window.alerts.unread

    received = new_event(order["id"], "received", author="李四",
                         device_id=other["device_id"], device_name="经理室")
    r = server.client(other["token"]).post("/v1/events", json={"events": [received]})
    assert r.json()["results"][0]["status"] == "accepted"
    qtbot.waitUntil(lambda: not window.alerts.repeating, timeout=5_000)
    assert oid not in window.alerts.unread
    entry = next(e for e in station.order(oid).timeline if str(e.event.id) == received["id"])
    assert (entry.event.author, entry.event.device_name) == ("李四", "经理室")
    assert station.order(oid).state.status.value == "received"
    open_order(qtbot, window, oid)
    model = window.detail.timeline_model
    qtbot.waitUntil(lambda: any(model.index(r, 3).data() == "李四 · 经理室"
                                for r in range(model.rowCount())), timeout=5_000)
    window.close()
    wait_idle(qtbot, ctx)
