"""The station window against a real call center on loopback and a virtual receipt printer:
an order issued there appears here and alerts; the clerk records with the keyboard; events
wait while the server is down and are delivered when it is back; the completion report and the
printed form; a cancellation shows its banner."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from printers.emulator import VirtualPrinter
from station_app.domain.events import EventType, FormName
from station_app.sync_status import Link
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import online_window, open_order, press
from ui import services
from ui.dialogs.completion import CompletionDialog
from ui.dialogs.print_preview import PreviewDialog

pytestmark = pytest.mark.integration


@pytest.fixture
def vprinter(tmp_path) -> Iterator[VirtualPrinter]:
    printer = VirtualPrinter(80, link=tmp_path / "ttyPRN").start()
    yield printer
    printer.stop()


def sync_marks(window) -> list[tuple[str, str]]:
    model = window.detail.timeline_model
    return [(model.entry(r).event.type.value, model.entry(r).sync.value)
            for r in range(model.rowCount())]


def test_order_from_the_call_center_to_the_printer_and_back(
        qtbot, callcenter_server, station, ctx, vprinter, sound):
    server = callcenter_server
    station.set_settings({"server_url": server.base_url,
                          "printer": {"port": vprinter.port_name, "paper": 80}})
    station.set_token(server.add_station(seed.CODE, "合肥北城服务站"))
    services.apply_printer(ctx, station.settings.all())
    window = online_window(qtbot, ctx, sound)

    # 1. issued at the call center: on top of the inbox, with the alarm
    with qtbot.waitSignal(window.alerts.notified, timeout=15_000):
        order = server.issue_order(seed.CODE, kind="rescue", business_no="RS-E2E-1",
                                   location="G3京台高速合肥南出口3公里")
    oid = UUID(order["id"])
    assert sound.played == [True] and window.alerts.repeating
    assert window.inbox_model.order_id(0) == oid
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.opened, timeout=5000):
        press(qtbot, window, Qt.Key.Key_Return)  # received: the alarm stops
    assert not window.alerts.repeating

    # 2. the server goes away: recording still works and the status bar says offline
    server.stop()
    qtbot.waitUntil(lambda: window.status.sync.status.link is Link.OFFLINE, timeout=15_000)
    assert "Offline" in window.status.sync.text()
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        press(qtbot, window, Qt.Key.Key_F2)  # reached the customer
    qtbot.waitUntil(lambda: ("contact_attempt", "waiting") in sync_marks(window), timeout=5000)
    qtbot.waitUntil(lambda: " waiting" in window.status.sync.text(), timeout=5000)

    # 3. back online: the same event is delivered, exactly once
    server.start()
    qtbot.waitUntil(lambda: ("contact_attempt", "delivered") in sync_marks(window),
                    timeout=20_000)
    qtbot.waitUntil(lambda: window.status.sync.status.link is Link.ONLINE, timeout=10_000)

    # 4. the completion report
    with qtbot.waitSignal(window.orders.dialog_opened) as opened:
        press(qtbot, window, Qt.Key.Key_F9)
    dialog = opened.args[0]
    assert isinstance(dialog, CompletionDialog)
    dialog.work_done.setPlainText("更换燃油泵继电器,试车正常")
    dialog.technicians.setText("王师傅")
    dialog.distance.setValue(36)
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: ("completed", "delivered") in sync_marks(window), timeout=20_000)
    held = server.dispatcher.get(f"/v1/orders/{oid}").json()
    assert held["status"] == "completed"
    assert [e["type"] for e in held["events"]].count("contact_attempt") == 1

    # 5. preview, then print what was previewed: the printer's text is the preview
    with qtbot.waitSignal(window.orders.dialog_opened, timeout=5000) as opened:
        window.orders.preview(FormName.OUTSIDE_SERVICE)
    preview = opened.args[0]
    assert isinstance(preview, PreviewDialog)
    assert "外出服务登记表" in preview.text and "更换燃油泵继电器" in preview.text
    with qtbot.waitSignal(window.orders.printed, timeout=5000):
        preview.findChild(QPushButton, "previewPrint").click()
    qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 1, timeout=15_000)
    assert vprinter.cut_receipts[0] == preview.text
    qtbot.waitUntil(lambda: ("form_printed", "delivered") in sync_marks(window), timeout=20_000)

    # 6. the call center cancels another order: its banner
    other = UUID(server.issue_order(seed.CODE, business_no="HF-E2E-2")["id"])
    qtbot.waitUntil(lambda: window.inbox_model.row_of(other) is not None, timeout=15_000)
    open_order(qtbot, window, other)
    server.cancel_order(str(other), "用户已自行修好")
    qtbot.waitUntil(lambda: window.detail.banner.isVisible(), timeout=15_000)
    assert "用户已自行修好" in window.detail.banner.text()
    assert EventType.CONTACT_ATTEMPT not in window.orders.detail.allowed_actions

    window.close()
    wait_idle(qtbot, ctx)
