"""The document model: what a form says, with no idea of paper, printer or PDF.

A form function builds a `Document` of blocks; `forms.layout` lays it out in display columns for
receipts and the text preview, `forms.pdf` draws it on A4, `printers.escpos` encodes it. One
model, so what the clerk previews is what comes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Align = Literal["left", "center", "right"]

BLANK = ""
"""A value nobody filled in: printed as a line to fill in by hand, never as 'None'."""


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Subtitle:
    text: str


@dataclass(frozen=True)
class FieldRow:
    label: str
    value: str = BLANK
    large: bool = False  # printed double size (the customer's phone on a job sheet)


@dataclass(frozen=True)
class Fields:
    rows: tuple[FieldRow, ...]
    heading: str = ""


@dataclass(frozen=True)
class Column:
    title: str
    weight: int = 1  # share of the width
    align: Align = "left"


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    heading: str = ""
    empty_rows: int = 0  # blank ruled rows to fill in by hand when ``rows`` is empty


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: str = ""
    bold: bool = False
    align: Align = "left"
    blank_lines: int = 0  # lines to write on by hand when ``text`` is empty


@dataclass(frozen=True)
class Rule:
    heavy: bool = False


@dataclass(frozen=True)
class QrCode:
    data: str
    caption: str = ""


@dataclass(frozen=True)
class Signatures:
    labels: tuple[str, ...]  # e.g. 用户签字, 服务人员签字, 服务站盖章


@dataclass(frozen=True)
class Footer:
    station_name: str
    erp_code: str
    printed_at: datetime  # aware; shown in the station's zone
    copy_number: int = 1  # > 1 prints 副本 (copy N)

    @property
    def is_copy(self) -> bool:
        return self.copy_number > 1


Block = Title | Subtitle | Fields | Table | Paragraph | Rule | QrCode | Signatures | Footer


@dataclass(frozen=True)
class Document:
    form: str  # FormName value
    business_no: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def footer(self) -> Footer | None:
        return next((b for b in self.blocks if isinstance(b, Footer)), None)

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if isinstance(b, Title)), "")
