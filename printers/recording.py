"""What the station records once a form really came out: `form_printed`, with its copy number,
for the reviewer's audit. Installed as the queue's ``on_confirmed``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from printers.jobs import JobInfo
from station_app.domain.events import EventType, FormName


def form_printed_recorder(station: Any) -> Callable[[JobInfo], None]:
    """A callback recording `form_printed` on the job's order (test pages are not forms)."""

    def record(job: JobInfo) -> None:
        if job.order_id is None:
            return
        try:
            form = FormName(job.form)
        except ValueError:
            return
        station.record(job.order_id, EventType.FORM_PRINTED,
                       {"form": form.value, "copy_number": job.copy_number,
                        "medium": "receipt"})
    return record


def printer_setting_saver(station: Any, key: str) -> Callable[[bool], None]:
    """A callback storing in the station's printer settings what was learnt about the printer
    — whether it answers status (``answers_status``, found by a test print or any job, so a
    later silence means "not printed"), whether it answers `GS r` after a job
    (``confirms_end``)."""

    def save(value: bool) -> None:
        printer = dict(station.settings.get("printer") or {})
        if printer.get(key) is not value and printer.get("port"):
            printer[key] = value
            station.set_settings({"printer": printer})
    return save
