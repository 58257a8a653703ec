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
