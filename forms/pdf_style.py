"""The A4 form's measures, colours, the bundled CJK font and the paragraph styles, shared by the
blocks (`forms.pdf`) and the page footer (`forms.pdf_page`)."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from forms.fonts import cjk_font_path

FONT = "StationDeskCJK"
PAGE_W, PAGE_H = A4
MARGIN = 13 * mm
WIDTH = PAGE_W - 2 * MARGIN
LABEL_W = 24 * mm
LINE_H = 6.5 * mm  # height of a row to write in by hand
HEADING_H = 5.6 * mm  # a section heading or a table's column titles
QR_SIZE = 23 * mm
CELL_PAD_X, CELL_PAD_Y = 4.0, 5.0  # points inside a cell: each side, top and bottom together
PAIR_MAX = 28  # a value up to this many display columns shares its row with another field

GRID = colors.black
LABEL_BG = colors.HexColor("#EFEFEF")
HEADING_BG = colors.HexColor("#D6D6D6")
COPY_RED = colors.HexColor("#C00000")

_ALIGN: dict[str, Literal[0, 1, 2, 4]] = {"left": TA_LEFT, "center": TA_CENTER,
                                          "right": TA_RIGHT}
_font_lock = threading.Lock()


def register_font() -> str:
    """Register the bundled CJK font with reportlab once per process; returns its name."""
    with _font_lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path())))
    return FONT


@lru_cache(maxsize=64)
def paragraph_style(size: float = 9.5, align: str = "left",
                    leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{align}",
        fontName=FONT,
        fontSize=size,
        leading=leading or size * 1.3,
        alignment=_ALIGN[align],
        wordWrap="CJK",
    )


CELL = paragraph_style()
LABEL = paragraph_style(9.5)
HEADING = paragraph_style(10.5, leading=12)
TITLE = paragraph_style(20, "center", 26)
SUBTITLE = paragraph_style(11, "center")
CAPTION = paragraph_style(6.5, "center")
LARGE = paragraph_style(16, leading=20)


def para(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)
