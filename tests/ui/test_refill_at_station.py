"""A completion report sent back to re-fill (退回重填) by the reviewer of a real call center: the
station window shows the reason in the order's banner and enables the completion report again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from station_app.domain.events import EventType
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_window import online_window, open_order
from ui.actions import ActionId

pytestmark = pytest.mark.integration
REPORT = {"work_done": "更换起动机", "technicians": ["李四"]}


def test_refill_shows_the_reason_and_enables_the_report_again(qtbot, callcenter_server,
                                                              station, ctx, sound):
    server = callcenter_server
    station.set_settings({"server_url": server.base_url})
    station.set_token(server.add_station(seed.CODE, "合肥北城服务站"))
    window = online_window(qtbot, ctx, sound)
    issued = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    with qtbot.waitSignal(window.alerts.notified, timeout=15_000):
        oid = UUID(server.issue_order(seed.CODE, business_no="HF-REFILL-1",
                                      issued_at=issued)["id"])
    station.record_contact(oid, "reached", "")
    station.record(oid, EventType.COMPLETED, REPORT)
    qtbot.waitUntil(lambda: server.reviewer.get(f"/v1/orders/{oid}").json()["status"]
                    == "completed", timeout=15_000)
    open_order(qtbot, window, oid)
    assert ActionId.COMPLETED not in window.order_actions.enabled()
    r = server.reviewer.post(f"/v1/orders/{oid}/send-back",
                             json={"mode": "refill", "reason": "请补填更换配件编号"})
    assert r.status_code == 200, r.text
    qtbot.waitUntil(lambda: window.detail.banner.isVisible()
                    and "请补填更换配件编号" in window.detail.banner.text(), timeout=15_000)
    qtbot.waitUntil(lambda: ActionId.COMPLETED in window.order_actions.enabled(), timeout=5000)
    window.close()
    wait_idle(qtbot, ctx)
