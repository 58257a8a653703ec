"""The durable print queue: jobs persisted in the station store, one worker thread per printer.

A job is stored (bytes, preview, state) before a byte is sent. The worker sends jobs in order,
asks the printer's status before and after, and marks a job done only when every byte was
written and the printer reports no error. Paper out, cover open, a pulled cable or a printer
switched off leave the job queued with the reason; the worker polls and resumes by itself, and
an interrupted job is printed again in full. Callbacks are plain callables, called from the
worker thread (the UI adapts them to signals).
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

import peewee as pw

from forms.document import Document, Footer
from forms.layout import render_text
from printers import escpos
from printers import status as st
from printers.config import PrinterConfig
from printers.errors import (
    ConnectionLost,
    PrinterError,
    PrinterFault,
    PrinterNotAnswering,
    WriteTimedOut,
)
from printers.serial_port import PrinterPort
from station_app.store import PrintJob, Store, utcnow

QUEUED, PRINTING, DONE, FAILED, CANCELLED = "queued", "printing", "done", "failed", "cancelled"
INTERRUPTED = ("printing was interrupted; the job will be printed again in full / "
               "打印中断,将重新完整打印")


@dataclass(frozen=True)
class JobInfo:
    """A snapshot of one print job, safe to hand to another thread."""

    id: int
    printer: str
    form: str
    order_id: uuid.UUID | None
    copy_number: int
    state: str
    attempts: int
    last_error: str
    preview: str
    size: int
    created_at: datetime
    updated_at: datetime
    done_at: datetime | None

    @classmethod
    def of(cls, row: PrintJob) -> JobInfo:
        return cls(row.id, row.printer, row.form, row.order_id, row.copy_number, row.state,
                   row.attempts, row.last_error, row.preview, len(row.data or b""),
                   row.created_at, row.updated_at, row.done_at)


@dataclass(frozen=True)
class PrinterState:
    """What the worker knows about the printer: ``state`` is ready, unknown, disconnected or a
    problem's reason (paper_out, cover_open, ...); ``error`` says it to the clerk."""

    state: str
    status: st.PrinterStatus = st.UNKNOWN
    error: PrinterError | None = None

    @property
    def message(self) -> str:
        return str(self.error) if self.error else ""


log = logging.getLogger(__name__)

JobCallback = Callable[[JobInfo], None]
StateCallback = Callable[[PrinterState], None]


class PrintQueue:
    """Print jobs for one printer. `start()` the worker, `stop()` it; everything else is safe to
    call from any thread and never touches the port.

    ``on_job_changed(JobInfo)`` is called from the worker thread, and from the thread that
    called `submit`, `retry` or `cancel` for the change it made; ``on_printer_state`` only from
    the worker thread, when the state or its message changes.
    """

    def __init__(self, store: Store, printer_config: PrinterConfig, *,
                 on_job_changed: JobCallback | None = None,
                 on_printer_state: StateCallback | None = None,
                 tz: tzinfo | None = None,
                 poll_interval: float = 2.0) -> None:
        self.store = store
        self._config = printer_config
        self._new_config: PrinterConfig | None = None
        self.on_job_changed = on_job_changed
        self.on_printer_state = on_printer_state
        self.tz: tzinfo = tz or datetime.now().astimezone().tzinfo or UTC
        self.poll_interval = poll_interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._port: PrinterPort | None = None
        self._printing: int | None = None
        self._cancel_current = False
        self._ever_answered = False
        self._documents: dict[int, Document] = {}  # queued jobs of this session, to re-encode
        self.printer_state = PrinterState("unknown")

    @property
    def config(self) -> PrinterConfig:
        return self._new_config or self._config

    @property
    def name(self) -> str:
        return self._config.name

    # -- control ----------------------------------------------------------------------

    def start(self) -> PrintQueue:
        """Start the worker. Jobs left 'printing' by a crash or a restart are queued again."""
        with self.store.transaction():
            (PrintJob.update(state=QUEUED, last_error=INTERRUPTED, updated_at=utcnow())
             .where((PrintJob.printer == self.name) & (PrintJob.state == PRINTING)).execute())
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"print-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker promptly: a write in progress is cancelled and printed again later."""
        self._stop.set()
        self._wake.set()
        port = self._port
        if port is not None:
            port.cancel_write()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def reconfigure(self, printer_config: PrinterConfig) -> None:
        """Use new settings from the next job on (the port is reopened)."""
        with self._lock:
            self._new_config = printer_config
        port = self._port
        if port is not None:
            port.cancel_write()
        self._wake.set()

    # -- jobs -------------------------------------------------------------------------

    def submit(self, form: str, order_id: uuid.UUID | str | None, document: Document,
               copy_number: int | None = None) -> int:
        """Store a job for ``document`` and wake the worker; returns the job id.

        ``copy_number`` None numbers it after the earlier jobs of this form and order, so a
        reprint is marked 副本 (copy N) on paper.
        """
        oid = uuid.UUID(str(order_id)) if order_id is not None else None
        config = self.config
        with self.store.transaction():
            if copy_number is None:
                copy_number = 1
                if oid is not None:
                    copy_number += (PrintJob.select()
                                    .where((PrintJob.form == form) & (PrintJob.order == oid)
                                           & (PrintJob.state != CANCELLED)).count())
            document = _with_copy_number(document, copy_number)
            now = utcnow()
            job = PrintJob.create(
                printer=self.name, form=form, order=oid, copy_number=copy_number,
                data=escpos.encode(document, config.profile, self.tz),
                preview=render_text(document, config.profile.columns, self.tz),
                state=QUEUED, created_at=now, updated_at=now,
            )
        self._documents[int(job.id)] = document
        self._changed(job.id)
        self._wake.set()
        return int(job.id)

    def retry(self, job_id: int) -> None:
        """Queue a failed or cancelled job again (the same copy, not a reprint)."""
        self._set_state(job_id, QUEUED, {FAILED, CANCELLED}, "")
        self._wake.set()

    def cancel(self, job_id: int) -> None:
        """Cancel a job that has not printed; one being printed stops between chunks."""
        if self._printing == job_id:
            self._cancel_current = True
            return
        self._set_state(job_id, CANCELLED, {QUEUED, FAILED}, "")

    def jobs(self, states: set[str] | None = None, limit: int = 200) -> list[JobInfo]:
        """This printer's jobs, newest first."""
        q = PrintJob.select().where(PrintJob.printer == self.name)
        if states:
            q = q.where(PrintJob.state.in_(sorted(states)))
        return [JobInfo.of(r) for r in q.order_by(PrintJob.id.desc()).limit(limit)]

    def job(self, job_id: int) -> JobInfo:
        return JobInfo.of(PrintJob.get_by_id(job_id))

    # -- the worker -------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._apply_new_config()
                job = self._next_job()
                if not self._ready_to_print(job):
                    self._idle(self.poll_interval)
                    continue
                if job is None:
                    self._idle(self.poll_interval)
                    continue
                self._print(job)
        finally:
            self._close_port()
            if not self.store.db.is_closed():
                self.store.db.close()  # this thread's connection

    def _idle(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _apply_new_config(self) -> None:
        with self._lock:
            new, self._new_config = self._new_config, None
        if new is not None:
            self._close_port()
            old, self._config = self._config, new
            self._ever_answered = False
            if new.profile != old.profile:
                self._reencode()

    def _reencode(self) -> None:
        """Queued jobs submitted in this session are encoded again for the new paper or mode;
        older ones (from before a restart) keep the bytes they were stored with."""
        profile = self._config.profile
        for job_id, document in list(self._documents.items()):
            with self.store.transaction():
                n = (PrintJob.update(data=escpos.encode(document, profile, self.tz),
                                     preview=render_text(document, profile.columns, self.tz),
                                     updated_at=utcnow())
                     .where((PrintJob.id == job_id) & (PrintJob.state == QUEUED)).execute())
            if n:
                self._changed(job_id)

    def _next_job(self) -> PrintJob | None:
        return (PrintJob.select()
                .where((PrintJob.printer == self.name) & (PrintJob.state == QUEUED))
                .order_by(PrintJob.id).first())

    def _ready_to_print(self, job: PrintJob | None) -> bool:
        """Open the port if needed and ask the status; report and record any problem."""
        problem = self._check_printer()
        if problem is not None and job is not None:
            self._wait_reason(job, problem)
        return problem is None

    def _check_printer(self) -> PrinterError | None:
        try:
            if self._port is None:
                self._port = PrinterPort(self._config).open()
            status = self._port.status()
        except PrinterError as exc:
            self._close_port()
            self._report(PrinterState("disconnected", st.UNKNOWN, exc))
            return exc
        if status.answered:
            self._ever_answered = True
        problem = status.problem()
        if problem is None and not status.answered and self._ever_answered:
            problem = PrinterNotAnswering()  # it answered before: switched off, or unplugged
        self._report(PrinterState(problem.reason if problem else status.state, status, problem))
        return problem

    def _print(self, job: PrintJob) -> None:
        self._printing, self._cancel_current = job.id, False
        try:
            self._send(job)
        finally:
            self._printing = None

    def _send(self, job: PrintJob) -> None:
        data: bytes = bytes(job.data)
        with self.store.transaction():  # only if nobody cancelled it a moment ago
            taken = (PrintJob.update(state=PRINTING, attempts=job.attempts + 1, last_error="",
                                     updated_at=utcnow())
                     .where((PrintJob.id == job.id) & (PrintJob.state == QUEUED)).execute())
        if not taken:
            return
        self._changed(job.id)
        stopping = _AnyEvent(self._stop, lambda: self._cancel_current or self._new_config)
        started = time.monotonic()
        try:
            assert self._port is not None
            written = self._port.write(data, stopping)
        except PrinterError as exc:
            if isinstance(exc, ConnectionLost | WriteTimedOut):
                self._close_port()
            self._report(PrinterState("disconnected", st.UNKNOWN, exc))
            self._update(job.id, state=QUEUED, last_error=str(exc))
            return
        # the bytes may still be in the port's buffer: ask for status once they are on the line
        deadline = started + self._config.wire_seconds(len(data))
        while written == len(data) and not stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            stopping.wait(min(remaining, 0.05))
        if stopping.is_set():
            self._abandon(job.id)
            return
        problem = None
        for _ in range(3):
            problem = self._check_printer()
            if not isinstance(problem, PrinterNotAnswering) or self._stop.is_set():
                break
        if problem is None:
            self._update(job.id, state=DONE, last_error="", done_at=utcnow())
        else:
            log.warning("print job %s (%s) not finished: %s", job.id, job.form, problem)
            if self._port is not None:
                self._port.discard_output()
            self._update(job.id, state=FAILED if isinstance(problem, PrinterFault) else QUEUED,
                         last_error=str(problem))

    def _abandon(self, job_id: int) -> None:
        """Stop a job part-way: cancelled if the clerk asked, else queued to print again."""
        if self._port is not None:
            self._port.discard_output()
        cancelled = self._cancel_current
        self._update(job_id, state=CANCELLED if cancelled else QUEUED,
                     last_error="" if cancelled else INTERRUPTED)

    def _close_port(self) -> None:
        if self._port is not None:
            self._port.discard_output()  # an unfinished job is sent again in full anyway
            self._port.close()
            self._port = None

    # -- recording and reporting ------------------------------------------------------

    def _wait_reason(self, job: PrintJob, problem: PrinterError) -> None:
        if job.last_error != str(problem):
            self._update(job.id, last_error=str(problem))

    def _update(self, job_id: int, **values: object) -> None:
        if values.get("state") in (DONE, CANCELLED):
            self._documents.pop(job_id, None)
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


class _AnyEvent(threading.Event):
    """An event that also counts as set when ``extra()`` is true (cancel, reconfigure)."""

    def __init__(self, event: threading.Event, extra: Callable[[], object]) -> None:
        super().__init__()
        self._event, self._extra = event, extra

    def is_set(self) -> bool:
        return self._event.is_set() or bool(self._extra())

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout) or bool(self._extra())


def _with_copy_number(document: Document, copy_number: int) -> Document:
    blocks = tuple(dataclasses.replace(b, copy_number=copy_number) if isinstance(b, Footer)
                   else b for b in document.blocks)
    return dataclasses.replace(document, blocks=blocks)
