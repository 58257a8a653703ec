"""The bundled CJK font: one file that the PDF, the receipt raster mode and the Qt UI all load."""

from __future__ import annotations

from pathlib import Path

import resources

CJK_FONT_FILE = "wqy-microhei-subset.ttf"
CJK_FONT_FAMILY = "WenQuanYi Micro Hei"


def cjk_font_path() -> Path:
    """The TrueType subset of WenQuanYi Micro Hei under resources/fonts/ (Apache-2.0)."""
    return Path(resources.__file__).resolve().parent / "fonts" / CJK_FONT_FILE
