"""About Station Desk: the versions support asks for, and the data folder (with a button that
opens it in the file manager)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from common import logs
from common.version import VERSION


def versions() -> dict[str, str]:
    return {"Station Desk": VERSION, "Python": sys.version.split()[0], "Qt": qVersion(),
            "PySide6": PySide6.__version__, "SQLite": sqlite3.sqlite_version}


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Station Desk"))
        self.data_dir = data_dir
        layout = QVBoxLayout(self)
        name = self.tr("Station Desk")
        title = QLabel(f"<b>{name}</b> {VERSION}", self)
        layout.addWidget(title)
        form = QFormLayout()
        for name, value in versions().items():
            label = QLabel(value, self)
            label.setObjectName(f"version_{name.replace(' ', '_')}")
            form.addRow(name, label)
        self.folder_label = QLabel(str(data_dir), self)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Data folder"), self.folder_label)
        form.addRow(self.tr("Log files"), QLabel(str(logs.log_dir(data_dir)), self))
        layout.addLayout(form)
        self.open_button = QPushButton(self.tr("Open data folder"), self)
        self.open_button.setObjectName("openDataFolder")
        self.open_button.clicked.connect(self.open_folder)
        layout.addWidget(self.open_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))
