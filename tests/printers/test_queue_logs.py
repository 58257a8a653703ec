"""A printer fault reaches the log file support reads, with its reason (real pty, the
virtual printer, the real queue)."""

from __future__ import annotations

import logging

import pytest

from printers.queue import DONE
from tests.printers.sample_docs import short_receipt

pytestmark = pytest.mark.integration


def test_a_printer_fault_is_logged_with_its_reason(vprinter, make_queue, rec, caplog):
    caplog.set_level(logging.INFO, logger="printers.queue")
    vprinter.set_fault("cover_open")
    queue = make_queue(vprinter.port_name)
    job_id = queue.submit("test_page", None, short_receipt())
    rec.wait(lambda: rec.state_is("cover_open"))
    vprinter.set_fault("cover_open", False)
    rec.wait_job(job_id, DONE)
    faults = [r for r in caplog.records if r.name == "printers.queue"
              and r.levelno == logging.WARNING]
    assert faults and "cover_open" in faults[0].getMessage()
    assert str(queue.printer_state.state) == "ready"
    assert any("ready" in r.getMessage() for r in caplog.records if r.levelno == logging.INFO)
