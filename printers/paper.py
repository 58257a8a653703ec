"""The paper a printer gives for some ESC/POS bytes: the bytes read back (`ReceiptReader`) and
drawn at the printer's dot width — text with the CJK font, QR codes as real QR codes, raster
bands as sent. The virtual printer draws what it printed with it, and the print preview draws
the very bytes the queue will send, so what is previewed is what is printed."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from forms.layout import QrLine
from printers.profiles import PrinterProfile
from printers.raster import render_qr, render_text_line, stack
from printers.receipt_reader import Feed, RasterImage, Receipt, ReceiptReader

FEED_DOTS = 30
MARGIN = 16


def draw(receipts: list[Receipt], profile: PrinterProfile) -> Image.Image:
    """The receipts one after another, a dashed line where the paper was cut, on a margin."""
    width = profile.dots
    strips: list[Image.Image] = []
    for r in receipts:
        for item in r.items:
            if isinstance(item, Feed):
                strips.append(Image.new("L", (width, FEED_DOTS * item.lines), 255))
            elif isinstance(item, RasterImage):
                strips.append(item.image)
            elif isinstance(item, QrLine):
                strips.append(render_qr(item.data, profile))
            else:
                strips.append(render_text_line(item, profile))
        if r.cut:
            cut = Image.new("L", (width, 12), 255)
            d = ImageDraw.Draw(cut)
            for x in range(0, width, 12):
                d.line((x, 6, x + 6, 6), fill=128)
            strips.append(cut)
    img = stack(strips, width)
    paper = Image.new("L", (width + 2 * MARGIN, img.height + 2 * MARGIN), 255)
    paper.paste(img, (MARGIN, MARGIN))
    return paper


@dataclass(frozen=True)
class Paper:
    image: Image.Image  # "L", the printer's dots plus a margin
    text: str  # what the virtual printer reads back from the same bytes
    problems: tuple[str, ...]  # protocol mistakes the reader saw (none expected)


def paper_for(data: bytes, profile: PrinterProfile) -> Paper:
    """What ``data`` prints on a printer of ``profile``."""
    reader = ReceiptReader(profile.columns, profile.encoding, profile.column_dots)
    reader.feed(data)
    receipts = [r for r in reader.receipts if r.items or r.cut]
    return Paper(draw(receipts, profile), "".join(r.text(profile.columns) for r in receipts),
                 tuple(reader.problems))
