"""The durable print queue: jobs persisted in the station store, one worker thread per printer.

A job is stored (bytes, preview, state) before a byte is sent, and it ends **done** only when
the printer confirmed it (`printers.job_end`: it answered the `GS r 1` sent after the job, which
it does only once it has printed the job). With a printer that never answers status a job ends
**sent** ("this printer cannot confirm"); whether a printer answers is a stored property of the
configured printer (`PrinterConfig.answers_status`, `confirms_end`), learnt from its first
answer, never this session's luck. A printer that answers but is silent now (switched off,
wrong baud rate) gets nothing: the job waits, queued, with the reason.

Exactly one copy: a fault part-way through a form (paper out, cover open, flow control held) is
waited out and **never resent** while the printer may still hold the rest; a printer that
dropped it (`DLE DC4 8` asked of it, or it never reached the job's end) prints the form again
whole, marked 重打. Where the queue cannot know whether the form came out (power cut or cable
pulled mid-job, the station stopped mid-job, a fault on a printer that cannot answer `GS r`)
the job becomes **unsure** and the clerk is asked; a resend is marked 重打 on paper. Callbacks
are plain callables, called from the worker thread (the UI adapts them to signals).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from forms.document import Document
from forms.layout import render_text
from printers import escpos
from printers import status as st
from printers.config import PrinterConfig
from printers.errors import (
    PrinterError,
    PrinterNotAnswering,
    PrinterPaused,
    WriteTimedOut,
)
from printers.job_end import JobEnd
from printers.job_records import document_copy, marked, with_copy_number
from printers.jobs import (
    ANSWERABLE,
    CANCELLED,
    DONE,
    FAILED,
    PRINTING,
    QUEUED,
    SENT,
    STOPPED_MID_JOB,
    UNSURE,
    JobInfo,
    PrinterState,
    unsure_note,
)
from printers.serial_port import PrinterPort
from station_app.store import PrintJob, Store, utcnow
from station_app.store_context import runs_in_store

__all__ = ["CANCELLED", "DONE", "FAILED", "PRINTING", "QUEUED", "SENT", "UNSURE", "JobInfo",
           "PrintQueue", "PrinterState"]

log = logging.getLogger(__name__)

JobCallback = Callable[[JobInfo], None]
StateCallback = Callable[[PrinterState], None]


@runs_in_store(lambda queue: queue.store)
class PrintQueue(JobEnd):
    """Print jobs for one printer. `start()` the worker, `stop()` it; everything else is safe to
    call from any thread and never touches the port.

    ``on_job_changed(JobInfo)`` is called from the worker thread, and from the thread that
    called `submit`, `retry`, `cancel` or `answer` for the change it made; ``on_printer_state``
    only from the worker thread. ``on_confirmed(JobInfo)`` is called once per job that really
    came out (the printer confirmed it, or the clerk said so), once it is marked done.
    ``on_answers_status(True)`` when a printer not known to answer status answered, ``(False)``
    when the clerk says a test page came out from one that said nothing.
    """

    def __init__(self, store: Store, printer_config: PrinterConfig, *,
                 on_job_changed: JobCallback | None = None,
                 on_printer_state: StateCallback | None = None,
                 on_confirmed: JobCallback | None = None,
                 on_answers_status: Callable[[bool], None] | None = None,
                 on_confirms_end: Callable[[bool], None] | None = None,
                 tz: tzinfo | None = None,
                 poll_interval: float = 2.0) -> None:
        self.store = store
        self._config = printer_config
        self._new_config: PrinterConfig | None = None
        self.on_job_changed = on_job_changed
        self.on_printer_state = on_printer_state
        self.on_confirmed = on_confirmed
        self.on_answers_status = on_answers_status
        self.on_confirms_end = on_confirms_end
        self.tz: tzinfo = tz or datetime.now().astimezone().tzinfo or UTC
        self.poll_interval = poll_interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._port: PrinterPort | None = None
        self._printing: int | None = None
        self._cancel_current = False
        self._answers = printer_config.answers_status
        self._confirms_end = printer_config.confirms_end
        self._fault_seen = False  # the current job met a fault part-way
        self._documents: dict[int, Document] = {}  # queued jobs of this session, to re-encode
        self._reprints: set[int] = set()  # of those, the ones to print marked 重打
        self.printer_state = PrinterState("unknown")

    @property
    def config(self) -> PrinterConfig:
        return self._new_config or self._config

    @property
    def name(self) -> str:
        return self._config.name

    @property
    def answers_status(self) -> bool | None:
        """Whether this printer answers status: as configured, or learnt since."""
        return self._answers

    @property
    def confirms_end(self) -> bool | None:
        """Whether this printer answers `GS r 1` after a job: as configured, or learnt since."""
        return self._confirms_end

    # -- control ----------------------------------------------------------------------

    def start(self) -> PrintQueue:
        """Start the worker. A job left 'printing' by a crash or a restart may have come out
        in part or in full: the clerk is asked (unsure), it is not resent by guesswork."""
        with self.store.transaction():
            (PrintJob.update(state=UNSURE, last_error=unsure_note(STOPPED_MID_JOB),
                             updated_at=utcnow())
             .where((PrintJob.printer == self.name) & (PrintJob.state == PRINTING)).execute())
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"print-{self.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker promptly; a job part-way through is left for the clerk to judge."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def reconfigure(self, printer_config: PrinterConfig) -> None:
        """Use new settings from the next job on (the port is reopened)."""
        with self._lock:
            self._new_config = printer_config
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
            document = with_copy_number(document, copy_number)
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
        self._set_state(job_id, CANCELLED, {QUEUED, FAILED, UNSURE}, "")

    def answer(self, job_id: int, came_out: bool) -> None:
        """The clerk's answer for an unsure (or sent) job: it came out complete (done), or it
        did not (printed again in full, marked 重打 on the paper)."""
        if came_out:
            job = self.job(job_id)
            self._confirm_done(job_id, set(ANSWERABLE))
            if job.form == "test" and job.state == SENT and self._answers is None:
                self._learnt_answers(False)  # the test page came out, the printer said nothing
        else:
            self._requeue_marked(job_id, set(ANSWERABLE))
            self._wake.set()

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
        with self.store.active():  # this thread's statements go to this station's file
            self._loop()

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                self._apply_new_config()
                job = self._next_job()
                if self._check_printer(job) is not None or job is None:
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
            self._answers = new.answers_status  # the stored property, not what this run saw
            self._confirms_end = new.confirms_end
            if new.profile != old.profile:
                self._reencode()

    def _reencode(self) -> None:
        """Queued jobs submitted in this session are encoded again for the new paper or mode;
        older ones (from before a restart) keep the bytes they were stored with."""
        profile = self._config.profile
        for job_id, document in list(self._documents.items()):
            data = escpos.encode(document, profile, self.tz)
            preview = render_text(document, profile.columns, self.tz)
            if job_id in self._reprints:
                data, preview = marked(data, preview, profile, document_copy(document))
            with self.store.transaction():
                n = (PrintJob.update(data=data, preview=preview, updated_at=utcnow())
                     .where((PrintJob.id == job_id) & (PrintJob.state == QUEUED)).execute())
            if n:
                self._changed(job_id)

    def _next_job(self) -> PrintJob | None:
        return (PrintJob.select()
                .where((PrintJob.printer == self.name) & (PrintJob.state == QUEUED))
                .order_by(PrintJob.id).first())

    def _check_printer(self, job: PrintJob | None = None) -> PrinterError | None:
        """Open the port if needed and ask the status; report (and record on ``job``) any
        problem. A printer known to answer that says nothing is a problem; one that never
        answers is "unknown" and may be printed to."""
        problem: PrinterError | None
        try:
            if self._port is None:
                self._port = PrinterPort(self._config).open()
            status = self._port.status()
        except PrinterPaused as exc:
            self._report(PrinterState(exc.reason, st.UNKNOWN, exc))
            problem = exc
        except PrinterError as exc:
            self._close_port()
            self._report(PrinterState("disconnected", st.UNKNOWN, exc))
            problem = exc
        else:
            if status.answered:
                self._learnt_answers()
            problem = status.problem()
            if problem is None and not status.answered and self._answers:
                problem = PrinterNotAnswering()
            self._report(PrinterState(problem.reason if problem else status.state, status,
                                      problem))
        if problem is not None and job is not None and job.last_error != str(problem):
            self._update(job.id, last_error=str(problem))
        return problem

    def _print(self, job: PrintJob) -> None:
        self._printing, self._cancel_current = job.id, False
        try:
            self._send(job)
        finally:
            self._printing = None

    def _stopping(self) -> _AnyEvent:
        return _AnyEvent(self._stop, lambda: self._cancel_current or self._new_config)

    def _send(self, job: PrintJob) -> None:
        data: bytes = bytes(job.data)
        if self._answers is not False:  # answered once the printer has printed the job
            data += st.END_QUERY
        with self.store.transaction():  # only if nobody cancelled it a moment ago
            taken = (PrintJob.update(state=PRINTING, attempts=job.attempts + 1, last_error="",
                                     updated_at=utcnow())
                     .where((PrintJob.id == job.id) & (PrintJob.state == QUEUED)).execute())
        if not taken:
            return
        self._changed(job.id)
        stopping = self._stopping()
        self._fault_seen = False
        if self._port is not None:
            self._port.end_replies = 0
        sent, started = 0, time.monotonic()
        while sent < len(data):
            if stopping.is_set():
                self._abandon(job.id, sent)
                return
            assert self._port is not None
            try:
                sent = self._port.write(data, stopping, sent)
            except WriteTimedOut as exc:  # the printer takes nothing: wait, never resend
                sent = exc.sent
                self._hold(job.id, PrinterPaused())
                stopping.wait(self.poll_interval)
            except PrinterError as exc:  # the cable was pulled, the port went away
                sent = self._port.sent if self._port is not None else sent
                self._close_port()
                self._report(PrinterState("disconnected", st.UNKNOWN, exc))
                if sent:
                    self._update(job.id, state=UNSURE, last_error=unsure_note(exc))
                else:
                    self._update(job.id, state=QUEUED, last_error=str(exc))
                return
        # the bytes may still be on the line: ask for status once they can have arrived
        deadline = started + self._config.wire_seconds(len(data))
        while not stopping.is_set() and (remaining := deadline - time.monotonic()) > 0:
            stopping.wait(min(remaining, 0.05))
        self._confirm(job.id, len(data), stopping)

    def _abandon(self, job_id: int, sent: int) -> None:
        """Stop a job part-way: cancelled if the clerk asked; else queued again when nothing
        left, and unsure (the clerk is asked) when some of it reached the printer."""
        if self._port is not None:
            self._port.discard_output()
        if self._cancel_current:
            self._update(job_id, state=CANCELLED, last_error="")
        elif sent:
            self._update(job_id, state=UNSURE, last_error=unsure_note(STOPPED_MID_JOB))
        else:
            self._update(job_id, state=QUEUED, last_error="")

    def _close_port(self) -> None:
        if self._port is not None:
            self._port.discard_output()
            self._port.close()
            self._port = None


class _AnyEvent(threading.Event):
    """An event that also counts as set when ``extra()`` is true (cancel, reconfigure)."""

    def __init__(self, event: threading.Event, extra: Callable[[], object]) -> None:
        super().__init__()
        self._event, self._extra = event, extra

    def is_set(self) -> bool:
        return self._event.is_set() or bool(self._extra())

    def wait(self, timeout: float | None = None) -> bool:
        end = time.monotonic() + (timeout or 0)
        while not self.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return False
            self._event.wait(min(left, 0.05))
        return True
