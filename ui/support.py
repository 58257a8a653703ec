"""The Help menu's support pieces: the About dialog and "Save diagnostics for support…", which
writes the same zip as `station-app diagnostics` (off the GUI thread) plus what only the
running window knows: the printer's live state, the link, Qt's version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from common.diagnostics import default_name
from station_app import diagnostics
from ui import msgbox
from ui.context import AppContext
from ui.dialogs.about import AboutDialog, versions
from ui.operations import Operation


def about(ctx: AppContext, parent: QWidget) -> AboutDialog:
    dialog = AboutDialog(ctx.station.data_dir, parent)
    dialog.open()
    return dialog


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    """The file dialog (tests replace this one function)."""
    title = QCoreApplication.translate("support", "Save diagnostics for support")
    chosen, _ = QFileDialog.getSaveFileName(parent, title,
                                            str(suggested), "Zip (*.zip)")
    return Path(chosen) if chosen else None


def save_diagnostics(ctx: AppContext, parent: QWidget) -> int | None:
    """Ask where, then write the zip in the background; the task id, or None if cancelled."""
    path = ask_save_path(parent, Path.home() / default_name("station"))
    if path is None:
        return None
    live = _live(ctx)

    def done(written: Path) -> None:
        msgbox.information(
            parent, QCoreApplication.translate("support", "Diagnostics saved"),
            QCoreApplication.translate("support", "Send this file to support: %1")
            .replace("%1", str(written)))

    return Operation(ctx, parent,
                     lambda: diagnostics.station_zip(ctx.station, path, {"window": live})
                     ).success(done).run()


def _live(ctx: AppContext) -> dict[str, Any]:
    """Read on the GUI thread: the objects the window owns."""
    queue = ctx.print_queue
    return {
        "versions": versions(),
        "language": ctx.language,
        "printer": ({"name": queue.name, "state": queue.printer_state.state,
                     "message": queue.printer_state.message} if queue is not None
                    else "no printer configured"),
        "sync_worker": "running" if ctx.sync_worker is not None else "off",
    }
