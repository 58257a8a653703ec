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
from forms.layout import LINE_CHARS, Line, QrLine, layout
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


def size(scale: int, width: int | None = None) -> bytes:
    """`GS !`: characters ``scale`` times as tall and ``width`` (default ``scale``) as wide."""
    return GS + b"!" + bytes([((width or scale) - 1) << 4 | (scale - 1)])


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


MAX_WIDTH = 8  # `GS !` makes characters at most 8 times as wide
HT = b"\t"
MAX_TAB_STOPS = 32  # `ESC D` holds at most 32 stops
_PIECES = re.compile("( {2,}|" + "|".join(f"{re.escape(c)}{{2,}}"
                                          for c in sorted(LINE_CHARS)) + ")")


def tab_stops(stops: tuple[int, ...]) -> bytes:
    """`ESC D`: horizontal tab stops at these columns (of the 1× font, from the line start)."""
    return ESC + b"D" + bytes(stops) + b"\x00"


def _jump(start: int, end: int, dots: int, stops: tuple[int, ...]) -> bytes:
    """The shortest way from column ``start`` to ``end`` (``dots`` from the line start): spaces,
    one `HT` per tab stop passed (``stops`` only for left-aligned 1× lines), or `ESC $`."""
    ways = [b" " * (end - start)]
    if end in stops:
        ways.append(HT * sum(1 for s in stops if start < s <= end))
    ways.append(position(dots))
    return min(ways, key=len)


def _line_bytes(text: str, profile: PrinterProfile, scale: int,
                stops: tuple[int, ...] = ()) -> bytes:
    """A line's text; runs of spaces inside it become the shortest jump to the same column
    (`HT` to a tab stop, `ESC $`), and runs of a line character (rules, fill lines) fewer,
    wider characters covering the same dots."""
    switch = profile.chinese_mode == "switch"
    out = bytearray()
    column = 0
    for piece in _PIECES.split(text):
        if piece.startswith("  "):
            end = column + len(piece)
            out += _jump(column, end, end * scale * profile.column_dots, stops)
            column = end
        elif piece:
            plain = chinese_text(piece, profile.encoding, switch)
            if piece[0] in LINE_CHARS and piece == piece[0] * len(piece):
                wide = _stretched(piece[0], len(piece), scale, profile.encoding, switch)
                plain = min(plain, wide, key=len)
            out += plain
            column += display_width(piece)
    return bytes(out)


def _gaps(lines: list[Line]) -> list[tuple[int, int]]:
    """The runs of spaces (first column, column after) in the left-aligned 1× lines."""
    gaps = []
    for line in lines:
        if isinstance(line, QrLine) or line.scale != 1 or line.align != "left":
            continue
        column = 0
        for piece in _PIECES.split(line.text.rstrip()):
            if piece.startswith("  ") and column + len(piece) < 256:
                gaps.append((column, column + len(piece)))
            column += display_width(piece)
    return gaps


def _jumps_cost(gaps: list[tuple[int, int]], stops: frozenset[int]) -> int:
    """Bytes of ``gaps``' jumps with ``stops`` set, the `ESC D` that sets them included."""
    total = len(stops) + 3 if stops else 0
    for start, end in gaps:
        ht = sum(1 for s in stops if start < s <= end) if end in stops else 4
        total += min(end - start, ht, 4)
    return total


def choose_tab_stops(lines: list[Line]) -> tuple[int, ...]:
    """Tab stops that make the lines' jumps shortest (none if tabs do not pay): a local search
    over the columns gaps end at, adding or dropping one stop at a time while it saves bytes."""
    gaps = _gaps(lines)
    candidates = sorted({end for _, end in gaps})
    stops: frozenset[int] = frozenset()
    cost = _jumps_cost(gaps, stops)
    while True:
        moves = [stops ^ {c} for c in candidates
                 if c in stops or len(stops) < MAX_TAB_STOPS]
        best = min(moves, key=lambda m: (_jumps_cost(gaps, m), sorted(m)), default=stops)
        best_cost = _jumps_cost(gaps, best)
        if best_cost >= cost:
            return tuple(sorted(stops))
        stops, cost = best, best_cost


def _stretched(ch: str, count: int, scale: int, encoding: str, switch: bool) -> bytes:
    """``count`` of the line character ``ch`` as characters up to 8 times as wide: the glyph
    fills its cell, so the printer draws the same unbroken line with fewer bytes. The shorter
    of one width that divides ``count`` and the widest width plus one character for the rest."""
    most = MAX_WIDTH // scale
    if most < 2:
        return chinese_text(ch * count, encoding, switch)
    ways = [size(scale, k * scale) + chinese_text(ch * (count // k), encoding, switch)
            for k in range(2, most + 1) if count % k == 0]
    rest = size(scale, most * scale) + chinese_text(ch * (count // most), encoding, switch)
    if count % most:
        rest += size(scale, count % most * scale) + chinese_text(ch, encoding, switch)
    return min([*ways, rest], key=len) + size(scale)


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
    """The lines; with tab stops at the columns the form's gaps end at (`ESC D`) where that
    makes the job shorter (the tabs land on the same dots as the spaces would)."""
    stops = choose_tab_stops(lines)
    return (tab_stops(stops) if stops else b"") + _text_lines(lines, profile, stops)


def _text_lines(lines: list[Line], profile: PrinterProfile, stops: tuple[int, ...]) -> bytes:
    out = bytearray()
    style = _Style()
    for line in lines:
        if isinstance(line, QrLine):
            out += style.set("center", 1, False) + _qr_line(line, profile)
            continue
        out += style.set(line.align, line.scale, line.bold)
        tabs = stops if line.scale == 1 and line.align == "left" else ()
        out += _line_bytes(line.text.rstrip(), profile, line.scale, tabs) + LF
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
