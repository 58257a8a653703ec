"""The print queue end to end: real store file, real pty, real serial code, virtual printer."""

from __future__ import annotations

import pytest

from forms.layout import render_text
from printers.config import PrinterConfig
from printers.emulator import VirtualPrinter
from printers.queue import CANCELLED, DONE, QUEUED, UNSURE, PrintQueue
from station_app.store import PrintJob, Store
from tests.printers.conftest import POLL, Recorder, add_order, marked
from tests.printers.sample_docs import TZ, service_receipt, short_receipt

pytestmark = pytest.mark.integration


def test_form_printed_reads_back_as_its_preview(vprinter, make_queue, rec):
    queue = make_queue(vprinter.port_name)
    job_id = queue.submit("outside_service", None, service_receipt())
    info = rec.wait_job(job_id, DONE)
    assert vprinter.wait_for_cuts(1)
    preview = render_text(service_receipt(), 48, TZ)
    assert info.preview == preview
    assert vprinter.cut_receipts == [preview]
    assert vprinter.problems == []
    assert (info.attempts, info.last_error) == (1, "")
    assert info.done_at is not None
    assert [j.state for j in rec.jobs if j.id == job_id] == ["queued", "printing", "done"]
    assert rec.states[-1].state == "ready"


def test_jobs_print_in_order(vprinter, make_queue, rec):
    queue = make_queue(vprinter.port_name)
    ids = [queue.submit("test_page", None, short_receipt(f"第{i}张")) for i in range(3)]
    rec.wait_job(ids[-1], DONE)
    assert vprinter.wait_for_cuts(3)
    assert ["第0张" in r for r in vprinter.cut_receipts] == [True, False, False]
    assert ["第2张" in r for r in vprinter.cut_receipts] == [False, False, True]
    assert [j.id for j in queue.jobs()] == ids[::-1]


def test_paper_out_half_way_prints_exactly_one_copy_once_restored(vprinter, make_queue, rec):
    vprinter.fail_after(500, "paper_out")
    queue = make_queue(vprinter.port_name)
    job_id = queue.submit("outside_service", None, service_receipt())
    rec.wait(lambda: any(j.id == job_id and "缺纸" in j.last_error for j in rec.jobs))
    waiting = queue.job(job_id)
    assert waiting.state == "printing"  # the rest of it is in the printer, not to be resent
    assert "paper" in waiting.last_error
    rec.wait(lambda: rec.state_is("paper_out"))
    assert vprinter.cut_receipts == []  # the receipt stopped half-way

    vprinter.set_fault("paper_out", False)  # a new roll: the rest of the buffer comes out
    info = rec.wait_job(job_id, DONE)
    assert info.attempts == 1
    assert vprinter.wait_for_cuts(1)
    preview = render_text(service_receipt(), 48, TZ)
    assert vprinter.cut_receipts == [preview]  # exactly one complete copy
    assert not vprinter.wait_for(lambda: vprinter._cut_count() >= 2, timeout=1.0)
    assert [j.state for j in rec.jobs if j.id == job_id].count(DONE) == 1
    assert PrintJob.select().where(PrintJob.state == DONE).count() == 1
    assert rec.states[-1].state == "ready"


def test_cover_open_before_printing_keeps_the_job_waiting(vprinter, make_queue, rec):
    vprinter.set_fault("cover_open")
    queue = make_queue(vprinter.port_name)
    job_id = queue.submit("test_page", None, short_receipt())
    rec.wait(lambda: any(j.id == job_id and "cover" in j.last_error for j in rec.jobs))
    assert queue.job(job_id).attempts == 0  # nothing was sent
    vprinter.set_fault("cover_open", False)
    assert rec.wait_job(job_id, DONE).attempts == 1


def test_cable_pulled_keeps_the_job_and_resumes_on_reconnect(port_link, make_queue, rec):
    first = VirtualPrinter(80, link=port_link).start()
    queue = make_queue(port_link)
    rec.wait(lambda: bool(rec.states) and rec.states[-1].state == "ready")
    first.stop()  # cable pulled
    job_id = queue.submit("outside_service", None, service_receipt())
    rec.wait(lambda: bool(rec.states) and rec.states[-1].state == "disconnected")
    rec.wait(lambda: any(j.id == job_id and j.last_error for j in rec.jobs))
    job = queue.job(job_id)
    assert job.state == QUEUED
    assert "连接" in job.last_error or "找不到" in job.last_error
    assert rec.states[-1].error is not None

    second = VirtualPrinter(80, link=port_link).start()  # plugged back in
    try:
        rec.wait_job(job_id, DONE)
        assert second.wait_for_cuts(1)
        assert second.cut_receipts == [render_text(service_receipt(), 48, TZ)]
    finally:
        second.stop()


def test_printer_switched_off_mid_job_asks_the_clerk_then_prints_once_marked(
        vprinter, make_queue, rec):
    queue = make_queue(vprinter.port_name)
    warm = queue.submit("test_page", None, short_receipt())
    rec.wait_job(warm, DONE)
    vprinter.fail_after(300, "power_off")
    job_id = queue.submit("outside_service", None, service_receipt())
    info = rec.wait_job(job_id, UNSURE)  # not resent by guesswork
    assert "是否已完整打出" in info.last_error and "did the form come out" in info.last_error
    assert rec.states[-1].state == "not_answering"
    vprinter.set_fault("power_off", False)
    assert not rec.wait_for(lambda: queue.job(job_id).state != UNSURE, 0.5)
    assert vprinter._cut_count() == 1  # the warm-up page only

    queue.answer(job_id, came_out=False)  # the clerk: only part of it came out
    info = rec.wait_job(job_id, DONE)
    assert info.attempts == 2
    assert vprinter.wait_for_cuts(2)
    # the paper holds the part printed before the power went, then the whole form, marked
    preview = render_text(service_receipt(), 48, TZ)
    last = vprinter.cut_receipts[-1]
    assert last.endswith(marked(preview)) and last.startswith(preview[:40])
    rec.wait(lambda: len(rec.confirmed_jobs) == 2)
    assert [j.id for j in rec.confirmed_jobs] == [warm, job_id]


def test_queue_survives_a_restart(tmp_path, port_link, rec):
    path = tmp_path / "restart.sqlite"
    store = Store.open(path)
    queue = PrintQueue(store, PrinterConfig(str(port_link), baud=115200), tz=TZ, poll_interval=POLL,
                       on_printer_state=rec.state).start()
    ids = [queue.submit("test_page", None, short_receipt(f"重启{i}")) for i in range(2)]
    rec.wait(lambda: rec.state_is("disconnected"))
    queue.stop()
    # a job the previous run was printing when it died: it may have come out, or part of it
    PrintJob.update(state="printing").where(PrintJob.id == ids[0]).execute()
    store.close()

    with VirtualPrinter(80, link=port_link) as printer:
        store = Store.open(path)
        done = Recorder()
        config = PrinterConfig(str(port_link), baud=115200)
        queue = PrintQueue(store, config, tz=TZ, poll_interval=POLL,
                           on_job_changed=done.job).start()
        try:
            done.wait_job(ids[1], DONE)
            assert printer.wait_for_cuts(1)
            assert ["重启1" in r for r in printer.cut_receipts] == [True]
            unsure = queue.job(ids[0])
            assert unsure.state == UNSURE and "是否已完整打出" in unsure.last_error
            queue.answer(ids[0], came_out=False)
            done.wait_job(ids[0], DONE)
            assert printer.wait_for_cuts(2)
            assert printer.cut_receipts[1] == marked(render_text(short_receipt("重启0"), 48, TZ))
        finally:
            queue.stop()
            store.close()


def test_reprint_is_marked_as_a_copy(store, vprinter, make_queue, rec):
    order_id = add_order()
    queue = make_queue(vprinter.port_name)
    first = queue.submit("outside_service", order_id, service_receipt())
    rec.wait_job(first, DONE)
    again = queue.submit("outside_service", order_id, service_receipt())
    info = rec.wait_job(again, DONE)
    assert info.copy_number == 2
    assert vprinter.wait_for_cuts(2)
    original, copy = vprinter.cut_receipts
    assert "副本" not in original
    assert "副本 第2份" in copy
    assert copy == render_text(service_receipt(copy_number=2), 48, TZ)


def test_cancel_and_retry(port_link, make_queue, rec):
    queue = make_queue(port_link)  # no printer yet: jobs wait
    keep = queue.submit("test_page", None, short_receipt("保留"))
    drop = queue.submit("test_page", None, short_receipt("取消"))
    queue.cancel(drop)
    assert queue.job(drop).state == CANCELLED
    with VirtualPrinter(80, link=port_link) as printer:
        rec.wait_job(keep, DONE)
        queue.retry(drop)
        rec.wait_job(drop, DONE)
        assert printer.wait_for_cuts(2)
        assert ["保留" in r for r in printer.cut_receipts] == [True, False]


def test_reconfigure_to_58mm(vprinter, port_link, make_queue, rec):
    queue = make_queue(vprinter.port_name)
    rec.wait(lambda: bool(rec.states) and rec.states[-1].state == "ready")
    vprinter.stop()
    with VirtualPrinter(58, link=port_link) as narrow:
        queue.reconfigure(PrinterConfig(str(port_link), baud=115200, paper=58))
        job_id = queue.submit("test_page", None, short_receipt())
        rec.wait_job(job_id, DONE)
        assert narrow.wait_for_cuts(1)
        assert narrow.cut_receipts == [render_text(short_receipt(), 32, TZ)]


def test_stop_returns_promptly_while_a_slow_printer_is_printing(port_link, make_queue, rec):
    with VirtualPrinter(80, baud=9600, link=port_link):
        queue = make_queue(port_link, baud=9600)
        job_id = queue.submit("outside_service", None, service_receipt())
        rec.wait(lambda: rec.job_state(job_id) == "printing")
        worker = queue._thread
        assert worker is not None
        queue.stop(timeout=2.0)
        assert not worker.is_alive()
        assert queue.job(job_id).state == UNSURE  # part of it is in the printer: ask, not resend


def test_printer_without_status_support_ends_sent_never_printed(port_link, make_queue, rec):
    with VirtualPrinter(80, link=port_link, answers_status=False) as printer:
        queue = make_queue(port_link)
        job_id = queue.submit("test_page", None, short_receipt())
        info = rec.wait_job(job_id, "sent")
        assert info.attempts == 1 and "无法确认" in info.last_error
        assert "cannot confirm" in info.last_error
        assert printer.wait_for_cuts(1)
        assert queue.printer_state.state == "unknown"
        assert queue.printer_state.error is None
        assert rec.confirmed_jobs == []  # not recorded as printed
        assert DONE not in [j.state for j in rec.jobs]


def test_cancel_while_printing(port_link, make_queue, rec):
    with VirtualPrinter(80, baud=9600, link=port_link) as printer:
        queue = make_queue(port_link, baud=9600, write_timeout=5)
        big = queue.submit("outside_service", None, service_receipt())
        rec.wait(lambda: rec.job_state(big) == "printing")
        queue.cancel(big)
        info = rec.wait_job(big, CANCELLED)
        assert info.attempts == 1 and info.done_at is None
        assert printer.cut_receipts == []


def test_queued_jobs_are_encoded_again_for_new_paper(port_link, make_queue, rec):
    queue = make_queue(port_link)  # no printer yet: the job waits
    job_id = queue.submit("test_page", None, short_receipt())
    assert queue.job(job_id).preview == render_text(short_receipt(), 48, TZ)
    queue.reconfigure(PrinterConfig(str(port_link), baud=115200, paper=58))
    rec.wait(lambda: queue.job(job_id).preview != render_text(short_receipt(), 48, TZ))
    with VirtualPrinter(58, link=port_link) as narrow:
        rec.wait_job(job_id, DONE)
        assert narrow.wait_for_cuts(1)
        assert narrow.cut_receipts == [render_text(short_receipt(), 32, TZ)]
        assert queue.job(job_id).preview == narrow.cut_receipts[0]
