"""Lay a `Document` out in display columns: the lines a receipt printer prints, in order.

`layout()` is shared by the ESC/POS encoder and the text preview (`render_text`), so the
preview is the receipt. A Chinese character is two columns; 58 mm paper has 32, 80 mm has 48.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from forms.document import (
    Align,
    Document,
    Fields,
    Footer,
    Paragraph,
    QrCode,
    Rule,
    Signatures,
    Subtitle,
    Table,
    Title,
)
from forms.textwidth import display_width, pad, wrap

COLON = "："
FILL = "_"
RULE = "─"  # U+2500, two columns; a printer's font draws it across the whole cell
HEAVY_RULE = "═"  # U+2550
# Characters whose glyph fills its cell, so a run of them is one unbroken line and the printer
# may draw it as fewer, wider characters (`printers.escpos`) on the same paper.
LINE_CHARS = frozenset({FILL, RULE, HEAVY_RULE})


@dataclass(frozen=True)
class TextLine:
    text: str  # fits in columns // scale display columns
    scale: int = 1  # 2 = double width and height
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True)
class QrLine:
    data: str


Line = TextLine | QrLine


def layout(doc: Document, columns: int, tz: tzinfo) -> list[Line]:
    out: list[Line] = []
    for block in doc.blocks:
        match block:
            case Title(text=text):
                out += [TextLine(t, 2, True, "center") for t in wrap(text, columns // 2)]
            case Subtitle(text=text):
                out += [TextLine(t, 1, True, "center") for t in wrap(text, columns)]
            case Fields():
                out += _fields(block, columns)
            case Table():
                out += _table(block, columns)
            case Paragraph():
                out += _paragraph(block, columns)
            case Rule(heavy=heavy):
                out.append(rule(columns, heavy))
            case QrCode(data=data, caption=caption):
                out.append(QrLine(data))
                if caption:
                    out += [TextLine(t, align="center") for t in wrap(caption, columns)]
            case Signatures(labels=labels):
                for label in labels:
                    out.append(TextLine(""))
                    out.append(TextLine(_blank_after(label + COLON, columns)))
            case Footer():
                out += _footer(block, columns, tz)
    return out


def rule(columns: int, heavy: bool = False) -> TextLine:
    """A line across the paper: ``columns // 2`` box-drawing characters of two columns each."""
    return TextLine((HEAVY_RULE if heavy else RULE) * (columns // 2))


def _blank_after(prefix: str, columns: int) -> str:
    return prefix + FILL * max(columns - display_width(prefix), 4)


def _heading(text: str, columns: int) -> list[Line]:
    return [TextLine(t, bold=True) for t in wrap(text, columns)] if text else []


def _fields(block: Fields, columns: int) -> list[Line]:
    out = _heading(block.heading, columns)
    for row in block.rows:
        label = row.label + COLON
        lw = display_width(label)
        if row.large and row.value:
            out.append(TextLine(label))
            out += [TextLine(t, 2, True) for t in wrap(row.value, columns // 2)]
            continue
        if not row.value:
            out.append(TextLine(_blank_after(label, columns)))
            continue
        if lw <= columns // 3:
            first, *rest = wrap(row.value, columns - lw)
            out.append(TextLine(label + first))
            out += [TextLine(" " * lw + t) for t in rest]
        else:
            out.append(TextLine(label))
            out += [TextLine(t) for t in wrap(row.value, columns)]
    return out


def column_widths(weights: list[int], columns: int, least: int = 2) -> list[int]:
    """Split ``columns`` (less one space between columns) by weight.

    Every column gets at least ``least`` columns when they all fit (4 holds a two-character
    Chinese word such as 数量 or 保内), taken from the widest column; never less than 2.
    """
    usable = columns - (len(weights) - 1)
    total = sum(weights)
    widths = [max(2, usable * w // total) for w in weights]
    widths[-1] += usable - sum(widths)
    if least * len(widths) <= usable:
        for i in range(len(widths)):
            while widths[i] < least:
                widest = max(range(len(widths)), key=lambda j: widths[j])
                widths[widest] -= 1
                widths[i] += 1
    return widths


def _table(block: Table, columns: int) -> list[Line]:
    out = _heading(block.heading, columns)
    titles = [c.title for c in block.columns]
    least = min(4, max(display_width(t) for t in titles))
    widths = column_widths([c.weight for c in block.columns], columns, least)
    aligns = [c.align for c in block.columns]
    out += [TextLine(t, bold=True) for t in _row(titles, widths, aligns)]
    out.append(rule(columns))
    for cells in block.rows:
        filled = [c or FILL * w for c, w in zip(cells, widths, strict=True)]
        out += [TextLine(t) for t in _row(filled, widths, aligns)]
    if not block.rows:
        for _ in range(block.empty_rows):
            out.append(TextLine(" ".join(FILL * w for w in widths)))
    return out


def _row(cells: list[str], widths: list[int], aligns: list[Align]) -> list[str]:
    wrapped = [wrap(c or "", w) for c, w in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped)
    lines = []
    for i in range(height):
        parts = [
            pad(w[i] if i < len(w) else "", width, align)
            for w, width, align in zip(wrapped, widths, aligns, strict=True)
        ]
        lines.append(" ".join(parts).rstrip())
    return lines


def _paragraph(block: Paragraph, columns: int) -> list[Line]:
    out = _heading(block.heading, columns)
    if not block.text:
        return out + [TextLine(FILL * columns) for _ in range(block.blank_lines)]
    return out + [TextLine(t, 1, block.bold, block.align) for t in wrap(block.text, columns)]


def _footer(block: Footer, columns: int, tz: tzinfo) -> list[Line]:
    printed = block.printed_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    out: list[Line] = [rule(columns)]
    out += [TextLine(t) for t in wrap(f"{block.station_name}(ERP {block.erp_code})", columns)]
    out += [TextLine(t) for t in wrap(f"打印时间{COLON}{printed}", columns)]
    if block.is_copy:
        out.append(TextLine(f"副本 第{block.copy_number}份", 1, True, "center"))
    return out


def line_text(line: Line, columns: int) -> str:
    """One laid-out line as the text preview shows it (alignment applied with spaces)."""
    if isinstance(line, QrLine):
        text, scale, align = f"[QR {line.data}]", 1, "center"
    else:
        text, scale, align = line.text, line.scale, line.align
    room = columns - display_width(text) * scale
    if align == "center":
        text = " " * (room // 2) + text
    elif align == "right":
        text = " " * room + text
    return text.rstrip()


def render_text(doc: Document, columns: int, tz: tzinfo) -> str:
    """The receipt as it will print, one text line per printed line."""
    return "\n".join(line_text(line, columns) for line in layout(doc, columns, tz)) + "\n"
