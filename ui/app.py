"""Starting Qt for the station window (and the call center console): high-DPI policy, the
bundled CJK font, the translators and the style sheet, in that order."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

import resources
from ui import fonts, i18n, msgbox

RESOURCES = Path(resources.__file__).resolve().parent
STYLE_SHEET = RESOURCES / "style" / "station.qss"
APP_ICON = RESOURCES / "icons" / "station.svg"


@dataclass
class QtApp:
    app: QApplication
    translators: i18n.Translators
    cjk_family: str | None

    def set_language(self, language: str) -> None:
        self.translators.install(language)
        msgbox.set_language(language)


def create_app(argv: Sequence[str] | None = None, language: str | None = None,
               application_name: str = "Station Desk") -> QtApp:
    """The QApplication, set up; reuses an existing one (tests create theirs first)."""
    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
    else:
        assert isinstance(existing, QApplication)
        app = existing
    app.setApplicationName(application_name)
    app.setOrganizationName("StationDesk")
    app.setStyle("Fusion")
    cjk = fonts.load_cjk_font()
    app.setFont(fonts.application_font(cjk))
    if STYLE_SHEET.exists():
        app.setStyleSheet(STYLE_SHEET.read_text(encoding="utf-8"))
    if APP_ICON.exists():
        app.setWindowIcon(QIcon(str(APP_ICON)))
    qt_app = QtApp(app, i18n.Translators(app), cjk)
    qt_app.set_language(i18n.resolve(language))
    return qt_app


def settle_after_start() -> None:
    """Start-up is over. What it made (modules, classes, Qt wrappers: some 65,000 objects)
    lives as long as the process, so the cyclic garbage collector stops walking it: a full
    collection over all of it held the interpreter lock 30-50 ms, on whichever thread it fell,
    several times a minute while the station synced; now it walks only what came later."""
    gc.collect()
    gc.freeze()
