"""The audit list of a big day: the console shows the first page at once and loads the next
pages as the reviewer scrolls; an order opened from deep in the list shows its timeline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.seed_callcenter_day import seed_day
from tests.support.callcenter_server import CallCenterServer

ORDERS = 1000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CallCenterServer]:
    seeded = seed_day(str(tmp_path / "callcenter.sqlite3"), stations=30, orders=ORDERS)
    with CallCenterServer.sqlite(tmp_path, fallback_poll=0.2) as s:
        s.seeded_day = seeded
        yield s


def test_the_list_loads_page_by_page_as_the_reviewer_scrolls(open_console, server, qtbot):
    window = open_console(server.seeded_day.reviewer)
    audit = window.audit
    model = audit.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=20_000)
    assert model.rowCount() == 200 and model.total == ORDERS  # one page, not the day
    assert audit.count.text() == f"{ORDERS} orders"
    qtbot.waitUntil(lambda: audit.current() is not None, timeout=10_000)
    pages = [model.rowCount()]
    while model.rowCount() < ORDERS:
        before = model.rowCount()
        audit.table.scrollToBottom()
        qtbot.waitUntil(lambda b=before: model.rowCount() > b, timeout=20_000)
        pages.append(model.rowCount())
    assert pages == [200, 400, 600, 800, 1000]
    assert model.complete and not model.canFetchMore()
    rows = model.items()
    assert len({r.id for r in rows}) == ORDERS
    keys = [(r.done_at, r.business_no) for r in rows]
    assert keys == sorted(keys)

    last = rows[-1]
    audit.table.selectRow(ORDERS - 1)
    qtbot.waitUntil(lambda: audit.current() is not None
                    and audit.current().order.id == last.id, timeout=10_000)
    assert audit.detail.timeline.rowCount() >= 7
    assert audit.panel.phone.text() == last.customer_phone
