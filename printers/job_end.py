"""What the print queue makes of a job the printer has received in full (`PrintQueue` is built
on `JobEnd`): done only when the printer says it printed it, never by guesswork.

After the last byte the queue has sent `GS r 1`, which a printer answers only once it has
printed everything before it. Its answer is the job's end: **done**. A fault part-way (paper
out, cover open, XOFF held) is waited out; a printer that takes `DLE DC4 8` is told to drop the
rest and the form is printed again whole, marked 重打. A printer known to answer `GS r` that is
ready again but never reaches the end dropped the rest with the fault: printed again whole,
marked 重打. One that cannot answer `GS r` (learnt from its first job, stored) is done when it is
ready after a job that met no fault; after a fault part-way nobody can know whether it kept the
rest, so the clerk is asked. (`DLE ENQ 1/2` would not help: printers take them only for
recoverable errors such as a jammed cutter, not for paper out or an open cover.)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from printers import status as st
from printers.config import PrinterConfig
from printers.errors import (
    BufferDropped,
    CoverOpen,
    CutterError,
    EndNotReached,
    PaperOut,
    PrinterError,
    PrinterNotAnswering,
    PrinterOffline,
    PrinterPaused,
)
from printers.job_records import JobRecords
from printers.jobs import PRINTING, SENT, SENT_NOTE, UNSURE, PrinterState, unsure_note
from printers.serial_port import PrinterPort
from station_app.store import PrintJob
from station_app.store_context import runs_in_store

log = logging.getLogger("printers.queue")
# faults the printer recovers from with the rest of the job still in its buffer
WAITED_OUT = (PaperOut, CoverOpen, PrinterOffline, CutterError, PrinterPaused)
END_WAIT = 10.0  # seconds a ready printer may take to print what it holds and answer `GS r`


@runs_in_store(lambda queue: queue.store)
class JobEnd(JobRecords):
    """The judging side of `PrintQueue` (its attributes are set by `PrintQueue.__init__`)."""

    _config: PrinterConfig
    _port: PrinterPort | None
    _answers: bool | None
    _confirms_end: bool | None
    _fault_seen: bool
    poll_interval: float
    on_answers_status: Callable[[bool], None] | None
    on_confirms_end: Callable[[bool], None] | None
    if TYPE_CHECKING:
        def _check_printer(self, job: PrintJob | None = None) -> PrinterError | None: ...
        def _abandon(self, job_id: int, sent: int) -> None: ...
        def _close_port(self) -> None: ...

    def _learnt_answers(self, answers: bool = True) -> None:
        if self._answers is not answers:
            self._answers = answers
            _tell(self.on_answers_status, answers, "answers status")

    def _learnt_confirms_end(self, confirms: bool) -> None:
        if self._confirms_end is not confirms:
            self._confirms_end = confirms
            _tell(self.on_confirms_end, confirms, "answers GS r after a job")

    def _confirm(self, job_id: int, sent: int, stopping: threading.Event) -> None:
        """Find out what the printer did with a job it has received in full: done only once
        it answered the `GS r 1` after the job (it printed to the end), or — for a printer
        that never answers that — once it is ready again with no fault seen part-way."""
        if self._answers is False:
            self._finish(job_id, SENT, SENT_NOTE)
            return
        problem: PrinterError | None = None
        for _ in range(3):
            problem = self._check_printer()
            if not isinstance(problem, PrinterNotAnswering) or stopping.is_set():
                break
        reached = False
        while True:
            while isinstance(problem, WAITED_OUT):  # a fault part-way: it may hold the rest
                if self._cleared_buffer(problem):
                    self._requeue_marked(job_id, {PRINTING}, problem)
                    return
                self._hold(job_id, problem)
                if stopping.wait(self.poll_interval):
                    break
                problem = self._check_printer()
            if stopping.is_set() or problem is not None or not self.printer_state.status.answered:
                break
            end = self._wait_end(stopping)
            if isinstance(end, PrinterError):
                problem = end  # a new fault while it prints the rest: wait that out too
                continue
            reached = end
            break
        if stopping.is_set():
            self._abandon(job_id, sent)
        elif problem is not None:  # silent, unplugged or broken after taking the job
            self._update(job_id, state=UNSURE, last_error=unsure_note(problem))
        elif not self.printer_state.status.answered:
            self._finish(job_id, SENT, SENT_NOTE)  # not known to answer, and it did not
        elif reached:
            self._learnt_confirms_end(True)
            self._confirm_done(job_id, {PRINTING})
        elif self._confirms_end and self._fault_seen:  # it lost the job's end with the rest
            self._requeue_marked(job_id, {PRINTING}, BufferDropped())
        elif self._confirms_end or self._fault_seen:  # nobody can say it printed it all
            self._update(job_id, state=UNSURE, last_error=unsure_note(EndNotReached()))
        else:  # a printer without `GS r`, ready after a job that met no fault
            if self._confirms_end is None:
                self._learnt_confirms_end(False)
            self._confirm_done(job_id, {PRINTING})

    def _wait_end(self, stopping: threading.Event) -> PrinterError | bool:
        """Wait for the answer to the job's `GS r 1` while the printer prints what it holds;
        a fault meanwhile is returned (to be waited out). No wait for a printer known not to
        answer it."""
        if self._confirms_end is False:
            return False
        deadline = time.monotonic() + END_WAIT
        while not stopping.is_set() and self._port is not None:
            try:
                if self._port.wait_end_reply(min(1.0, max(deadline - time.monotonic(), 0)),
                                             stopping):
                    return True
            except PrinterError as exc:
                self._close_port()
                return exc
            if time.monotonic() >= deadline:
                return False
            problem = self._check_printer()
            if problem is not None:
                return problem
        return False

    def _cleared_buffer(self, problem: PrinterError) -> bool:
        """Tell a printer that takes `DLE DC4 8` to drop the rest of the job; True if it did."""
        if not self._config.clear_buffer or isinstance(problem, PrinterPaused):
            return False
        try:
            assert self._port is not None
            return self._port.request(st.CLEAR_BUFFERS, len(st.CLEARED)) == st.CLEARED
        except PrinterError:
            return False

    def _hold(self, job_id: int, problem: PrinterError) -> None:
        """The job stays 'printing' while the printer waits for the clerk."""
        self._fault_seen = True
        self._report(PrinterState(problem.reason, self.printer_state.status, problem))
        if PrintJob.get_by_id(job_id).last_error != str(problem):
            self._update(job_id, last_error=str(problem))


def _tell(callback: Callable[[bool], None] | None, value: bool, what: str) -> None:
    if callback is not None:
        try:
            callback(value)
        except Exception:  # storing it is worth trying again next time, not a crash
            log.exception("could not store whether the printer %s", what)
