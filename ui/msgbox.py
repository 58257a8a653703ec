"""Every message box of the application goes through here, so tests patch one module
(qutebrowser's misc/msgbox.py). Errors meant for the user carry English and Chinese text; the
box shows the one of the current interface language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from common.errors import UserError
from common.refusal import Refusal
from station_app.domain.errors import DomainError

log = logging.getLogger(__name__)

_language = "zh_CN"


def set_language(language: str) -> None:
    """The language user errors are shown in (en or zh_CN)."""
    global _language
    _language = language


def refusal_text(why: Refusal) -> str:
    """A call center's or the core's reason, in the interface language."""
    return why.text(_language)


def error_text(exc: BaseException) -> str:
    """What the user reads about ``exc``: its own words for our errors, a plain line otherwise."""
    if isinstance(exc, UserError | DomainError):
        return exc.message(_language)
    log.error("unexpected error", exc_info=exc)
    return QCoreApplication.translate(
        "msgbox", "Something went wrong: %1").replace("%1", f"{type(exc).__name__}: {exc}")


def information(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Show an error raised by an operation (and log it: support reads what the clerk saw)."""
    if isinstance(exc, UserError | DomainError):
        log.warning("refused: %s", exc.en)
    QMessageBox.warning(
        parent, title or QCoreApplication.translate("msgbox", "Cannot do that"), error_text(exc)
    )


def ask(parent: QWidget | None, title: str, text: str, default_yes: bool = False) -> bool:
    """A yes/no question; True for yes."""
    default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, default,
    )
    return answer == QMessageBox.StandardButton.Yes


def confirm(parent: QWidget | None, name: str, title: str, text: str, do_text: str) -> bool:
    """Ask before a deliberate act: the button that does it says what it does (``do_text``),
    Cancel is the default, so an Enter pressed once too often does nothing. The box is named
    ``name`` (tests and screenshots find it by that)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName(name)
    do = box.addButton(do_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is do
