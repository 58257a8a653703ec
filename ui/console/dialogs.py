"""The dispatcher's dialogs: issue an order (the station window's order form with a station
picker), reassign to another station; the station picker both share."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_app import wire
from station_app.domain.kinds import OrderKind
from ui import labels, msgbox
from ui.dialogs.field_errors import FieldErrors
from ui.dialogs.phone_order import PhoneOrderDialog


def station_name(stations: list[wire.StationInfo], code: str) -> str:
    """"10001 六安服务站" for a known code, the code alone otherwise."""
    return next((f"{s.code} {s.name}" for s in stations if s.code == code), code)


class StationPicker(QComboBox):
    """A station chosen by typing its ERP code or any part of its name."""

    def __init__(self, stations: list[wire.StationInfo], parent: QWidget | None = None,
                 exclude: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("station_code")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        online = self.tr("online")
        for s in stations:
            if s.code != exclude:
                text = f"{s.code} {s.name}" + (f" · {online}" if s.polling else "")
                self.addItem(text, s.code)
                self.setItemData(self.count() - 1, s.address, Qt.ItemDataRole.ToolTipRole)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)

    def code(self) -> str:
        """The chosen station's code; a typed 5-digit code or a unique name part also count."""
        text = self.currentText().strip()
        index = self.findText(text)
        if index >= 0:
            return str(self.itemData(index))
        matches = [str(self.itemData(i)) for i in range(self.count())
                   if text and text in self.itemText(i)]
        if len(matches) == 1:
            return matches[0]
        return text.split(" ", 1)[0]


class IssueOrderDialog(PhoneOrderDialog):
    """A new order to a station; the business number is optional (the service numbers it)."""

    omit_empty = True

    def __init__(self, stations: list[wire.StationInfo], language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__("", language, parent)
        self._stations = stations
        self.setObjectName("issueOrderDialog")
        self.setWindowTitle(self.tr("Issue an order"))
        self.station = StationPicker(stations, self)
        outer = self.layout()
        assert outer is not None
        first = outer.itemAt(0)
        assert first is not None
        form = first.layout()
        assert isinstance(form, QFormLayout)
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.station)
        error = QLabel(holder)
        error.setObjectName("error_station_code")
        error.setStyleSheet("color: #c62828;")
        error.setVisible(False)
        box.addWidget(error)
        self.errors.register("station_code", error)
        form.insertRow(0, self.tr("Station"), holder)
        self.business_no.setPlaceholderText(self.tr("numbered by the call center when empty"))
        buttons = self.findChild(QDialogButtonBox)
        if buttons is not None:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Issue order"))
        self.kind.setCurrentIndex(self.kind.findData(OrderKind.RESCUE.value))
        self.station.setFocus()

    def raw(self) -> dict[str, Any]:
        return {**super().raw(), "station_code": self.station.code()}

    def missing(self, raw: dict[str, Any]) -> dict[str, str]:
        if not raw["station_code"]:
            return {"station_code": self.tr("Choose a station")}
        return {}

    def accept(self) -> None:
        """Issuing alerts the station at once: ask first, naming what goes where; No keeps
        the form as filled."""
        if self.validate():
            return
        raw = self.raw()
        customer = raw["customer"]
        text = self.tr("Issue a %1 order to %2?\n%3 %4 · %5\nThe station is alerted at once "
                       "and its time limits start.")
        text = (text.replace("%1", labels.kind(raw["kind"]))
                .replace("%2", station_name(self._stations, raw["station_code"]))
                .replace("%3", customer["name"]).replace("%4", customer["phone"])
                .replace("%5", raw["location"] or "—"))
        if msgbox.confirm(self, "confirmIssue", self.tr("Issue an order"), text,
                          self.tr("Issue order")):
            super(PhoneOrderDialog, self).accept()


class ReassignDialog(QDialog):
    """Another station for the order (改派), and why."""

    def __init__(self, stations: list[wire.StationInfo], current: str, business_no: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stations, self._current, self._business_no = stations, current, business_no
        self.setObjectName("reassignDialog")
        self.setWindowTitle(self.tr("Reassign to another station"))
        self.errors = FieldErrors(self)
        self.station = StationPicker(stations, self, exclude=current)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlainText(self.tr("This station cannot go; reassigned to a nearby "
                                         "station"))
        form = QFormLayout()
        self.errors.add_row(form, "to_station", self.tr("New station"), self.station)
        self.errors.add_row(form, "reason", self.tr("Reason"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Reassign"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(480, 240)

    def values(self) -> tuple[str, str]:
        return self.station.code(), self.reason.toPlainText().strip()

    def accept(self) -> None:
        code, reason = self.values()
        errors = {}
        if not code.isdigit() or len(code) != 5:
            errors["to_station"] = self.tr("Choose a station")
        if not reason:
            errors["reason"] = self.tr("Required")
        if errors:
            self.errors.show(errors)
            return
        text = self.tr("Reassign %1 from %2 to %3?\nThe order leaves %2's list; %3 is alerted "
                       "at once. Reason: %4")
        text = (text.replace("%1", self._business_no)
                .replace("%2", station_name(self._stations, self._current))
                .replace("%3", station_name(self._stations, code)).replace("%4", reason))
        if msgbox.confirm(self, "confirmReassign", self.windowTitle(), text,
                          self.tr("Reassign")):
            super().accept()
