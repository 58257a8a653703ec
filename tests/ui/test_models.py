"""The Qt models: each passes qtmodeltester; the inbox loads lazily, keeps its selection when
new orders arrive, and repaints only the SLA column each second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from station_app.domain.events import ContactOutcome, EventType
from station_app.orders_query import OrderFilter
from tests.ui import seed
from tests.ui.conftest import wait_idle
from ui import inbox_model, inbox_rows
from ui.inbox_model import Column, InboxModel
from ui.list_model import ListColumn, RecordListModel
from ui.timeline import TimelineModel


def loaded_model(qtbot, ctx, flt=OrderFilter.ALL, search="") -> InboxModel:
    model = InboxModel(ctx)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query(flt, search)
    return model


def test_inbox_model_passes_the_model_tester(qtbot, qtmodeltester, ctx, station):
    for i, kind in enumerate(["rescue", "dispatch", "complaint", "repair", "fault_mode"]):
        seed.issue(station, kind, customer=i)
    model = loaded_model(qtbot, ctx)
    assert model.rowCount() == 5
    qtmodeltester.check(model, force_py=True)
    wait_idle(qtbot, ctx)


def test_inbox_shows_what_the_clerk_needs(qtbot, ctx, station, english):
    rescue = seed.issue(station, "rescue", business_no="RS-0001", customer=1)
    model = loaded_model(qtbot, ctx)
    row = model.row_of(rescue)
    assert row == 0

    def cell(col: Column, role=Qt.ItemDataRole.DisplayRole):
        return model.data(model.index(row, col), role)

    assert cell(Column.KIND) == "Rescue"
    assert cell(Column.BUSINESS_NO) == "RS-0001"
    assert cell(Column.CUSTOMER) == "李女士"
    assert cell(Column.STATUS) == "New"
    assert cell(Column.SLA).startswith(("14 min ", "15 min "))
    # a rescue stands out: its own colour, bold, and its unread row is tinted red
    assert cell(Column.KIND, Qt.ItemDataRole.ForegroundRole).color() == inbox_rows.RESCUE_FG
    assert cell(Column.BUSINESS_NO, Qt.ItemDataRole.FontRole).bold()
    assert (cell(Column.CUSTOMER, Qt.ItemDataRole.BackgroundRole).color()
            == inbox_rows.RESCUE_UNREAD_BG)
    assert cell(Column.KIND, Qt.ItemDataRole.DecorationRole) is not None


def test_rows_load_a_page_at_a_time(qtbot, ctx, station):
    seed.bulk_seed(station, 1000, open_share=0)
    model = loaded_model(qtbot, ctx)
    assert model.rowCount() == 1000
    assert model.is_loaded(0) and model.is_loaded(inbox_model.FIRST_PAGE - 1)
    assert not model.is_loaded(999)
    # asking for a row far down fetches its page in the background, then repaints it
    assert model.data(model.index(999, Column.BUSINESS_NO)) == "…"
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    assert model.is_loaded(999)
    assert not model.is_loaded(500)
    assert model.data(model.index(999, Column.BUSINESS_NO)) == "BK000000000"


def test_filter_and_search(qtbot, ctx, station):
    seed.issue(station, "dispatch", business_no="HF-A1", customer=0)
    seed.issue(station, "repair", business_no="HF-B2", customer=1)
    done = seed.issue(station, "dispatch", business_no="HF-C3", customer=2)
    station.record(done, EventType.DECLINED, {"reason": "不在服务范围"})
    model = loaded_model(qtbot, ctx, OrderFilter.OPEN)
    assert model.rowCount() == 2
    with qtbot.waitSignal(model.loaded):
        model.set_query(OrderFilter.CLOSED, "")
    assert [model.summary(model.order_id(0)).business_no] == ["HF-C3"]
    with qtbot.waitSignal(model.loaded):
        model.set_query(OrderFilter.ALL, "13856781234")  # 李女士's phone
    assert model.rowCount() == 1
    assert model.summary(model.order_id(0)).business_no == "HF-B2"
    with qtbot.waitSignal(model.loaded):
        model.set_query(OrderFilter.WAITING_SYNC, "")
    assert model.rowCount() == 1  # the decline waits to be sent


def test_new_order_comes_on_top_and_the_selection_stays(qtbot, ctx, station):
    first = seed.issue(station, "dispatch")
    second = seed.issue(station, "repair")
    from ui.inbox_view import InboxView
    from ui.sla_badge import SecondTicker
    model = InboxModel(ctx)
    view = InboxView(model, SecondTicker())
    qtbot.addWidget(view)
    with qtbot.waitSignal(model.loaded):
        model.set_query(OrderFilter.ALL, "")
    assert view.select_order(first)
    new = seed.issue(station, "rescue")
    with qtbot.waitSignal(model.loaded):
        model.reload(changed=[new])
    assert [model.order_id(r) for r in range(3)] == [new, second, first]
    assert view.current_order() == first
    assert view.table.currentIndex().row() == 2
    unchanged = []
    model.modelReset.connect(lambda: unchanged.append(False))
    with qtbot.waitSignal(model.loaded):
        model.reload()
    assert unchanged == []  # the same list again: no reset, nothing moves


def test_a_changed_order_is_repainted_alone_and_an_unchanged_reload_repaints_nothing(
        qtbot, ctx, station, english):
    quiet = seed.issue(station, "dispatch", business_no="HF-Q1")
    busy = seed.issue(station, "rescue", business_no="HF-R1")
    model = loaded_model(qtbot, ctx)
    row = model.row_of(busy)

    def cell(order, col: Column) -> str:
        return model.data(model.index(model.row_of(order), col))

    assert (cell(busy, Column.STATUS), cell(busy, Column.SYNC)) == ("New", "Synced")
    station.record_contact(busy, ContactOutcome.REACHED)
    repainted = []
    model.dataChanged.connect(lambda a, b, roles=(): repainted.append((a.row(), b.row())))
    with qtbot.waitSignal(model.loaded):
        model.reload(changed=[busy])
    assert model.row_of(busy) == row
    assert (cell(busy, Column.STATUS), cell(busy, Column.SYNC)) == ("Contacted", "1 waiting")
    assert cell(quiet, Column.BUSINESS_NO) == "HF-Q1"
    assert repainted == [(row, row)]  # only the changed row is painted again
    repainted.clear()
    with qtbot.waitSignal(model.loaded):
        model.reload(changed=[busy, quiet])  # read again, nothing new in them
    assert repainted == []
    assert cell(busy, Column.STATUS) == "Contacted"
    model.shown_rows = range(row + 1, row + 2)  # scrolled: the busy order is off screen
    station.record_departed(busy, ["李四"])
    with qtbot.waitSignal(model.loaded):
        model.reload(changed=[busy])
    assert repainted == []  # read afresh when it is scrolled to
    assert cell(busy, Column.STATUS) == "On the road"


def test_countdown_repaints_only_the_sla_column_of_visible_rows(qtbot, ctx, station):
    for _ in range(3):
        seed.issue(station, "rescue")
    model = loaded_model(qtbot, ctx)
    changes = []
    model.dataChanged.connect(lambda a, b, roles: changes.append((a.row(), b.row(), a.column(),
                                                                  b.column())))
    model.tick(0, 1)
    assert changes == [(0, 1, Column.SLA, Column.SLA)]


def test_countdown_turns_amber_then_red_without_a_query(qtbot, ctx, station):
    seed.issue(station, "rescue")
    clock = [datetime.now(UTC)]
    model = InboxModel(ctx, now=lambda: clock[0])
    with qtbot.waitSignal(model.loaded):
        model.set_query(OrderFilter.ALL, "")
    index = model.index(0, Column.SLA)
    fg = Qt.ItemDataRole.ForegroundRole
    # a rescue's 15 minutes are inside the 30-minute "due soon" window: amber at once
    assert model.data(index, fg).color().name() == "#b26a00"
    clock[0] += timedelta(minutes=16)
    assert model.data(index).startswith("-")
    assert model.data(index, fg).color().name() == "#c62828"


def test_timeline_model(qtbot, qtmodeltester, ctx, station):
    oid = seed.issue(station, "rescue")
    station.record(oid, EventType.CONTACT_ATTEMPT, {"outcome": ContactOutcome.NO_ANSWER})
    station.record(oid, EventType.CONTACT_ATTEMPT, {"outcome": ContactOutcome.REACHED,
                                                    "note": "马上出发"})
    detail = station.order(oid)
    model = TimelineModel(station.settings.zone())
    model.set_entries(detail.timeline)
    qtmodeltester.check(model, force_py=True)
    texts = [model.data(model.index(r, 2)) for r in range(model.rowCount())]
    assert "Reached the customer — 马上出发" in texts
    syncs = [model.data(model.index(r, 4)) for r in range(model.rowCount())]
    assert syncs == ["From the call center", "Waiting to send", "Waiting to send"]


def test_record_list_model(qtmodeltester, qt_app):
    model: RecordListModel[tuple[int, str]] = RecordListModel([
        ListColumn("n", lambda r: str(r[0])),
        ListColumn("s", lambda r: r[1], lambda r: "#c62828" if r[0] else None),
    ])
    model.set_records([(0, "a"), (1, "b")])
    qtmodeltester.check(model, force_py=True)
    assert model.data(model.index(1, 1)) == "b"
