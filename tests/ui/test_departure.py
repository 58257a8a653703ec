"""Departure (F7) asks who goes, suggesting the names used last; the job sheet and the
completion report take them; the parts fee follows the parts table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

import forms
from forms.document import Fields
from forms.station import StationInfo
from station_app.domain.events import EventType, FormName
from tests.ui import seed
from tests.ui.test_window import ok, open_order, press
from ui.dialogs.completion import CompletionDialog
from ui.dialogs.departure import DepartureDialog


def job_sheet_field(station, oid, label: str) -> str:
    detail = station.order(oid)
    doc = forms.build(FormName.JOB_SHEET, detail.order, [e.event for e in detail.timeline],
                      StationInfo(name="合肥北城服务站", erp_code=seed.CODE),
                      printed_at=station.now(), tz=station.settings.zone())
    rows = {r.label: r.value for b in doc.blocks if isinstance(b, Fields) for r in b.rows}
    return rows[label]


def test_departure_asks_who_goes_and_the_forms_take_the_names(qtbot, window, station, english):
    earlier = seed.issue(station, "rescue", business_no="RS-DEP-0")
    station.record(earlier, EventType.RECEIVED, {})
    station.record_departed(earlier, ["王师傅", "李工"])
    oid = seed.issue(station, "rescue", business_no="RS-DEP-1")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened, timeout=5000) as opened:
        press(qtbot, window, Qt.Key.Key_F7)
    dialog = opened.args[0]
    assert isinstance(dialog, DepartureDialog)
    assert dialog.technicians.text() == "王师傅、李工"  # the last team, offered first
    assert [c.text() for c in dialog.findChildren(QPushButton, "recentTechnician")] == [
        "王师傅", "李工"]
    dialog.technicians.setText("")
    dialog.accept()  # nobody named: refused at the field, nothing recorded
    assert dialog.isVisible() and "at least one name" in dialog.errors.shown()["technicians"]
    dialog.technicians.setText("张工")
    dialog.chips[1].click()  # 李工 goes too
    assert dialog.names() == ["张工", "李工"]
    with qtbot.waitSignal(window.orders.recorded, timeout=5000) as recorded:
        ok(dialog)
    event = recorded.args[0]
    assert event.type is EventType.DEPARTED and event.payload["technicians"] == ["张工", "李工"]
    assert job_sheet_field(station, oid, "服务人员") == "张工、李工"

    qtbot.waitUntil(lambda: any(e.event.type is EventType.DEPARTED
                                for e in window.orders.detail.timeline), timeout=5000)
    station.record(oid, EventType.ARRIVED, {})
    qtbot.waitUntil(lambda: any(e.event.type is EventType.ARRIVED
                                for e in window.orders.detail.timeline), timeout=5000)
    with qtbot.waitSignal(window.orders.dialog_opened, timeout=5000) as opened:
        press(qtbot, window, Qt.Key.Key_F9)
    completion = opened.args[0]
    assert isinstance(completion, CompletionDialog)
    assert completion.technicians.text() == "张工、李工"
    completion.add_part("燃油泵继电器", "1104010-K00", "2", True, "19")
    parts_fee = completion.fees["fees_in_warranty"]["parts"]
    assert parts_fee.value() == 38.0 and parts_fee.isReadOnly()
    assert not completion.fees["fees_out_of_warranty"]["parts"].isReadOnly()
    completion.reject()


def test_the_next_departure_offers_the_team_that_went_last(qtbot, window, station, english):
    first = seed.issue(station, "rescue", business_no="RS-DEP-2")
    station.record(first, EventType.RECEIVED, {})
    station.record_departed(first, ["赵师傅"])
    oid = seed.issue(station, "rescue", business_no="RS-DEP-3")
    open_order(qtbot, window, oid)
    with qtbot.waitSignal(window.orders.dialog_opened, timeout=5000) as opened:
        press(qtbot, window, Qt.Key.Key_F7)
    dialog = opened.args[0]
    assert dialog.technicians.text() == "赵师傅"
    with qtbot.waitSignal(window.orders.recorded, timeout=5000):
        qtbot.keyClick(dialog.technicians, Qt.Key.Key_Return)  # Enter takes the offered team
    assert station.order(oid).timeline[-1].event.payload["technicians"] == ["赵师傅"]
