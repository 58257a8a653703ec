"""Answering the console's modal dialogs from a test: wait until the named dialog is the active
modal window, then fill it in and press its buttons (as the reviewer does)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget


def answer(name: str, act: Callable[[QDialog], None], tries: int = 200) -> list[str]:
    """When the dialog ``name`` opens, run ``act`` on it; the list returned gets its name."""
    seen: list[str] = []

    def poll(left: int = tries) -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QDialog) and w.objectName() == name:
            seen.append(name)
            act(w)
        elif left:
            QTimer.singleShot(50, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    return seen


def press_ok(dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(QDialogButtonBox.StandardButton.Ok).click()
