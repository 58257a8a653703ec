"""The shared order timeline as the call center sees it: station times corrected for the
station's clock offset, marked ± where the clock was off by more than 2 minutes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt

from station_app import wire
from station_app.order_detail import SyncMark, TimelineEntry
from ui.console import texts
from ui.timeline import Index as _Index
from ui.timeline import TimelineColumn, TimelineModel

CLOCK_MARK = "±"


def entries(events: Sequence[wire.Event], late_ids: Sequence[UUID]) -> list[TimelineEntry]:
    """Timeline entries of a server's order: station facts delivered (or late), call center
    actions from the call center; in the order they happened (corrected)."""
    late = set(late_ids)
    out = []
    for e in sorted(events, key=texts.corrected):
        if e.station_code is None:
            mark = SyncMark.FROM_SERVER
        else:
            mark = SyncMark.LATE if e.id in late else SyncMark.DELIVERED
        out.append(TimelineEntry(event=e, sync=mark, why=None, origin="server",
                                 late_in_fold=e.id in late))
    return out


class CorrectedTimelineModel(TimelineModel):
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (index.isValid() and index.column() == TimelineColumn.TIME
                and 0 <= index.row() < self.rowCount()):
            event = self.entry(index.row()).event
            if role == Qt.ItemDataRole.DisplayRole:
                text = texts.corrected(event).astimezone(self._zone).strftime("%m-%d %H:%M")
                if texts.clock_was_off(event):
                    text += f" {CLOCK_MARK}"
                return text + (" *" if event.is_backdated else "")
            if role == Qt.ItemDataRole.ToolTipRole and texts.clock_was_off(event):
                base = super().data(index, role) or ""
                minutes = (event.clock_offset_ms or 0) / 60000
                note = self.tr("Station clock off by %1 min; time corrected").replace(
                    "%1", f"{minutes:+.1f}")
                return f"{note}\n{base}"
        return super().data(index, role)
