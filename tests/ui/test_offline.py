"""Offline is unmistakable: a banner says since when and how many entries wait; a notice says
when the line is back; the outbox shows whole business numbers and each waiting entry's last
failure; an order typed in from a phone call says what it waits for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from station_app.domain.events import EventType
from station_app.sync_status import Link
from tests.ui import seed
from tests.ui.conftest import wait_idle


def go_offline(station, since: datetime) -> None:
    """What the sync layer stores when a send fails, then its report (the real path)."""
    from station_app import sync_status
    store = station.store
    store.set_sync(sync_status.LINK, Link.OFFLINE.value)
    store.set_sync(sync_status.LAST_SUCCESS, since.isoformat())
    store.set_sync(sync_status.LAST_ERROR, {"en": "cannot reach the call center (connection "
                                            "refused)", "zh": "连不上呼叫中心(连接被拒绝)"})
    station.report_sync()


def go_online(station) -> None:
    from station_app import sync_status
    station.store.set_sync(sync_status.LINK, Link.ONLINE.value)
    station.store.set_sync(sync_status.LAST_ERROR, {})
    station.report_sync()


def test_a_banner_says_since_when_and_how_many_wait_and_a_notice_when_back(
        qtbot, window, station, chinese):
    window.rebuild()
    since = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=20)
    banner = window.offline_banner
    assert not banner.isVisible()
    oid = seed.issue(station, "dispatch")
    for text in ("一", "二", "三"):
        station.record(oid, EventType.NOTE, {"text": text})
    go_offline(station, since)
    qtbot.waitUntil(banner.isVisible, timeout=5000)
    local = since.astimezone(station.settings.zone()).strftime("%H:%M")
    text = banner.text.text()
    assert local in text and "3" in text and "连不上呼叫中心" in text
    assert banner.height() >= 30  # a banner, not small print
    go_online(station)
    qtbot.waitUntil(lambda: "已恢复" in banner.text.text(), timeout=5000)
    assert "已恢复" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=15_000)
    wait_idle(qtbot, window.ctx)


def test_the_outbox_shows_whole_numbers_and_why_each_entry_waits(qtbot, window, station,
                                                                 chinese):
    """Each entry says its own reason: a rejected one the call center's, a waiting one why its
    own last try failed (a real send to an address nothing listens on), even after the link's
    last error has become another one (a later pull that failed otherwise)."""
    from common.refusal import Refusal
    from station_app import hot_queries, sync_status
    from station_app.sync import SyncClient
    from station_app.transport import HttpTransport, SyncFailure
    window.rebuild()
    long_no = "HF2026112500012345678"
    oid = seed.issue(station, "dispatch", business_no=long_no)
    refused = station.record(oid, EventType.NOTE, {"text": "被拒绝的一条"})
    with station.store.transaction():
        why = Refusal.of("not_applicable", "the order is closed", "工单已关闭,不能再记录", "type")
        hot_queries.acknowledge([(refused.id, "rejected", why.model_dump_json(), None)],
                                datetime.now(UTC))
    note = station.record(oid, EventType.NOTE, {"text": "待发送"})
    try:
        SyncClient(station, HttpTransport("http://127.0.0.1:9", "token")).once()
    except SyncFailure as exc:
        own = exc.zh
    station.store.set_sync(sync_status.LAST_ERROR, {"en": "HTTP 503 while reading changes",
                                                    "zh": "读取变更时服务器返回 503"})
    station.report_sync()
    with qtbot.waitSignal(window.dialog_opened) as opened:
        window.open_outbox()
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    table = dialog.table
    width = table.fontMetrics().horizontalAdvance(long_no)
    assert table.columnWidth(0) >= width
    reasons = {dialog.model.record(r).event_id: dialog.model.data(dialog.model.index(r, 4))
               for r in range(2)}
    assert reasons[refused.id] == "工单已关闭,不能再记录"  # the clerk's language alone
    assert reasons[note.id] == own and "连" in own  # its own try's failure, in Chinese
    # the order's timeline shows the call center's word only where it answered
    detail = station.order(oid)
    by_id = {e.event.id: e.why for e in detail.timeline}
    assert by_id[note.id] is None and by_id[refused.id] == why
    dialog.reject()
    wait_idle(qtbot, window.ctx)


def test_a_phone_order_says_what_it_waits_for(qtbot, window, station, english):
    from PySide6.QtCore import Qt

    from ui.inbox_rows import Column
    oid = station.enter_order_by_phone({
        "business_no": "TEL-001", "station_code": seed.CODE, "kind": "dispatch",
        "customer": {"name": "张先生", "phone": "13912345678"}, "vehicle": {"model": "帅铃"},
        "location": "合肥", "statement": "不着车"})
    qtbot.waitUntil(lambda: window.inbox_model.row_of(oid) is not None, timeout=5000)
    wait_idle(qtbot, window.ctx)
    row = window.inbox_model.row_of(oid)
    index = window.inbox_model.index(row, Column.SYNC)
    tip = window.inbox_model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert tip and "TEL-001" in tip and "call center" in tip
