"""How the print queue records what happened to a job — state, note, the clerk's answers, a
resend marked 重打 — and reports it (`PrintQueue` is built on `JobRecords`)."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import peewee as pw

from forms.document import Document, Footer
from forms.layout import line_text
from printers import escpos
from printers.errors import PrinterError
from printers.jobs import DONE, FINISHED, QUEUED, UNSURE, JobInfo, PrinterState, reprint_note
from printers.profiles import PrinterProfile
from station_app.store import PrintJob, Store, utcnow
from station_app.store_context import runs_in_store

log = logging.getLogger("printers.queue")


@runs_in_store(lambda queue: queue.store)
class JobRecords:
    """The stored side of `PrintQueue` (its attributes are set by `PrintQueue.__init__`)."""

    store: Store
    if TYPE_CHECKING:
        @property
        def name(self) -> str: ...  # PrintQueue's, read-only
    printer_state: PrinterState
    on_job_changed: Callable[[JobInfo], None] | None
    on_printer_state: Callable[[PrinterState], None] | None
    on_confirmed: Callable[[JobInfo], None] | None
    _documents: dict[int, Document]
    _reprints: set[int]

    @property
    def config(self) -> Any:
        raise NotImplementedError

    def _finish(self, job_id: int, state: str, note: str) -> None:
        self._update(job_id, state=state, last_error=note, done_at=utcnow())

    def _confirm_done(self, job_id: int, allowed_from: set[str]) -> None:
        """Done, then ``on_confirmed`` (form_printed is recorded). It runs after the commit:
        inside it, the station's change signal would reach readers before the row is there."""
        with self.store.transaction():
            n = (PrintJob.update(state=DONE, last_error="", done_at=utcnow(), updated_at=utcnow())
                 .where((PrintJob.id == job_id) & PrintJob.state.in_(sorted(allowed_from)))
                 .execute())
        if not n:
            return
        self._forget(job_id)
        self._changed(job_id)
        if self.on_confirmed is not None:
            try:
                self.on_confirmed(JobInfo.of(PrintJob.get_by_id(job_id)))
            except Exception:
                log.exception("could not record that print job %s came out", job_id)

    def _requeue_marked(self, job_id: int, allowed_from: set[str],
                        cause: PrinterError | None = None) -> None:
        """Queue the whole job again with 重打 printed on it (once, however often resent)."""
        profile = self.config.profile
        with self.store.transaction():
            row = PrintJob.get_by_id(job_id)
            if row.state not in allowed_from:
                return
            data, preview = bytes(row.data), row.preview
            if job_id not in self._reprints and not preview.lstrip().startswith("重打"):
                data, preview = marked(data, preview, profile, row.copy_number)
            row.data, row.preview, row.state = data, preview, QUEUED
            row.last_error = reprint_note(cause)
            row.done_at, row.updated_at = None, utcnow()
            row.save()
        self._reprints.add(job_id)
        self._changed(job_id)

    def _forget(self, job_id: int) -> None:
        self._documents.pop(job_id, None)
        self._reprints.discard(job_id)

    def _update(self, job_id: int, **values: object) -> None:
        if values.get("state") == UNSURE:
            log.warning("print job %s: %s", job_id, values.get("last_error"))
        if values.get("state") in FINISHED:
            self._forget(job_id)
        with self.store.transaction():
            PrintJob.update(updated_at=utcnow(), **values).where(PrintJob.id == job_id).execute()
        self._changed(job_id)

    def _set_state(self, job_id: int, state: str, allowed_from: set[str], error: str) -> None:
        with self.store.transaction():
            n = (PrintJob.update(state=state, last_error=error, updated_at=utcnow())
                 .where((PrintJob.id == job_id) & PrintJob.state.in_(sorted(allowed_from)))
                 .execute())
        if n:
            self._changed(job_id)

    def _changed(self, job_id: int) -> None:
        if self.on_job_changed is not None:
            try:
                row = PrintJob.get_by_id(job_id)
            except pw.DoesNotExist:
                return
            self.on_job_changed(JobInfo.of(row))

    def _report(self, state: PrinterState) -> None:
        old = self.printer_state
        self.printer_state = state
        changed = (old.state, old.message) != (state.state, state.message)
        if changed:
            if state.error is not None:
                log.warning("printer %s: %s (%s)", self.name, state.state, state.message)
            else:
                log.info("printer %s: %s", self.name, state.state)
        if changed and self.on_printer_state:
            self.on_printer_state(state)



def marked(data: bytes, preview: str, profile: PrinterProfile,
            copy_number: int) -> tuple[bytes, str]:
    mark = line_text(escpos.reprint_mark(copy_number), profile.columns)
    return escpos.mark_reprint(data, profile, copy_number), f"{mark}\n{preview}"


def document_copy(document: Document) -> int:
    return next((b.copy_number for b in document.blocks if isinstance(b, Footer)), 1)


def with_copy_number(document: Document, copy_number: int) -> Document:
    blocks = tuple(dataclasses.replace(b, copy_number=copy_number) if isinstance(b, Footer)
                   else b for b in document.blocks)
    return dataclasses.replace(document, blocks=blocks)
