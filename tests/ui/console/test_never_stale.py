"""Never stale: the audit list and the reports follow the call center's change feed (reload
when an order changed, while on screen) and say when their data was loaded."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from station_app import wire
from station_app.console_client import CallCenterClient
from station_app.domain.events import CallbackOutcome
from tests.ui.console.test_audit import _wait_list


def test_the_audit_list_follows_another_reviewers_close(open_console, seeded, server, qtbot):
    window = open_console(seeded.tokens["reviewer"])
    window.show()
    audit = window.audit
    _wait_list(qtbot, window, 4)
    assert audit.loaded_at.text()  # "Loaded 10:31:05"
    order_id = UUID(seeded.yesterday[1]["id"])
    changed_at = window.ctx.local(datetime.now(UTC), "%H:%M:%S")
    other = CallCenterClient(server.base_url, seeded.tokens["admin"])
    # another reviewer calls the customer back and closes the order meanwhile: the list
    # reloads by itself (no F5) and says when (compared by time, not by a changed text: the
    # reload may come within the same second as the first load)
    with qtbot.waitSignal(audit.loaded, timeout=10_000):
        try:
            other.callback(order_id, CallbackOutcome.REACHED, note="满意",
                           scores=wire.Scores(skill=5, attitude=5, timeliness=5, parts=5,
                                              overall=5))
            other.close_order(order_id)
        finally:
            other.close()
    qtbot.waitUntil(lambda: audit.model.row_of(order_id) < 0, timeout=5_000)
    assert audit.loaded_at.text().split()[-1] >= changed_at
    window.tabs.setCurrentWidget(window.reports)
    reports = window.reports
    qtbot.waitUntil(lambda: reports.report is not None, timeout=10_000)
    code = seeded.yesterday[2]["station_code"]

    def scored() -> int:
        assert reports.report is not None
        return sum(s.satisfaction_callbacks for s in reports.report.stations
                   if s.station_code == code)
    before = scored()
    other = CallCenterClient(server.base_url, seeded.tokens["admin"])
    try:  # a callback while the reports are on screen: they show it without F5
        other.callback(UUID(seeded.yesterday[2]["id"]), CallbackOutcome.REACHED, note="满意",
                       scores=wire.Scores(skill=4, attitude=4, timeliness=4, parts=4,
                                          overall=4))
    finally:
        other.close()
    qtbot.waitUntil(lambda: scored() == before + 1, timeout=15_000)
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
