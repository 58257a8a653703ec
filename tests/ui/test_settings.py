"""Settings: checked at the field with the core's own rules, saved all at once, applied at
once (printer queue, language) without a restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from printers.emulator import VirtualPrinter
from tests.ui import seed
from ui import operations
from ui.dialogs.settings import SettingsDialog


@pytest.fixture
def vprinter(tmp_path) -> Iterator[VirtualPrinter]:
    printer = VirtualPrinter(58, link=tmp_path / "ttyPRN").start()
    yield printer
    printer.stop()


def open_dialog(qtbot, window) -> SettingsDialog:
    with qtbot.waitSignal(window.dialog_opened, timeout=5000) as opened:
        window.open_settings()
    dialog = opened.args[0]
    assert isinstance(dialog, SettingsDialog)
    return dialog


def save(dialog: SettingsDialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()


def test_wrong_values_are_refused_at_their_field_and_nothing_is_saved(qtbot, window, station,
                                                                      english):
    dialog = open_dialog(qtbot, window)
    assert dialog.station_code.text() == seed.CODE
    dialog.station_code.setText("12")
    dialog.server_url.setText("ftp://callcenter")
    dialog.token.setText("abc def")
    dialog.timezone.setText("Mars/Olympus")
    dialog.holidays.setPlainText("2026-13-01")
    for box in dialog.day_open:
        box.setChecked(False)
    save(dialog)
    shown = dialog.errors.shown()
    assert "5 digits" in shown["station_code"]
    assert "web address" in shown["server_url"]
    assert "spaces" in shown["token"]
    assert "time zone" in shown["timezone"]
    assert "2026-13-01" in shown["calendar"]
    assert dialog.isVisible()
    assert station.settings.get("station_code") == seed.CODE
    assert station.settings.get("server_url") == ""
    assert station.token() is None


def test_saved_settings_apply_without_restart(qtbot, window, station, vprinter, ctx, qt_app):
    dialog = open_dialog(qtbot, window)
    dialog.server_url.setText("http://127.0.0.1:9/")
    dialog.token.setText("tok-123")
    dialog.station_name.setText("合肥北城服务站")
    dialog.port.setCurrentText(vprinter.port_name)
    dialog.paper.setCurrentIndex(dialog.paper.findData(58))
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.holidays.setPlainText("2026-10-01\n2026-10-02")
    try:
        with qtbot.waitSignal(window.settings_saved, timeout=5000):
            save(dialog)
        assert station.settings.get("server_url") == "http://127.0.0.1:9"
        assert station.token() == "tok-123"
        assert station.settings.calendar().holidays  # saved with the rest
        assert ctx.print_queue is not None and ctx.print_queue.config.paper == 58
        assert window.menuBar().actions()[0].text() == "服务站(&S)"  # rebuilt in Chinese
        assert window.inbox.tabs.tabText(0) == "未完成"
        operations.test_print(ctx, window).run()
        qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 1, timeout=10_000)
        assert "中文打印正常" in vprinter.cut_receipts[0]
    finally:
        qt_app.set_language("en")


def test_printer_port_list_comes_from_the_machine(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.set_ports([type("P", (), {"device": "/dev/ttyUSB0", "description": "CH340"})()])
    assert dialog.port.itemText(0) == "/dev/ttyUSB0 — CH340"
    dialog.port.setCurrentIndex(0)
    values, _token, errors = dialog.collect()
    assert values["printer"]["port"] == "/dev/ttyUSB0" and errors == {}


def test_find_printer_sets_port_baud_and_answers_status_and_save_keeps_it(
        qtbot, window, station, tmp_path, english):
    with VirtualPrinter(80, link=tmp_path / "ttyFIND", line_baud=19200) as printer:
        dialog = open_dialog(qtbot, window)
        dialog.port.setCurrentText(printer.port_name)
        dialog.find_button.click()
        qtbot.waitUntil(lambda: "Found a printer" in dialog.found.text(), timeout=15_000)
        assert dialog.port_value() == printer.port_name
        assert dialog.baud.currentData() == 19200
        assert dialog.answers.currentData() is True
        with qtbot.waitSignal(window.settings_saved, timeout=5000):
            save(dialog)
    saved = station.settings.get("printer")
    assert (saved["port"], saved["baud"], saved["answers_status"]) == (printer.port_name,
                                                                       19200, True)
    again = open_dialog(qtbot, window)
    again.set_ports([])
    assert again.answers.currentData() is True  # kept: a property of this printer
    again.baud.setCurrentIndex(again.baud.findData(9600))
    assert again.collect()[0]["printer"]["answers_status"] is True  # the baud is not the printer
    again.port.setCurrentText(str(tmp_path / "other"))
    assert again.collect()[0]["printer"]["answers_status"] is None  # another printer


def test_find_printer_says_when_nothing_answers(qtbot, window, tmp_path, english):
    with VirtualPrinter(80, link=tmp_path / "ttySILENT", answers_status=False) as printer:
        dialog = open_dialog(qtbot, window)
        dialog.port.setCurrentText(printer.port_name)
        dialog.find_button.click()
        qtbot.waitUntil(lambda: "No printer answered" in dialog.found.text(), timeout=20_000)
        assert dialog.find_button.isEnabled()


def test_printer_profile_choices_are_stored_and_shown_again(qtbot, window, station, english):
    dialog = open_dialog(qtbot, window)
    dialog.port.setCurrentText("/dev/ttyUSB0")
    dialog.mode.setCurrentIndex(dialog.mode.findData("gbk"))
    dialog.cutter.setChecked(False)
    dialog.paper.setCurrentIndex(dialog.paper.findData(58))
    with qtbot.waitSignal(window.settings_saved, timeout=5000):
        save(dialog)
    saved = station.settings.get("printer")
    assert (saved["mode"], saved["encoding"], saved["chinese_mode"], saved["cut"],
            saved["paper"]) == ("text", "gbk", "switch", False, 58)
    from printers.config import PrinterConfig
    profile = PrinterConfig.from_json(saved).profile
    assert (profile.encoding, profile.cut, profile.columns) == ("gbk", False, 32)
    again = open_dialog(qtbot, window)
    assert again.mode.currentData() == "gbk" and not again.cutter.isChecked()
