"""Deliberate acts on the dispatch board are confirmed (item 15 of #19): issuing a new order
and reassigning one each ask first, naming what goes where, with Cancel as the default; a
"no" keeps what was typed; once the call center has it, the window says what was done.
Driven through the real dialogs and message boxes against a real call center."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from station_app.console_client import CallCenterClient
from tests.ui.console import seed
from tests.ui.console.dialog_answers import Answers, press_cancel, press_do, press_ok


def test_new_order_and_reassign_ask_first_and_say_what_was_done(open_console, seeded, server,
                                                                qtbot):
    window = open_console(seeded.tokens["dispatcher"])
    board = window.board
    qtbot.waitUntil(lambda: board.model.rowCount() == 5 and len(board.stations) == 3,
                    timeout=10_000)
    texts: list[str] = []
    kept: list[str] = []
    answer = Answers()

    def fill_and_issue(dialog: QDialog) -> None:
        dialog.station.setEditText("六安")
        dialog.customer_name.setText("孙先生")
        dialog.customer_phone.setText("13800001111")
        dialog.location.setText("六安市金安区皋城路12号")

        def refuse(box: QDialog) -> None:
            texts.append(box.text())
            press_cancel(box)
        answer("confirmIssue", refuse)
        press_ok(dialog)  # asked, and refused: the form stays, as filled
        assert dialog.isVisible()
        kept.append(dialog.customer_name.text())
        answer("confirmIssue", press_do)
        press_ok(dialog)

    asked = answer("issueOrderDialog", fill_and_issue)
    with qtbot.waitSignal(board.said, timeout=10_000) as said:
        board.issue()
    assert asked and kept == ["孙先生"]
    assert f"to {seed.LUAN} {seed.STATIONS[seed.LUAN]}?" in texts[0]
    assert "孙先生 13800001111" in texts[0] and "alerted at once" in texts[0]
    qtbot.waitUntil(lambda: board.model.rowCount() == 6, timeout=5_000)
    new = next(i for i in board.model.items() if i.order.customer.name == "孙先生")
    assert said.args[0] == (f"Issued {new.order.business_no} to {seed.LUAN} "
                            f"{seed.STATIONS[seed.LUAN]}; the station is alerted")
    assert window.statusBar().currentMessage() == said.args[0]

    board.table.selectRow(board.model.row_of(new.order.id))
    questions: list[str] = []

    def choose_and_reassign(dialog: QDialog) -> None:
        dialog.station.setEditText(seed.LUJIANG)

        def read_and_do(box: QDialog) -> None:
            questions.append(box.text())
            press_do(box)
        answer("confirmReassign", read_and_do)
        press_ok(dialog)

    answer("reassignDialog", choose_and_reassign)
    with qtbot.waitSignal(board.said, timeout=10_000) as said:
        board.reassign()
    luan = f"{seed.LUAN} {seed.STATIONS[seed.LUAN]}"
    lujiang = f"{seed.LUJIANG} {seed.STATIONS[seed.LUJIANG]}"
    assert questions[0].startswith(f"Reassign {new.order.business_no} from {luan} to {lujiang}?")
    assert said.args[0] == f"Reassigned {new.order.business_no} to {lujiang}"
    assert window.statusBar().currentMessage() == said.args[0]
    with CallCenterClient(server.base_url, seeded.tokens["dispatcher"]) as client:
        saved = client.order(new.order.id)
    assert [e.type.value for e in saved.events] == ["issued", "reassigned"]
    assert saved.order.station_code == seed.LUJIANG
    answer.stop()


def test_a_reassign_refused_at_the_question_sends_nothing(open_console, seeded, server, qtbot):
    window = open_console(seeded.tokens["dispatcher"])
    board = window.board
    qtbot.waitUntil(lambda: board.model.rowCount() == 5 and len(board.stations) == 3,
                    timeout=10_000)
    item = board.model.item(0)
    board.table.selectRow(0)
    closed: list[bool] = []
    answer = Answers()

    def choose_then_cancel(dialog: QDialog) -> None:
        other = next(c for c in seed.STATIONS if c != item.order.station_code)
        dialog.station.setEditText(other)
        answer("confirmReassign", press_cancel)
        press_ok(dialog)
        closed.append(not dialog.isVisible())
        dialog.reject()

    asked = answer("reassignDialog", choose_then_cancel)
    board.reassign()
    assert asked and closed == [False]  # the question's Cancel returns to the dialog
    with CallCenterClient(server.base_url, seeded.tokens["dispatcher"]) as client:
        saved = client.order(item.order.id)
    assert saved.order.station_code == item.order.station_code
    assert "reassigned" not in [e.type.value for e in saved.events]
    answer.stop()
