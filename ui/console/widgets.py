"""Small widgets the console's screens share."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QWidget

from ui.item_views import TableView


def shortcut_button(text: str, keys: str, parent: QWidget) -> QPushButton:
    """A button whose label shows its shortcut: "Close (Ctrl+Enter)"."""
    seq = QKeySequence(keys)
    shown = seq.toString(QKeySequence.SequenceFormat.NativeText)
    button = QPushButton(f"{text} ({shown})", parent)
    button.setShortcut(seq)
    return button


def record_table(model: QAbstractItemModel, name: str, parent: QWidget) -> TableView:
    """A read-only list of records: one row selected at a time, no row numbers, alternating
    row colours, columns the user can resize."""
    table = TableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table
