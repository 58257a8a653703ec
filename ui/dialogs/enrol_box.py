"""The settings' enrolment row: this PC's name and the one-time code the call center gave for
the station, and a button that exchanges it for this PC's own token. The exchange runs off the
GUI thread (the owner runs it and answers with `done` or `failed`); what went wrong is said at
the code, in the interface language."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class EnrolBox(QWidget):
    """Signals:
        requested(str, str): the code and this PC's name; the owner enrols and answers."""

    requested = Signal(str, str)

    def __init__(self, device_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLineEdit(self)
        self.code.setObjectName("enrol_code")
        self.code.setPlaceholderText("K7QX-M2PA")
        self.code.setMaxLength(20)
        self.device_name = QLineEdit(device_name, self)
        self.device_name.setObjectName("device_name")
        self.device_name.setMaxLength(40)
        self.device_name.setPlaceholderText(self.tr("This PC's name, e.g. Front desk"))
        self.button = QPushButton(self.tr("Enrol this PC"), self)
        self.button.setObjectName("enrolButton")
        self.button.clicked.connect(self._clicked)
        self.code.returnPressed.connect(self._clicked)
        self.status = QLabel(self.tr("Ask the call center for a one-time enrolment code for "
                                     "this station; it replaces the station token."), self)
        self.status.setObjectName("enrolStatus")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.code, 2)
        row.addWidget(self.device_name, 2)
        row.addWidget(self.button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def _clicked(self) -> None:
        code = self.code.text().strip()
        if not code:
            self.failed(self.tr("Type the enrolment code the call center gave you"))
            return
        self.requested.emit(code, self.device_name.text().strip())

    def busy(self) -> None:
        self.button.setEnabled(False)
        self.code.setEnabled(False)
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Enrolling this PC with the call center…"))

    def done(self, device_name: str) -> None:
        self.button.setEnabled(True)
        self.code.setEnabled(True)
        self.code.clear()
        self.device_name.setText(device_name)
        self.status.setStyleSheet("color: #2e7d32;")
        self.status.setText(self.tr("This PC is enrolled as “%1”; its first sync fetches the "
                                    "station's orders.").replace("%1", device_name))

    def failed(self, text: str) -> None:
        self.button.setEnabled(True)
        self.code.setEnabled(True)
        self.status.setStyleSheet("color: #c62828;")
        self.status.setText(text)
