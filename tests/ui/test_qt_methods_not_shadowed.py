"""Attributes that once hid Qt's own methods (found by mypy): `QDialog.result()` and
`QWidget.scroll()` must still be Qt's, on the real widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit

from printers.emulator import VirtualPrinter
from station_desk.demo.windows import PrinterWindow
from ui.dialogs.completion import CompletionDialog


def test_completion_dialog_keeps_qdialog_result(qtbot):
    dialog = CompletionDialog("QY202611250001", "en")
    qtbot.addWidget(dialog)
    dialog.setResult(QDialog.DialogCode.Accepted.value)
    assert dialog.result() == QDialog.DialogCode.Accepted.value
    assert isinstance(dialog.findChild(QLineEdit, "result"), QLineEdit)  # the field is there


def test_printer_window_keeps_qwidget_scroll(qtbot, tmp_path):
    printer = VirtualPrinter().start()
    try:
        window = PrinterWindow(printer, tmp_path / "receipts.png")
        qtbot.addWidget(window)
        window.show()
        window.scroll(0, 0)  # Qt's QWidget.scroll(dx, dy), not an attribute
        window.refresh()
        assert window.paper.isVisible()
    finally:
        printer.stop()
