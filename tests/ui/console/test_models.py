"""The console's table models pass pytest-qt's model tester, filled from a real call center."""

from __future__ import annotations

from datetime import UTC, datetime

from station_app.console_client import CallCenterClient
from tests.ui.console import seed
from ui.console.audit_model import AuditListModel
from ui.console.board_model import BoardModel, urgency
from ui.console.timeline import CorrectedTimelineModel, entries


def test_board_audit_and_timeline_models(qtmodeltester, server, seeded):
    with CallCenterClient(server.base_url, seeded.tokens["admin"]) as api:
        board_page = api.board()
        audit_page = api.audit_rows(seed.local_day(1).date(), "all", limit=2)
        item = api.audit_order(audit_page.rows[0].id)

    def local(moment: datetime | None) -> str:
        return moment.astimezone(seed.ZONE).strftime("%m-%d %H:%M") if moment else ""

    board = BoardModel(lambda: datetime.now(UTC), local)
    board.set_items(board_page.orders)
    qtmodeltester.check(board)
    now = datetime.now(UTC)
    ranks = [urgency(board.item(r), now) for r in range(board.rowCount())]
    assert ranks == sorted(ranks)
    board.tick()
    qtmodeltester.check(board)

    audit = AuditListModel(local)
    audit.set_page(audit_page)
    qtmodeltester.check(audit)
    assert audit.rowCount() == 2 and audit.total == 4 and not audit.complete
    with CallCenterClient(server.base_url, seeded.tokens["admin"]) as api:
        rest = api.audit_rows(seed.local_day(1).date(), "all", cursor=audit_page.next_cursor)
    assert audit.add_page(audit_page.next_cursor or "", rest)
    qtmodeltester.check(audit)
    assert audit.rowCount() == 4 and audit.complete and not audit.canFetchMore()

    timeline = CorrectedTimelineModel(seed.ZONE)
    timeline.set_entries(entries(item.events, item.late_event_ids))
    qtmodeltester.check(timeline)
    times = [timeline.entry(r).event for r in range(timeline.rowCount())]
    assert times[0].type.value == "issued"
