"""The order on screen and what the clerk does to it: loads its detail in the background,
turns each action into an operation (with its dialog where one is needed), prints, previews
and saves PDFs. The main window only routes to it."""

from __future__ import annotations

import functools
import time
from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from station_app import undo, wire
from station_app.domain.events import ContactOutcome, EventType, FormName
from station_app.order_detail import OrderDetail
from ui import labels, msgbox, operations
from ui.actions import ActionId, OrderActions, default_form, needs_receiving
from ui.context import AppContext
from ui.detail_pane import DetailPane
from ui.dialogs.completion import CompletionDialog
from ui.dialogs.departure import DepartureDialog
from ui.dialogs.print_preview import PreviewDialog
from ui.dialogs.small import AppointmentDialog, BackdateDialog, TextDialog
from ui.file_dialogs import ask_save_path

CONTACT_OUTCOMES = {
    ActionId.REACHED: ContactOutcome.REACHED,
    ActionId.NO_ANSWER: ContactOutcome.NO_ANSWER,
    ActionId.BUSY: ContactOutcome.BUSY,
    ActionId.WRONG_NUMBER: ContactOutcome.WRONG_NUMBER,
}
INSTANT = {ActionId.ARRIVED: EventType.ARRIVED}
REPEAT_SECONDS = 10  # the same entry again this soon is asked about (a key pressed twice)
def departed_technicians(detail: OrderDetail) -> list[str]:
    """Who went out on this order's last departure (the completion report starts with them)."""
    for entry in reversed(detail.timeline):
        if entry.event.type is EventType.DEPARTED:
            return [str(n) for n in entry.event.payload.get("technicians") or []]
    return []


PRINTS = {
    ActionId.PRINT_OUTSIDE: FormName.OUTSIDE_SERVICE,
    ActionId.PRINT_APPOINTMENT: FormName.APPOINTMENT,
    ActionId.PRINT_JOB_SHEET: FormName.JOB_SHEET,
}


class OrderController(QObject):
    """Signals:
        detail_shown(object): the detail pane now shows this OrderDetail (or None).
        recorded(object): an event was recorded (wire.Event).
        printed(object): a form was queued (operations.Printed).
        opened(UUID): the clerk received an order (took it in: it is read now).
        message(str): a short line for the status bar.
        dialog_opened(QDialog): a dialog of this controller is open (tests drive it).
    """

    detail_shown = Signal(object)
    recorded = Signal(object)
    printed = Signal(object)
    opened = Signal(object)
    message = Signal(str)
    dialog_opened = Signal(object)

    def __init__(self, ctx: AppContext, window: QWidget, actions: OrderActions,
                 pane: DetailPane) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self._actions = actions
        self._pane = pane
        self._order_id: UUID | None = None
        self._generation = 0
        self._loading: UUID | None = None
        self._again = False
        self.detail: OrderDetail | None = None
        self.dialog: QDialog | None = None
        self._last: tuple[wire.Event, float] | None = None  # this window's last entry, when
        actions.triggered.connect(self.on_action)

    @property
    def order_id(self) -> UUID | None:
        return self._order_id

    # -- showing -----------------------------------------------------------------------

    def show(self, order_id: UUID | None) -> None:
        self._order_id = order_id
        if order_id is None:
            self._generation += 1
            self._loading = None
            self._shown(None)
            return
        self.reload()

    def receive(self, order_id: UUID | None = None) -> None:
        """The clerk took the order in (Enter, a double-click, the alert's button, Ctrl+R):
        it is no longer unread, and a new one is recorded as 已接收. Looking is not this."""
        order_id = order_id or self._order_id
        if order_id is None:
            return
        operations.mark_read(self._ctx, order_id).success(
            lambda _event: self._received(order_id)).run()

    def _received(self, order_id: UUID) -> None:
        self.opened.emit(order_id)  # the core's change notice refreshes the detail

    def reload(self) -> None:
        """Load the order again; while a load of the same order is on its way, one more is
        made after it (a burst of changes makes two loads, not a thousand)."""
        if self._order_id is None:
            return
        if self._loading == self._order_id:
            self._again = True
            return
        self._generation += 1
        self._loading, self._again = self._order_id, False
        generation, order_id = self._generation, self._order_id
        operations.load_order(self._ctx, self._window, order_id).success(
            lambda detail: self._loaded(generation, detail)
        ).failure(lambda exc: self._load_failed(generation, exc)).run()

    def _load_done(self, generation: int) -> bool:
        """Whether this load is the latest; starts the one more asked for meanwhile."""
        if generation != self._generation:
            return False
        self._loading = None
        if self._again:
            self.reload()
        return True

    def _loaded(self, generation: int, detail: OrderDetail) -> None:
        if not self._load_done(generation):
            return
        self._shown(detail)

    def _load_failed(self, generation: int, exc: BaseException) -> None:
        if self._load_done(generation):
            self._shown(None)
            msgbox.error(self._window, exc)

    def _shown(self, detail: OrderDetail | None) -> None:
        self.detail = detail
        self._pane.show_detail(detail, self._ctx.station.settings.zone())
        self._actions.update_for(detail)
        self._actions.actions[ActionId.UNDO].setEnabled(self._undoable() is not None)
        self.detail_shown.emit(detail)

    # -- actions -----------------------------------------------------------------------

    def on_action(self, action: str) -> None:
        aid = ActionId(action)
        detail = self.detail
        if aid is ActionId.UNDO:
            self.undo()
            return
        if detail is None or aid not in self._actions.enabled():
            return
        oid = detail.order.id
        if aid is ActionId.RECEIVE:
            self.receive(oid)
            return
        if needs_receiving(detail) and aid is not ActionId.COPY_PHONE:
            self.receive(oid)  # acting on it takes it in first
        if aid in CONTACT_OUTCOMES:
            self.record(oid, EventType.CONTACT_ATTEMPT,
                        {"outcome": CONTACT_OUTCOMES[aid].value, "note": ""})
        elif aid in INSTANT:
            self.record(oid, INSTANT[aid], {})
        elif aid is ActionId.DEPARTED:
            operations.recent_technicians(self._ctx).success(
                lambda techs: self._ask_departure(oid, detail.order.business_no, techs)).run()
        elif aid is ActionId.COMPLETED:
            dialog = CompletionDialog(detail.order.business_no, self._ctx.language, self._window)
            dialog.technicians.setText("、".join(departed_technicians(detail)))
            dialog.accepted.connect(
                lambda: self.record(oid, EventType.COMPLETED, dialog.payload() or {}))
            self._open(dialog)
        elif aid is ActionId.DECLINED:
            text = TextDialog(self.tr("Cannot serve this order"), self.tr("Reason"),
                              self.tr("Record"), self._window)
            text.accepted.connect(
                lambda: self.record(oid, EventType.DECLINED, {"reason": text.value()}))
            self._open(text)
        elif aid is ActionId.NOTE:
            note = TextDialog(self.tr("Note"), self.tr("Note"), self.tr("Record"), self._window)
            note.accepted.connect(lambda: self.record(oid, EventType.NOTE, {"text": note.value()}))
            self._open(note)
        elif aid is ActionId.APPOINTMENT:
            appt = AppointmentDialog(self._ctx.station.settings.zone(), self._ctx.station.now(),
                                     self._window)
            appt.accepted.connect(
                lambda: self.record(oid, EventType.APPOINTMENT_BOOKED, appt.payload()))
            self._open(appt)
        elif aid is ActionId.BACKDATE:
            back = BackdateDialog(detail.allowed_actions, self._ctx.station.settings.zone(),
                                  self._ctx.station.now(), self._window,
                                  issued_at=detail.order.issued_at)
            back.submitted.connect(lambda: self._record_backdated(oid, back))
            self._open(back)
        elif aid in PRINTS:
            self.print_form(PRINTS[aid])
        elif aid is ActionId.PREVIEW:
            self._form_menu(self.preview)
        elif aid is ActionId.SAVE_PDF:
            self._form_menu(self.ask_pdf_path)
        elif aid is ActionId.COPY_PHONE:
            self._pane.copy_phone_number()
            self.message.emit(self.tr("Phone number copied"))

    def _ask_departure(self, oid: UUID, business_no: str,
                       techs: operations.Technicians) -> None:
        if self.detail is None or self.detail.order.id != oid:
            return  # another order was opened meanwhile
        dialog = DepartureDialog(business_no, techs.recent, techs.last_team, self._window)
        dialog.accepted.connect(lambda: self.record(oid, EventType.DEPARTED, dialog.payload()))
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _record_backdated(self, oid: UUID, dialog: BackdateDialog) -> None:
        """Record; a refusal (a time the station will not take) is shown in the dialog, which
        stays open with everything typed."""
        etype, payload, when, reason = dialog.entry()

        def refused(exc: BaseException) -> None:
            field = getattr(exc, "field", "") or "occurred_at"
            dialog.errors.show({field: msgbox.error_text(exc)})

        def done(event: wire.Event) -> None:
            dialog.recorded()
            self._recorded(event)
        operations.record_event(self._ctx, self._window, oid, etype, payload, occurred_at=when,
                                backdate_reason=reason).success(done).failure(refused).run()

    def record(self, order_id: UUID, event_type: EventType, payload: dict[str, Any],
               **when: Any) -> None:
        """Record now (it is a local write: instant, and works with no network). The same
        entry again within a few seconds (a key pressed twice) asks first."""
        if self._repeats(order_id, event_type, payload) and not msgbox.ask(
                self._window, self.tr("Record again?"),
                self.tr("%1 was recorded for this order %2 seconds ago. Record it a second "
                        "time?").replace("%1", self._what(event_type, payload)).replace(
                            "%2", str(int(time.monotonic() - self._last[1])))):  # type: ignore
            return
        operations.record_event(self._ctx, self._window, order_id, event_type, payload,
                                **when).success(self._recorded).run()

    def _repeats(self, order_id: UUID, event_type: EventType, payload: dict[str, Any]) -> bool:
        if self._last is None or event_type is EventType.VOIDED:
            return False
        last, at = self._last
        same = wire.make_payload(event_type, **payload) == last.payload
        return (last.order_id == order_id and last.type is event_type and same
                and time.monotonic() - at < REPEAT_SECONDS)

    @staticmethod
    def _what(event_type: EventType | str, payload: dict[str, Any]) -> str:
        if event_type == EventType.CONTACT_ATTEMPT:
            return labels.contact_outcome(payload.get("outcome", ""))
        return labels.event_type(event_type)

    def _undoable(self) -> wire.Event | None:
        """The entry Ctrl+Z would take back: this window's last, on the order on screen; else
        the order's newest entry of this station when another PC of it recorded it, within
        the undo time (`station_app.undo`)."""
        if self._last is not None and self._last[0].order_id == self._order_id:
            event = self._last[0]
            return None if event.type in undo.NOT_UNDOABLE else event
        return self._siblings()

    def _siblings(self) -> wire.Event | None:
        detail, station = self.detail, self._ctx.station
        if detail is None or detail.order.id != self._order_id:
            return None
        entry = undo.sibling_undoable(detail.timeline, station.code, station.device_id(),
                                      station.now(), station.settings.get("undo_minutes"))
        return entry.event if entry else None

    def undo(self) -> None:
        """Take back the last entry (a `voided` event naming it) within the undo time; one
        another PC of the station recorded is named and asked about first."""
        event = self._undoable()
        if event is None:
            self.message.emit(self.tr("Nothing to take back on this order"))
            return
        minutes = self._ctx.station.settings.get("undo_minutes")
        what = self._what(event.type, event.payload)
        if self._last is None or self._last[0].id != event.id:
            when = event.recorded_at.astimezone(self._ctx.station.settings.zone())
            if not msgbox.ask(self._window, self.tr("Take back?"), self.tr(
                    "Take back “%1”, recorded by %2 on %3 at %4? It is recorded as taken back "
                    "by you on this PC.").replace("%1", what).replace("%2", event.author)
                    .replace("%3", event.device_name or self.tr("another PC"))
                    .replace("%4", when.strftime("%H:%M"))):
                return
        elif time.monotonic() - self._last[1] > minutes * 60:
            self.message.emit(self.tr("It is too late to take that back (more than %1 min "
                                      "ago); record a note instead").replace(
                                          "%1", str(minutes)))
            return
        operations.record_event(self._ctx, self._window, event.order_id, EventType.VOIDED,
                                {"event_id": str(event.id), "reason": ""}).success(
            lambda void: self._recorded(void, self.tr("Taken back: %1").replace("%1", what))
        ).run()

    def _recorded(self, event: wire.Event, said: str | None = None) -> None:
        self._last = None if event.type is EventType.VOIDED else (event, time.monotonic())
        self._actions.actions[ActionId.UNDO].setEnabled(self._undoable() is not None)
        self.recorded.emit(event)
        text = self._what(event.type, event.payload)
        self.message.emit(said or self.tr("Recorded: %1 (Ctrl+Z takes it back)").replace(
            "%1", text))  # the core's change notice refreshes the detail, once

    # -- forms -------------------------------------------------------------------------

    def _form_menu(self, then: Any) -> None:
        menu = QMenu(self._window)
        menu.setObjectName("formMenu")
        for form in FormName:
            menu.addAction(labels.form(form), functools.partial(then, form))
        button = self._pane.action_bar.buttons.get(ActionId.PREVIEW)
        anchor = button.mapToGlobal(button.rect().bottomLeft()) if button else None
        menu.aboutToHide.connect(menu.deleteLater)
        if anchor is not None:
            menu.popup(anchor)

    def _next_copy(self, form: FormName, ask: bool) -> int | None:
        """1 for a first print; for a reprint, ask and mark it 副本 (None if declined)."""
        assert self.detail is not None
        done = operations.copies_printed(self.detail, form)
        if done == 0:
            return 1
        if ask and not msgbox.ask(
            self._window, self.tr("Print again?"),
            self.tr("The %1 was already printed %n time(s). Print a copy? It will be marked "
                    "as a copy (副本).", "", done).replace("%1", labels.form(form))):
            return None
        return done + 1

    def print_form(self, form: FormName, ask: bool = True,
                   preview: operations.Preview | None = None) -> None:
        if self.detail is None:
            return
        copy = self._next_copy(form, ask)
        if copy is None:
            return
        document = None
        if preview is not None and preview.copy_number == copy:
            document = preview.document  # print exactly what was on screen
        operations.print_form(self._ctx, self._window, self.detail.order.id, form, copy,
                              document).success(self._printed).run()

    def _printed(self, printed: operations.Printed) -> None:
        self.printed.emit(printed)
        self.message.emit(self.tr("Sent to the printer (job %1)").replace(
            "%1", str(printed.job_id)))
        self.reload()

    def preview(self, form: FormName | None = None) -> None:
        if self.detail is None:
            return
        form = form or default_form(self.detail.order.kind)
        copy = max(1, operations.copies_printed(self.detail, form) + 1)
        operations.preview_form(self._ctx, self._window, self.detail.order.id, form,
                                copy).success(lambda p: self._show_preview(form, p)).run()

    def _show_preview(self, form: FormName, preview: operations.Preview) -> None:
        dialog = PreviewDialog(labels.form(form), preview, self._window)
        def print_now() -> None:
            dialog.accept()
            self.print_form(form, preview=preview)

        dialog.print_requested.connect(print_now)
        dialog.pdf_requested.connect(lambda: self.ask_pdf_path(form))
        self._open(dialog)

    def ask_pdf_path(self, form: FormName) -> None:
        if self.detail is None:
            return
        name = f"{self.detail.order.business_no}-{labels.form(form)}.pdf"
        self.dialog = ask_save_path(self._window, self.tr("Save as PDF"), Path.home() / name,
                                    "PDF (*.pdf)", lambda path: self.save_pdf(form, path))
        self.dialog_opened.emit(self.dialog)

    def save_pdf(self, form: FormName, path: Path) -> None:
        if self.detail is None:
            return
        copy = operations.copies_printed(self.detail, form, "pdf") + 1
        operations.save_pdf(self._ctx, self._window, self.detail.order.id, form, copy,
                            path).success(lambda written: self._pdf_saved(written)).run()

    def _pdf_saved(self, path: Path) -> None:
        self.message.emit(self.tr("Saved %1").replace("%1", str(path)))
