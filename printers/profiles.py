"""Printer profiles: paper width in dots and columns, text mode, and what the printer can do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TextMode = Literal["text", "raster"]


@dataclass(frozen=True)
class PrinterProfile:
    """What the encoder needs to know about a printer (python-escpos's idea of profiles)."""

    name: str
    paper_mm: int
    dots: int  # printable width in dots (203 dpi heads)
    columns: int  # ASCII columns of the 12×24 font; a Chinese character takes two
    mode: TextMode = "text"  # text: GB18030 Chinese mode; raster: text drawn as GS v 0 images
    cut: bool = True
    qr: bool = True  # prints QR natively with GS ( k
    qr_module: int = 6  # dots per QR module
    feed_before_cut: int = 4  # lines fed so the last line clears the cutter

    @property
    def column_dots(self) -> int:
        return self.dots // self.columns


def profile_for(paper: int, mode: TextMode = "text", *, cut: bool = True,
                qr: bool = True) -> PrinterProfile:
    """The profile for ``paper`` mm paper (58 or 80)."""
    if paper == 58:
        return PrinterProfile(f"58mm-{mode}", 58, 384, 32, mode, cut, qr, qr_module=6)
    if paper == 80:
        return PrinterProfile(f"80mm-{mode}", 80, 576, 48, mode, cut, qr, qr_module=8)
    raise ValueError(f"paper must be 58 or 80 mm, not {paper}")


PROFILES: dict[str, PrinterProfile] = {
    p.name: p for p in (profile_for(w, m) for w in (58, 80) for m in ("text", "raster"))
}
