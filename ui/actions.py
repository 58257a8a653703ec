"""What the clerk can do to the order on screen: one QAction per action, each with a keyboard
shortcut shown on its button, enabled from the domain lifecycle's allowed actions."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QToolButton, QWidget

from station_app.domain.events import EventType, FormName
from station_app.domain.kinds import OrderKind
from station_app.domain.lifecycle import Status
from station_app.order_detail import OrderDetail


class ActionId(StrEnum):
    RECEIVE = "receive"
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    APPOINTMENT = "appointment"
    DEPARTED = "departed"
    ARRIVED = "arrived"
    COMPLETED = "completed"
    DECLINED = "declined"
    NOTE = "note"
    BACKDATE = "backdate"
    PRINT_OUTSIDE = "print_outside_service"
    PRINT_APPOINTMENT = "print_appointment"
    PRINT_JOB_SHEET = "print_job_sheet"
    PREVIEW = "preview"
    SAVE_PDF = "save_pdf"
    COPY_PHONE = "copy_phone"
    UNDO = "undo"


SHORTCUTS: dict[ActionId, str] = {
    ActionId.RECEIVE: "Ctrl+R",
    ActionId.REACHED: "F2",
    ActionId.NO_ANSWER: "F3",
    ActionId.BUSY: "F4",
    ActionId.WRONG_NUMBER: "Shift+F4",
    ActionId.APPOINTMENT: "F6",
    ActionId.DEPARTED: "F7",
    ActionId.ARRIVED: "F8",
    ActionId.COMPLETED: "F9",
    ActionId.DECLINED: "Ctrl+D",
    ActionId.NOTE: "Ctrl+N",
    ActionId.BACKDATE: "Ctrl+E",
    ActionId.PRINT_OUTSIDE: "Ctrl+P",
    ActionId.PRINT_APPOINTMENT: "Ctrl+Shift+A",
    ActionId.PRINT_JOB_SHEET: "Ctrl+J",
    ActionId.PREVIEW: "Ctrl+Shift+P",
    ActionId.SAVE_PDF: "Ctrl+Shift+S",
    ActionId.COPY_PHONE: "Ctrl+Shift+C",
    ActionId.UNDO: "Ctrl+Z",
}

# Which lifecycle action must be allowed for each button.
NEEDS: dict[ActionId, EventType] = {
    ActionId.REACHED: EventType.CONTACT_ATTEMPT,
    ActionId.NO_ANSWER: EventType.CONTACT_ATTEMPT,
    ActionId.BUSY: EventType.CONTACT_ATTEMPT,
    ActionId.WRONG_NUMBER: EventType.CONTACT_ATTEMPT,
    ActionId.APPOINTMENT: EventType.APPOINTMENT_BOOKED,
    ActionId.DEPARTED: EventType.DEPARTED,
    ActionId.ARRIVED: EventType.ARRIVED,
    ActionId.COMPLETED: EventType.COMPLETED,
    ActionId.DECLINED: EventType.DECLINED,
    ActionId.NOTE: EventType.NOTE,
    ActionId.PRINT_OUTSIDE: EventType.FORM_PRINTED,
    ActionId.PRINT_APPOINTMENT: EventType.FORM_PRINTED,
    ActionId.PRINT_JOB_SHEET: EventType.FORM_PRINTED,
    ActionId.PREVIEW: EventType.FORM_PRINTED,
    ActionId.SAVE_PDF: EventType.FORM_PRINTED,
}

BACKDATABLE = (EventType.CONTACT_ATTEMPT, EventType.APPOINTMENT_BOOKED, EventType.DEPARTED,
               EventType.ARRIVED, EventType.COMPLETED, EventType.DECLINED, EventType.NOTE)

ROWS: tuple[tuple[ActionId, ...], ...] = (
    (ActionId.REACHED, ActionId.NO_ANSWER, ActionId.BUSY, ActionId.WRONG_NUMBER,
     ActionId.APPOINTMENT),
    (ActionId.DEPARTED, ActionId.ARRIVED, ActionId.COMPLETED, ActionId.DECLINED, ActionId.NOTE),
    (ActionId.PRINT_OUTSIDE, ActionId.PRINT_APPOINTMENT, ActionId.PRINT_JOB_SHEET,
     ActionId.PREVIEW, ActionId.SAVE_PDF),
    (ActionId.BACKDATE,),
)


def default_form(kind: str) -> FormName:
    """The form an order of this kind usually gets printed."""
    return {OrderKind.RESCUE: FormName.OUTSIDE_SERVICE,
            OrderKind.FAULT_MODE: FormName.APPOINTMENT}.get(OrderKind(kind), FormName.JOB_SHEET)


PRINT_ACTION = {FormName.OUTSIDE_SERVICE: ActionId.PRINT_OUTSIDE,
                FormName.APPOINTMENT: ActionId.PRINT_APPOINTMENT,
                FormName.JOB_SHEET: ActionId.PRINT_JOB_SHEET}


def needs_receiving(detail: OrderDetail) -> bool:
    """Nobody at the station has taken this order in yet (opening it is an explicit act)."""
    return detail.unread or detail.state.status is Status.NEW


class OrderActions(QObject):
    """The actions on the current order.

    Signals:
        triggered(ActionId): the clerk pressed a button or its shortcut.
    """

    triggered = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        texts, tips = self._texts(), self._tips()
        self.actions: dict[ActionId, QAction] = {}
        native = QKeySequence.SequenceFormat.NativeText
        for aid in ActionId:
            action = QAction(texts[aid], self)
            action.setObjectName(f"action_{aid.value}")
            action.setShortcut(QKeySequence(SHORTCUTS[aid]))
            key = QKeySequence(SHORTCUTS[aid]).toString(native)
            action.setToolTip(f"{tips[aid]} ({key})")
            action.setStatusTip(tips[aid])
            action.setEnabled(False)
            action.triggered.connect(lambda _checked=False, a=aid: self.triggered.emit(a.value))
            self.actions[aid] = action

    def _texts(self) -> dict[ActionId, str]:
        return {
            ActionId.RECEIVE: self.tr("Receive"),
            ActionId.REACHED: self.tr("Reached customer"),
            ActionId.NO_ANSWER: self.tr("No answer"),
            ActionId.BUSY: self.tr("Busy"),
            ActionId.WRONG_NUMBER: self.tr("Wrong number"),
            ActionId.APPOINTMENT: self.tr("Appointment…"),
            ActionId.DEPARTED: self.tr("Departed"),
            ActionId.ARRIVED: self.tr("Arrived"),
            ActionId.COMPLETED: self.tr("Completed…"),
            ActionId.DECLINED: self.tr("Cannot serve…"),
            ActionId.NOTE: self.tr("Note…"),
            ActionId.BACKDATE: self.tr("Record for an earlier time…"),
            ActionId.PRINT_OUTSIDE: self.tr("Print outside-service form"),
            ActionId.PRINT_APPOINTMENT: self.tr("Print appointment form"),
            ActionId.PRINT_JOB_SHEET: self.tr("Print job sheet"),
            ActionId.PREVIEW: self.tr("Preview…"),
            ActionId.SAVE_PDF: self.tr("Save as PDF…"),
            ActionId.COPY_PHONE: self.tr("Copy phone number"),
            ActionId.UNDO: self.tr("Take back the last entry"),
        }

    def _tips(self) -> dict[ActionId, str]:
        """What each action records (and sends to the call center)."""
        sent = self.tr("sent to the call center")
        contact = self.tr("Records a contact attempt (%1), %2")
        return {
            ActionId.RECEIVE: self.tr("Records that the station received the order (已接收), "
                                      "%1; stops its alert").replace("%1", sent),
            ActionId.REACHED: contact.replace("%1", self.tr("reached the customer")).replace(
                "%2", sent),
            ActionId.NO_ANSWER: contact.replace("%1", self.tr("no answer")).replace("%2", sent),
            ActionId.BUSY: contact.replace("%1", self.tr("line busy")).replace("%2", sent),
            ActionId.WRONG_NUMBER: contact.replace("%1", self.tr("wrong number")).replace(
                "%2", sent),
            ActionId.APPOINTMENT: self.tr("Records the appointment agreed with the customer, "
                                          "%1").replace("%1", sent),
            ActionId.DEPARTED: self.tr("Records that the technician left for the customer, "
                                       "%1").replace("%1", sent),
            ActionId.ARRIVED: self.tr("Records that the technician arrived, %1").replace(
                "%1", sent),
            ActionId.COMPLETED: self.tr("Opens the completion report; saving it records 完工 "
                                        "for review, %1").replace("%1", sent),
            ActionId.DECLINED: self.tr("Records that the station cannot serve the order, with "
                                       "the reason, %1").replace("%1", sent),
            ActionId.NOTE: self.tr("Records a note on the order, %1").replace("%1", sent),
            ActionId.BACKDATE: self.tr("Records one of these for an earlier time, with the "
                                       "reason, %1").replace("%1", sent),
            ActionId.PRINT_OUTSIDE: self.tr("Prints the outside-service form; records that it "
                                            "was printed"),
            ActionId.PRINT_APPOINTMENT: self.tr("Prints the appointment form; records that it "
                                                "was printed"),
            ActionId.PRINT_JOB_SHEET: self.tr("Prints the job sheet; records that it was "
                                              "printed"),
            ActionId.PREVIEW: self.tr("Shows a form as it will print; records nothing"),
            ActionId.SAVE_PDF: self.tr("Saves a form as a PDF file; records that it was saved"),
            ActionId.COPY_PHONE: self.tr("Copies the customer's phone number; records nothing"),
            ActionId.UNDO: self.tr("Takes back your last entry on this order: records that it "
                                   "was a mistake (both stay on record), %1").replace("%1", sent),
        }

    def button_texts(self) -> dict[ActionId, str]:
        """Shorter words for the buttons (the menu shows the full ones)."""
        return {
            ActionId.WRONG_NUMBER: self.tr("Wrong no."),
            ActionId.APPOINTMENT: self.tr("Appointment"),
            ActionId.BACKDATE: self.tr("Earlier time…"),
            ActionId.PRINT_OUTSIDE: self.tr("Outside-service form"),
            ActionId.PRINT_APPOINTMENT: self.tr("Appointment form"),
            ActionId.PRINT_JOB_SHEET: self.tr("Job sheet"),
            ActionId.SAVE_PDF: self.tr("PDF…"),
        }

    def update_for(self, detail: OrderDetail | None) -> None:
        allowed = detail.allowed_actions if detail is not None else frozenset()
        for aid, action in self.actions.items():
            if aid is ActionId.UNDO:
                continue  # the controller knows whether there is an entry to take back
            if aid is ActionId.RECEIVE:
                action.setEnabled(detail is not None and needs_receiving(detail))
            elif aid is ActionId.COPY_PHONE:
                action.setEnabled(detail is not None)
            elif aid is ActionId.BACKDATE:
                action.setEnabled(bool(allowed & set(BACKDATABLE)))
            else:
                action.setEnabled(NEEDS[aid] in allowed)

    def enabled(self) -> set[ActionId]:
        return {aid for aid, a in self.actions.items() if a.isEnabled()}


class ActionBar(QWidget):
    """The buttons, in rows: contact, the job, printing, the rest."""

    def __init__(self, actions: OrderActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionBar")
        self.buttons: dict[ActionId, QToolButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        short = actions.button_texts()
        for r, row in enumerate(ROWS):
            for c, aid in enumerate(row):
                button = _ShortcutButton(actions.actions[aid], short.get(aid), self)
                button.setObjectName(f"button_{aid.value}")
                self.buttons[aid] = button
                grid.addWidget(button, r, c)


class _ShortcutButton(QToolButton):
    """A button that shows its action's text with the shortcut under it."""

    def __init__(self, action: QAction, short: str | None, parent: QWidget) -> None:
        super().__init__(parent)
        self._short = short
        self.setDefaultAction(action)
        self.setToolTip(action.toolTip())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(44)
        action.changed.connect(self._label)
        self._label()

    def _label(self) -> None:
        action = self.defaultAction()
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = self._short or action.text()
        self.setText(f"{text}\n{key}" if key else text)
        self.setMinimumWidth(self.sizeHint().width())
