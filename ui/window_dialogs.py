"""The station window's dialogs that load and act through the operations: the outbox (waiting
and refused entries), the print queue and the settings (with enrolling this PC). Their texts
are the window's (translation context "MainWindow")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui import msgbox, operations, services
from ui.dialogs.outbox import OutboxDialog
from ui.dialogs.print_queue import PrintQueueDialog
from ui.dialogs.settings import SettingsDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def alive(widget: QWidget) -> bool:
    """False once Qt has deleted the widget (a dialog closed before its list arrived)."""
    return shiboken6.isValid(widget)


def open_outbox(window: MainWindow) -> None:
    dialog = OutboxDialog(window.ctx.station.settings.zone(), window, window.ctx.language)
    dialog.sync_now.clicked.connect(lambda: services.apply_sync(window.ctx))

    def show(entries: list[Any]) -> None:
        if alive(dialog):
            dialog.set_entries(entries, window.status.sync.text())

    def load() -> None:
        operations.outbox(window.ctx, dialog).success(show).run()
    dialog.sync_now.clicked.connect(load)

    def resend(event_ids: list[Any]) -> None:
        def sent(count: int) -> None:
            text = (QCoreApplication.translate(
                "MainWindow", "The refused entry goes to the call center again")
                if count == 1 else QCoreApplication.translate(
                    "MainWindow", "%1 refused entries go to the call center again").replace(
                    "%1", str(count)))
            window.statusBar().showMessage(text, 8000)
            services.apply_sync(window.ctx)
            if alive(dialog):
                load()
        operations.resend(window.ctx, dialog, event_ids).success(sent).run()
    dialog.resend_requested.connect(resend)
    # signal to signal: Qt drops the connection when the dialog is deleted
    window.sync_status_shown.connect(dialog.refresh_requested)
    dialog.refresh_requested.connect(load)
    load()
    window.open_dialog(dialog)


def open_print_queue(window: MainWindow, select: int | None = None) -> None:
    dialog = PrintQueueDialog(window.ctx.station.settings.zone(), window, window.ctx.language)
    window.print_queue_dialog = dialog
    window.ctx.print_bridge.job_changed.connect(dialog.refresh_requested)
    dialog.refresh_requested.connect(lambda: load_jobs(window, dialog))
    if window.ctx.print_queue is not None:
        dialog.retry_requested.connect(
            lambda job_id: operations.retry_job(window.ctx, dialog, job_id).success(
                lambda _r: load_jobs(window, dialog)).run())
        dialog.cancel_requested.connect(
            lambda job_id: operations.cancel_job(window.ctx, dialog, job_id).success(
                lambda _r: load_jobs(window, dialog)).run())
        dialog.answer_requested.connect(
            lambda job_id, came_out: operations.answer_job(
                window.ctx, dialog, job_id, came_out).success(
                lambda _r: load_jobs(window, dialog)).run())
    load_jobs(window, dialog, select)
    window.open_dialog(dialog)


def load_jobs(window: MainWindow, dialog: PrintQueueDialog, select: int | None = None) -> None:
    def show(jobs: list[Any]) -> None:
        if alive(dialog):
            dialog.set_jobs(jobs, window.status.printer.text())
            if select is not None:
                dialog.select_job(select)
    operations.print_jobs(window.ctx, dialog).success(show).run()


def show_settings(window: MainWindow, values: dict[str, Any]) -> None:
    dialog = SettingsDialog(values, window.ctx.language, window)
    operations.list_ports(window.ctx, dialog).success(dialog.set_ports).failure(
        lambda e: None).run()

    def found(printers: list[Any]) -> None:
        if alive(dialog):  # the search may end after the dialog was closed
            dialog.set_found(printers)
    dialog.find_printer_requested.connect(
        lambda: operations.find_printer(window.ctx, dialog, dialog.port_value()).success(
            found).failure(lambda exc: found([])).run())
    dialog.test_print_requested.connect(
        lambda: operations.test_print(window.ctx, dialog).success(
            lambda job: window.statusBar().showMessage(
                QCoreApplication.translate("MainWindow", "Test page sent (job %1)").replace(
                    "%1", str(job)), 5000)).run())

    def saved(values: dict[str, Any]) -> None:
        dialog.saved()
        window.apply_settings(values)

    def save(new_values: dict[str, Any], token: str) -> None:
        operations.save_settings(window.ctx, dialog, new_values, token).success(saved).failure(
            lambda exc: settings_failed(dialog, exc)).run()
    dialog.save_requested.connect(save)
    dialog.enrol_requested.connect(lambda *args: enrol(window, dialog, *args))
    window.open_dialog(dialog)


def enrol(window: MainWindow, dialog: SettingsDialog, server_url: str, station_code: str,
          code: str, device_name: str) -> None:
    def done(pc: operations.EnrolledPc) -> None:
        dialog.enrolled(pc.device_name, pc.token)
        window.apply_settings(pc.settings)
    operations.enrol_pc(window.ctx, dialog, server_url, station_code, code,
                        device_name).success(done).failure(
        lambda exc: dialog.enrol_failed(msgbox.error_text(exc))).run()


def settings_failed(dialog: SettingsDialog, exc: BaseException) -> None:
    field = getattr(exc, "field", "")
    if field:
        dialog.show_errors({field: msgbox.error_text(exc)})
    else:
        msgbox.error(dialog, exc)
