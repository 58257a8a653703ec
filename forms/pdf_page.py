"""Every page of an A4 form: the station, the printing time, 副本 on a reprint and
第 n 页 / 共 N 页, drawn once the number of pages is known."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forms import document as d
from forms.pdf_style import COPY_RED, FONT, MARGIN, PAGE_W
from forms.shared import TIME_FORMAT


def numbered_canvas(footer: d.Footer | None, tz: tzinfo) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Holds each page back until the last, so each can say 第 n 页 / 共 N 页."""

        if TYPE_CHECKING:  # reportlab's own, not in its stubs
            _pageNumber: int

            def _startPage(self) -> None: ...

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = FONT
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            y = MARGIN - 2 * mm
            self.setFont(FONT, 8.5)
            self.setFillColor(colors.black)
            if footer is not None:
                printed = footer.printed_at.astimezone(tz).strftime(TIME_FORMAT)
                left = f"{footer.station_name}(ERP {footer.erp_code})  打印时间：{printed}"
                self.drawString(MARGIN, y, left)
                if footer.is_copy:
                    self.setFillColor(COPY_RED)
                    x = MARGIN + self.stringWidth(left, FONT, 8.5) + 6 * mm
                    self.drawString(x, y, f"副本 第{footer.copy_number}份")
                    self.setFillColor(colors.black)
            self.drawRightString(PAGE_W - MARGIN, y, f"第 {self._pageNumber} 页 / 共 {total} 页")

    return NumberedCanvas
