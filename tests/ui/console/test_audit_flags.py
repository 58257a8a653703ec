"""The reviewer's flags in the console against a real call center: phone-entered, urged,
filled in afterwards and closed without callback show in the list rows and in the opened
order, and the flag filter is applied by the server."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from tests.callcenter.flows import flagged_orders
from tests.ui.console import seed
from ui.console import texts
from ui.console.audit_model import AuditColumn


def test_each_flag_is_in_its_row_and_opened_order_and_filters_on_the_server(
        open_console, server, qtbot):
    station = server.client(server.add_station("12345", "合肥北站"))
    reviewer_token = server.add_user("审核员", "reviewer")
    ids = flagged_orders(server, station, server.client(reviewer_token),
                         seed.local_day(1) + timedelta(hours=14))
    window = open_console(reviewer_token)
    audit = window.audit
    audit.state.setCurrentIndex(audit.state.findData("all"))  # one of them is closed
    qtbot.waitUntil(lambda: audit.model.rowCount() == 4, timeout=10_000)
    model = audit.model
    for flag, order_id in ids.items():
        row = model.row_of(UUID(order_id))
        listed = model.data(model.index(row, AuditColumn.FLAGS))
        assert texts.flag(flag) in listed, (flag, listed)
        others = [f for f in ids if f != flag]
        assert not any(texts.flag(f) in listed for f in others), (flag, listed)

    for flag, order_id in ids.items():
        audit.flag.setCurrentIndex(audit.flag.findData(flag))
        qtbot.waitUntil(lambda o=order_id: model.rowCount() == 1
                        and str(model.item(0).id) == o, timeout=10_000)
        assert model.total == 1  # the server's count of the filter: no other row matched
        qtbot.waitUntil(lambda o=order_id: audit.current() is not None
                        and str(audit.current().order.id) == o, timeout=10_000)
        assert texts.flag(flag) in audit.detail.flags.text()
    audit.flag.setCurrentIndex(audit.flag.findData(""))
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=10_000)
