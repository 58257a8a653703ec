"""F1: every keyboard shortcut of the station window, in one table."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QVBoxLayout,
    QWidget,
)

from ui.item_views import TableView
from ui.list_model import ListColumn, RecordListModel


class ShortcutsDialog(QDialog):
    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.model: RecordListModel[tuple[str, str]] = RecordListModel([
            ListColumn(self.tr("Key"), lambda r: r[1]),
            ListColumn(self.tr("What it does"), lambda r: r[0]),
        ], self)
        self.model.set_records(list(rows))
        self.table = TableView(self)
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(520, 620)

    def shortcuts(self) -> list[str]:
        return [self.model.record(r)[1] for r in range(self.model.rowCount())]
