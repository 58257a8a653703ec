"""Validation messages shown at the field they are about, in the interface language.

Pydantic's messages are English; the common kinds are re-said here through `tr`, and a
`DomainError` raised inside a validator (phone, plate, VIN, a rescue's place...) brings its
`Refusal`, shown in the interface language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydantic
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from common.refusal import refusal_of
from ui import msgbox


def _message(err: Mapping[str, Any], language: str) -> str:
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if err.get("input") in ("", []):  # left empty: say so, not "“” is not a valid phone"
        kind, ctx = "missing", {}
    inner = refusal_of(ctx.get("error"))
    if inner is not None:  # our rules say it in both languages: show the reader's
        return inner.text(language)
    match kind:
        case "missing" | "string_too_short" | "too_short" if ctx.get("min_length", 1) <= 1:
            text = QCoreApplication.translate("FieldErrors", "Required")
        case "too_short":
            text = QCoreApplication.translate("FieldErrors", "Add at least %1")
        case "string_too_short":
            text = QCoreApplication.translate("FieldErrors", "At least %1 characters")
        case "string_too_long" | "too_long":
            text = QCoreApplication.translate("FieldErrors", "Too long (at most %1)")
        case "greater_than_equal":
            text = QCoreApplication.translate("FieldErrors", "Must be at least %1")
        case "greater_than":
            text = QCoreApplication.translate("FieldErrors", "Must be more than %1")
        case "less_than_equal":
            text = QCoreApplication.translate("FieldErrors", "Must be at most %1")
        case "decimal_parsing" | "float_parsing" | "int_parsing" | "decimal_type":
            text = QCoreApplication.translate("FieldErrors", "Not a number")
        case "decimal_max_places":
            text = QCoreApplication.translate("FieldErrors", "At most two decimal places")
        case _:
            text = ""
    if text:
        bound = next((ctx[k] for k in ("min_length", "max_length", "ge", "gt", "le")
                      if k in ctx), "")
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        return text.replace("%1", str(bound))
    return str(err.get("msg", "")).removeprefix("Value error, ")


def pydantic_errors(exc: pydantic.ValidationError, language: str) -> dict[str, str]:
    """Field path (``customer.phone``, ``parts.0.name``) → message; the first per field."""
    out: dict[str, str] = {}
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        inner = refusal_of((err.get("ctx") or {}).get("error"))
        if not loc and inner is not None and inner.field:  # a model validator names it
            loc = [inner.field]
        out.setdefault(".".join(loc), _message(err, language))
    return out


class FieldErrors:
    """Red lines under the fields of a form; `show()` a mapping, `clear()` them."""

    def __init__(self, dialog: QWidget) -> None:
        self._dialog = dialog
        self._labels: dict[str, QLabel] = {}

    def add_row(self, form: QFormLayout, field: str, label: str, widget: QWidget) -> QWidget:
        """Add ``widget`` to ``form`` with a (hidden) error line under it."""
        holder = QWidget(self._dialog)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = QLabel(holder)
        error.setObjectName(f"error_{field}")
        error.setStyleSheet("color: #c62828;")
        error.setWordWrap(True)
        error.setVisible(False)
        box.addWidget(error)
        self._labels[field] = error
        if widget.maximumHeight() < 16_777_215:  # a fixed-height box: its row does not grow,
            holder.setSizePolicy(QSizePolicy.Policy.Preferred,  # so its label stays beside it
                                 QSizePolicy.Policy.Maximum)
        form.addRow(label, holder)
        self.clear_when_edited(widget, error)
        return holder

    @staticmethod
    def clear_when_edited(widget: QWidget, error: QLabel) -> None:
        """The field's message goes as soon as the clerk changes the field."""
        def gone(*_args: object) -> None:
            error.clear()
            error.setVisible(False)
        editors = [widget, *widget.findChildren(QWidget)]
        for w in editors:
            if isinstance(w, QLineEdit | QPlainTextEdit):
                w.textChanged.connect(gone)
            elif isinstance(w, QDateTimeEdit):
                w.dateTimeChanged.connect(gone)
            elif isinstance(w, QAbstractSpinBox):
                w.editingFinished.connect(gone)
                if hasattr(w, "valueChanged"):
                    w.valueChanged.connect(gone)
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(gone)

    def label(self, field: str) -> QLabel:
        return self._labels[field]

    def register(self, field: str, label: QLabel) -> None:
        self._labels[field] = label

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.setVisible(False)

    def show(self, errors: Mapping[str, str]) -> list[str]:
        """Show each message at its field (or the nearest parent field); returns the messages
        that have no field on this form."""
        self.clear()
        homeless: list[str] = []
        for field, text in errors.items():
            target = self._find(field)
            if target is None:
                homeless.append(text)
                continue
            current = target.text()
            target.setText(f"{current}\n{text}" if current else text)
            target.setVisible(True)
        return homeless

    def shown(self) -> dict[str, str]:
        """The messages on screen, by the field each line belongs to."""
        out: dict[str, str] = {}
        seen: set[int] = set()
        for field, label in self._labels.items():
            if label.text() and id(label) not in seen:
                seen.add(id(label))
                out[field] = label.text()
        return out

    def _find(self, field: str) -> QLabel | None:
        parts = field.split(".")
        while parts:
            label = self._labels.get(".".join(parts))
            if label is not None:
                return label
            parts.pop()
        return None


def show_record_error(errors: FieldErrors, exc: BaseException, parent: QWidget) -> None:
    """An error from the core after the dialog's own checks passed: at its field if it names
    one of ours, else in a message box."""
    field = getattr(exc, "field", None)
    if field and errors._find(field) is not None:
        errors.show({field: msgbox.error_text(exc)})
    else:
        msgbox.error(parent, exc)
