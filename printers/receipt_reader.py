"""Read ESC/POS bytes back into what they print: the subset `printers.escpos` emits.

Used by the virtual printer. Text is decoded as GB18030 inside Chinese mode (`FS &` … `FS .`);
each printed line becomes the text the preview shows (`forms.layout.line_text`), so a receipt
read back can be compared with `forms.layout.render_text` character for character.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from forms.document import Align
from forms.layout import LINE_CHARS, QrLine, TextLine, line_text
from forms.textwidth import display_width
from printers.raster import from_bits

ALIGNS: dict[int, Align] = {0: "left", 1: "center", 2: "right",
                            48: "left", 49: "center", 50: "right"}


@dataclass
class Feed:
    lines: int


@dataclass
class RasterImage:
    image: Image.Image  # "L" mode, black on white


Printed = TextLine | QrLine | Feed | RasterImage


@dataclass
class Receipt:
    items: list[Printed] = field(default_factory=list)
    cut: bool = False

    def text(self, columns: int) -> str:
        lines = []
        for item in self.items:
            if isinstance(item, TextLine | QrLine):
                lines.append(line_text(item, columns))
            elif isinstance(item, RasterImage):
                lines.append(f"[image {item.image.width}x{item.image.height}]")
        return "\n".join(lines) + "\n" if lines else ""


class NeedMore(Exception):
    """The buffer ends inside a command."""


class ReceiptReader:
    """Feed it bytes; it keeps the receipts they print and any protocol mistakes it saw."""

    def __init__(self, columns: int, encoding: str = "gb18030", column_dots: int = 12) -> None:
        self.columns = columns
        self.encoding = encoding
        self.column_dots = column_dots
        self.receipts: list[Receipt] = [Receipt()]
        self.problems: list[str] = []  # e.g. ESC t in Chinese mode, a high byte outside it
        self._buf = bytearray()
        self._text: list[str] = []
        self._qr_data = b""
        self.end_queries = 0  # `GS r 1` reached (answered in order by the printer)
        self._reset()

    def _reset(self) -> None:
        self.chinese = False
        self.align: Align = "left"
        self.scale, self.bold = 1, False
        self.width = 1  # `GS !` width; wider than ``scale`` (the height) stretches characters
        self.tab_dots = [8 * self.column_dots * n for n in range(1, 33)]  # default: every 8

    def power_cycle(self) -> None:
        """Switched off: the half-received command and the unprinted line are lost."""
        self._buf.clear()
        self._text.clear()
        self._reset()

    @property
    def current(self) -> Receipt:
        return self.receipts[-1]

    def feed(self, data: bytes) -> None:
        self._buf += data
        while self._buf:
            try:
                used = self._step()
            except NeedMore:
                return
            del self._buf[:used]

    # -- one command or character at the start of the buffer -----------------------------

    def _need(self, n: int) -> bytes:
        if len(self._buf) < n:
            raise NeedMore
        return bytes(self._buf[:n])

    def _step(self) -> int:
        b = self._buf[0]
        if b == 0x0A:
            self._end_line()
            return 1
        if b == 0x1B:
            return self._esc()
        if b == 0x1D:
            return self._gs()
        if b == 0x1C:
            return self._fs()
        if b == 0x10:
            cmd = self._need(3)
            if cmd[1] == 0x04:
                return 3  # real-time status: answered on receipt, not here
            return 1
        if b == 0x09:
            self._tab()
            return 1
        if b < 0x20:
            return 1
        if b < 0x80:
            self._char(chr(b))
            return 1
        if not self.chinese:
            self.problems.append(f"byte {b:#04x} outside Chinese mode")
            self._text.append("?")
            return 1
        pair = self._need(2)
        try:
            self._char(pair.decode(self.encoding))
        except UnicodeDecodeError:
            self.problems.append(f"bad GB18030 pair {pair.hex()}")
            self._text.append("?")
        return 2

    def _tab(self) -> None:
        """`HT`: on to the next tab stop (ignored past the last one)."""
        unit = self.column_dots * self.scale
        at = display_width("".join(self._text)) * unit
        stop = next((d for d in self.tab_dots if d > at), None)
        if stop is None:
            return
        if stop % unit:
            self.problems.append(f"tab stop at {stop} dots is not on a column")
        self._text.extend(" " * (stop // unit - at // unit))

    def _char(self, ch: str) -> None:
        """A printed character; a line character n times as wide is n of them on paper."""
        if self.width == self.scale:
            self._text.append(ch)
        elif ch in LINE_CHARS and self.width % self.scale == 0:
            self._text.append(ch * (self.width // self.scale))
        else:
            self.problems.append(f"{ch!r} printed {self.width}× wide and {self.scale}× tall")
            self._text.append(ch)

    def _esc(self) -> int:
        cmd = self._need(2)
        op = cmd[1]
        if op == ord("@"):
            self._flush_text()
            self._reset()
            return 2
        if op == ord("$"):
            at = self._need(4)
            column = (at[2] | at[3] << 8) // (self.column_dots * self.scale)
            gap = column - display_width("".join(self._text))
            if gap < 0:
                self.problems.append(f"ESC $ back to column {column}")
            self._text.extend(" " * max(gap, 0))
            return 4
        if op == ord("D"):
            end = self._buf.find(0, 2)
            if end < 0:
                raise NeedMore
            stops = list(self._buf[2:end])
            if stops != sorted(set(stops)) or len(stops) > 32:
                self.problems.append(f"ESC D stops not rising: {stops}")
            # tab stops are fixed in dots from the character width in force now
            self.tab_dots = [n * self.column_dots * self.width for n in stops]
            return end + 1
        if op in b"EadtM23!-":
            if op == ord("2"):
                return 2
            n = self._need(3)[2]
            if op == ord("E"):
                self.bold = bool(n & 1)
            elif op == ord("a"):
                self.align = ALIGNS.get(n, "left")
            elif op == ord("d"):
                self._end_line(feed_only=True)
                self.current.items.append(Feed(n))
            elif op == ord("t") and self.chinese:
                self.problems.append("ESC t sent in Chinese mode")
            elif op == ord("!"):
                self.bold = bool(n & 0x08)
            return 3
        self.problems.append(f"unknown ESC {op:#04x}")
        return 2

    def _fs(self) -> int:
        cmd = self._need(2)
        op = cmd[1]
        if op == ord("&"):
            self.chinese = True
            return 2
        if op == ord("."):
            self.chinese = False
            return 2
        if op in b"!W":
            self._need(3)
            return 3
        self.problems.append(f"unknown FS {op:#04x}")
        return 2

    def _gs(self) -> int:
        cmd = self._need(2)
        op = cmd[1]
        if op == ord("!"):
            n = self._need(3)[2]
            self.width, self.scale = (n >> 4) + 1, (n & 0x0F) + 1
            return 3
        if op == ord("V"):
            m = self._need(3)[2]
            used = 4 if m in (65, 66) else 3
            if used == 4:
                self._need(4)
            self._end_line(feed_only=True)
            self.current.cut = True
            self.receipts.append(Receipt())
            return used
        if op == ord("v"):
            head = self._need(8)
            width, height = head[4] | head[5] << 8, head[6] | head[7] << 8
            data = self._need(8 + width * height)[8:]
            self._end_line(feed_only=True)
            self.current.items.append(RasterImage(from_bits(data, width, height)))
            return 8 + width * height
        if op == ord("("):
            head = self._need(5)
            n = head[3] | head[4] << 8
            body = self._need(5 + n)[5:]
            if head[2] == ord("k") and n >= 2 and body[0] == 0x31:
                if body[1] == 0x50:
                    self._qr_data = body[3:]
                elif body[1] == 0x51:
                    self._end_line(feed_only=True)
                    self.current.items.append(QrLine(self._qr_data.decode("utf-8", "replace")))
            return 5 + n
        if op == ord("a"):
            self._need(3)
            return 3
        if op == ord("r"):
            self._need(3)
            self.end_queries += 1
            return 3
        self.problems.append(f"unknown GS {op:#04x}")
        return 2

    # -- lines ----------------------------------------------------------------------

    def _flush_text(self) -> None:
        if self._text:
            self._end_line()

    def _end_line(self, feed_only: bool = False) -> None:
        """LF prints the line (an empty one too); cut, feed and images print pending text."""
        if feed_only and not self._text:
            return
        text = "".join(self._text)
        self._text.clear()
        self.current.items.append(TextLine(text, self.scale, self.bold, self.align))
