"""Draw a `Document` on A4 as a bordered paper form, with the bundled CJK font embedded.

The layout is a stack of ruled tables, as on a printed form: the title centred with the QR code
of the business number in the top corner, field rows in label/value cells (two pairs a row when
the values are short), tables, boxes to write in, signature cells; every page ends with the
station, the printing time, 副本 on a reprint and 第 n 页 / 共 N 页.

The font is the TrueType subset under resources/fonts/; reportlab embeds the glyphs used, so the
PDF shows Chinese on a PC with no Chinese font (reportlab's own CID fonts are not embedded).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from forms import document as d
from forms.pdf_page import numbered_canvas
from forms.pdf_style import (
    CAPTION,
    CELL,
    CELL_PAD_X,
    CELL_PAD_Y,
    COPY_RED,
    FONT,
    GRID,
    HEADING,
    HEADING_BG,
    HEADING_H,
    LABEL,
    LABEL_BG,
    LABEL_W,
    LARGE,
    LINE_H,
    MARGIN,
    PAGE_H,
    PAIR_MAX,
    QR_SIZE,
    SUBTITLE,
    TITLE,
    WIDTH,
    para,
    paragraph_style,
    register_font,
)
from forms.textwidth import display_width


def render(doc: d.Document, tz: tzinfo) -> bytes:
    """The document as the bytes of an A4 PDF."""
    register_font()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=f"{doc.title} {doc.business_no}",
        author=doc.footer.station_name if doc.footer else "",
        subject=doc.business_no,
        creator="Station Desk",
    )
    footer = doc.footer
    template.build(list(_story(doc)), canvasmaker=numbered_canvas(footer, tz))
    return out.getvalue()


def write(doc: d.Document, path: str | Path, tz: tzinfo) -> Path:
    """Render ``doc`` to ``path`` (written whole, then renamed into place)."""
    target = Path(path)
    tmp = target.with_name(target.name + ".part")
    tmp.write_bytes(render(doc, tz))
    tmp.replace(target)
    return target


# ---------------------------------------------------------------------------------------------
# Blocks to flowables


def _story(doc: d.Document) -> Iterator[Flowable]:
    yield _header(doc)
    for block in doc.blocks:
        match block:
            case d.Title() | d.Subtitle() | d.QrCode() | d.Footer():
                continue  # drawn in the header and on every page
            case d.Fields():
                yield _fields(block)
            case d.Table():
                yield _table(block)
            case d.Paragraph():
                yield _paragraph(block)
            case d.Rule(heavy=heavy):
                yield Spacer(1, 1.5 * mm)
                if heavy:
                    yield HRFlowable(width="100%", thickness=1.2, color=GRID)
                    yield Spacer(1, 1.5 * mm)
            case d.Signatures():
                yield _signatures(block)


def _header(doc: d.Document) -> Flowable:
    titles: list[Flowable] = []
    for block in doc.blocks:
        if isinstance(block, d.Title):
            titles.append(para(block.text, TITLE))
        elif isinstance(block, d.Subtitle):
            titles.append(para(block.text, SUBTITLE))
    qr = next((b for b in doc.blocks if isinstance(b, d.QrCode)), None)
    corner: list[Flowable] = []
    if qr is not None:
        corner = [qr_flowable(qr.data, QR_SIZE)]
        if qr.caption:
            corner.append(para(qr.caption, CAPTION))
    footer = doc.footer
    mark: list[Flowable] = []
    if footer is not None and footer.is_copy:
        mark = [_copy_mark(footer.copy_number)]
    side = QR_SIZE + 10 * mm
    table = Table(
        [[mark, titles, corner]],
        colWidths=[side, WIDTH - 2 * side, side],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (2, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        ),
    )
    return table


def qr_flowable(data: str, size: float) -> Flowable:
    """A QR code of ``data`` (error correction M), ``size`` points square, drawn as rectangles."""
    return QrCode(data, width=size, height=size, qrBorder=2, qrLevel="M")


class _CopyMark(Flowable):
    """副本 in a red frame, like a stamp on a photocopied form."""

    def __init__(self, copy_number: int) -> None:
        super().__init__()
        self.text = f"副本 {copy_number}"
        self.width, self.height = 26 * mm, 11 * mm

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(COPY_RED)
        c.setFillColor(COPY_RED)
        c.setLineWidth(1.5)
        c.rect(0, 0, self.width, self.height)
        c.setFont(FONT, 15)
        c.drawCentredString(self.width / 2, 3.2 * mm, self.text)


def _copy_mark(copy_number: int) -> Flowable:
    return _CopyMark(copy_number)


def _grid(extra: list[tuple[Any, ...]], rules: str = "GRID") -> TableStyle:
    """Every cell ruled (``GRID``), or only the outer frame (``BOX``)."""
    return TableStyle(
        [
            (rules, (0, 0), (-1, -1), 0.6, GRID),
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_Y / 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_Y / 2),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
            *extra,
        ]
    )


def _heading_row(text: str, columns: int) -> tuple[list[Any], list[tuple[Any, ...]]]:
    row: list[Any] = [para(text, HEADING)] + [""] * (columns - 1)
    return row, [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), HEADING_BG),
        ("TOPPADDING", (0, 0), (-1, 0), 1),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 1.5),
    ]


def _fields(block: d.Fields) -> Flowable:
    value_w = (WIDTH - 2 * LABEL_W) / 2
    rows: list[list[Any]] = []
    style: list[tuple[Any, ...]] = []
    if block.heading:
        row, extra = _heading_row(block.heading, 4)
        rows.append(row)
        style += extra
    heights: list[float | None] = [HEADING_H] * len(rows)
    for pair in _pairs(block.rows):
        r = len(rows)
        first = pair[0]
        cells: list[Any] = [para(first.label, LABEL), _value(first)]
        style.append(("BACKGROUND", (0, r), (0, r), LABEL_BG))
        if len(pair) == 2:
            cells += [para(pair[1].label, LABEL), _value(pair[1])]
            widths = [LABEL_W, value_w, LABEL_W, value_w]
            style.append(("BACKGROUND", (2, r), (2, r), LABEL_BG))
        else:
            cells += ["", ""]
            style += [("SPAN", (1, r), (3, r))]
            widths = [LABEL_W, WIDTH - LABEL_W, 0, 0]
        rows.append(cells)
        heights.append(_row_height(cells, widths))
    return Table(
        rows,
        colWidths=[LABEL_W, value_w, LABEL_W, value_w],
        style=_grid(style),
        rowHeights=heights,
    )


def _row_height(cells: list[Any], widths: list[float], least: float = LINE_H) -> float:
    """A row at least a handwriting line high, taller when a cell's text needs it."""
    needed = [
        cell.wrap(width - 2 * CELL_PAD_X, PAGE_H)[1] + CELL_PAD_Y
        for cell, width in zip(cells, widths, strict=True)
        if isinstance(cell, Flowable) and width > 0
    ]
    return max([least, *needed])


def _value(row: d.FieldRow) -> Flowable:
    return para(row.value, LARGE if row.large else CELL)


def _pairs(rows: tuple[d.FieldRow, ...]) -> Iterator[tuple[d.FieldRow, ...]]:
    """Short fields two to a row, in order; a long or large one takes a row of its own."""
    pending: d.FieldRow | None = None
    for row in rows:
        short = not row.large and display_width(row.value) <= PAIR_MAX
        if pending is not None:
            if short:
                yield (pending, row)
                pending = None
                continue
            yield (pending,)
            pending = None
        if short:
            pending = row
        else:
            yield (row,)
    if pending is not None:
        yield (pending,)


def _table(block: d.Table) -> Flowable:
    n = len(block.columns)
    total = sum(c.weight for c in block.columns)
    widths = [WIDTH * c.weight / total for c in block.columns]
    rows: list[list[Any]] = []
    style: list[tuple[Any, ...]] = []
    if block.heading:
        row, extra = _heading_row(block.heading, n)
        rows.append(row)
        style += extra
    head = len(rows)
    rows.append([para(c.title, paragraph_style(9.5, "center")) for c in block.columns])
    style.append(("BACKGROUND", (0, head), (-1, head), LABEL_BG))
    for cells in block.rows:
        pairs = zip(cells, block.columns, strict=True)
        rows.append([para(text, paragraph_style(9.5, c.align)) for text, c in pairs])
    if not block.rows:
        rows += [[""] * n for _ in range(block.empty_rows)]
    heights = [
        HEADING_H if i < head else _row_height(r, widths, HEADING_H if i == head else LINE_H)
        for i, r in enumerate(rows)
    ]
    return Table(
        rows,
        colWidths=widths,
        style=_grid(style),
        rowHeights=heights,
        repeatRows=head + 1,
    )


def _paragraph(block: d.Paragraph) -> Flowable:
    """A box of text beside its heading; text longer than a page is cut into rows that split
    between pages (a single table row cannot), with no rule drawn between them."""
    style = paragraph_style(10.5 if block.bold else 9.5, block.align)
    lines = 1 if block.text else max(block.blank_lines, 1)
    pieces = _pieces(block.text) if block.text else [""]
    bodies: list[Any] = [para(p, style) if p else "" for p in pieces]
    if block.heading:
        rows = [[para(block.heading, LABEL) if i == 0 else "", b] for i, b in enumerate(bodies)]
        widths = [LABEL_W, WIDTH - LABEL_W]
        extra: list[tuple[Any, ...]] = [
            ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
            ("LINEAFTER", (0, 0), (0, -1), 0.6, GRID),
        ]
    else:
        rows, widths, extra = [[b] for b in bodies], [WIDTH], []
    heights: list[float | None] = [None] * len(rows)
    heights[0] = _row_height(rows[0], widths, lines * LINE_H)
    if len(rows) > 1:  # one box: a frame and the label's rule, no rules between the rows
        table_style = _grid(
            [
                *extra,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 1), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -2), 0),
            ],
            rules="BOX",
        )
    else:
        table_style = _grid(extra)
    return Table(rows, colWidths=widths, style=table_style, rowHeights=heights)


PIECE_COLUMNS = 600  # display columns of text in one row of a long box (about 7 lines)
_BREAK_AFTER = "。！？；\n"


def _pieces(text: str, limit: int = PIECE_COLUMNS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` display columns, after a sentence where
    one ends near the limit; never inside a character."""
    out: list[str] = []
    while display_width(text) > limit:
        cut, width = 0, 0
        for i, ch in enumerate(text):
            width += display_width(ch)
            if width > limit:
                break
            cut = i + 1
        head = text[:cut]
        soft = max(head.rfind(c) for c in _BREAK_AFTER)
        if soft >= cut // 2:
            cut = soft + 1
        out.append(text[:cut].rstrip("\n"))
        text = text[cut:]
    out.append(text)
    return out


def _signatures(block: d.Signatures) -> Flowable:
    n = len(block.labels)
    label_w = 26 * mm
    blank_w = (WIDTH - n * label_w) / n
    cells: list[Any] = []
    style: list[tuple[Any, ...]] = []
    for i, label in enumerate(block.labels):
        cells += [para(label, LABEL), ""]
        style.append(("BACKGROUND", (2 * i, 0), (2 * i, 0), LABEL_BG))
    return Table(
        [cells], colWidths=[label_w, blank_w] * n, rowHeights=[15 * mm], style=_grid(style)
    )
