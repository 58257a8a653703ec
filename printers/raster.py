"""Draw receipt lines as 1-bit images (for printers without a Chinese font, and for PNGs)."""

from __future__ import annotations

from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.barcode import qrencoder

from forms.layout import LINE_CHARS, Line, QrLine, TextLine, line_text
from forms.textwidth import char_width
from printers.fonts import cjk_font_path
from printers.profiles import PrinterProfile

CHAR_HEIGHT = 24  # dots of the standard 12×24 / 24×24 font
LINE_GAP = 6  # dots between lines (the default line spacing is about 30 dots)
QR_QUIET = 2  # modules of white around a drawn QR code


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size=size, index=0)


def render_text_line(line: TextLine, profile: PrinterProfile) -> Image.Image:
    """One text line on a white strip as wide as the paper ("L" mode, black text)."""
    scale = line.scale
    cell = profile.column_dots
    img = Image.new("L", (profile.dots, CHAR_HEIGHT * scale + LINE_GAP), 255)
    text = line_text(line, profile.columns)
    lead = len(text) - len(text.lstrip(" "))
    x = lead * cell
    for ch in text[lead:]:
        w = char_width(ch) * cell * scale
        if not ch.isspace():
            mask = _glyph(ch, scale, line.bold, w)
            img.paste(0, (x + (w - mask.width) // 2, 0), mask)
        x += w
    return img


@lru_cache(maxsize=4096)
def _glyph(ch: str, scale: int, bold: bool, cell: int) -> Image.Image:
    """The ink of one character (a mask), squeezed to ``cell`` dots if the font draws it wider,
    as a printer's 12×24 font is narrower than a screen font. Line characters (rules, the fill
    line) are drawn across the whole cell, as the printer's font draws them, so a run of them is
    one unbroken line."""
    font = _font(CHAR_HEIGHT * scale - 2 * scale)
    left, _, right, _ = font.getbbox(ch)
    width = int(max(right - left, 1)) + (1 if bold else 0)
    mask = Image.new("L", (width, CHAR_HEIGHT * scale), 0)
    draw = ImageDraw.Draw(mask)
    draw.text((-left, scale), ch, font=font, fill=255)
    if bold:
        draw.text((-left + 1, scale), ch, font=font, fill=255)
    if width > cell or ch in LINE_CHARS:
        mask = mask.resize((cell, mask.height), Image.Resampling.LANCZOS)
    return mask


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR code (model 2, error level M, byte mode) as rows of dark/light modules."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(qrencoder.QR8bitByte(data))
    qr.make()
    n = qr.getModuleCount()
    return [[bool(qr.isDark(r, c)) for c in range(n)] for r in range(n)]


def render_qr(data: str, profile: PrinterProfile) -> Image.Image:
    """A QR code centred on a paper-wide strip."""
    matrix = qr_matrix(data)
    m = profile.qr_module
    side = (len(matrix) + 2 * QR_QUIET) * m
    img = Image.new("L", (profile.dots, side + LINE_GAP), 255)
    left = (profile.dots - side) // 2 + QR_QUIET * m
    draw = ImageDraw.Draw(img)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                x, y = left + c * m, QR_QUIET * m + r * m
                draw.rectangle((x, y, x + m - 1, y + m - 1), fill=0)
    return img


def render_lines(lines: list[Line], profile: PrinterProfile) -> Image.Image:
    """Lines stacked into one image, the way the receipt looks."""
    strips = [
        render_qr(line.data, profile) if isinstance(line, QrLine)
        else render_text_line(line, profile)
        for line in lines
    ]
    return stack(strips, profile.dots)


def stack(strips: list[Image.Image], width: int) -> Image.Image:
    img = Image.new("L", (width, max(sum(s.height for s in strips), 1)), 255)
    y = 0
    for s in strips:
        img.paste(s, (0, y))
        y += s.height
    return img


def to_bits(img: Image.Image) -> bytes:
    """Rows of packed bits, 1 = black, as `GS v 0` wants them (width a multiple of 8)."""
    mono = img.point(lambda v: 255 if v < 128 else 0).convert("1", dither=Image.Dither.NONE)
    return mono.tobytes()


def from_bits(data: bytes, width_bytes: int, height: int) -> Image.Image:
    """The inverse of `to_bits`: a `GS v 0` image as black text on white ("L" mode)."""
    mono = Image.frombytes("1", (width_bytes * 8, height), data)
    return mono.convert("L").point(lambda v: 0 if v else 255)
