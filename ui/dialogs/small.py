"""The small dialogs: a required text (cannot-serve reason, note), an appointment, and
"record for an earlier time"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.events import ContactOutcome, EventType
from ui import labels
from ui.dialogs.field_errors import FieldErrors


def to_qdatetime(value: datetime, zone: tzinfo) -> QDateTime:
    local = value.astimezone(zone)
    qdt = QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0)
    qdt.setTimeZone(QTimeZone.utc())  # wall time of `zone`, kept free of the PC zone's DST
    return qdt


def from_qdatetime(value: QDateTime, zone: tzinfo) -> datetime:
    d, t = value.date(), value.time()
    local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=zone)
    return local.astimezone(UTC)


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (named ``ok_text``) and Cancel, accepting and rejecting ``dialog``."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class TextDialog(QDialog):
    """One required text: the reason the station cannot serve, or a note."""

    def __init__(self, title: str, label: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("textDialog")
        self.setWindowTitle(title)
        self.errors = FieldErrors(self)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("text")
        self.text.setTabChangesFocus(True)
        form = QFormLayout()
        self.errors.add_row(form, "text", label, self.text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, ok_text))
        self.resize(480, 220)

    def value(self) -> str:
        return self.text.toPlainText().strip()

    def accept(self) -> None:
        if not self.value():
            self.errors.show({"text": self.tr("Required")})
            return
        super().accept()


class AppointmentDialog(QDialog):
    """When and where the customer will be served."""

    def __init__(self, zone: tzinfo, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appointmentDialog")
        self.setWindowTitle(self.tr("Appointment booked"))
        self._zone = zone
        self._now = now
        self.errors = FieldErrors(self)
        self.when = QDateTimeEdit(to_qdatetime(now + timedelta(hours=2), zone), self)
        self.when.setObjectName("appointment_at")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.place = QLineEdit(self)
        self.place.setObjectName("place")
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        form = QFormLayout()
        self.errors.add_row(form, "appointment_at", self.tr("Appointment time"), self.when)
        self.errors.add_row(form, "place", self.tr("Place"), self.place)
        self.errors.add_row(form, "note", self.tr("Note"), self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, self.tr("Record appointment")))

    def payload(self) -> dict[str, Any]:
        return {"appointment_at": from_qdatetime(self.when.dateTime(), self._zone).isoformat(),
                "place": self.place.text().strip(), "note": self.note.text().strip()}

    def accept(self) -> None:
        when = from_qdatetime(self.when.dateTime(), self._zone)
        if when < self._now - timedelta(days=1):
            self.errors.show({"appointment_at": self.tr("The appointment is in the past")})
            return
        super().accept()


# What can be recorded for an earlier time: (event type, contact outcome or None).
BACKDATE_CHOICES: tuple[tuple[EventType, ContactOutcome | None], ...] = (
    (EventType.CONTACT_ATTEMPT, ContactOutcome.REACHED),
    (EventType.CONTACT_ATTEMPT, ContactOutcome.NO_ANSWER),
    (EventType.CONTACT_ATTEMPT, ContactOutcome.BUSY),
    (EventType.CONTACT_ATTEMPT, ContactOutcome.WRONG_NUMBER),
    (EventType.DEPARTED, None),
    (EventType.ARRIVED, None),
    (EventType.NOTE, None),
)


class BackdateDialog(QDialog):
    """Something that happened earlier (a call made from a mobile phone on the road): what,
    when, and why it is recorded only now.

    Signals:
        submitted(): the entry passed the dialog's checks; the owner records it and closes the
            dialog, or shows the station's refusal at its field (nothing typed is lost).
    """

    submitted = Signal()

    def __init__(self, allowed: frozenset[EventType], zone: tzinfo, now: datetime,
                 parent: QWidget | None = None, issued_at: datetime | None = None) -> None:
        super().__init__(parent)
        self._issued_at = issued_at
        self.setObjectName("backdateDialog")
        self.setWindowTitle(self.tr("Record for an earlier time"))
        self._zone = zone
        self._now = now
        self.errors = FieldErrors(self)
        self.what = QComboBox(self)
        self.what.setObjectName("what")
        for etype, outcome in BACKDATE_CHOICES:
            if etype in allowed:
                text = labels.contact_outcome(outcome) if outcome else labels.event_type(etype)
                self.what.addItem(text, (etype, outcome))
        start = now - timedelta(minutes=30)
        if issued_at is not None and start <= issued_at:  # never before the order existed
            start = min(issued_at + timedelta(minutes=1), now)
        self.when = QDateTimeEdit(to_qdatetime(start, zone), self)
        self.when.setObjectName("occurred_at")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("backdate_reason")
        self.reason.setPlaceholderText(self.tr("e.g. called from the road, power cut"))
        form = QFormLayout()
        self.errors.add_row(form, "what", self.tr("What happened"), self.what)
        self.errors.add_row(form, "occurred_at", self.tr("When it happened"), self.when)
        self.errors.add_row(form, "note", self.tr("Note"), self.note)
        self.errors.add_row(form, "backdate_reason", self.tr("Why it is recorded now"),
                            self.reason)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, self.tr("Record")))

    def occurred_at(self) -> datetime:
        return from_qdatetime(self.when.dateTime(), self._zone)

    def entry(self) -> tuple[EventType, dict[str, Any], datetime, str]:
        etype, outcome = self.what.currentData()
        note = self.note.text().strip()
        payload: dict[str, Any]
        match etype:
            case EventType.CONTACT_ATTEMPT:
                payload = {"outcome": outcome.value, "note": note}
            case EventType.NOTE:
                payload = {"text": note}
            case EventType.DEPARTED:
                payload = {"technicians": [], "note": note}
            case _:
                payload = {"note": note}
        return etype, payload, self.occurred_at(), self.reason.text().strip()

    def accept(self) -> None:
        errors: dict[str, str] = {}
        if self.what.count() == 0:
            errors["what"] = self.tr("Nothing can be recorded on this order now")
        when = self.occurred_at()
        if when > self._now:
            errors["occurred_at"] = self.tr("This time is in the future")
        elif self._issued_at is not None and when < self._issued_at - timedelta(minutes=1):
            errors["occurred_at"] = self.tr("This time is before the order was issued")
        if not self.reason.text().strip():
            errors["backdate_reason"] = self.tr("Say why it is recorded only now")
        data = self.what.currentData()
        if data and data[0] is EventType.NOTE and not self.note.text().strip():
            errors["note"] = self.tr("Required")
        if errors:
            self.errors.show(errors)
            return
        self.submitted.emit()

    def recorded(self) -> None:
        """The station took the entry: close."""
        super().accept()
