"""An operation whose widget was deleted while the work ran delivers nothing to it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel

from ui.operations import Operation

pytestmark = pytest.mark.gui


def test_result_for_a_deleted_widget_is_dropped(qtbot, ctx) -> None:
    label = QLabel()
    release = threading.Event()
    delivered: list[object] = []

    def work() -> str:
        release.wait(10)
        return "done"

    def show(text: str) -> None:
        delivered.append(text)
        label.setText(text)  # would raise "Internal C++ object already deleted"

    Operation(ctx, label, work).success(show).run()
    label.deleteLater()
    qtbot.waitUntil(lambda: not _alive(label), timeout=5_000)
    release.set()
    qtbot.waitUntil(lambda: ctx.runner.pending == 0, timeout=5_000)
    assert delivered == []


def test_result_for_a_live_widget_is_delivered(qtbot, ctx) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    Operation(ctx, label, lambda: "done").success(label.setText).run()
    qtbot.waitUntil(lambda: label.text() == "done", timeout=5_000)


def _alive(widget: QLabel) -> bool:
    import shiboken6

    return shiboken6.isValid(widget)
