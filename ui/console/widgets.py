"""Small widgets the console's screens share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QPushButton, QWidget

from ui.item_views import TableView


def shortcut_button(text: str, keys: str, parent: QWidget) -> QPushButton:
    """A button whose label shows its shortcut: "Close (Ctrl+Enter)"."""
    seq = QKeySequence(keys)
    shown = seq.toString(QKeySequence.SequenceFormat.NativeText)
    button = QPushButton(f"{text} ({shown})", parent)
    button.setShortcut(seq)
    return button


def refresh_timer(owner: QWidget, interval_ms: int, reload: Callable[[], None],
                  idle: Callable[[], bool] = lambda: True) -> QTimer:
    """A timer that reloads ``owner``'s data while it is on screen and ``idle()`` (no
    reviewer's input would be lost): nothing the console shows stays stale for long."""
    timer = QTimer(owner)
    timer.setInterval(interval_ms)

    def tick() -> None:
        if owner.isVisible() and idle():
            reload()
    timer.timeout.connect(tick)
    timer.start()
    return timer


def loaded_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("loadedAt")
    label.setStyleSheet("color:#616161;")
    return label


def say_loaded(label: QLabel, at: str) -> None:
    label.setText(QCoreApplication.translate("Console", "Loaded %1").replace("%1", at))


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
