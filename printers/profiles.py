"""Printer profiles: paper width in dots and columns, how Chinese is sent, and what the printer
can do. The common Chinese receipt printers' settings map onto them (README, "Picking a
printer profile")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TextMode = Literal["text", "raster"]
Encoding = Literal["gb18030", "gbk"]
ChineseMode = Literal["once", "switch"]
ENCODINGS: tuple[Encoding, ...] = ("gb18030", "gbk")
CHINESE_MODES: tuple[ChineseMode, ...] = ("once", "switch")


@dataclass(frozen=True)
class PrinterProfile:
    """What the encoder needs to know about a printer (python-escpos's idea of profiles)."""

    name: str
    paper_mm: int
    dots: int  # printable width in dots (203 dpi heads)
    columns: int  # ASCII columns of the 12×24 font; a Chinese character takes two
    mode: TextMode = "text"  # text: the printer's Chinese font; raster: text drawn as GS v 0
    cut: bool = True  # has a cutter (else the paper is fed out to be torn off)
    qr: bool = True  # prints QR natively with GS ( k
    qr_module: int = 6  # dots per QR module
    feed_before_cut: int = 4  # lines fed so the last line clears the cutter
    encoding: Encoding = "gb18030"  # the double-byte code the printer's font reads
    # once: `FS &` once per job (GB18030 printers print ASCII inside Chinese mode);
    # switch: `FS &` … `FS .` around each run of Chinese (printers that need it)
    chinese_mode: ChineseMode = "once"

    @property
    def column_dots(self) -> int:
        return self.dots // self.columns


def profile_for(paper: int, mode: TextMode = "text", *, cut: bool = True, qr: bool = True,
                encoding: Encoding = "gb18030",
                chinese_mode: ChineseMode = "once") -> PrinterProfile:
    """The profile for ``paper`` mm paper (58 or 80)."""
    if encoding not in ENCODINGS or chinese_mode not in CHINESE_MODES:
        raise ValueError(f"encoding must be one of {ENCODINGS} and Chinese mode one of "
                         f"{CHINESE_MODES}")
    name = f"{paper}mm-{'gbk' if mode == 'text' and encoding == 'gbk' else mode}"
    if paper == 58:
        return PrinterProfile(name, 58, 384, 32, mode, cut, qr, qr_module=6, encoding=encoding,
                              chinese_mode=chinese_mode)
    if paper == 80:
        return PrinterProfile(name, 80, 576, 48, mode, cut, qr, qr_module=8, encoding=encoding,
                              chinese_mode=chinese_mode)
    raise ValueError(f"paper must be 58 or 80 mm, not {paper}")


# The profiles a station picks from: GB18030 (most printers sold in China today), GBK with
# Chinese mode switched per run (older printers), raster (no Chinese font), each 58 or 80 mm.
PROFILES: dict[str, PrinterProfile] = {
    p.name: p for p in (
        *(profile_for(w) for w in (58, 80)),
        *(profile_for(w, encoding="gbk", chinese_mode="switch") for w in (58, 80)),
        *(profile_for(w, "raster") for w in (58, 80)),
    )
}
