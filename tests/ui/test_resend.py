"""A refused entry can be sent again from the outbox once its cause is fixed (#19, with
`Station.resend` of #13): the clerk selects it, presses 再次发送, confirms, and it waits to be
sent again — the call center judges it afresh. The store is written off the GUI thread."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from station_app import hot_queries
from station_app.domain.events import EventType
from station_app.store import EventRow
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.console.dialog_answers import Answers, press_cancel, press_do


def _refused(station):
    oid = seed.issue(station, "dispatch", business_no="HF20261202009")
    event = station.record(oid, EventType.NOTE, {"text": "到达现场"})
    with station.store.transaction():  # what sync writes when the call center refuses it
        hot_queries.acknowledge([(event.id, "rejected", "工单已关闭 / order closed", None)],
                                datetime.now(UTC))
    return event


def _open_outbox(qtbot, window):
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_outbox()
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    return dialog


def test_a_refused_entry_is_sent_again_after_a_confirmation(qtbot, window, station, chinese,
                                                            monkeypatch):
    window.rebuild()
    event = _refused(station)
    dialog = _open_outbox(qtbot, window)
    assert not dialog.resend.isEnabled()  # nothing chosen yet
    dialog.table.selectRow(0)
    assert dialog.resend.isEnabled() and dialog.resend.text() == "再次发送…"
    # offline, the list is read again at every retry of the link: the choice stays
    with qtbot.waitSignal(dialog.model.modelReset, timeout=5000):
        station.report_sync()
    assert dialog.resend.isEnabled() and dialog.selected_rejected()
    threads: list[bool] = []
    real = station.resend

    def resend(ids):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(ids)
    monkeypatch.setattr(station, "resend", resend)
    questions: list[str] = []
    answer = Answers()

    def read_and_do(box):
        questions.append(box.text())
        press_do(box)
    answer("confirmResend", read_and_do)
    dialog.resend.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1
                    and dialog.model.record(0).state == "waiting", timeout=5000)
    answer.stop()
    assert "HF20261202009" in questions[0] and "再次" in questions[0]
    assert threads == [False]  # the store was written by a worker, not the GUI thread
    row = EventRow.get(EventRow.id == event.id)
    assert row.result is None and row.acked_at is None  # it waits to be sent again
    assert "重新发送" in window.statusBar().currentMessage()
    assert not dialog.resend.isEnabled()
    dialog.reject()
    wait_idle(qtbot, window.ctx)


def test_cancel_at_the_question_sends_nothing(qtbot, window, station, english):
    event = _refused(station)
    dialog = _open_outbox(qtbot, window)
    dialog.table.selectRow(0)
    answer = Answers()
    answer("confirmResend", press_cancel)
    dialog.resend.click()
    wait_idle(qtbot, window.ctx)
    answer.stop()
    assert answer.seen == ["confirmResend"]
    assert EventRow.get(EventRow.id == event.id).result == "rejected"
    assert dialog.model.record(0).state == "rejected"
    dialog.reject()
    wait_idle(qtbot, window.ctx)
