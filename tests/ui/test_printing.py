"""Printing from the window to a virtual receipt printer: the first print, then a reprint that
asks first and comes out marked 副本; declining prints nothing; PDF saved beside."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from printers.emulator import VirtualPrinter
from station_app.domain.events import FormName
from tests.ui import seed
from tests.ui.test_window import open_order
from ui import services


@pytest.fixture
def vprinter(tmp_path) -> Iterator[VirtualPrinter]:
    printer = VirtualPrinter(80, link=tmp_path / "ttyPRN").start()
    yield printer
    printer.stop()


def test_reprint_asks_and_is_marked_as_a_copy(qtbot, window, station, ctx, vprinter, messages,
                                              tmp_path):
    station.set_settings({"printer": {"port": vprinter.port_name, "paper": 80}})
    services.apply_printer(ctx, station.settings.all())
    oid = seed.issue(station, "rescue", business_no="RS-PRINT-1")
    open_order(qtbot, window, oid)

    with qtbot.waitSignal(window.orders.printed, timeout=5000):
        window.orders.print_form(FormName.OUTSIDE_SERVICE)
    qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 1, timeout=10_000)
    assert "副本" not in vprinter.cut_receipts[0]
    qtbot.waitUntil(lambda: any(e.event.type.value == "form_printed"
                                for e in window.orders.detail.timeline), timeout=5000)
    # it answered the GS r 1 after the form: stored, so a later fault is judged by it
    qtbot.waitUntil(lambda: station.settings.get("printer").get("confirms_end") is True,
                    timeout=5000)

    messages.answers.append(False)  # "print again?" — no
    window.orders.print_form(FormName.OUTSIDE_SERVICE)
    assert [kind for kind, _ in messages.take()] == ["ask"]

    messages.answers.append(True)
    with qtbot.waitSignal(window.orders.printed, timeout=5000) as printed:
        window.orders.print_form(FormName.OUTSIDE_SERVICE)
    asked = messages.take()
    assert asked[0][0] == "ask" and "1" in asked[0][1]
    assert printed.args[0].copy_number == 2
    qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 2, timeout=10_000)
    assert "副本" in vprinter.cut_receipts[1]

    pdf = tmp_path / "form.pdf"
    window.orders.save_pdf(FormName.OUTSIDE_SERVICE, pdf)
    qtbot.waitUntil(pdf.exists, timeout=10_000)
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "RS-PRINT-1" in text


def printed_events(station, oid) -> list[dict]:
    return [e.event.payload for e in station.order(oid).timeline
            if e.event.type.value == "form_printed"]


def test_form_printed_is_recorded_when_the_printer_confirms_not_when_queued(
        qtbot, window, station, ctx, vprinter):
    vprinter.set_fault("power_off")  # a printer known to answer, switched off
    station.set_settings({"printer": {"port": vprinter.port_name, "paper": 80,
                                      "answers_status": True}, "language": "en"})
    window.apply_settings(station.settings.all())
    oid = seed.issue(station, "rescue", business_no="RS-CONFIRM-1")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.printed, timeout=5000) as printed:
        window.orders.print_form(FormName.OUTSIDE_SERVICE)
    job_id = printed.args[0].job_id
    qtbot.waitUntil(lambda: "无响应" in ctx.print_queue.job(job_id).last_error, timeout=10_000)
    assert printed_events(station, oid) == []  # queued is not printed
    qtbot.waitUntil(lambda: "not answering" in window.status.printer.text(), timeout=5000)

    vprinter.set_fault("power_off", False)
    qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 1, timeout=15_000)
    qtbot.waitUntil(lambda: printed_events(station, oid) != [], timeout=10_000)
    assert printed_events(station, oid) == [
        {"form": "outside_service", "copy_number": 1, "medium": "receipt"}]
    qtbot.waitUntil(lambda: any(e.event.type.value == "form_printed"
                                for e in window.orders.detail.timeline), timeout=5000)


def test_a_form_the_queue_cannot_confirm_is_asked_about_and_answered(
        qtbot, window, station, ctx, vprinter, english):
    from PySide6.QtWidgets import QPushButton

    from ui.dialogs.print_queue import PrintQueueDialog

    station.set_settings({"printer": {"port": vprinter.port_name, "paper": 80,
                                      "answers_status": True}, "language": "en"})
    window.apply_settings(station.settings.all())
    oid = seed.issue(station, "rescue", business_no="RS-UNSURE-1")
    open_order(qtbot, window, oid)
    vprinter.fail_after(300, "power_off")  # the power goes in the middle of the form
    with qtbot.waitSignal(window.dialog_opened, timeout=15_000) as opened:
        window.orders.print_form(FormName.OUTSIDE_SERVICE)
    dialog = opened.args[0]
    assert isinstance(dialog, PrintQueueDialog)  # asked, without being looked for
    qtbot.waitUntil(lambda: dialog.selected_job() is not None, timeout=5000)
    job = dialog.selected_job()
    assert job.state == "unsure" and "did the form come out complete?" in job.last_error
    assert "Did it come out?" in dialog.model.data(dialog.model.index(0, 3))
    assert "to check" in window.status.printer.text()
    assert printed_events(station, oid) == []
    again = dialog.findChild(QPushButton, "printAgain")
    assert again.isEnabled() and dialog.findChild(QPushButton, "cameOut").isEnabled()

    vprinter.set_fault("power_off", False)
    again.click()  # it did not come out whole: print it again, marked
    qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 1, timeout=15_000)
    assert "重打 第1份" in vprinter.cut_receipts[0]
    qtbot.waitUntil(lambda: printed_events(station, oid) != [], timeout=10_000)
    assert len(printed_events(station, oid)) == 1
    qtbot.waitUntil(lambda: "to check" not in window.status.printer.text(), timeout=5000)


def test_the_preview_is_the_paper_dot_for_dot(qtbot, window, station, ctx, vprinter, tmp_path):
    from PIL import Image
    from PySide6.QtWidgets import QPushButton

    from printers.profiles import profile_for
    from printers.raster import render_qr
    from ui.dialogs.print_preview import PreviewDialog

    station.set_settings({"printer": {"port": vprinter.port_name, "paper": 80}})
    services.apply_printer(ctx, station.settings.all())
    oid = seed.issue(station, "rescue", business_no="RS-PREVIEW-1")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened, timeout=10_000) as opened:
        window.orders.preview(FormName.OUTSIDE_SERVICE)
    dialog = opened.args[0]
    assert isinstance(dialog, PreviewDialog)
    shown = dialog.receipt.image
    assert shown.width() == 576 + 32  # 80 mm paper: 576 dots, and the margin
    with qtbot.waitSignal(window.orders.printed, timeout=5000):
        dialog.findChild(QPushButton, "previewPrint").click()
    qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 1, timeout=15_000)
    assert vprinter.cut_receipts[0] == dialog.text
    paper = Image.open(vprinter.render_png(tmp_path / "paper.png")).convert("L")
    assert (shown.width(), shown.height()) == paper.size
    row = shown.bytesPerLine()
    pixels = bytes(shown.constBits())
    shown_bytes = b"".join(pixels[y * row:y * row + shown.width()] for y in range(shown.height()))
    assert shown_bytes == paper.tobytes()  # the same dots, the real QR code among them
    qr = render_qr("RS-PREVIEW-1", profile_for(80)).tobytes()  # the real code, not a box
    strip = len(qr) // 576
    assert any(paper.crop((16, y, 16 + 576, y + strip)).tobytes() == qr
               for y in range(16, paper.height - strip))
