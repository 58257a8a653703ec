"""The station's support zip, `station_zip`: the shared parts (`common.diagnostics.write_zip`)
plus the station's status, settings without the token, schema, printer profile and last jobs, and
whether the bundled font, translations and sounds are where the program looks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from common import logs
from common.diagnostics import without_secrets, write_zip

if TYPE_CHECKING:
    from station_app.station import Station
    from station_app.sync_status import SyncStatus

RECENT_PRINT_JOBS = 20


def station_zip(station: Station, path: Path, extra: dict[str, Any] | None = None) -> Path:
    """The zip for ``station``; ``extra`` adds parts only a running window knows."""
    return write_zip(path, logs.log_dir(station.data_dir), {
        "status": status_report(station, outbox=True),
        "settings": {**without_secrets(station.settings.all()),
                     "token": "(set)" if station.token() else "(not set)"},
        "schema": _schema(station),
        "printer": _printer(station),
        "resources": resources_found(),
        "data_folder": {"path": str(station.data_dir),
                        "files": sorted(p.name for p in station.data_dir.iterdir())},
        **(extra or {}),
    })


def _schema(station: Station) -> dict[str, int]:
    from station_app.store import SCHEMA_VERSION

    found = station.store.db.execute_sql("PRAGMA user_version").fetchone()[0]
    return {"database": int(found), "program": SCHEMA_VERSION}


def _printer(station: Station) -> dict[str, Any]:
    from station_app.store import PrintJob

    jobs = (PrintJob.select(PrintJob.id, PrintJob.form, PrintJob.state, PrintJob.attempts,
                            PrintJob.last_error, PrintJob.updated_at)
            .order_by(PrintJob.id.desc()).limit(RECENT_PRINT_JOBS))
    return {
        "profile": station.settings.get("printer"),
        "last_jobs": [{"id": j.id, "form": j.form, "state": j.state, "attempts": j.attempts,
                       "last_error": j.last_error, "updated_at": j.updated_at.isoformat()}
                      for j in jobs],
    }


def resources_found() -> dict[str, Any]:
    """Each bundled file the program needs, and whether it is there (Qt-free: by path)."""
    import resources

    root = Path(resources.__file__).resolve().parent
    wanted = ["fonts/wqy-microhei-subset.ttf", "sounds/new_order.wav", "sounds/rescue.wav",
              "translations/station_zh_CN.qm", "translations/console_zh_CN.qm",
              "icons/station.svg"]
    return {"folder": str(root), "files": {name: (root / name).is_file() for name in wanted}}


def status_report(station: Station, *, outbox: bool, status: SyncStatus | None = None
                  ) -> dict[str, Any]:
    """What `station-app status --json` prints; the support zip holds the same."""
    status = status or station.sync_status()
    data: dict[str, Any] = {
        "station_code": station.code,
        "link": status.link.value,
        "events_waiting": status.events_waiting,
        "oldest_waiting_at": _iso(status.oldest_waiting_at),
        "oldest_waiting_age_s": (status.oldest_waiting_age.total_seconds()
                                 if status.oldest_waiting_age is not None else None),
        "events_rejected": status.events_rejected,
        "last_success_at": _iso(status.last_success_at),
        "last_error": status.last_error_en,
        "last_error_zh": status.last_error_zh,
        "clock_offset_ms": status.clock_offset_ms,
        "clock_warning": status.clock_warning,
        "cursor": status.cursor,
    }
    if outbox:
        data["outbox"] = [
            {"event_id": str(e.event_id), "business_no": e.business_no, "type": e.type,
             "state": e.state, "reason": e.why.wire() if e.why else None,
             "attempts": e.attempts,
             "recorded_at": _iso(e.recorded_at)} for e in station.outbox()
        ]
    return data


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
