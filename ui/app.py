"""Starting Qt for the station window (and the call center console): high-DPI policy, the
bundled CJK font, the translators and the style sheet, in that order."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

import resources
from ui import alerts, fonts, gui_gc, i18n, msgbox

RESOURCES = Path(resources.__file__).resolve().parent
STYLE_SHEET = RESOURCES / "style" / "station.qss"
APP_ICON = RESOURCES / "icons" / "station.svg"
SOUND_FILES = ("new_order.wav", "rescue.wav")

log = logging.getLogger(__name__)


@dataclass
class QtApp:
    app: QApplication
    translators: i18n.Translators
    cjk_family: str | None

    def set_language(self, language: str) -> None:
        self.translators.install(language)
        msgbox.set_language(language)
        # Qt's own widgets (calendars, zone names) speak the interface language too.
        QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))


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
    gui_gc.install(app)
    qt_app = QtApp(app, i18n.Translators(app), cjk)
    qt_app.set_language(i18n.resolve(language))
    _log_resources(qt_app)
    return qt_app


def _log_resources(qt_app: QtApp) -> None:
    """One line in the log saying which bundled files were found; an error for a missing one
    (a broken installation shows up in the support zip, and fails the bundle's test)."""
    sounds = [name for name in SOUND_FILES if (alerts.SOUNDS / name).is_file()]
    zh = i18n.catalogs("zh_CN")
    log.info("resources in %s: font %s, %d zh_CN catalogues, sounds %s, language %s "
             "(%d translators)", RESOURCES, qt_app.cjk_family or "MISSING", len(zh),
             ",".join(sounds) or "MISSING", qt_app.translators.language,
             qt_app.translators.loaded)
    if qt_app.cjk_family is None:
        log.error("the bundled Chinese font did not load from %s", RESOURCES / "fonts")
    if not zh:
        log.error("no Chinese translations in %s", i18n.TRANSLATIONS_DIR)
    if len(sounds) != len(SOUND_FILES):
        log.error("sounds missing in %s", alerts.SOUNDS)


def settle_after_start() -> None:
    """Start-up is over. What it made (modules, classes, Qt wrappers: some 65,000 objects)
    lives as long as the process, so the cyclic garbage collector stops walking it: a full
    collection over all of it held the interpreter lock 30-50 ms, on whichever thread it fell,
    several times a minute while the station synced; now it walks only what came later."""
    gc.collect()
    gc.freeze()
