"""Small widgets the console's screens share."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget


def shortcut_button(text: str, keys: str, parent: QWidget) -> QPushButton:
    """A button whose label shows its shortcut: "Close (Ctrl+Enter)"."""
    seq = QKeySequence(keys)
    shown = seq.toString(QKeySequence.SequenceFormat.NativeText)
    button = QPushButton(f"{text} ({shown})", parent)
    button.setShortcut(seq)
    return button
