"""Loading the bundled CJK font, so Chinese renders on a PC with no Chinese font installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

from forms.fonts import cjk_font_path

DEFAULT_POINT_SIZE = 10  # a counter screen read from arm's length (phone: 1.8x)


def load_cjk_font() -> str | None:
    """Register the bundled font with Qt; its family name, or None if it could not load."""
    font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
    if font_id < 0:
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else None


def application_font(cjk_family: str | None, point_size: int = DEFAULT_POINT_SIZE) -> QFont:
    """The UI font: the platform's sans for Latin text, the bundled family for Chinese."""
    font = QFont()
    families = [f for f in (font.defaultFamily(), cjk_family) if f]
    font.setFamilies(families)
    font.setPointSize(point_size)
    return font


def monospace_font(cjk_family: str | None, point_size: int = DEFAULT_POINT_SIZE) -> QFont:
    """For the receipt preview: fixed-width Latin, the bundled font for Chinese."""
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    mono.setFamilies([f for f in (mono.family(), cjk_family) if f])
    mono.setPointSize(point_size)
    return mono
