"""Never stale: the audit list and the reports refresh by themselves (a short timer while on
screen) and say when their data was loaded."""

from __future__ import annotations

from uuid import UUID

from station_app import wire
from station_app.console_client import CallCenterClient
from station_app.domain.events import CallbackOutcome
from tests.ui.console.test_audit import _wait_list
from ui.console import audit as audit_screen
from ui.console import reports as reports_screen


def test_the_audit_list_follows_another_reviewers_close(open_console, seeded, server, qtbot,
                                                        monkeypatch):
    monkeypatch.setattr(audit_screen, "REFRESH_MS", 500)
    monkeypatch.setattr(reports_screen, "REFRESH_MS", 500)
    window = open_console(seeded.tokens["reviewer"])
    window.show()
    audit = window.audit
    _wait_list(qtbot, window, 4)
    loaded = audit.loaded_at.text()
    assert loaded  # "loaded 10:31:05"
    order_id = UUID(seeded.yesterday[1]["id"])
    other = CallCenterClient(server.base_url, seeded.tokens["admin"])
    try:  # another reviewer calls the customer back and closes the order meanwhile
        other.callback(order_id, CallbackOutcome.REACHED, note="满意",
                       scores=wire.Scores(skill=5, attitude=5, timeliness=5, parts=5,
                                          overall=5))
        other.close_order(order_id)
    finally:
        other.close()
    qtbot.waitUntil(lambda: audit.model.row_of(order_id) < 0, timeout=10_000)  # no F5
    qtbot.waitUntil(lambda: audit.loaded_at.text() != loaded, timeout=10_000)
    window.tabs.setCurrentWidget(window.reports)
    reports = window.reports
    qtbot.waitUntil(lambda: reports.loaded_at.text() != "", timeout=10_000)
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
