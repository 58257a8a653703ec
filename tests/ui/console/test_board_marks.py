"""The board's marks (whom to urge) follow the clock on screen against a real call center: an
order turns *at risk* and then *overdue* while nothing happens to it, without a reload."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from tests.ui.console import seed
from ui.console.board_model import MARK_COLOURS, BoardColumn


def test_marks_turn_at_risk_and_overdue_live_without_a_reload(open_console, server, qtbot):
    server.add_station(seed.NORTH, seed.STATIONS[seed.NORTH])
    token = server.add_user("调度员", "dispatcher")
    now = datetime.now(UTC)
    # rescue: contact within 15 min, at risk in the last quarter (from 11 min 15 s)
    soon_at_risk = server.issue_order(seed.NORTH, kind="rescue", location="G3",
                                      issued_at=(now - timedelta(minutes=11, seconds=9))
                                      .isoformat())
    soon_overdue = server.issue_order(seed.NORTH, kind="rescue", location="G3",
                                      issued_at=(now - timedelta(minutes=14, seconds=54))
                                      .isoformat())
    window = open_console(token)
    board = window.board
    model = board.model
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=10_000)
    loads: list[int] = []
    board.loaded.connect(lambda: loads.append(1))

    def status(order: dict) -> str:
        return model.data(model.index(model.row_of(UUID(order["id"])), BoardColumn.STATUS))

    def colour(order: dict) -> object:
        index = model.index(model.row_of(UUID(order["id"])), BoardColumn.STATUS)
        brush = model.data(index, 8)  # Qt.BackgroundRole
        return brush.color() if brush is not None else None

    assert "⚠" not in status(soon_at_risk)
    assert "⚠ at risk" in status(soon_overdue)
    qtbot.waitUntil(lambda: "⚠ at risk" in status(soon_at_risk), timeout=15_000)
    assert colour(soon_at_risk) == MARK_COLOURS["at_risk"]
    qtbot.waitUntil(lambda: "⚠ overdue" in status(soon_overdue), timeout=15_000)
    assert colour(soon_overdue) == MARK_COLOURS["breached"]
    assert loads == []  # by the clock on screen, not by reading the board again
