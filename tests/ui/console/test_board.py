"""The dispatch board against a real call center: urgent orders on top, live updates from the
long-poll feed, and the dispatcher's actions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from station_app.console_client import CallCenterClient
from tests.support.callcenter_server import new_event
from tests.ui.console import seed
from ui.console.board_model import BoardColumn


class Accept:
    """Stands in for a modal dialog the user fills in and accepts."""

    values: tuple[str, str] = ("", "")

    def __init__(self, *args: object) -> None:
        pass

    def exec(self) -> bool:
        return True

    def value(self) -> str:
        return self.values[1]


def test_dispatcher_sees_todays_orders_with_the_overdue_contact_on_top(open_console, seeded,
                                                                      qtbot):
    window = open_console(seeded.tokens["dispatcher"])
    assert window.audit is None and window.reports is None
    board = window.board
    qtbot.waitUntil(lambda: board.model.rowCount() == 5, timeout=10_000)
    top = board.model.item(0)
    assert top.order.id == UUID(seeded.today[0]["id"])  # rescue, 20 min without contact
    assert board.model.data(board.model.index(0, BoardColumn.CONTACT)).startswith("Overdue by")
    second = board.model.data(board.model.index(1, BoardColumn.CONTACT))
    assert second.startswith("At risk")  # rescue, 13 of 15 min gone
    texts = [board.model.data(board.model.index(r, BoardColumn.CONTACT)) for r in range(5)]
    assert any(t.startswith("Waiting for the station's first contact") for t in texts)
    contacted = board.model.row_of(UUID(seeded.today[3]["id"]))
    assert contacted == 4  # contact done: last


def test_a_station_contact_appears_on_the_board_live(open_console, seeded, server, qtbot):
    window = open_console(seeded.tokens["dispatcher"])
    board = window.board
    qtbot.waitUntil(lambda: board.model.rowCount() == 5 and board.feed._thread is not None,
                    timeout=10_000)
    station = server.client(seeded.tokens[seed.NORTH])
    order_id = seeded.today[0]["id"]
    with qtbot.waitSignal(board.loaded, timeout=5_000):
        station.post("/v1/events", json={"events": [
            new_event(order_id, "received"),
            new_event(order_id, "contact_attempt", {"outcome": "reached"})]}
        ).raise_for_status()
    row = board.model.row_of(UUID(order_id))
    assert board.model.item(row).status == "contacted"
    assert row == 4  # no longer needs a phone call: it left the top
    later = (datetime.now(UTC) + timedelta(hours=3)).isoformat()
    station.post("/v1/events", json={"events": [
        new_event(order_id, "appointment_booked", {"appointment_at": later})]}
    ).raise_for_status()

    def status() -> str | None:
        return board.model.data(board.model.index(board.model.row_of(UUID(order_id)),
                                                  BoardColumn.STATUS))

    qtbot.waitUntil(lambda: status() == "Appointment booked", timeout=5_000)
    header = board.table.horizontalHeader()
    for column in BoardColumn:  # a longer text that appears later is not cut to '…'
        if column is not BoardColumn.CUSTOMER:
            assert header.sectionSize(column) >= board.table.sizeHintForColumn(column)


def test_issue_cancel_reassign_and_note(open_console, seeded, server, qtbot, monkeypatch):
    window = open_console(seeded.tokens["dispatcher"])
    board = window.board
    qtbot.waitUntil(lambda: board.model.rowCount() == 5 and len(board.stations) == 3,
                    timeout=10_000)

    from ui.console.dialogs import IssueOrderDialog
    dialog = IssueOrderDialog(board.stations, "en", board)
    qtbot.addWidget(dialog)
    dialog.station.setEditText("六安")  # by part of the name
    dialog.customer_name.setText("孙先生")
    dialog.customer_phone.setText("13800001111")
    assert "location" in dialog.validate()  # a rescue needs the place of breakdown
    dialog.location.setText("六安市金安区皋城路12号")
    assert dialog.validate() == {}
    fields = dialog.fields()
    assert fields["station_code"] == seed.LUAN

    monkeypatch.setattr("ui.console.board.IssueOrderDialog", lambda *a: _Filled(fields))
    with qtbot.waitSignal(board.loaded, timeout=5_000):
        board.issue()
    qtbot.waitUntil(lambda: board.model.rowCount() == 6, timeout=5_000)
    new = next(i for i in board.model.items() if i.order.customer.name == "孙先生")
    assert new.order.station_code == seed.LUAN and new.order.business_no.startswith("QY")

    board.table.selectRow(board.model.row_of(new.order.id))
    Accept.values = ("", "070103 11:30 联系服务站王先生,其表示马上安排救援")
    monkeypatch.setattr("ui.console.board.TextDialog", Accept)
    with qtbot.waitSignal(board.loaded, timeout=5_000):
        board.add_note()

    class Reassign(Accept):
        def values(self) -> tuple[str, str]:  # type: ignore[override]
            return seed.LUJIANG, "六安站无法出车,改派就近服务站"
    monkeypatch.setattr("ui.console.board.ReassignDialog", Reassign)
    with qtbot.waitSignal(board.loaded, timeout=5_000):
        board.reassign()
    qtbot.waitUntil(lambda: board.model.item(board.model.row_of(new.order.id))
                    .order.station_code == seed.LUJIANG, timeout=5_000)

    Accept.values = ("", "用户已自行解决")
    with qtbot.waitSignal(board.loaded, timeout=5_000):
        board.cancel()
    qtbot.waitUntil(lambda: board.model.item(board.model.row_of(new.order.id)).status
                    == "cancelled", timeout=5_000)
    with CallCenterClient(server.base_url, seeded.tokens["dispatcher"]) as client:
        saved = client.order(new.order.id)
    types = [e.type.value for e in saved.events]
    assert types == ["issued", "note", "reassigned", "cancelled"]
    assert saved.events[1].payload["text"].startswith("070103 11:30")
    qtbot.waitUntil(lambda: board.timeline.rowCount() == 4, timeout=5_000)


class _Filled:
    def __init__(self, fields: dict) -> None:
        self._fields = fields

    def exec(self) -> bool:
        return True

    def fields(self) -> dict:
        return self._fields
