"""An order the call center lost when its database was restored from an older backup
(`station_app.rebuild`): its row says so where it said "Synced", and its detail says why and
what to do, in Chinese."""

from __future__ import annotations

from PySide6.QtCore import Qt

from station_app import rebuild
from tests.ui import seed
from tests.ui.conftest import wait_idle
from ui.inbox_rows import Column


def test_a_lost_order_is_not_shown_as_synced(qtbot, window, station, chinese):
    kept, lost = seed.issue(station, business_no="HF001"), seed.issue(station, business_no="HF002")
    with station.store.transaction():
        rebuild.restart(station.store)
    order = station.order(kept).order.model_dump(mode="json")
    station.apply_rebuild({"orders": [{"kind": "order", "order_id": str(kept), "order": order,
                                       "events": [seed.issued_event(order)]}],
                           "next": None, "last_seq": 1})
    wait_idle(qtbot, window.ctx)
    model = window.inbox_model

    def cell(oid, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202
        row = model.row_of(oid)
        return None if row is None else model.data(model.index(row, Column.SYNC), role)

    qtbot.waitUntil(lambda: cell(lost) == "中心已丢失", timeout=5_000)  # fits the column
    assert cell(kept) == "已同步"
    assert "备份" in cell(lost, Qt.ItemDataRole.ToolTipRole)
    window.inbox.select_order(lost)
    qtbot.waitUntil(lambda: window.detail.banner.isVisible(), timeout=5_000)
    assert "呼叫中心已无此单" in window.detail.banner.text()
    assert "请致电呼叫中心" in window.detail.banner.text()


def test_a_cancellation_the_call_center_lost_is_struck_through_and_the_order_is_live(
        qtbot, window, station, chinese):
    from station_app.domain.events import EventType
    from ui.timeline import TimelineColumn

    oid = seed.issue(station, business_no="HF003")
    seed.call_center_event(station, oid, EventType.CANCELLED, {"reason": "客户取消"})
    issuing = [t.event for t in station.order(oid).timeline
               if t.event.type is EventType.ISSUED]
    with station.store.transaction():
        rebuild.restart(station.store)
    order = station.order(oid).order.model_dump(mode="json")
    station.apply_rebuild({"orders": [{"kind": "order", "order_id": str(oid), "order": order,
                                       "events": [e.model_dump(mode="json") for e in issuing]}],
                           "next": None, "last_seq": 1})
    wait_idle(qtbot, window.ctx)
    qtbot.waitUntil(lambda: window.inbox_model.row_of(oid) is not None, timeout=5_000)
    window.inbox.select_order(oid)
    qtbot.waitUntil(lambda: window.detail.banner.isVisible()
                    and "备份恢复" in window.detail.banner.text(), timeout=5_000)
    model = window.detail.timeline_model
    row = next(r for r in range(model.rowCount())
               if "取消" in model.data(model.index(r, TimelineColumn.EVENT)))
    assert model.data(model.index(row, TimelineColumn.SYNC)) == "中心已丢失"
    assert model.data(model.index(row, TimelineColumn.EVENT), Qt.ItemDataRole.FontRole
                      ).strikeOut()
    assert station.order(oid).state.status.value == "new"
