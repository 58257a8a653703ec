"""Item views for models written in Python, handling each event inside one call into Python.

Qt asks a model for every role of every cell it paints: about 1,300 calls of `data()` for one
screenful of the inbox, and after a model reset the headers ask `headerData()` some 300 times
to size themselves. A plain view makes each of those a separate entry from C++ into Python,
and each entry must take the interpreter lock; while a worker thread runs Python (a query, a
sync batch), every one of those takes can wait up to the switch interval (5 ms), so one paint
became a stall of 100-300 ms. These views override ``event`` and ``viewportEvent``: whatever
an event makes Qt ask the model happens inside one entry, and PySide keeps the lock while
Qt's C++ runs, so the model's calls inside it cost no wait.

Every table in ui/ is one of these (tests/ui/test_item_views.py checks).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class HeaderView(QHeaderView):
    """A header that asks the model for its sections inside one entry into Python."""

    def event(self, event: QEvent) -> bool:
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        return super().viewportEvent(event)


class TableView(QTableView):
    """A table whose events (paint, layout, mouse) each ask the model inside one entry. With
    no rows it says why (`set_empty_text`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty = ""
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            header = HeaderView(orientation, self)
            header.setSectionsClickable(True)  # what QTableView gives its own headers
            header.setHighlightSections(True)
            if orientation is Qt.Orientation.Horizontal:
                self.setHorizontalHeader(header)
            else:
                self.setVerticalHeader(header)

    def event(self, event: QEvent) -> bool:
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        return super().viewportEvent(event)

    def set_empty_text(self, text: str) -> None:
        """What the table says while it has no rows (why it is empty, what to do)."""
        self._empty = text
        self.viewport().update()

    def empty_text(self) -> str:
        return self._empty

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        model = self.model()
        if self._empty and model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(16, 16, -16, -16),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                             | Qt.TextFlag.TextWordWrap, self._empty)
            painter.end()


class HoldingTableView(TableView):
    """A table that can be scrolled past its natural range by `hold_at`, so a row keeps its
    place on screen when rows arrive above it even while the list is too short to scroll; the
    extra room goes as soon as the user scrolls back up."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._held: int | None = None  # the scroll value kept reachable past the natural end
        self._natural = 0
        self._laying_out = 0
        # by pixel: by item, Qt aligns the last row to the bottom when the value is at the
        # maximum, which pushes a short list down instead of holding it
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    def updateGeometries(self) -> None:  # noqa: N802 (Qt's name)
        bar = self.verticalScrollBar()
        value = bar.value()
        self._laying_out += 1  # it can be re-entered (a scroll bar shown resizes the viewport)
        try:
            super().updateGeometries()  # sets the natural range, which may clamp the value
        finally:
            self._laying_out -= 1
        self._natural = bar.maximum()
        if self._held is not None and self._held > self._natural:
            bar.setMaximum(self._held)
            bar.setValue(value)

    def hold_at(self, value: int) -> None:
        """Scroll to ``value``, beyond the natural end if it must be."""
        bar = self.verticalScrollBar()
        value = max(0, value)
        self._held = value if value > self._natural else None
        bar.setMaximum(max(self._natural, value))
        bar.setValue(value)

    def _scrolled(self, value: int) -> None:
        if self._held is not None and not self._laying_out and value < self._held:
            self._held = None  # the user scrolled up: the room past the end goes
            self.verticalScrollBar().setMaximum(self._natural)
