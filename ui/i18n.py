"""Interface language: which one to use, and installing its Qt translators.

Strings are written in English in the code (``self.tr`` / ``QCoreApplication.translate``);
``resources/translations/station_zh_CN.qm`` holds the Chinese, ``*_en.qm`` only the English
plural forms of "%n" texts. Qt's own strings (OK, Cancel) come from Qt's bundled
``qtbase_zh_CN.qm``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import resources

LANGUAGES = ("zh_CN", "en")
TRANSLATIONS_DIR = Path(resources.__file__).resolve().parent / "translations"
CATALOG = "station"


def qm_path(language: str, catalog: str = CATALOG) -> Path:
    return TRANSLATIONS_DIR / f"{catalog}_{language}.qm"


def catalogs(language: str) -> list[Path]:
    """Every compiled catalogue of ``language`` (the station's, the console's...)."""
    return sorted(TRANSLATIONS_DIR.glob(f"*_{language}.qm"))


def resolve(setting: str | None, system: QLocale | None = None) -> str:
    """The language to show: the setting if given, else the system's (LANG on Linux): a
    Chinese locale (zh_*) gives Chinese, any other English."""
    if setting in LANGUAGES:
        return setting
    locale = system or QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


class Translators:
    """The translators installed on the application; switch language without a restart."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    @property
    def loaded(self) -> int:
        """How many catalogues are installed now (ours and Qt's own)."""
        return len(self._installed)

    def install(self, language: str) -> bool:
        """Install ``language`` (removing the previous one); False if the station's catalogue
        is missing."""
        for tr in self._installed:
            self._app.removeTranslator(tr)
        self._installed = []
        self.language = language
        if language != "en" and not qm_path(language).exists():
            return False
        for path in catalogs(language):  # English: only the plural forms of "%n" texts
            ours = QTranslator(self._app)
            if ours.load(str(path)):
                self._app.installTranslator(ours)
                self._installed.append(ours)
        if language == "en":
            return True
        qt = QTranslator(self._app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{language}", qt_dir):
            self._app.installTranslator(qt)
            self._installed.append(qt)
        return True
