"""Answering the console's modal dialogs from a test: wait until the named dialog is the active
modal window, then fill it in and press its buttons (as the reviewer does)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMessageBox, QWidget


def answer(name: str, act: Callable[[QDialog], None], tries: int = 200) -> list[str]:
    """When the dialog ``name`` opens, run ``act`` on it; the list returned gets its name."""
    seen: list[str] = []

    def poll(left: int = tries) -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, QDialog) and w.objectName() == name:
            seen.append(name)
            act(w)
        elif left:
            QTimer.singleShot(50, lambda: poll(left - 1))

    QTimer.singleShot(0, poll)
    return seen


def press_ok(dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def press_do(box: QDialog) -> None:
    """Press the button that does the act (not Cancel)."""
    assert isinstance(box, QMessageBox)
    do = next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.AcceptRole)
    do.click()


def press_cancel(box: QDialog) -> None:
    assert isinstance(box, QMessageBox)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()


class Answers:
    """Answer modal windows as they open; each answer polls with a timer object of its own
    (kept here, so none is deleted while the nested loop an answer opens is running — and a
    timer does not fire again while its own slot runs, so one timer cannot answer the box the
    previous answer opened)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._timers: list[QTimer] = []

    def __call__(self, name: str, act: Callable[[QDialog], None]) -> list[str]:
        timer = QTimer()
        timer.setInterval(30)

        def poll() -> None:
            w = QApplication.activeModalWidget()
            if isinstance(w, QDialog) and w.objectName() == name:
                timer.stop()
                self.seen.append(name)
                act(w)
        timer.timeout.connect(poll)
        timer.start()
        self._timers.append(timer)
        return self.seen

    def stop(self) -> None:
        for timer in self._timers:
            timer.stop()
