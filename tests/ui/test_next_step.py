"""The next step is offered: after 完工 the order stays on screen (though it leaves the open
list) and the detail offers printing its form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from station_app.domain.lifecycle import Status
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import press
from ui.actions import ActionId


def test_completed_order_stays_selected_and_offers_the_print(qtbot, window, station, messages,
                                                            english):
    oid = seed.issue(station, "rescue", business_no="RS-DONE")
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(window.orders.detail_shown, timeout=5000):
        qtbot.waitUntil(lambda: window.inbox.select_order(oid), timeout=5000)
    assert not window.detail.next_step.isVisible()
    with qtbot.waitSignal(window.orders.dialog_opened) as opened:
        press(qtbot, window, Qt.Key.Key_F9)
    dialog = opened.args[0]
    dialog.work_done.setPlainText("更换燃油泵继电器")
    dialog.technicians.setText("王师傅")
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: window.inbox_model.rowCount() == 0, timeout=5000)  # left the list
    wait_idle(qtbot, window.ctx)
    qtbot.wait(300)
    detail = window.orders.detail
    assert detail is not None and detail.order.id == oid  # still on screen
    assert detail.state.status is Status.COMPLETED
    assert window.detail.next_step.isVisible()
    button = window.detail.next_step_button
    assert button.defaultAction() is window.order_actions.actions[ActionId.PRINT_OUTSIDE]
    assert "Ctrl+P" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: messages.shown != [], timeout=5000)
    assert "No receipt printer" in messages.take()[0][1]  # the print was asked for
    wait_idle(qtbot, window.ctx)
