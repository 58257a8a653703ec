"""A slip made on the station's other PC can be taken back here: Ctrl+Z on the order offers
the other PC's newest entry (named, with who and where, asked first), within the undo time;
the void is recorded as this PC and its clerk, the call center accepts it and both folds drop
the slip. Past the undo time nothing is offered, and the core refuses it too (real call
center; the other PC is a second device token pushing as that PC does)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from PySide6.QtCore import Qt

from station_app.domain.events import EventType
from station_app.record_checks import RecordError
from tests.support.callcenter_server import new_event
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.other_pc import enrol_other_pc
from tests.ui.test_window import online_window, open_order, press

pytestmark = pytest.mark.integration


def voids(window) -> int:
    return [e.event.type for e in window.orders.detail.timeline].count(EventType.VOIDED)


def test_a_slip_on_the_other_pc_is_taken_back_here(qtbot, callcenter_server, station, ctx,
                                                   sound, messages, english):
    server = callcenter_server
    other = enrol_other_pc(server, station)
    manager = server.client(other["token"])
    window = online_window(qtbot, ctx, sound)
    order = server.issue_order(seed.CODE, kind="dispatch", business_no="HF-UNDO-2PC")
    oid = UUID(order["id"])
    qtbot.waitUntil(lambda: window.inbox_model.row_of(oid) is not None, timeout=10_000)
    open_order(qtbot, window, oid)
    slip = new_event(order["id"], "contact_attempt", {"outcome": "busy"}, author="李四",
                     device_id=other["device_id"], device_name="经理室")
    assert manager.post("/v1/events", json={"events": [slip]}).json()[
        "results"][0]["status"] == "accepted"
    qtbot.waitUntil(lambda: window.orders.detail is not None and any(
        str(e.event.id) == slip["id"] for e in window.orders.detail.timeline), timeout=10_000)
    assert window.orders.detail.state.contact_attempts == 1

    messages.answers.append(True)
    with qtbot.waitSignal(window.orders.recorded, timeout=5000) as rec:
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    asked = messages.take()
    assert len(asked) == 1 and asked[0][0] == "ask"
    assert "Line busy" in asked[0][1] and "李四" in asked[0][1] and "经理室" in asked[0][1]
    void = rec.args[0]
    assert void.type is EventType.VOIDED and void.payload["event_id"] == slip["id"]
    assert (void.author, void.device_id) == (station.settings.get("user"), station.device_id())
    qtbot.waitUntil(lambda: window.orders.detail.state.contact_attempts == 0, timeout=5000)

    def on_server() -> dict:
        return server.dispatcher.get(f"/v1/orders/{oid}").json()
    qtbot.waitUntil(lambda: any(e["id"] == str(void.id) for e in on_server()["events"]),
                    timeout=10_000)
    assert on_server()["status"] == "new"  # the slip moved nothing there either
    # taken back once: the newest entry is now this PC's void, nothing more is offered
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    assert voids(window) == 1 and messages.take() == []

    # an entry of the other PC older than the undo time (2 min): not offered, and refused
    old = (datetime.now(UTC) - timedelta(minutes=10)).isoformat()
    stale = new_event(order["id"], "note", {"text": "客户说下午再来"}, author="李四",
                      device_id=other["device_id"], device_name="经理室", occurred_at=old,
                      recorded_at=old)
    assert manager.post("/v1/events", json={"events": [stale]}).json()[
        "results"][0]["status"] == "accepted"
    qtbot.waitUntil(lambda: any(str(e.event.id) == stale["id"]
                                for e in window.orders.detail.timeline), timeout=10_000)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    assert voids(window) == 1 and messages.take() == []
    with pytest.raises(RecordError, match="too late"):
        station.void(UUID(stale["id"]))
    window.close()
    wait_idle(qtbot, ctx)
