"""Display width of text on a fixed-pitch printer: a Chinese character takes two columns.

A Chinese-market printer prints every character it receives as a GB18030 double-byte code at
full width, so "ambiguous" characters such as · — “ ” × ° also take two columns there.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    if not ch.isascii():
        try:
            return 2 if len(ch.encode("gb18030")) == 2 else 1
        except UnicodeEncodeError:
            return 1
    return 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """Break ``text`` into lines of at most ``columns`` display columns.

    Latin words are kept whole when they fit on a line; Chinese may break between any two
    characters but a character is never cut. Explicit newlines are kept. Empty text gives one
    empty line.
    """
    if columns < 2:
        raise ValueError("columns must be at least 2")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph.rstrip(), columns))
    return lines


def _wrap_paragraph(text: str, columns: int) -> list[str]:
    lines: list[str] = []
    line, width = "", 0
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isascii() and not ch.isspace():
            # take the whole Latin word
            j = i
            while j < len(text) and text[j].isascii() and not text[j].isspace():
                j += 1
            word = text[i:j]
            w = len(word)
            if width + w <= columns:
                line, width = line + word, width + w
            elif w <= columns:
                lines.append(line.rstrip())
                line, width = word, w
            else:  # longer than a line: cut it
                for c in word:
                    if width + 1 > columns:
                        lines.append(line.rstrip())
                        line, width = "", 0
                    line, width = line + c, width + 1
            i = j
            continue
        w = char_width(ch)
        if width + w > columns:
            lines.append(line.rstrip())
            line, width = "", 0
            if ch.isspace():
                i += 1
                continue
        line, width = line + ch, width + w
        i += 1
    lines.append(line.rstrip())
    return lines


def pad(text: str, columns: int, align: str = "left") -> str:
    """``text`` padded with spaces to exactly ``columns`` (it must already fit)."""
    gap = max(columns - display_width(text), 0)
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def truncate(text: str, columns: int) -> str:
    """Cut ``text`` to at most ``columns`` without splitting a character."""
    out, width = "", 0
    for ch in text:
        w = char_width(ch)
        if width + w > columns:
            break
        out, width = out + ch, width + w
    return out
