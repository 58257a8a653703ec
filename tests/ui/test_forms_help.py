"""Forms that help: an error goes as soon as its field is fixed; an empty required field says
必填 (not "“” is not a valid phone number"); numbers are checked as typed; a free-text
technician field does not say "add at least 1"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui import seed
from tests.ui.test_window import ok, open_order, press


def test_completion_errors_clear_when_fixed_and_numbers_are_checked_as_typed(
        qtbot, window, station, chinese):
    window.rebuild()
    oid = seed.issue(station, "rescue")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened) as opened:
        press(qtbot, window, Qt.Key.Key_F9)
    dialog = opened.args[0]
    ok(dialog)
    shown = dialog.errors.shown()
    assert shown["work_done"] == "必填" and shown["technicians"] == "必填"
    qtbot.keyClicks(dialog.work_done, "x")  # typing in the field takes its error away
    assert "work_done" not in dialog.errors.shown()
    assert "technicians" in dialog.errors.shown()
    qtbot.keyClicks(dialog.reading, "abc12")  # letters do not go in
    assert dialog.reading.text() == "12"
    dialog.reject()


def test_an_empty_phone_says_required(qtbot, window, chinese):
    window.rebuild()
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_phone_order()
    dialog = opened.args[0]
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    shown = dialog.errors.shown()
    phone = next(v for k, v in shown.items() if "phone" in k)
    assert phone == "必填", shown
    dialog.reject()


def test_backdate_starts_after_the_issue_and_a_refused_time_keeps_what_was_typed(
        qtbot, window, station, english):
    from datetime import timedelta

    from ui.dialogs.small import BackdateDialog, to_qdatetime
    issued = station.now() - timedelta(minutes=10)
    oid = seed.issue(station, "dispatch", issued_at=issued)
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened) as opened:
        press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    assert isinstance(dialog, BackdateDialog)
    assert dialog.occurred_at() >= issued.replace(second=0, microsecond=0)
    dialog.reason.setText("在路上用手机联系的")
    dialog.note.setText("用户说下午在家")
    dialog.when.setDateTime(to_qdatetime(issued - timedelta(hours=1),
                                         station.settings.zone()))
    ok(dialog)
    assert dialog.isVisible()  # refused, still open, nothing lost
    assert "before the order was issued" in dialog.errors.shown()["occurred_at"]
    assert dialog.reason.text() == "在路上用手机联系的" and dialog.note.text() == "用户说下午在家"
    dialog.when.setDateTime(to_qdatetime(issued + timedelta(minutes=5),
                                         station.settings.zone()))
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)


def test_the_labels_of_tall_boxes_sit_beside_them(qtbot, window, station, chinese):
    from PySide6.QtWidgets import QLabel
    window.rebuild()
    oid = seed.issue(station, "rescue")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened) as opened:
        press(qtbot, window, Qt.Key.Key_F9)
    completion = opened.args[0]
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_phone_order()
    phone = opened.args[0]
    for dialog, box, text in ((completion, completion.work_done, "处理情况"),
                              (phone, phone.statement, "用户主诉")):
        qtbot.waitUntil(dialog.isVisible, timeout=2000)
        label = next(w for w in dialog.findChildren(QLabel) if w.text() == text)
        top = box.mapTo(dialog, box.rect().topLeft()).y()
        bottom = top + box.height()
        centre = label.mapTo(dialog, label.rect().center()).y()
        assert top <= centre <= bottom, (text, top, centre, bottom)
    completion.reject()
    phone.reject()

