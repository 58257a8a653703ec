"""Asking where to save a file without stopping the event loop: a window-modal Qt file dialog
(opened with `open()`, answered through a callback), shared by the station and the console."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def ask_save_path(parent: QWidget, title: str, suggested: Path, name_filter: str,
                  then: Callable[[Path], None]) -> QFileDialog:
    """Open a save dialog at ``suggested``; ``then(path)`` runs when a file is chosen. The
    dialog deletes itself when closed; it is returned so a caller (a test) can drive it."""
    dialog = QFileDialog(parent, title, str(suggested.parent), name_filter)
    dialog.setObjectName("saveFileDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(suggested.name)
    suffix = suggested.suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    def chosen(path: str) -> None:
        if path:
            then(Path(path))

    dialog.fileSelected.connect(chosen)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
