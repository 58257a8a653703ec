"""The timeline shows every time in the station's zone, the appointment's too."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from station_app import wire
from station_app.order_detail import SyncMark, TimelineEntry
from ui.timeline import TimelineColumn, TimelineModel

pytestmark = pytest.mark.gui


def test_appointment_time_is_local(qtbot, qtmodeltester) -> None:  # noqa: ARG001
    at = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)
    event = wire.Event(
        id=uuid.uuid4(), order_id=uuid.uuid4(), type="appointment_booked", occurred_at=at,
        recorded_at=at, author="王会计", station_code="34101",
        payload={"appointment_at": "2026-11-25T09:25:00Z"},
    )
    model = TimelineModel(ZoneInfo("Asia/Shanghai"))
    model.set_entries([TimelineEntry(event, SyncMark.WAITING, None, "local", False)])
    qtmodeltester.check(model)
    display = Qt.ItemDataRole.DisplayRole
    assert model.data(model.index(0, TimelineColumn.TIME), display).startswith("11-25 09:30")
    assert "2026-11-25 17:25" in model.data(model.index(0, TimelineColumn.DETAILS), display)
