"""Encode a `forms.document.Document` as ESC/POS bytes for a receipt printer.

Text mode writes GB18030 (or GBK) in the printer's Chinese mode — entered once per job where
the profile prints ASCII in it, else `FS &` before each double-byte run and `FS .` after; never
`ESC t` while in it — sizes with `GS !`, bold `ESC E`, alignment `ESC a`, `ESC $` instead of long
runs of spaces, QR with `GS ( k`. Raster mode draws the same lines with the CJK font and sends
`GS v 0` bands of at most 255 dot rows. Both lay out with `forms.layout`, so the receipt matches
the text preview.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from forms.document import Document
from forms.layout import Line, QrLine, layout
from forms.textwidth import char_width, display_width
from printers.profiles import PrinterProfile

ESC, GS, FS, LF = b"\x1b", b"\x1d", b"\x1c", b"\n"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
ALIGN = {"left": 0, "center": 1, "right": 2}
MAX_BAND_ROWS = 255
QR_ERROR_M = 49  # 48–51 = L/M/Q/H


def align(where: str) -> bytes:
    return ESC + b"a" + bytes([ALIGN[where]])


def size(scale: int) -> bytes:
    n = scale - 1
    return GS + b"!" + bytes([(n << 4) | n])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([int(on)])


def feed(lines: int) -> bytes:
    return ESC + b"d" + bytes([lines])


def cut(feed_lines: int) -> bytes:
    """Feed ``feed_lines`` lines, then a partial cut (`GS V 66 n`)."""
    return GS + b"V" + bytes([66, feed_lines])


def _qr_fn(fn: int, payload: bytes) -> bytes:
    n = len(payload) + 2
    return GS + b"(k" + bytes([n & 0xFF, n >> 8, 0x31, fn]) + payload


def qr(data: str, module: int, error_level: int = QR_ERROR_M) -> bytes:
    """Store and print a model 2 QR code natively."""
    raw = data.encode("utf-8")
    return (
        _qr_fn(0x41, b"\x32\x00")  # fn 165: model 2
        + _qr_fn(0x43, bytes([module]))  # fn 167: module size in dots
        + _qr_fn(0x45, bytes([error_level]))  # fn 169: error correction
        + _qr_fn(0x50, b"\x30" + raw)  # fn 180: store
        + _qr_fn(0x51, b"\x30")  # fn 181: print
    )


def raster(bits: bytes, width_bytes: int, height: int) -> bytes:
    """`GS v 0` bands of at most 255 rows for an image of packed rows (1 = black)."""
    out = bytearray()
    for top in range(0, height, MAX_BAND_ROWS):
        rows = min(MAX_BAND_ROWS, height - top)
        out += GS + b"v0\x00" + bytes([width_bytes & 0xFF, width_bytes >> 8, rows & 0xFF,
                                       rows >> 8])
        out += bits[top * width_bytes:(top + rows) * width_bytes]
    return bytes(out)


def chinese_text(text: str, encoding: str = "gb18030", switch: bool = True) -> bytes:
    """``text`` in the printer's double-byte code (GB18030 or GBK). ``switch``: each double-byte
    run between `FS &` and `FS .` (printers that need it); else the printer is already in
    Chinese mode and prints ASCII there too.

    A character the printer's font cannot hold (no two-byte code) prints as a full-width or
    plain question mark of the same width, so columns stay aligned.
    """
    out = bytearray()
    in_chinese = False
    for ch in text:
        if ord(ch) < 0x80:
            if ord(ch) < 0x20:
                continue
            if in_chinese:
                out += CHINESE_OFF
                in_chinese = False
            out += ch.encode("ascii")
            continue
        try:
            code = ch.encode(encoding)
        except UnicodeEncodeError:
            code = b""
        if len(code) != 2:
            code = "？".encode(encoding) if char_width(ch) == 2 else b"?"
            if code == b"?":
                if in_chinese:
                    out += CHINESE_OFF
                    in_chinese = False
                out += code
                continue
        if switch and not in_chinese:
            out += CHINESE_ON
            in_chinese = True
        out += code
    if in_chinese:
        out += CHINESE_OFF
    return bytes(out)


def gb18030_text(text: str) -> bytes:
    """``text`` in GB18030 with each double-byte run between `FS &` and `FS .`."""
    return chinese_text(text)


def position(dots: int) -> bytes:
    """`ESC $`: go to ``dots`` from the start of the line (one motion unit = one dot)."""
    return ESC + b"$" + bytes([dots & 0xFF, dots >> 8])


MIN_GAP = 5  # spaces worth an `ESC $` (4 bytes)


def _line_bytes(text: str, profile: PrinterProfile, scale: int) -> bytes:
    """A line's text; runs of spaces inside it become `ESC $` jumps to the same column."""
    switch = profile.chinese_mode == "switch"
    out = bytearray()
    column = 0
    for piece in re.split(f"( {{{MIN_GAP},}})", text):
        if piece.startswith(" " * MIN_GAP):
            column += len(piece)
            out += position(column * scale * profile.column_dots)
        elif piece:
            out += chinese_text(piece, profile.encoding, switch)
            column += display_width(piece)
    return bytes(out)


class _Style:
    """The printer's current style, so each command is sent only when it changes."""

    def __init__(self) -> None:
        self.align, self.scale, self.bold = "left", 1, False

    def set(self, where: str, scale: int, is_bold: bool) -> bytes:
        out = b""
        if where != self.align:
            out += align(where)
            self.align = where
        if scale != self.scale:
            out += size(scale)
            self.scale = scale
        if is_bold != self.bold:
            out += bold(is_bold)
            self.bold = is_bold
        return out


def encode(document: Document, profile: PrinterProfile, tz: tzinfo | None = None) -> bytes:
    """The bytes that print ``document`` on a printer of ``profile``.

    ``tz`` is the station's zone for printed times (default: this computer's zone).
    """
    zone = tz or datetime.now().astimezone().tzinfo
    assert zone is not None
    return encode_lines(layout(document, profile.columns, zone), profile)


def encode_lines(lines: list[Line], profile: PrinterProfile) -> bytes:
    out = bytearray(job_start(profile))
    if profile.mode == "raster":
        out += _raster_body(lines, profile)
    else:
        out += _text_body(lines, profile)
    out += cut(profile.feed_before_cut) if profile.cut else feed(profile.feed_before_cut)
    return bytes(out)


def job_start(profile: PrinterProfile) -> bytes:
    """`ESC @`, then Chinese mode for the whole job where the profile prints ASCII in it."""
    once = profile.mode == "text" and profile.chinese_mode == "once"
    return INIT + (CHINESE_ON if once else b"")


def _text_body(lines: list[Line], profile: PrinterProfile) -> bytes:
    out = bytearray()
    style = _Style()
    for line in lines:
        if isinstance(line, QrLine):
            out += style.set("center", 1, False) + _qr_line(line, profile)
            continue
        out += style.set(line.align, line.scale, line.bold)
        out += _line_bytes(line.text.rstrip(), profile, line.scale) + LF
    out += style.set("left", 1, False)
    return bytes(out)


def _qr_line(line: QrLine, profile: PrinterProfile) -> bytes:
    if profile.qr:
        return qr(line.data, profile.qr_module)
    from printers.raster import render_qr, to_bits  # noqa: PLC0415

    img = render_qr(line.data, profile)
    return raster(to_bits(img), profile.dots // 8, img.height)


def _raster_body(lines: list[Line], profile: PrinterProfile) -> bytes:
    from printers.raster import render_lines, to_bits  # noqa: PLC0415

    out = bytearray()
    pending: list[Line] = []

    def flush() -> None:
        if pending:
            img = render_lines(pending, profile)
            out.extend(raster(to_bits(img), profile.dots // 8, img.height))
            pending.clear()

    for line in lines:
        if isinstance(line, QrLine) and profile.qr:
            flush()
            out.extend(align("center") + qr(line.data, profile.qr_module) + align("left"))
        else:
            pending.append(line)
    flush()
    return bytes(out)



def reprint_mark(copy_number: int) -> Line:
    """The line that tells a resent form from the first attempt on paper."""
    from forms.layout import TextLine  # noqa: PLC0415

    return TextLine(f"重打 第{copy_number}份 Reprint", 1, True, "center")


def mark_reprint(data: bytes, profile: PrinterProfile, copy_number: int) -> bytes:
    """The stored job ``data`` with the reprint mark printed first (after `ESC @`)."""
    line = [reprint_mark(copy_number)]
    body = _raster_body(line, profile) if profile.mode == "raster" else _text_body(line, profile)
    start = job_start(profile)
    if data.startswith(start):
        return start + body + data[len(start):]
    return start + body + data
