"""A slip can be taken back: Ctrl+Z records a `voided` event naming the last entry (within
the undo time), both stay in the timeline, the order folds without it; a second identical
entry within a few seconds asks first."""

from __future__ import annotations

from PySide6.QtCore import Qt

from station_app.domain.events import EventType
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import open_order, press


def types(window) -> list[EventType]:
    return [e.event.type for e in window.orders.detail.timeline]


def test_f4_twice_asks_and_ctrl_z_takes_the_second_back(qtbot, window, station, messages,
                                                        english):
    oid = seed.issue(station, "dispatch")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        press(qtbot, window, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: EventType.CONTACT_ATTEMPT in types(window), timeout=5000)
    messages.answers.append(False)  # "record it again?" — no
    press(qtbot, window, Qt.Key.Key_F4)
    wait_idle(qtbot, window.ctx)
    asked = messages.take()
    assert len(asked) == 1 and asked[0][0] == "ask" and "Line busy" in asked[0][1]
    assert types(window).count(EventType.CONTACT_ATTEMPT) == 1
    messages.answers.append(True)  # this time: yes, twice
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        press(qtbot, window, Qt.Key.Key_F4)
    messages.take()
    qtbot.waitUntil(lambda: window.orders.detail.state.contact_attempts == 2, timeout=5000)
    qtbot.waitUntil(lambda: len(types(window)) == 4, timeout=5000)
    second = window.orders.detail.timeline[-1].event
    with qtbot.waitSignal(window.orders.recorded, timeout=5000) as rec:
        press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    void = rec.args[0]
    assert void.type is EventType.VOIDED and void.payload["event_id"] == str(second.id)
    qtbot.waitUntil(lambda: window.orders.detail.state.contact_attempts == 1, timeout=5000)
    assert types(window).count(EventType.CONTACT_ATTEMPT) == 2  # both stay on record
    model = window.detail.timeline_model
    texts = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert "Phoned the customer (taken back)" in texts
    assert any(t.startswith("Entry taken back: Line busy ") for t in texts)
    assert "Taken back: Line busy" in window.statusBar().currentMessage()
    # nothing more to take back: a second Ctrl+Z does not void the first attempt
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx)
    assert window.orders.detail.state.contact_attempts == 1


def test_undo_only_within_the_configured_time(qtbot, window, station, english):
    station.set_settings({"undo_minutes": 0})  # undo switched off
    oid = seed.issue(station, "dispatch")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        press(qtbot, window, Qt.Key.Key_F3)
    wait_idle(qtbot, window.ctx)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx)
    assert EventType.VOIDED not in types(window)
    assert "too late" in window.statusBar().currentMessage()
