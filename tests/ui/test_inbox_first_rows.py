"""A new filter or search shows its first screenful at once, then the whole list joins it
below those rows: nothing on screen moves, the selection stays."""

from __future__ import annotations

from station_app.orders_query import OrderFilter
from tests.ui import seed
from tests.ui.conftest import wait_idle
from ui.inbox_model import Column, InboxModel
from ui.inbox_view import InboxView
from ui.sla_badge import SecondTicker


def test_first_screenful_then_the_whole_list(qtbot, ctx, station):
    seed.bulk_seed(station, 300, open_share=0)
    model = InboxModel(ctx)
    view = InboxView(model, SecondTicker())
    qtbot.addWidget(view)
    model.screen_rows = 20
    seen: list[tuple[str, int]] = []
    model.first_rows_loaded.connect(lambda rows: seen.append(("first", model.rowCount())))
    model.loaded.connect(lambda rows: seen.append(("all", rows)))
    model.rowsInserted.connect(lambda _p, first, last: seen.append(("inserted", first, last)))
    with qtbot.waitSignal(model.first_rows_loaded, timeout=10_000):
        model.set_query(OrderFilter.ALL, "")
    assert model.rowCount() == 20
    assert view.count_label.text().startswith("20+")
    assert all(model.is_loaded(r) for r in range(20))
    assert model.data(model.index(0, Column.BUSINESS_NO)) == "BK000000299"  # newest first
    picked = model.order_id(5)
    assert view.select_order(picked)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        pass
    assert seen == [("first", 20), ("inserted", 20, 299), ("all", 300)]
    assert list(model._ids) == list(station.order_ids(OrderFilter.ALL, ""))
    assert view.current_order() == picked and view.table.currentIndex().row() == 5
    assert view.count_label.text().startswith("300")
    # rows below the first screenful load when they are looked at
    assert model.data(model.index(250, Column.BUSINESS_NO)) == "…"
    with qtbot.waitSignal(model.dataChanged, timeout=5000):
        pass
    assert model.data(model.index(250, Column.BUSINESS_NO)) == "BK000000049"
    wait_idle(qtbot, ctx)


def test_a_short_list_comes_in_one_go(qtbot, ctx, station):
    for i in range(3):
        seed.issue(station, "dispatch", business_no=f"HF-S{i}", customer=i)
    model = InboxModel(ctx)
    model.screen_rows = 20
    firsts: list[int] = []
    model.first_rows_loaded.connect(firsts.append)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query(OrderFilter.ALL, "")
    assert model.rowCount() == 3 and firsts == []
    wait_idle(qtbot, ctx)


def test_a_newer_query_wins_over_the_rest_of_an_older_list(qtbot, ctx, station):
    seed.bulk_seed(station, 200, open_share=0)
    model = InboxModel(ctx)
    model.screen_rows = 10
    with qtbot.waitSignal(model.first_rows_loaded, timeout=10_000):
        model.set_query(OrderFilter.ALL, "")
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query(OrderFilter.ALL, "bk000000007")  # before the whole list arrived
    wait_idle(qtbot, ctx)
    assert model.rowCount() == 1  # the older list, arriving late, did not replace it
    assert model.data(model.index(0, Column.BUSINESS_NO)) == "BK000000007"


def test_a_selection_below_the_first_rows_is_kept(qtbot, ctx, station):
    seed.bulk_seed(station, 200, open_share=0)
    model = InboxModel(ctx)
    view = InboxView(model, SecondTicker())
    qtbot.addWidget(view)
    model.screen_rows = 10
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query(OrderFilter.ALL, "")
    picked = model.order_id(150)
    assert view.select_order(picked)
    told: list[object] = []
    view.order_selected.connect(told.append)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query(OrderFilter.CLOSED, "bk")  # the same orders, a new query
    assert model.rowCount() == 200
    assert view.current_order() == picked and view.table.currentIndex().row() == 150
    assert told == []  # the detail pane was not cleared in between
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_query(OrderFilter.ALL, "bk000000003")  # 3, 30…39: not the picked one
    assert view.current_order() is None and told == [None]
    wait_idle(qtbot, ctx)
