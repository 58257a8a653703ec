"""The station window driven like a clerk would: select, press the shortcut, fill the dialog."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from station_app.domain.events import EventType, FormName
from station_app.domain.lifecycle import Status
from tests.ui import seed
from tests.ui.conftest import wait_idle
from ui.actions import ActionId
from ui.dialogs.completion import CompletionDialog
from ui.dialogs.phone_order import PhoneOrderDialog
from ui.dialogs.small import BackdateDialog


def open_order(qtbot, window, order_id):
    """Select the order in the inbox (on the "All" tab, where every order is)."""
    if window.inbox.tabs.currentIndex() != 5:
        with qtbot.waitSignal(window.inbox_model.loaded):
            window.inbox.tabs.setCurrentIndex(5)
    with qtbot.waitSignal(window.orders.detail_shown, timeout=5000,
                          check_params_cb=lambda d: d is not None and d.order.id == order_id):
        qtbot.waitUntil(lambda: window.inbox.select_order(order_id), timeout=5000)
    return window.orders.detail


def online_window(qtbot, ctx, sound):
    """The station window with the real sync worker, shown and online with the call center the
    station's settings name (the test sets them first)."""
    from station_app.sync_status import Link
    from ui import services
    from ui.main_window import MainWindow

    services.start_sync(ctx, long_poll=2.0, backoff_base=0.05, backoff_cap=0.3)
    window = MainWindow(ctx, sound=sound)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=10_000):
        window.show()
    qtbot.waitUntil(lambda: window.status.sync.status is not None
                    and window.status.sync.status.link is Link.ONLINE, timeout=10_000)
    return window


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    qtbot.keyClick(window.inbox.table, key, modifier)


def ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_reached_shortcut_records_at_once_and_shows_waiting(qtbot, window, station):
    oid = seed.issue(station, "rescue")
    qtbot.waitUntil(lambda: window.inbox_model.row_of(oid) is not None)
    open_order(qtbot, window, oid)
    assert window.order_actions.actions[ActionId.REACHED].isEnabled()
    with qtbot.waitSignal(window.orders.recorded, timeout=5000) as rec:
        press(qtbot, window, Qt.Key.Key_F2)
    assert rec.args[0].type is EventType.CONTACT_ATTEMPT
    assert rec.args[0].payload["outcome"] == "reached"
    qtbot.waitUntil(lambda: window.orders.detail.state.status is Status.CONTACTED, timeout=5000)
    model = window.detail.timeline_model
    rows = [(model.data(model.index(r, 1)), model.data(model.index(r, 4)))
            for r in range(model.rowCount())]
    assert ("Phoned the customer", "Waiting to send") in rows
    # the button shows its shortcut
    assert window.detail.action_bar.buttons[ActionId.REACHED].text().endswith("F2")


def test_actions_follow_the_lifecycle(qtbot, window, station):
    oid = seed.issue(station, "dispatch")
    station.record(oid, EventType.DECLINED, {"reason": "不在服务范围"})
    open_order(qtbot, window, oid)
    enabled = window.order_actions.enabled()
    assert ActionId.REACHED not in enabled and ActionId.COMPLETED not in enabled
    assert ActionId.NOTE in enabled and ActionId.PRINT_JOB_SHEET in enabled


def test_completion_dialog_checks_each_field(qtbot, window, station):
    oid = seed.issue(station, "rescue")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened) as opened:
        press(qtbot, window, Qt.Key.Key_F9)
    dialog = opened.args[0]
    assert isinstance(dialog, CompletionDialog)
    ok(dialog)
    shown = dialog.errors.shown()
    assert shown["work_done"] == "Required" and shown["technicians"] == "Required"
    assert dialog.isVisible()
    dialog.work_done.setPlainText("更换燃油泵继电器,试车正常")
    dialog.technicians.setText("王师傅, 李工")
    dialog.add_part(name="", price="12")
    dialog.reading.setText("-5")
    ok(dialog)
    shown = dialog.errors.shown()
    assert set(shown) == {"parts", "reading"}
    dialog.parts.item(0, 0).setText("燃油泵继电器")
    dialog.reading.setText("48,500")
    dialog.fees["fees_out_of_warranty"]["labour"].setValue(80)
    with qtbot.waitSignal(window.orders.recorded, timeout=5000) as rec:
        ok(dialog)
    event = rec.args[0]
    assert event.type is EventType.COMPLETED
    body = event.body
    assert body.technicians == ["王师傅", "李工"] and body.mileage_km == 48500
    assert body.parts[0].name == "燃油泵继电器" and str(body.fees_out_of_warranty.labour) == "80.00"
    qtbot.waitUntil(lambda: window.orders.detail.state.status is Status.COMPLETED, timeout=5000)


def test_backdate_needs_a_reason_and_keeps_both_times(qtbot, window, station):
    oid = seed.issue(station, "dispatch", issued_at=station.now() - timedelta(hours=2))
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened) as opened:
        press(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    assert isinstance(dialog, BackdateDialog)
    ok(dialog)
    assert "backdate_reason" in dialog.errors.shown()
    from ui.dialogs.small import to_qdatetime
    earlier = station.now() - timedelta(minutes=40)
    dialog.when.setDateTime(to_qdatetime(earlier, station.settings.zone()))
    dialog.reason.setText("在路上用手机联系的")
    with qtbot.waitSignal(window.orders.recorded, timeout=5000) as rec:
        ok(dialog)
    event = rec.args[0]
    assert event.backdate_reason == "在路上用手机联系的"
    assert abs((event.occurred_at - earlier).total_seconds()) < 60
    assert event.recorded_at > event.occurred_at + timedelta(minutes=30)


def test_order_by_phone_while_offline(qtbot, window, station, english):
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_phone_order()
    dialog = opened.args[0]
    assert isinstance(dialog, PhoneOrderDialog)
    dialog.customer_name.setText("周先生")
    dialog.customer_phone.setText("12345")
    dialog.vin.setText("ABC")
    ok(dialog)
    shown = dialog.errors.shown()
    assert "business_no" in shown
    assert "not a mainland mobile" in shown["customer.phone"]
    assert "17 characters" in shown["vehicle.vin"]
    dialog.business_no.setText("FAX-20261125-01")
    dialog.customer_phone.setText("13912345678")
    dialog.vin.setText("")
    dialog.location.setText("合肥市瑶海区")
    with qtbot.waitSignal(window.orders.detail_shown, timeout=5000,
                          check_params_cb=lambda d: d is not None):
        ok(dialog)
    assert window.orders.detail.order.business_no == "FAX-20261125-01"
    assert window.orders.detail.entered_locally


def test_field_errors_in_chinese(qtbot, window, station, chinese):
    dialog = PhoneOrderDialog(station.code, "zh_CN", window)
    qtbot.addWidget(dialog)
    dialog.customer_phone.setText("12345")
    ok(dialog)
    shown = dialog.errors.shown()
    assert "不是有效的手机号" in shown["customer.phone"]
    assert shown["customer.name"] == "必填"


def test_cancelled_order_shows_its_banner(qtbot, window, station, english):
    oid = seed.issue(station, "dispatch")
    open_order(qtbot, window, oid)
    assert not window.detail.banner.isVisible()
    seed.call_center_event(station, oid, EventType.CANCELLED, {"reason": "用户已自行修好"})
    qtbot.waitUntil(lambda: window.detail.banner.isVisible(), timeout=5000)
    assert "cancelled" in window.detail.banner.text()
    assert "用户已自行修好" in window.detail.banner.text()
    assert ActionId.REACHED not in window.order_actions.enabled()


def receive(qtbot, window, order_id):
    """Open the order and take it in with Enter, as a clerk does."""
    if window.orders.order_id != order_id:
        open_order(qtbot, window, order_id)
    with qtbot.waitSignal(window.orders.opened, timeout=5000):
        press(qtbot, window, Qt.Key.Key_Return)


def test_rescue_alarm_repeats_until_the_order_is_received(qtbot, window, station, sound):
    dispatch = seed.issue(station, "dispatch")
    qtbot.waitUntil(lambda: sound.played == [False], timeout=5000)
    with qtbot.waitSignal(window.alerts.notified, timeout=5000) as note:
        rescue = seed.issue(station, "rescue", business_no="RS-77")
    assert note.args[0] == "Rescue notice: RS-77"
    assert sound.played == [False, True]
    assert window.alerts.repeating
    assert window.windowTitle().startswith("(2) ")
    qtbot.waitUntil(lambda: window.inbox_model.order_id(0) == rescue)  # on top, highlighted
    open_order(qtbot, window, rescue)
    assert window.alerts.repeating  # looking at it is not receiving it
    receive(qtbot, window, rescue)
    assert not window.alerts.repeating
    assert window.windowTitle().startswith("(1) ")
    receive(qtbot, window, dispatch)
    assert not window.windowTitle().startswith("(")
    wait_idle(qtbot, window.ctx)


def test_printing_without_a_printer_says_so(qtbot, window, station, messages):
    oid = seed.issue(station, "rescue")
    open_order(qtbot, window, oid)
    window.orders.print_form(FormName.OUTSIDE_SERVICE)
    qtbot.waitUntil(lambda: messages.shown != [], timeout=5000)
    assert "No receipt printer" in messages.take()[0][1]


def test_outbox_lists_what_waits_and_closing_it_is_safe(qtbot, window, station, english):
    oid = seed.issue(station, "dispatch", business_no="HF-OUT-1")
    station.record(oid, EventType.NOTE, {"text": "待发送"})
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_outbox()
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    assert dialog.model.data(dialog.model.index(0, 0)) == "HF-OUT-1"
    assert dialog.model.data(dialog.model.index(0, 3)) == "Waiting to send"
    dialog.reject()
    qtbot.waitUntil(lambda: not window.findChildren(type(dialog)), timeout=5000)
    window.refresh_sync_status()  # would reach the deleted dialog if still connected
    with qtbot.waitSignal(window.sync_status_shown, timeout=5000):
        pass


def test_orders_not_yet_opened_are_counted_at_start(qtbot, ctx, station, sound):
    seed.issue(station, "dispatch")
    seed.issue(station, "rescue")
    from ui.main_window import MainWindow
    win = MainWindow(ctx, sound=sound)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.windowTitle().startswith("(2) "), timeout=5000)
    assert sound.played == []  # no alarm for what was already there
    win.close()
