"""Departure (F7): who goes out. The last team is offered first and the names used lately are
one click away; at least one name is needed, so the job sheet and the completion report carry
them."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.field_errors import FieldErrors

NAME_SEPARATORS = r"[,,、;;]"
MAX_TECHNICIANS = 10


def split_names(text: str) -> list[str]:
    """Names typed with commas (Latin or Chinese), 、 or semicolons; each once, in order."""
    names: list[str] = []
    for name in (n.strip() for n in re.split(NAME_SEPARATORS, text)):
        if name and name not in names:
            names.append(name)
    return names


class DepartureDialog(QDialog):
    """``recent``: names used lately, newest first; ``last_team``: who went out last time."""

    def __init__(self, business_no: str, recent: list[str], last_team: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("departureDialog")
        self.setWindowTitle(self.tr("Departed — %1").replace("%1", business_no))
        self.errors = FieldErrors(self)
        self.technicians = QLineEdit(self)
        self.technicians.setObjectName("technicians")
        self.technicians.setPlaceholderText(self.tr("Names, separated by commas"))
        self.technicians.setText("、".join(last_team))
        self.technicians.selectAll()  # Enter takes the last team; typing replaces it
        completer = QCompleter(recent, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.technicians.setCompleter(completer)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        chips = QWidget(self)
        row = QHBoxLayout(chips)
        row.setContentsMargins(0, 0, 0, 0)
        self.chips: list[QPushButton] = []
        for name in recent[:8]:
            chip = QPushButton(name, chips)
            chip.setObjectName("recentTechnician")
            chip.setAutoDefault(False)
            chip.clicked.connect(lambda _checked=False, n=name: self.add_name(n))
            row.addWidget(chip)
            self.chips.append(chip)
        row.addStretch(1)
        form = QFormLayout()
        self.errors.add_row(form, "technicians", self.tr("Who goes"), self.technicians)
        if recent:
            form.addRow(self.tr("Recently"), chips)
        form.addRow(self.tr("Note"), self.note)
        hint = QLabel(self.tr("The job sheet and the completion report take these names."), self)
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record departure"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(520, 200)

    def names(self) -> list[str]:
        return split_names(self.technicians.text())

    def add_name(self, name: str) -> None:
        names = [] if self.technicians.selectedText() == self.technicians.text() else self.names()
        if name not in names:
            names.append(name)
        self.technicians.setText("、".join(names))
        self.technicians.setFocus()

    def payload(self) -> dict[str, Any]:
        return {"technicians": self.names(), "note": self.note.text().strip()}

    def accept(self) -> None:
        names = self.names()
        if not names:
            self.errors.show({"technicians": self.tr("Say who goes out (at least one name)")})
            return
        if len(names) > MAX_TECHNICIANS:
            self.errors.show({"technicians": self.tr("At most %1 names").replace(
                "%1", str(MAX_TECHNICIANS))})
            return
        super().accept()
