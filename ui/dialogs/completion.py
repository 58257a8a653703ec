"""The completion report: work done, parts, fees in and out of warranty, technicians, outside
distance, mileage or machine hours — checked against the wire model, errors at the field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

import pydantic
from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app import wire
from ui import msgbox
from ui.dialogs.field_errors import FieldErrors, pydantic_errors

FEE_NAMES = ("outside_service", "parts", "labour")
PART_COLUMNS = ("name", "part_no", "quantity", "in_warranty", "price")


def _money_box(parent: QWidget) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(0, 10_000_000)
    box.setDecimals(2)
    box.setSingleStep(10)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


class CompletionDialog(QDialog):
    def __init__(self, business_no: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("completionDialog")
        self.setWindowTitle(self.tr("Job completed — %1").replace("%1", business_no))
        self._language = language
        self._payload: dict[str, Any] | None = None
        self.errors = FieldErrors(self)

        self.work_done = QPlainTextEdit(self)
        self.work_done.setObjectName("work_done")
        self.work_done.setPlaceholderText(self.tr("What was found and what was done"))
        self.work_done.setTabChangesFocus(True)
        self.work_done.setFixedHeight(80)

        self.parts = QTableWidget(0, len(PART_COLUMNS), self)
        self.parts.setObjectName("parts")
        self.parts.setHorizontalHeaderLabels([
            self.tr("Part"), self.tr("Part no."), self.tr("Qty"), self.tr("In warranty"),
            self.tr("Price")])
        self.parts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.parts.verticalHeader().setVisible(False)
        self.parts.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.parts.setFixedHeight(120)
        self.parts.itemChanged.connect(self._parts_changed)
        add = QPushButton(self.tr("Add part"), self)
        add.setObjectName("addPart")
        add.clicked.connect(lambda: self.add_part())
        remove = QPushButton(self.tr("Remove part"), self)
        remove.clicked.connect(self._remove_part)
        part_buttons = QHBoxLayout()
        part_buttons.addWidget(add)
        part_buttons.addWidget(remove)
        part_buttons.addStretch(1)
        parts_box = QWidget(self)
        pl = QVBoxLayout(parts_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.parts)
        pl.addLayout(part_buttons)

        fees = QWidget(self)
        grid = QGridLayout(fees)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Outside service"), fees), 0, 1)
        grid.addWidget(QLabel(self.tr("Parts"), fees), 0, 2)
        grid.addWidget(QLabel(self.tr("Labour"), fees), 0, 3)
        self.fees: dict[str, dict[str, QDoubleSpinBox]] = {}
        for r, (key, text) in enumerate((("fees_in_warranty", self.tr("In warranty")),
                                         ("fees_out_of_warranty", self.tr("Out of warranty"))),
                                        start=1):
            grid.addWidget(QLabel(text, fees), r, 0)
            self.fees[key] = {}
            for c, name in enumerate(FEE_NAMES, start=1):
                box = _money_box(fees)
                box.setObjectName(f"{key}.{name}")
                grid.addWidget(box, r, c)
                self.fees[key][name] = box

        self.technicians = QLineEdit(self)
        self.technicians.setObjectName("technicians")
        self.technicians.setPlaceholderText(self.tr("Names, separated by commas"))
        self.distance = QDoubleSpinBox(self)
        self.distance.setObjectName("outside_distance_km")
        self.distance.setRange(0, 100_000)
        self.distance.setDecimals(1)
        self.distance.setSuffix(self.tr(" km"))
        self.reading_kind = QComboBox(self)
        self.reading_kind.addItem(self.tr("Mileage (km)"), "mileage_km")
        self.reading_kind.addItem(self.tr("Machine hours"), "machine_hours")
        self.reading = QLineEdit(self)
        self.reading.setObjectName("reading")
        # checked as typed: digits, a thousands comma, a decimal point (no "abc")
        self.reading.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"[0-9][0-9,]*(\.[0-9]*)?"), self.reading))
        reading_box = QWidget(self)
        rl = QHBoxLayout(reading_box)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.reading_kind)
        rl.addWidget(self.reading, 1)
        self.resolved = QCheckBox(self.tr("Problem solved"), self)
        self.resolved.setChecked(True)
        self.result_edit = QLineEdit(self)
        self.result_edit.setObjectName("result")
        self.result_edit.setPlaceholderText(self.tr("Anything left to do, or the customer's words"))

        form = QFormLayout()
        self.errors.add_row(form, "work_done", self.tr("Work done"), self.work_done)
        self.errors.add_row(form, "parts", self.tr("Parts replaced"), parts_box)
        fees_holder = self.errors.add_row(form, "fees_in_warranty", self.tr("Fees"), fees)
        self.errors.register("fees_out_of_warranty", self.errors.label("fees_in_warranty"))
        del fees_holder
        self.errors.add_row(form, "technicians", self.tr("Technicians"), self.technicians)
        self.errors.add_row(form, "outside_distance_km", self.tr("Outside distance"),
                            self.distance)
        self.errors.add_row(form, "reading", self.tr("Reading"), reading_box)
        self.errors.register("mileage_km", self.errors.label("reading"))
        self.errors.register("machine_hours", self.errors.label("reading"))
        form.addRow("", self.resolved)
        self.errors.add_row(form, "result", self.tr("Result"), self.result_edit)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record completion"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(760, 640)

    # -- parts -------------------------------------------------------------------------

    def add_part(self, name: str = "", part_no: str = "", quantity: str = "1",
                 in_warranty: bool = True, price: str = "0") -> int:
        row = self.parts.rowCount()
        self.parts.insertRow(row)
        for col, text in ((0, name), (1, part_no), (2, quantity), (4, price)):
            self.parts.setItem(row, col, QTableWidgetItem(text))
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if in_warranty else Qt.CheckState.Unchecked)
        self.parts.setItem(row, 3, check)
        self.parts.setCurrentCell(row, 0)
        self._parts_changed()
        return row

    def _remove_part(self) -> None:
        row = self.parts.currentRow()
        if row >= 0:
            self.parts.removeRow(row)
            self._parts_changed()

    def _parts_changed(self, *_args: object) -> None:
        """The parts fee on each side of the warranty is what the table adds up to there
        (quantity × price); typed by hand only while the table lists no part on that side."""
        totals: dict[bool, Decimal] = {}
        for row in range(self.parts.rowCount()):
            warranty = self.parts.item(row, 3)
            inside = bool(warranty and warranty.checkState() == Qt.CheckState.Checked)
            try:
                amount = Decimal(self._cell(row, 2) or "1") * Decimal(self._cell(row, 4) or "0")
            except InvalidOperation:
                amount = Decimal(0)  # the field's own check says what is wrong with it
            totals[inside] = totals.get(inside, Decimal(0)) + amount
        for key, inside in (("fees_in_warranty", True), ("fees_out_of_warranty", False)):
            box = self.fees[key]["parts"]
            box.setReadOnly(inside in totals)
            box.setToolTip(self.tr("The sum of the parts table") if inside in totals else "")
            if inside in totals:
                box.setValue(float(totals[inside]))

    def _cell(self, row: int, col: int) -> str:
        item = self.parts.item(row, col)
        return item.text().strip() if item else ""

    # -- result ------------------------------------------------------------------------

    def raw(self) -> dict[str, Any]:
        techs = [t.strip() for t in re.split(r"[,,、;;]", self.technicians.text()) if t.strip()]
        parts = []
        for row in range(self.parts.rowCount()):
            warranty = self.parts.item(row, 3)
            parts.append({
                "name": self._cell(row, 0), "part_no": self._cell(row, 1),
                "quantity": self._cell(row, 2) or "1",
                "in_warranty": bool(warranty and warranty.checkState() == Qt.CheckState.Checked),
                "price": self._cell(row, 4) or "0",
            })
        data: dict[str, Any] = {
            "work_done": self.work_done.toPlainText().strip(),
            "parts": parts,
            "technicians": techs,
            "outside_distance_km": self.distance.value(),
            "resolved": self.resolved.isChecked(),
            "result": self.result_edit.text().strip(),
        }
        for key, boxes in self.fees.items():
            data[key] = {name: f"{box.value():.2f}" for name, box in boxes.items()}
        reading = self.reading.text().strip().replace(",", "")
        if reading:
            data[self.reading_kind.currentData()] = reading
        return data

    def validate(self) -> dict[str, str]:
        """Check the form; the messages by field (empty when all is well)."""
        try:
            payload = wire.CompletedPayload.model_validate(self.raw())
        except pydantic.ValidationError as exc:
            errors: dict[str, str] = {}
            for field, text in pydantic_errors(exc, self._language).items():
                parts = field.split(".")
                if parts[0] == "parts" and len(parts) > 1 and parts[1].isdigit():
                    text = self.tr("Part %1: %2").replace("%1", str(int(parts[1]) + 1)).replace(
                        "%2", text)
                    field = "parts"
                errors.setdefault(field, text)
            self._payload = None
        else:
            errors = {}
            self._payload = payload.model_dump(mode="json")
        homeless = self.errors.show(errors)
        if homeless:
            msgbox.warning(self, self.windowTitle(), "\n".join(homeless))
        return errors

    def payload(self) -> dict[str, Any] | None:
        return self._payload

    def accept(self) -> None:
        if not self.validate():
            super().accept()
