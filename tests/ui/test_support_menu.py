"""The Help menu: About shows the versions and opens the data folder; "Save diagnostics for
support…" writes the support zip off the GUI thread, with the window's live printer state."""

from __future__ import annotations

import json
import zipfile

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from common.version import VERSION
from tests.ui.conftest import wait_idle
from ui import support
from ui.dialogs.about import AboutDialog


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_about_shows_versions_and_opens_the_data_folder(qtbot, window, ctx):
    dialogs = []
    window.dialog_opened.connect(dialogs.append)
    window.about_action.trigger()
    assert len(dialogs) == 1 and isinstance(dialogs[0], AboutDialog)
    about = dialogs[0]
    qtbot.addWidget(about)
    assert about.isVisible()
    assert about.findChild(type(about.folder_label), "version_Station_Desk").text() == VERSION
    assert about.folder_label.text() == str(ctx.station.data_dir)
    opened = _Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        about.open_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [str(ctx.station.data_dir)]
    about.close()


def test_saving_diagnostics_from_the_menu(qtbot, window, ctx, messages, monkeypatch, tmp_path):
    target = tmp_path / "for-support.zip"
    monkeypatch.setattr(support, "ask_save_path", lambda parent, suggested: target)
    window.diagnostics_action.trigger()
    wait_idle(qtbot, ctx)
    assert [kind for kind, _ in messages.take()] == ["information"]
    with zipfile.ZipFile(target) as zf:
        live = json.loads(zf.read("window.json"))
        status = json.loads(zf.read("status.json"))
    assert live["printer"] == "no printer configured" and live["versions"]["Qt"]
    assert status["station_code"] == ctx.station.code


def test_cancelling_the_file_dialog_writes_nothing(qtbot, window, ctx, monkeypatch):
    monkeypatch.setattr(support, "ask_save_path", lambda parent, suggested: None)
    assert support.save_diagnostics(ctx, window) is None
