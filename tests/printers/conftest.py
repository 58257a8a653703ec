"""Fixtures for the printer tests: a station store in tmp_path and virtual printers on ptys."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from forms.layout import line_text
from printers import escpos
from printers.config import PrinterConfig
from printers.emulator import VirtualPrinter
from printers.queue import JobInfo, PrinterState, PrintQueue
from station_app.store import OrderRow, Store
from tests.printers.sample_docs import TZ

POLL = 0.05


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "station.sqlite")
    yield s
    s.close()


@pytest.fixture
def port_link(tmp_path: Path) -> Path:
    """A stable port name re-pointed at each new virtual printer (like socat's link=)."""
    return tmp_path / "ttyPRN"


@pytest.fixture
def vprinter(port_link: Path) -> Iterator[VirtualPrinter]:
    printer = VirtualPrinter(80, link=port_link).start()
    yield printer
    printer.stop()


class Recorder:
    """Collects callback calls and lets a test wait for a condition on them."""

    def __init__(self) -> None:
        self.jobs: list[JobInfo] = []
        self.states: list[PrinterState] = []
        self.confirmed_jobs: list[JobInfo] = []
        self.answered: list[bool] = []
        self.confirms_end: list[bool] = []
        self._cond = threading.Condition()

    def confirmed(self, info: JobInfo) -> None:
        with self._cond:
            self.confirmed_jobs.append(info)
            self._cond.notify_all()

    def answers(self, value: bool) -> None:
        with self._cond:
            self.answered.append(value)

    def ends(self, value: bool) -> None:
        with self._cond:
            self.confirms_end.append(value)

    def job(self, info: JobInfo) -> None:
        with self._cond:
            self.jobs.append(info)
            self._cond.notify_all()

    def state(self, state: PrinterState) -> None:
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        with self._cond:
            assert self._cond.wait_for(predicate, timeout), "timed out"

    def wait_for(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Whether ``predicate()`` comes true within ``timeout`` seconds (polled)."""
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def state_is(self, name: str) -> bool:
        return bool(self.states) and self.states[-1].state == name

    def job_state(self, job_id: int) -> str | None:
        return next((j.state for j in reversed(self.jobs) if j.id == job_id), None)

    def wait_job(self, job_id: int, state: str, timeout: float = 10.0) -> JobInfo:
        self.wait(lambda: self.job_state(job_id) == state, timeout)
        return next(j for j in reversed(self.jobs) if j.id == job_id)


@pytest.fixture
def rec() -> Recorder:
    return Recorder()


@pytest.fixture
def make_queue(store, rec) -> Iterator[Callable[..., PrintQueue]]:
    queues: list[PrintQueue] = []

    def make(port: str, st: Store | None = None, start: bool = True,
             **config: object) -> PrintQueue:
        config.setdefault("baud", 115200)  # the queue waits for bytes to cross the line
        q = PrintQueue(st or store, PrinterConfig(str(port), **config),  # type: ignore[arg-type]
                       on_job_changed=rec.job, on_printer_state=rec.state,
                       on_confirmed=rec.confirmed, on_answers_status=rec.answers,
                       on_confirms_end=rec.ends, tz=TZ,
                       poll_interval=POLL)
        queues.append(q)
        return q.start() if start else q

    yield make
    for q in queues:
        q.stop()


def add_order(business_no: str = "WF202611250012") -> uuid.UUID:
    now = datetime.now(UTC)
    oid = uuid.uuid4()
    OrderRow.create(id=oid, business_no=business_no, kind="rescue", station_code="S1", data={},
                    status="issued", issued_at=now, updated_at=now)
    return oid




def marked(preview: str, copy_number: int = 1, columns: int = 48) -> str:
    """``preview`` as a resend prints it: the 重打 line first."""
    return line_text(escpos.reprint_mark(copy_number), columns) + "\n" + preview
