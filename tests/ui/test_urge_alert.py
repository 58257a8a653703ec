"""An urge (催办) from the call center alerts the station like a new rescue: tray message and the
repeating alarm until the clerk takes it in, whose banner gives the dispatcher's reason."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import online_window, open_order

pytestmark = pytest.mark.integration


def test_an_urge_alerts_like_a_rescue_and_shows_its_reason(qtbot, callcenter_server, station,
                                                          ctx, sound):
    server = callcenter_server
    station.set_settings({"server_url": server.base_url})
    station.set_token(server.add_station(seed.CODE, "合肥北城服务站"))
    window = online_window(qtbot, ctx, sound)
    with qtbot.waitSignal(window.alerts.notified, timeout=15_000):
        order = server.issue_order(seed.CODE, business_no="HF-URGE-1")
    oid = UUID(order["id"])
    assert sound.played == [False] and not window.alerts.repeating  # a dispatch: a chime
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.opened, timeout=5000):
        window.orders.receive(oid)
    with qtbot.waitSignal(window.alerts.notified, timeout=15_000):
        other = UUID(server.issue_order(seed.CODE, business_no="HF-URGE-2")["id"])
    open_order(qtbot, window, other)  # the clerk is on another order when the urge comes

    with qtbot.waitSignal(window.alerts.notified, timeout=15_000) as shown:
        r = server.dispatcher.post(f"/v1/orders/{oid}/urge",
                                   json={"reason": "用户第二次来电催促,请立即联系"})
        assert r.status_code == 200, r.text
    title, text = shown.args
    assert "HF-URGE-1" in title and "用户第二次来电催促" in text
    assert sound.played[-1] is True and window.alerts.repeating
    open_order(qtbot, window, oid)
    assert window.alerts.repeating  # looking is not taking it in
    with qtbot.waitSignal(window.orders.opened, timeout=5000):
        window.orders.receive(oid)  # Enter, or the alert banner's button
    assert not window.alerts.repeating
    qtbot.waitUntil(lambda: window.detail.banner.isVisible(), timeout=15_000)
    assert "用户第二次来电催促" in window.detail.banner.text()
    window.close()
    wait_idle(qtbot, ctx)
