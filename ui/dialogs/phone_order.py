"""An order the call center gave by phone or fax while the link was down: typed in here,
checked against the wire model with messages at each field, recorded with no network."""

from __future__ import annotations

from typing import Any

import pydantic
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_app import wire_orders
from station_app.domain.kinds import ComplaintLevel, OrderKind
from ui import labels, msgbox
from ui.dialogs.field_errors import FieldErrors, pydantic_errors


class PhoneOrderDialog(QDialog):
    omit_empty = False  # leave unset fields out of `fields()` instead of giving them as None

    def __init__(self, station_code: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phoneOrderDialog")
        self.setWindowTitle(self.tr("Order received by phone or fax"))
        self._station_code = station_code
        self._language = language
        self._fields: dict[str, Any] | None = None
        self.errors = FieldErrors(self)

        self.business_no = QLineEdit(self)
        self.business_no.setObjectName("business_no")
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for kind in OrderKind:
            self.kind.addItem(labels.kind(kind), kind.value)
        self.level = QComboBox(self)
        self.level.setObjectName("complaint_level")
        for level in ComplaintLevel:
            self.level.addItem(labels.complaint_level(level), level.value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.customer_name = QLineEdit(self)
        self.customer_name.setObjectName("customer.name")
        self.customer_phone = QLineEdit(self)
        self.customer_phone.setObjectName("customer.phone")
        self.model = QLineEdit(self)
        self.model.setObjectName("vehicle.model")
        self.plate = QLineEdit(self)
        self.plate.setObjectName("vehicle.plate")
        self.vin = QLineEdit(self)
        self.vin.setObjectName("vehicle.vin")
        self.mileage = QLineEdit(self)
        self.mileage.setObjectName("vehicle.mileage_km")
        self.location = QLineEdit(self)
        self.location.setObjectName("location")
        self.statement = QPlainTextEdit(self)
        self.statement.setObjectName("statement")
        self.statement.setTabChangesFocus(True)
        self.statement.setFixedHeight(90)
        self.department = QLineEdit(self)
        self.department.setObjectName("department")

        kind_row = QWidget(self)
        kr = QHBoxLayout(kind_row)
        kr.setContentsMargins(0, 0, 0, 0)
        kr.addWidget(self.kind, 1)
        kr.addWidget(self.level, 1)

        form = QFormLayout()
        e = self.errors
        e.add_row(form, "business_no", self.tr("Business no."), self.business_no)
        e.add_row(form, "kind", self.tr("Kind"), kind_row)
        e.register("complaint_level", e.label("kind"))
        e.add_row(form, "customer.name", self.tr("Customer"), self.customer_name)
        e.add_row(form, "customer.phone", self.tr("Phone"), self.customer_phone)
        e.add_row(form, "vehicle.model", self.tr("Model"), self.model)
        e.add_row(form, "vehicle.plate", self.tr("Plate"), self.plate)
        e.add_row(form, "vehicle.vin", self.tr("VIN"), self.vin)
        e.add_row(form, "vehicle.mileage_km", self.tr("Mileage (km)"), self.mileage)
        e.add_row(form, "location", self.tr("Place"), self.location)
        e.add_row(form, "statement", self.tr("Customer statement"), self.statement)
        e.add_row(form, "department", self.tr("Call center department / agent"),
                  self.department)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enter order"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._kind_changed()
        self.resize(560, 600)

    def _kind_changed(self, *_args: object) -> None:
        self.level.setVisible(self.kind.currentData() == OrderKind.COMPLAINT.value)

    def raw(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        vehicle: dict[str, Any] = {"model": self.model.text().strip()}
        if self.plate.text().strip():
            vehicle["plate"] = self.plate.text().strip()
        if self.vin.text().strip():
            vehicle["vin"] = self.vin.text().strip()
        if self.mileage.text().strip():
            vehicle["mileage_km"] = self.mileage.text().strip().replace(",", "")
        return {
            "business_no": self.business_no.text().strip() or None,
            "station_code": self._station_code,
            "kind": kind,
            "complaint_level": (self.level.currentData()
                                if kind == OrderKind.COMPLAINT.value else None),
            "customer": {"name": self.customer_name.text().strip(),
                         "phone": self.customer_phone.text().strip()},
            "vehicle": vehicle,
            "location": self.location.text().strip(),
            "statement": self.statement.toPlainText().strip(),
            "department": self.department.text().strip(),
        }

    def missing(self, raw: dict[str, Any]) -> dict[str, str]:
        """What this dialog requires beyond the order's own rules, by field."""
        if not raw["business_no"]:
            return {"business_no": self.tr("Required: the business number the call center gave")}
        return {}

    def validate(self) -> dict[str, str]:
        raw = self.raw()
        errors = self.missing(raw)
        try:
            fields = wire_orders.OrderFields.model_validate(raw)
        except pydantic.ValidationError as exc:
            for k, v in pydantic_errors(exc, self._language).items():
                errors.setdefault(k, v)
            self._fields = None
        else:
            self._fields = fields.model_dump(mode="json", exclude_none=self.omit_empty)
        homeless = self.errors.show(errors)
        if homeless:
            msgbox.warning(self, self.windowTitle(), "\n".join(homeless))
        if errors:
            self._fields = None
        return errors

    def fields(self) -> dict[str, Any] | None:
        return self._fields

    def accept(self) -> None:
        if not self.validate():
            super().accept()
