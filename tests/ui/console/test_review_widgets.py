"""The reviewer's and dispatcher's review widgets against a real call center: closing asks for
confirmation, a note and — with no finished callback — the reason, which the report counts;
send-back as re-fill reaches the order; the board marks whom to urge and the urge is recorded;
the table of time limits opens from the reports."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from PySide6.QtCore import QDate

from station_app.console_client import CallCenterClient
from tests.ui.console.dialog_answers import answer, press_ok
from ui.console.board_model import BoardColumn
from ui.console.review_dialogs import CloseDialog


def _select_audit(qtbot, window, order_id: str) -> None:
    audit = window.audit
    qtbot.waitUntil(lambda: audit.model.row_of(UUID(order_id)) >= 0, timeout=10_000)
    audit.table.selectRow(audit.model.row_of(UUID(order_id)))
    qtbot.waitUntil(lambda: audit.current() is not None
                    and str(audit.current().order.id) == order_id, timeout=10_000)


def test_close_without_callback_needs_the_reason_and_is_counted(open_console, seeded,
                                                                  server, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    order_id = seeded.yesterday[1]["id"]
    _select_audit(qtbot, window, order_id)
    audit = window.audit
    assert "due" in audit.panel.limit.text()  # the callback limit is shown

    def fill(dialog) -> None:
        assert dialog.needs_reason and dialog.without_callback.isVisible()
        dialog.note.setPlainText("电话三次未通,服务站提供签字单")
        dialog.without_callback.setPlainText("用户拒绝回访,服务站有签字确认")
        press_ok(dialog)
    asked = answer("closeDialog", fill)
    with qtbot.waitSignal(audit.acted, timeout=10_000) as acted:
        audit.close_order()
    assert acted.args == ["closed"] and asked == ["closeDialog"]
    with CallCenterClient(server.base_url, seeded.tokens["reviewer"]) as client:
        saved = client.order(UUID(order_id))
    closed = next(e for e in saved.events if e.type.value == "closed")
    assert closed.payload["without_callback_reason"] == "用户拒绝回访,服务站有签字确认"
    assert closed.payload["note"] == "电话三次未通,服务站提供签字单"


def test_close_dialog_refuses_a_future_date_and_a_missing_reason(qtbot):
    dialog = CloseDialog("PG202611300001", date(2026, 12, 1), date(2026, 11, 30), False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()  # no reason given
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.errors.shown()["without_callback_reason"] == "Required"
    dialog.without_callback.setPlainText("用户拒绝回访")
    assert dialog.close_date.maximumDate() == QDate(2026, 12, 1)  # never in the future
    assert dialog.close_date.minimumDate() == QDate(2026, 11, 30)  # nor before completion
    dialog.accept()
    assert not dialog.isVisible() and dialog.values()[2] == "用户拒绝回访"
    finished = CloseDialog("PG202611300002", date(2026, 12, 1), None, True)
    qtbot.addWidget(finished)
    assert not finished.needs_reason


def test_send_back_to_refill_keeps_the_order_completed(open_console, seeded, server, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    order_id = seeded.yesterday[0]["id"]
    _select_audit(qtbot, window, order_id)

    def refill(dialog) -> None:
        assert dialog.refill.isEnabled() and dialog.refill.isChecked()
        dialog.reason.setPlainText("完工报告未填写更换配件编号")
        press_ok(dialog)
    answer("sendBackDialog", refill)
    with qtbot.waitSignal(window.audit.acted, timeout=10_000) as acted:
        window.audit.reopen()
    assert acted.args == ["sent_back"]
    with CallCenterClient(server.base_url, seeded.tokens["reviewer"]) as client:
        saved = client.order(UUID(order_id))
    assert saved.status == "completed"
    assert saved.events[-1].type.value == "sent_back"
    assert saved.events[-1].payload["reason"] == "完工报告未填写更换配件编号"


def test_board_marks_whom_to_urge_and_the_urge_is_recorded(open_console, seeded, server,
                                                           qtbot, monkeypatch):
    window = open_console(seeded.tokens["dispatcher"])
    board = window.board
    qtbot.waitUntil(lambda: board.model.rowCount() == 5, timeout=10_000)
    top = board.model.item(0)  # the rescue 20 min without contact
    status = board.model.data(board.model.index(0, BoardColumn.STATUS))
    assert top.mark == "breached" and "overdue" in status
    assert board.model.data(board.model.index(0, BoardColumn.STATUS),
                            0x8) is not None  # BackgroundRole: marked
    board.table.selectRow(0)
    qtbot.waitUntil(lambda: board.urge_button.isEnabled(), timeout=5_000)

    class Reason:
        def __init__(self, *args: object) -> None:
            pass

        def exec(self) -> bool:
            return True

        def value(self) -> str:
            return "用户第二次来电,尚未联系"
    monkeypatch.setattr("ui.console.board.TextDialog", Reason)
    with qtbot.waitSignal(board.loaded, timeout=10_000):
        board.urge()
    row = board.model.row_of(top.order.id)
    qtbot.waitUntil(lambda: board.model.item(row).urges == 1, timeout=10_000)
    assert "×1" in board.model.data(board.model.index(row, BoardColumn.STATUS))
    with CallCenterClient(server.base_url, seeded.tokens["dispatcher"]) as client:
        saved = client.order(top.order.id)
    assert saved.events[-1].type.value == "urged"
    assert saved.events[-1].payload["reason"] == "用户第二次来电,尚未联系"


def test_the_time_limits_table_opens_from_the_reports(open_console, seeded, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    reports = window.reports
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
    reports.show_policy()
    qtbot.waitUntil(lambda: getattr(reports, "policy_dialog", None) is not None
                    and reports.policy_dialog.isVisible(), timeout=10_000)
    table = reports.policy_dialog.table
    assert table.rowCount() == 21
    sources = [table.item(r, 5).text() for r in range(table.rowCount())]
    assert any("seed 000" in s for s in sources) and any("our default" in s for s in sources)
    reports.policy_dialog.close()
