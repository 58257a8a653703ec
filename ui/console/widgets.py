"""Small widgets the console's screens share."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QElapsedTimer,
    QEvent,
    QObject,
    QTimer,
)
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


class ChangeFollower(QObject):
    """Reload ``owner``'s data when the call center says something changed (the board's change
    feed): at once while it is on screen and ``idle()`` (no reviewer's input would be lost),
    else as soon as it is shown or idle again; at most once per ``min_gap_ms``, so a busy
    morning does not run the same query every second."""

    def __init__(self, owner: QWidget, reload: Callable[[], None],
                 idle: Callable[[], bool] = lambda: True, min_gap_ms: int = 3000) -> None:
        super().__init__(owner)
        self._owner, self._reload, self._idle = owner, reload, idle
        self._gap = min_gap_ms
        self.pending = False
        self._since = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._try)
        owner.installEventFilter(self)

    def changed(self, *_args: object) -> None:
        self.pending = True
        if not self._timer.isActive():
            self._timer.start(self._wait())

    def _wait(self) -> int:
        left = self._gap - self._since.elapsed() if self._since.isValid() else 0
        return max(100, left)  # a burst of changes makes one reload

    def _try(self) -> None:
        if not self.pending or not self._owner.isVisible():
            return  # a change seen while hidden waits for the Show event
        if not self._idle():
            self._timer.start(1000)  # the reviewer is entering something: look again soon
            return
        self.pending = False
        self._since.start()
        self._reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self._owner and event.type() == QEvent.Type.Show and self.pending:
            self._timer.start(self._wait())
        return False


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
