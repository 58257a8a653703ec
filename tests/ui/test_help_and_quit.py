"""F1 lists every shortcut; the buttons' tooltips say what they record; empty tables say why
they are empty; 立即发送 is off with nothing to send; quitting says what happens to entries
that wait and forms that print."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from station_app.domain.events import EventType
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import press
from ui.actions import SHORTCUTS, ActionId


def test_f1_lists_every_shortcut(qtbot, window, english):
    with qtbot.waitSignal(window.dialog_opened, timeout=5000) as opened:
        press(qtbot, window, Qt.Key.Key_F1)
    dialog = opened.args[0]
    assert isinstance(dialog, QDialog)
    listed = dialog.shortcuts()
    native = QKeySequence.SequenceFormat.NativeText
    for aid, keys in SHORTCUTS.items():
        assert QKeySequence(keys).toString(native) in listed, aid
    for keys in ("Ctrl+F", "Ctrl+Shift+N", "Ctrl+Q", "Alt+1", "Enter"):
        assert QKeySequence(keys).toString(native) in listed or keys in listed, keys
    dialog.reject()


def test_tooltips_say_what_an_action_records(window, english):
    bar = window.detail.action_bar.buttons
    assert "contact attempt" in bar[ActionId.BUSY].toolTip()
    assert "call center" in bar[ActionId.BUSY].toolTip()
    assert "F4" in bar[ActionId.BUSY].toolTip()


def test_empty_tables_say_why(qtbot, window, station, english):
    assert window.inbox_model.rowCount() == 0
    assert "No open orders" in window.inbox.table.empty_text()
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_outbox()
    dialog = opened.args[0]
    wait_idle(qtbot, window.ctx)
    assert "Nothing waits" in dialog.table.empty_text()
    assert not dialog.sync_now.isEnabled()  # nothing to send
    dialog.reject()
    oid = seed.issue(station, "dispatch")
    station.record(oid, EventType.NOTE, {"text": "待发送"})
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_outbox()
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.sync_now.isEnabled()
    dialog.reject()
    wait_idle(qtbot, window.ctx)


def test_the_empty_print_queue_says_why(qtbot, window, chinese):
    window.rebuild()
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_print_queue()
    dialog = opened.args[0]
    wait_idle(qtbot, window.ctx)
    assert dialog.model.rowCount() == 0
    assert "打印" in dialog.table.empty_text()  # why it is empty and where prints come from
    assert "Ctrl+P" in dialog.table.empty_text()
    dialog.reject()
    wait_idle(qtbot, window.ctx)


def test_quitting_with_entries_waiting_says_they_are_kept(qtbot, window, station, messages,
                                                         english):
    oid = seed.issue(station, "dispatch")
    station.record(oid, EventType.NOTE, {"text": "待发送"})
    qtbot.waitUntil(lambda: window.status.sync.status is not None
                    and window.status.sync.status.events_waiting == 1, timeout=5000)
    messages.answers.append(False)  # stay
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    asked = messages.take()
    assert asked and "1 entry" in asked[0][1] and "kept" in asked[0][1]
    assert window.isVisible()
    messages.answers.append(True)
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    messages.take()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    wait_idle(qtbot, window.ctx)
