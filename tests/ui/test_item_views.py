"""The tables handle each event inside one entry into Python, so a busy worker thread cannot make
every cell of a paint, or every header section sized after a reset, wait for the interpreter
lock (ui/item_views.py says why)."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

from ui.item_views import TableView

ROOT = Path(__file__).resolve().parents[2]
# Views that paint from a model; the *Widget classes paint C++ items and need no Python.
PLAIN_VIEWS = {"QTableView", "QTreeView", "QListView", "QColumnView", "QHeaderView"}


class Cells(QAbstractTableModel):
    rows = 1000

    def grow(self) -> None:
        self.beginResetModel()
        self.rows += 1
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row()}-{index.column()}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return f"H{section}" if role == Qt.ItemDataRole.DisplayRole else None


def entries_into_python(paint: Callable[[], None]) -> tuple[int, int]:
    """(Python frames entered straight from C++ during ``paint``, model calls among all frames)."""
    caller = sys._getframe()
    direct = model_calls = 0

    def hook(frame: Any, event: str, arg: Any) -> None:
        nonlocal direct, model_calls
        if event != "call":
            return
        if frame.f_code.co_name in ("data", "headerData", "rowCount", "columnCount"):
            model_calls += 1
        if frame.f_back is caller and frame.f_code.co_name != "__call__":  # enum conversions
            direct += 1
    sys.setprofile(hook)
    try:
        paint()
    finally:
        sys.setprofile(None)
    return direct, model_calls


def shown(view: QTableView, qtbot: Any) -> QTableView:
    qtbot.addWidget(view)
    view.setModel(Cells(view))
    view.resize(700, 500)
    with qtbot.waitExposed(view):
        view.show()
    return view


def test_a_paint_is_one_entry_into_python(qtbot: Any) -> None:
    view = shown(TableView(), qtbot)
    direct, model_calls = entries_into_python(view.viewport().repaint)
    assert model_calls > 100  # the screenful was really painted from the model
    assert direct == 1        # ...from inside the one paintEvent call

    header = view.horizontalHeader()
    direct, model_calls = entries_into_python(header.viewport().repaint)
    assert model_calls >= 6 and direct == 1


def test_a_reset_model_is_laid_out_in_one_entry_into_python(qtbot: Any, qapp: Any) -> None:
    view = shown(TableView(), qtbot)
    model = view.model()
    assert isinstance(model, Cells)
    model.grow()  # the headers size themselves again, then the rows are painted
    direct, model_calls = entries_into_python(qapp.processEvents)
    assert model_calls > 100 and direct <= 3


def test_a_plain_view_enters_python_for_every_cell(qtbot: Any) -> None:
    # What the measure above tells apart: Qt's own view calls the model once per entry.
    view = shown(QTableView(), qtbot)
    direct, model_calls = entries_into_python(view.viewport().repaint)
    assert direct == model_calls > 100


def test_headers_behave_like_qtableviews_own(qtbot: Any) -> None:
    view = shown(TableView(), qtbot)
    for header in (view.horizontalHeader(), view.verticalHeader()):
        assert header.sectionsClickable() and header.highlightSections()
    assert view.horizontalHeader().orientation() is Qt.Orientation.Horizontal
    assert view.verticalHeader().orientation() is Qt.Orientation.Vertical
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # a clickable header, as before


def test_every_view_in_ui_is_one_of_ours() -> None:
    found = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.name == "item_views.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            made = [node.func] if isinstance(node, ast.Call) else []
            bases = node.bases if isinstance(node, ast.ClassDef) else []
            for name in made + bases:  # QHeaderView.ResizeMode and the like are fine
                if isinstance(name, ast.Name) and name.id in PLAIN_VIEWS:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name.id}")
    assert found == [], "use ui.item_views.TableView instead of: " + ", ".join(found)
