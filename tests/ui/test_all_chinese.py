"""All Chinese: the first start follows the system locale and the setting overrides it; Qt's
own file dialog speaks Chinese (its Qt 6 texts come from our catalogue); the console and the
demo's printer window follow a language switch; no English left in Chinese mode; English
plurals are right."""

from __future__ import annotations

import re

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QFileDialog, QLabel

from station_app.domain.events import FormName
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import open_order
from ui import i18n

LATIN = re.compile(r"[A-Za-z]{2,}")


def test_first_start_follows_the_system_locale_and_the_setting_overrides_it():
    assert i18n.resolve(None, QLocale("zh_CN")) == "zh_CN"
    assert i18n.resolve("", QLocale("zh_TW")) == "zh_CN"
    assert i18n.resolve(None, QLocale("en_US")) == "en"
    assert i18n.resolve(None, QLocale("fr_FR")) == "en"  # not Chinese: English
    assert i18n.resolve("zh_CN", QLocale("en_US")) == "zh_CN"
    assert i18n.resolve("en", QLocale("zh_CN")) == "en"


def test_the_demo_station_follows_the_system_language(tmp_path):
    """The demo's station is set up without a language, so LANG decides (zh_* → Chinese)."""
    from types import SimpleNamespace

    from station_app.station import Station
    from station_desk.demo import scenario
    from station_desk.demo.session import Options, Session, Tokens
    demo = Session(options=Options(data_dir=tmp_path), folder=tmp_path,
                   scenario=scenario.build())
    demo.server = SimpleNamespace(base_url="http://127.0.0.1:9")
    demo.printer = SimpleNamespace(port_name="/dev/pts/9")
    demo.tokens = Tokens("t1", "t2", "d", "r", "c")
    demo._configure_station()
    with Station.open(demo.station_dir) as station:
        saved = station.settings.get("language")
    assert saved == ""
    assert i18n.resolve(saved, QLocale("en_US")) == "en"
    assert i18n.resolve(saved, QLocale("zh_CN")) == "zh_CN"


def test_the_save_dialog_speaks_chinese(qtbot, window, station, chinese):
    window.rebuild()
    oid = seed.issue(station, "rescue", business_no="RS-PDF-1")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened, timeout=5000) as opened:
        window.orders.ask_pdf_path(FormName.OUTSIDE_SERVICE)
    dialog = opened.args[0]
    assert isinstance(dialog, QFileDialog)
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel) if w.text()}
    assert labels["lookInLabel"] == "查找范围(&I):"
    assert labels["fileTypeLabel"] == "文件类型(&T):"
    for name, text in labels.items():
        assert not LATIN.search(text.replace("&", "")), (name, text)
    name = dialog.findChild(QLabel, "fileNameLabel")
    assert name is not None
    from PySide6.QtWidgets import QLineEdit
    suggested = dialog.findChild(QLineEdit, "fileNameEdit").text()
    assert suggested == "RS-PDF-1-外出服务登记表.pdf"
    dialog.reject()
    wait_idle(qtbot, window.ctx)


def test_the_demo_printer_window_follows_a_switch(qtbot, qt_app, english):
    from station_desk.demo.windows import PrinterWindow

    class Printer:
        port_name = "/dev/pts/9"
        bytes_printed = 0
        receipts: list = []

    win = PrinterWindow(Printer(), qt_app and __import__("pathlib").Path("/tmp/x.png"))
    qtbot.addWidget(win)
    assert win.windowTitle().startswith("Receipt printer")
    qt_app.set_language("zh_CN")
    qtbot.waitUntil(lambda: not win.windowTitle().startswith("Receipt"), timeout=2000)
    assert not LATIN.search(win.paper.text())
    qt_app.set_language("en")
    qtbot.waitUntil(lambda: win.windowTitle().startswith("Receipt printer"), timeout=2000)


def test_no_english_left_in_the_detail_and_the_completion_dialog(qtbot, window, station,
                                                                chinese):
    from ui.dialogs.completion import CompletionDialog
    window.rebuild()
    oid = seed.issue(station, "rescue")
    detail = open_order(qtbot, window, oid)
    assert "公里" in window.detail.vehicle.text() and "km" not in window.detail.vehicle.text()
    dialog = CompletionDialog(detail.order.business_no, "zh_CN", window)
    qtbot.addWidget(dialog)
    assert "km" not in dialog.distance.suffix()
    wait_idle(qtbot, window.ctx)


def test_the_settings_dialog_names_ports_and_the_zone_in_chinese(qtbot, window, station,
                                                                chinese):
    from types import SimpleNamespace

    from tests.ui.test_settings import open_dialog
    window.rebuild()
    dialog = open_dialog(qtbot, window)
    dialog.set_ports([SimpleNamespace(device="/dev/ttyS0", description="n/a")])
    assert "n/a" not in dialog.port.itemText(0)
    assert dialog.timezone.currentText() == "中国标准时间 (北京)"
    values, _token, _errors = dialog.collect()
    assert values["timezone"] == "Asia/Shanghai"
    dialog.reject()
    wait_idle(qtbot, window.ctx)


def test_english_plurals(qtbot, window, station, english):
    seed.issue(station, "dispatch")
    qtbot.waitUntil(lambda: window.inbox.count_label.text() == "1 order", timeout=5000)
    seed.issue(station, "dispatch")
    qtbot.waitUntil(lambda: window.inbox.count_label.text() == "2 orders", timeout=5000)
