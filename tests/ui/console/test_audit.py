"""The reviewer's audit against a real call center: the day's list from two stations with
flags and corrected times, a scored callback, close, reopen reaching the station by sync."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt

from station_app.console_client import CallCenterClient
from station_app.domain.events import EventType
from tests.ui.console import seed
from tests.ui.console.dialog_answers import answer, press_ok
from ui.console import texts
from ui.console.audit_model import AuditColumn
from ui.console.timeline import CLOCK_MARK
from ui.timeline import TimelineColumn


def _wait_list(qtbot, window, count: int) -> None:
    qtbot.waitUntil(lambda: window.audit.model.rowCount() == count, timeout=10_000)


def _select(qtbot, window, order_id: str) -> None:
    audit = window.audit
    row = audit.model.row_of(UUID(order_id))
    assert row >= 0
    audit.table.selectRow(row)
    qtbot.waitUntil(lambda: audit.panel.item is not None
                    and str(audit.panel.item.order.id) == order_id)


def _keys(qtbot, widget, keys: str) -> None:
    for k in keys:
        qtbot.keyClick(widget, k)


def test_reviewer_sees_yesterdays_completed_orders_from_two_stations(open_console, seeded,
                                                                    qtbot):
    window = open_console(seeded.tokens["reviewer"])
    assert window.board is None and window.audit is not None and window.reports is not None
    _wait_list(qtbot, window, 4)
    audit = window.audit
    assert audit.selected_day() == seed.local_day(1).date()
    stations = {audit.model.item(r).station_code for r in range(4)}
    assert stations == {seed.NORTH, seed.LUAN}
    # every one was entered afterwards (backdated); the 六安 orders came from a clock 6 min fast
    flags = {audit.model.item(r).station_code:
             audit.model.data(audit.model.index(r, AuditColumn.FLAGS)) for r in range(4)}
    assert texts.flag("backdated") in flags[seed.NORTH]
    assert texts.flag("clock_off") in flags[seed.LUAN]
    assert texts.flag("clock_off") not in flags[seed.NORTH]

    luan = next(o for o in seeded.yesterday if o["station_code"] == seed.LUAN)
    _select(qtbot, window, luan["id"])
    timeline = audit.detail.timeline
    rows = [timeline.entry(r).event for r in range(timeline.rowCount())]
    received = next(r for r, e in enumerate(rows) if e.type is EventType.RECEIVED)
    shown = timeline.data(timeline.index(received, TimelineColumn.TIME))
    corrected = (rows[received].occurred_at.astimezone(seed.ZONE)
                 + (texts.corrected(rows[received]) - rows[received].occurred_at))
    assert shown.startswith(corrected.strftime("%m-%d %H:%M")) and CLOCK_MARK in shown
    report = audit.detail.report.toPlainText()
    assert "更换起动机,试车正常" in report and "李师傅" in report and "12.5 km" in report
    assert "¥500.00" in report  # out of warranty: parts 420 + labour 80
    assert audit.panel.phone.text() == luan["customer"]["phone"]
    script = audit.panel.script.toPlainText()  # what the station reported, beside each check
    assert "48210 km" in script and "¥500.00" in script and luan["location"] in script


def test_filters_station_and_audited(open_console, seeded, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    audit = window.audit
    _wait_list(qtbot, window, 4)
    qtbot.waitUntil(lambda: audit.station.count() > 1)
    audit.station.setCurrentIndex(audit.station.findData(seed.LUAN))
    _wait_list(qtbot, window, 2)
    audit.kind.setCurrentIndex(audit.kind.findData("repair"))
    _wait_list(qtbot, window, 1)
    audit.state.setCurrentIndex(audit.state.findData("audited"))
    _wait_list(qtbot, window, 0)


def test_callback_with_scores_by_keyboard_is_recorded_and_its_mean_shown(open_console, seeded,
                                                                        server, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    audit = window.audit
    _wait_list(qtbot, window, 4)
    order = seeded.yesterday[0]
    _select(qtbot, window, order["id"])
    audit.table.setFocus()
    _keys(qtbot, audit.table, "R54544")
    assert audit.panel.scores() is not None
    assert audit.panel.mean.text() == "Mean: 4.40"
    audit.panel.note.setText("用户确认已修好")
    with qtbot.waitSignal(audit.acted, timeout=10_000) as acted:
        qtbot.keyClick(audit.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert acted.args == ["callback"]
    _wait_list(qtbot, window, 4)
    qtbot.waitUntil(lambda: audit.panel.finished)
    assert "4.40" in audit.panel.state.text()
    row = audit.model.row_of(UUID(order["id"]))
    assert audit.model.data(audit.model.index(row, AuditColumn.CALLBACK)) == "Reached · mean 4.4"

    saved = server.client(seeded.tokens["reviewer"]).get(f"/v1/orders/{order['id']}").json()
    callback = next(e for e in saved["events"] if e["type"] == "callback")
    assert callback["payload"]["scores"] == {"skill": 5, "attitude": 4, "timeliness": 5,
                                             "parts": 4, "overall": 4}
    assert callback["payload"]["note"] == "用户确认已修好"


def test_third_unreached_attempt_ends_the_callback(open_console, seeded, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    audit = window.audit
    _wait_list(qtbot, window, 4)
    order_id = seeded.yesterday[1]["id"]
    for attempt in range(3):
        _select(qtbot, window, order_id)
        audit.table.setFocus()
        _keys(qtbot, audit.table, "N")
        assert not audit.panel.scores_box.isEnabled()
        if attempt < 2:  # from the phone log: 3 h and 2 h ago, different occasions
            audit.panel.earlier.setChecked(True)
            audit.panel.when.setDateTime(QDateTime.currentDateTime().addSecs(
                -3600 * (3 - attempt)))
        with qtbot.waitSignal(audit.acted, timeout=10_000):
            qtbot.keyClick(audit.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda a=attempt: audit.panel.item is not None
                        and str(audit.panel.item.order.id) == order_id
                        and f"{a + 1} of 3" in audit.panel.state.text()
                        or audit.panel.finished)
    assert audit.panel.finished
    assert "unreachable" in audit.panel.state.text()
    assert not audit.panel.outcome_buttons[next(iter(audit.panel.outcome_buttons))].isEnabled()


def test_close_records_the_close_date_and_moves_on(open_console, seeded, server, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    audit = window.audit
    _wait_list(qtbot, window, 4)
    order = seeded.yesterday[0]
    _select(qtbot, window, order["id"])
    audit.table.setFocus()
    _keys(qtbot, audit.table, "R55555")

    def confirm(dialog) -> None:
        assert not dialog.needs_reason  # the pending callback is a reached one
        dialog.note.setPlainText("回访属实")
        press_ok(dialog)
    asked = answer("closeDialog", confirm)
    # Ctrl+Enter confirms, records the pending callback, then closes
    with qtbot.waitSignals([audit.acted, audit.acted], timeout=10_000):
        qtbot.keyClick(audit.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    _wait_list(qtbot, window, 3)  # the list shows unaudited orders: it left
    qtbot.waitUntil(lambda: audit.current() is not None)  # the next one opens by itself
    assert str(audit.current().order.id) != order["id"]
    saved = server.client(seeded.tokens["reviewer"]).get(f"/v1/orders/{order['id']}").json()
    assert saved["status"] == "closed"
    assert asked, "the close was confirmed in its dialog"
    closed = next(e for e in saved["events"] if e["type"] == "closed")
    assert closed["payload"]["note"] == "回访属实"
    assert closed["payload"]["close_date"] == datetime.now(UTC).astimezone(seed.ZONE).date() \
        .isoformat()
    audit.state.setCurrentIndex(audit.state.findData("audited"))
    _wait_list(qtbot, window, 1)
    assert audit.model.item(0).close_date.isoformat() == closed["payload"]["close_date"]


@pytest.mark.parametrize("link", ["live", "next_connect"])
def test_reopen_reaches_the_station_store_through_sync(open_console, seeded, server, qtbot,
                                                       tmp_path, monkeypatch, link):
    """Live: the station's sync worker holds a long-poll and applies the reopen as it comes.
    Next connect: the station was away and gets it on its next sync."""
    from station_app.order_detail import Notice
    from station_app.station import Station
    from station_app.sync import SyncClient
    from station_app.sync_worker import SyncWorker
    from station_app.transport import HttpTransport

    station = Station.open(tmp_path / "station", exclusive=False)
    station.set_settings({"station_code": seed.NORTH, "user": "王会计",
                          "server_url": server.base_url})
    station.set_token(seeded.tokens[seed.NORTH])
    transport = HttpTransport(server.base_url, seeded.tokens[seed.NORTH])
    worker: SyncWorker | None = None
    try:
        dispatcher = CallCenterClient(server.base_url, seeded.tokens["dispatcher"])
        order = dispatcher.issue(seed.order_body(seed.NORTH, "dispatch", 1))
        dispatcher.close()
        oid = order.id
        SyncClient(station, transport).once()
        for etype, payload in [(EventType.RECEIVED, {}),
                               (EventType.CONTACT_ATTEMPT, {"outcome": "reached"}),
                               (EventType.DEPARTED, {"technicians": ["李师傅"]}),
                               (EventType.ARRIVED, {}), (EventType.COMPLETED, seed.COMPLETED)]:
            station.record(oid, etype, payload)
        SyncClient(station, transport).once()
        assert station.order(oid).state.status.value == "completed"
        if link == "live":
            worker = SyncWorker(station, long_poll=10)
            worker.start()
            server.wait_for_pollers(seed.NORTH)

        def redo(dialog) -> None:
            dialog.redo.setChecked(True)
            dialog.reason.setPlainText("用户反映故障复发,请重新处理")
            press_ok(dialog)
        window = open_console(seeded.tokens["reviewer"])
        audit = window.audit
        _wait_list(qtbot, window, 4)
        today = datetime.now(UTC).astimezone(seed.ZONE).date()
        audit.day.setDate(QDate(today.year, today.month, today.day))
        _wait_list(qtbot, window, 1)  # completed today, at the station
        _select(qtbot, window, str(oid))
        answer("sendBackDialog", redo)
        with qtbot.waitSignal(audit.acted, timeout=10_000) as acted:
            qtbot.keyClick(audit.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert acted.args == ["reopened"]
        _wait_list(qtbot, window, 0)

        if link == "live":
            qtbot.waitUntil(lambda: station.order(oid).notice is Notice.REOPENED, timeout=5_000)
        else:
            SyncClient(station, transport).once()
        detail = station.order(oid)
        assert detail.notice is Notice.REOPENED
        assert detail.state.status.value == "received"
        assert detail.state.reopen_reason == "用户反映故障复发,请重新处理"
    finally:
        if worker is not None:
            worker.stop()
        transport.close()
        station.close()


def test_a_station_token_cannot_open_the_console(qtbot, qt_app, server, seeded,
                                                 shown_messages):
    from ui.console.launch import ConsoleStarter
    from ui.tasks import TaskRunner

    runner = TaskRunner()
    client = CallCenterClient(server.base_url, seeded.tokens[seed.NORTH])
    try:
        starter = ConsoleStarter(client, runner, "en")
        with qtbot.waitSignal(starter.refused, timeout=10_000) as refused:
            starter.start()
        assert starter.window is None
        text = refused.args[0]
        assert "service station's token" in text and "服务站的令牌" in text
        assert shown_messages == [text]
    finally:
        runner.shutdown()
        client.close()


def test_a_revoked_token_gets_a_clear_message(qtbot, qt_app, server, seeded, shown_messages):
    from ui.console.launch import ConsoleStarter
    from ui.tasks import TaskRunner

    server.revoke(seeded.tokens["reviewer"])
    runner = TaskRunner()
    client = CallCenterClient(server.base_url, seeded.tokens["reviewer"])
    try:
        starter = ConsoleStarter(client, runner, "en")
        with qtbot.waitSignal(starter.refused, timeout=10_000) as refused:
            starter.start()
        assert "refused the token" in refused.args[0] and "令牌" in refused.args[0]
    finally:
        runner.shutdown()
        client.close()


def test_reloading_the_list_keeps_what_the_reviewer_is_typing(open_console, seeded, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    audit = window.audit
    _wait_list(qtbot, window, 4)
    _select(qtbot, window, seeded.yesterday[2]["id"])
    audit.table.setFocus()
    _keys(qtbot, audit.table, "R43")
    with qtbot.waitSignal(audit.loaded, timeout=10_000):
        qtbot.keyClick(audit.table, Qt.Key.Key_F5)
    assert str(audit.current().order.id) == seeded.yesterday[2]["id"]
    assert audit.panel.outcome() is not None
    assert [g.checkedId() for g in audit.panel.score_groups][:2] == [4, 3]
