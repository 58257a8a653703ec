"""Every fault a station meets ends with exactly one complete copy or an explicit question to the
clerk, and the queue never says "printed" for a form that did not come out. Real store file,
real pty, real serial code, the virtual printer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from forms.layout import render_text
from printers.config import PrinterConfig
from printers.emulator import VirtualPrinter
from printers.queue import DONE, PRINTING, QUEUED, SENT, UNSURE, PrintQueue
from station_app.store import Store
from tests.printers.conftest import POLL, Recorder, marked
from tests.printers.sample_docs import TZ, service_receipt, short_receipt

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
PREVIEW = render_text(service_receipt(), 48, TZ)


def test_cover_opened_mid_job_prints_one_copy_once_closed(vprinter, make_queue, rec):
    # the printer counts every byte it takes, status queries too: the job is stored before
    # the worker starts, so one status check comes before it, and the cover opens half-way
    # through the job whatever the receipt's length
    queue = make_queue(vprinter.port_name, answers_status=True, start=False)
    job_id = queue.submit("outside_service", None, service_receipt())
    vprinter.fail_after(queue.job(job_id).size // 2, "cover_open")
    queue.start()
    rec.wait(lambda: rec.state_is("cover_open"))
    rec.wait(lambda: "上盖" in queue.job(job_id).last_error)
    assert queue.job(job_id).state == PRINTING
    assert vprinter.cut_receipts == []
    vprinter.set_fault("cover_open", False)
    assert rec.wait_job(job_id, DONE).attempts == 1
    assert vprinter.wait_for_cuts(1)
    assert not vprinter.wait_for(lambda: vprinter._cut_count() > 1, 1.0)
    assert vprinter.cut_receipts == [PREVIEW]


def test_paper_out_mid_job_on_a_printer_that_clears_its_buffer(port_link, make_queue, rec):
    # a printer that takes DLE DC4 8: the queue has it drop the rest, then prints it whole,
    # marked 重打, once the paper is in — one complete copy, and the torn-off start
    with VirtualPrinter(80, link=port_link, clear_buffer=True) as printer:
        printer.fail_after(500, "paper_out")
        queue = make_queue(port_link, answers_status=True, clear_buffer=True)
        job_id = queue.submit("outside_service", None, service_receipt())
        rec.wait(lambda: any("重打" in j.last_error for j in rec.jobs if j.id == job_id))
        info = next(j for j in rec.jobs if j.id == job_id and "重打" in j.last_error)
        assert info.state == QUEUED and info.attempts == 1 and "缺纸" in info.last_error
        assert queue.job(job_id).preview == marked(PREVIEW)
        assert printer.buffers_cleared == 1
        printer.set_fault("paper_out", False)
        assert rec.wait_job(job_id, DONE).attempts == 2
        assert printer.wait_for_cuts(1)
        assert not printer.wait_for(lambda: printer._cut_count() > 1, 1.0)
        (paper,) = printer.cut_receipts
        assert paper.endswith(marked(PREVIEW)) and paper.count("外出服务登记表") == 2
        assert len(paper) < 2 * len(PREVIEW)  # the first copy stopped half-way


def test_xoff_held_is_reported_as_paused_not_as_silence(port_link, make_queue, rec):
    with VirtualPrinter(80, baud=19200, link=port_link, xonxoff=True) as printer:
        printer.fail_after(400, "paper_out")
        queue = make_queue(port_link, baud=19200, flow="xonxoff", answers_status=True,
                           write_timeout=0.5)
        job_id = queue.submit("outside_service", None, service_receipt())
        rec.wait(lambda: "暂停" in queue.job(job_id).last_error, 5)
        state = queue.printer_state
        assert state.state == "paused"
        assert "out of paper or cover open" in state.message and "缺纸" in state.message
        job = queue.job(job_id)
        assert job.state == PRINTING and "暂停" in job.last_error
        assert not any(s.state == "not_answering" for s in rec.states)
        printer.set_fault("paper_out", False)  # XON: the rest flows, nothing is sent twice
        assert rec.wait_job(job_id, DONE).attempts == 1
        assert printer.wait_for_cuts(1)
        assert not printer.wait_for(lambda: printer._cut_count() > 1, 1.0)
        assert printer.cut_receipts == [PREVIEW]


def test_printer_off_before_the_job_keeps_it_queued_with_what_to_check(vprinter, make_queue,
                                                                       rec):
    vprinter.set_fault("power_off")
    queue = make_queue(vprinter.port_name, answers_status=True)
    job_id = queue.submit("outside_service", None, service_receipt())
    rec.wait(lambda: "无响应" in queue.job(job_id).last_error)
    job = queue.job(job_id)
    assert job.state == QUEUED and job.attempts == 0  # nothing was sent to a silent printer
    assert "9600 / 19200 / 38400 / 115200" in job.last_error
    assert "is it on?" in job.last_error
    assert rec.states[-1].state == "not_answering"
    vprinter.set_fault("power_off", False)
    assert rec.wait_job(job_id, DONE).attempts == 1
    assert vprinter.wait_for_cuts(1)
    assert vprinter.cut_receipts == [PREVIEW]


def test_wrong_baud_rate_prints_nothing_and_is_never_done(port_link, make_queue, rec):
    with VirtualPrinter(80, link=port_link, line_baud=9600) as printer:
        queue = make_queue(port_link, baud=19200, answers_status=True)
        job_id = queue.submit("outside_service", None, service_receipt())
        rec.wait(lambda: "波特率" in queue.job(job_id).last_error)
        assert queue.job(job_id).state == QUEUED and queue.job(job_id).attempts == 0
        assert printer.receipts == []
        # changing the baud in settings does not forget that this printer answers
        queue.reconfigure(PrinterConfig(str(port_link), baud=38400, answers_status=True))
        rec.wait(lambda: rec.state_is("not_answering"))
        assert queue.job(job_id).state == QUEUED
        queue.reconfigure(PrinterConfig(str(port_link), baud=9600, answers_status=True))
        assert rec.wait_job(job_id, DONE).attempts == 1
        assert printer.wait_for_cuts(1)
        assert printer.cut_receipts == [PREVIEW]
        assert printer.garbled_bytes > 0  # the status queries at the wrong rate


def test_cable_pulled_mid_job_asks_the_clerk(port_link, make_queue, rec):
    first = VirtualPrinter(80, baud=9600, link=port_link).start()
    queue = make_queue(port_link, baud=9600, answers_status=True)
    job_id = queue.submit("outside_service", None, service_receipt())
    assert first.wait_for(lambda: first.bytes_printed > 300)
    first.stop()  # the cable is pulled while the form is printing
    info = rec.wait_job(job_id, UNSURE)
    assert "是否已完整打出" in info.last_error and ("连接" in info.last_error
                                                  or "找不到" in info.last_error)
    assert rec.states[-1].state == "disconnected"
    with VirtualPrinter(80, link=port_link) as second:  # plugged back in: nothing is guessed
        rec.wait(lambda: rec.state_is("ready"))
        assert queue.job(job_id).state == UNSURE and second.receipts == []
        queue.answer(job_id, came_out=False)
        assert rec.wait_job(job_id, DONE).attempts == 2
        assert second.wait_for_cuts(1)
        assert second.cut_receipts == [marked(PREVIEW)]


def test_clerk_says_it_came_out(vprinter, make_queue, rec):
    queue = make_queue(vprinter.port_name, answers_status=True)
    vprinter.fail_after(300, "power_off")
    job_id = queue.submit("outside_service", None, service_receipt())
    rec.wait_job(job_id, UNSURE)
    assert rec.confirmed_jobs == []
    queue.answer(job_id, came_out=True)
    info = queue.job(job_id)
    assert info.state == DONE and info.done_at is not None
    assert [j.id for j in rec.confirmed_jobs] == [job_id]


def test_a_printer_found_to_answer_is_then_held_to_it(vprinter, make_queue, rec):
    queue = make_queue(vprinter.port_name)  # not known yet
    first = queue.submit("test_page", None, short_receipt())
    rec.wait_job(first, DONE)
    assert rec.answered == [True]  # stored by the caller, in the settings
    assert queue.answers_status is True
    vprinter.set_fault("power_off")
    second = queue.submit("test_page", None, short_receipt())
    rec.wait(lambda: "无响应" in queue.job(second).last_error)
    assert queue.job(second).state == QUEUED


def test_unknown_printer_that_says_nothing_ends_sent(port_link, make_queue, rec):
    with VirtualPrinter(80, link=port_link) as printer:
        printer.set_fault("power_off")
        queue = make_queue(port_link)  # answers_status not known
        job_id = queue.submit("test_page", None, short_receipt())
        info = rec.wait_job(job_id, SENT)
        assert "无法确认" in info.last_error
        assert rec.confirmed_jobs == [] and printer.receipts == []


KILLED_STATION = """
import sys, time
from printers.config import PrinterConfig
from printers.queue import PrintQueue
from station_app.store import Store
from tests.printers.sample_docs import TZ, service_receipt
store = Store.open(sys.argv[1])
queue = PrintQueue(store, PrinterConfig(sys.argv[2], baud=9600, answers_status=True), tz=TZ,
                   poll_interval=0.05).start()
job = queue.submit("outside_service", None, service_receipt())
while queue.job(job).state != "printing":
    time.sleep(0.01)
print(job, flush=True)
time.sleep(60)
"""


def test_station_killed_mid_job_asks_the_clerk_on_restart(tmp_path, port_link):
    path = tmp_path / "killed.sqlite"
    Store.open(path).close()
    with VirtualPrinter(80, baud=9600, link=port_link) as printer:
        proc = subprocess.Popen([sys.executable, "-c", KILLED_STATION, str(path), str(port_link)],
                                cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            assert proc.stdout is not None
            job_id = int(proc.stdout.readline())
            assert printer.wait_for(lambda: printer.bytes_printed > 300)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.wait(10)
            if proc.stdout is not None:
                proc.stdout.close()
        # what the killed station had already handed to the OS still reaches the printer
        assert printer.wait_for_cuts(1)
        store = Store.open(path)
        rec = Recorder()
        queue = PrintQueue(store, PrinterConfig(str(port_link), baud=115200, answers_status=True),
                           tz=TZ, poll_interval=POLL, on_job_changed=rec.job).start()
        try:
            info = queue.job(job_id)
            assert info.state == UNSURE and "关闭" in info.last_error  # asked, not resent
            assert not rec.wait_for(lambda: rec.job_state(job_id) == PRINTING, 0.5)
            queue.answer(job_id, came_out=True)  # the clerk holds the complete form
            assert queue.job(job_id).state == DONE
            assert not printer.wait_for(lambda: printer._cut_count() > 1, 1.0)
            assert printer.cut_receipts == [PREVIEW]
        finally:
            queue.stop()
            store.close()


def test_a_test_page_from_a_silent_printer_tells_that_it_never_answers(port_link, make_queue,
                                                                        rec):
    with VirtualPrinter(80, link=port_link, answers_status=False) as printer:
        queue = make_queue(port_link)  # not known yet: found by the test print
        job_id = queue.submit("test", None, short_receipt())
        rec.wait_job(job_id, SENT)
        assert printer.wait_for_cuts(1)
        queue.answer(job_id, came_out=True)  # the clerk holds the test page
        assert rec.answered == [False] and queue.answers_status is False
        assert queue.job(job_id).state == DONE


def test_paper_out_on_a_printer_that_drops_its_buffer_is_never_done(port_link, make_queue, rec):
    # no DLE DC4 8, and the rest of the form is lost when the paper runs out: once the paper is
    # in the printer is ready but never reaches the job's end (its GS r 1 is lost with the
    # rest), so the form is printed again whole, marked 重打 — never "done" for half a form
    with VirtualPrinter(80, link=port_link, keeps_buffer=False) as printer:
        queue = make_queue(port_link, answers_status=True)
        first = queue.submit("outside_service", None, short_receipt())
        assert rec.wait_job(first, DONE).attempts == 1  # a whole job: the end was answered
        assert queue.confirms_end is True and rec.confirms_end == [True]
        printer.fail_after(500, "paper_out")
        job_id = queue.submit("outside_service", None, service_receipt())
        rec.wait(lambda: rec.state_is("paper_out"))
        printer.set_fault("paper_out", False)
        rec.wait(lambda: any("重打" in j.last_error for j in rec.jobs if j.id == job_id), 20)
        info = next(j for j in rec.jobs if j.id == job_id and "重打" in j.last_error)
        assert info.state == QUEUED and info.attempts == 1
        assert "dropped" in info.last_error and "丢弃" in info.last_error
        assert not any(j.state == DONE for j in rec.jobs if j.id == job_id and j.attempts == 1)
        assert rec.wait_job(job_id, DONE).attempts == 2
        assert printer.wait_for_cuts(2)
        assert not printer.wait_for(lambda: printer._cut_count() > 2, 1.0)
        paper = printer.cut_receipts[1]
        assert paper.endswith(marked(PREVIEW)) and paper.count("外出服务登记表") == 2
        assert len(paper) < 2 * len(PREVIEW)  # the first attempt stopped half-way, uncut


def test_a_printer_that_cannot_say_it_reached_the_end_asks_after_a_fault(port_link, make_queue,
                                                                          rec):
    # answers DLE EOT but not GS r: after a fault mid-job nobody can know whether it kept the
    # rest, so the clerk is asked instead of the form being called printed
    with VirtualPrinter(80, link=port_link, keeps_buffer=False, answers_end=False) as printer:
        queue = make_queue(port_link, answers_status=True, confirms_end=False)
        printer.fail_after(500, "paper_out")
        job_id = queue.submit("outside_service", None, service_receipt())
        rec.wait(lambda: rec.state_is("paper_out"))
        printer.set_fault("paper_out", False)
        job = rec.wait_job(job_id, UNSURE)
        assert "did the form come out complete?" in job.last_error
        assert "表单是否已完整打出" in job.last_error
        assert rec.confirmed_jobs == [] and printer.cut_receipts == []


def test_a_printer_without_gs_r_is_done_after_a_clean_job_and_that_is_stored(port_link,
                                                                             make_queue, rec):
    with VirtualPrinter(80, link=port_link, answers_end=False) as printer:
        queue = make_queue(port_link, answers_status=True)
        job_id = queue.submit("outside_service", None, service_receipt())
        assert rec.wait_job(job_id, DONE, timeout=20).attempts == 1  # ready, no fault met
        assert rec.confirms_end == [False] and queue.confirms_end is False
        assert printer.cut_receipts == [PREVIEW]
        second = queue.submit("outside_service", None, short_receipt())
        assert rec.wait_job(second, DONE, timeout=5).attempts == 1  # no wait for GS r now
