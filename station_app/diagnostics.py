"""The support zips: `write_zip` (log files, versions and JSON parts; both commands) and
`station_zip` (the station's status, settings without the token, schema, printer profile and
last jobs, and whether the bundled font, translations and sounds are where the program looks).
Every text that goes in passes through `logs.redact`."""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import sys
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_app import logs
from station_app.version import VERSION

if TYPE_CHECKING:
    from station_app.station import Station
    from station_app.sync_status import SyncStatus

PACKAGES = ("PySide6-Essentials", "PySide6-Addons", "shiboken6", "peewee", "reportlab",
            "pyserial", "pydantic", "platformdirs", "fastapi", "starlette", "uvicorn", "httpx",
            "anyio", "certifi", "psycopg2-binary", "pillow")
_SECRET_KEYS = ("token", "password", "secret")
RECENT_PRINT_JOBS = 20


def versions() -> dict[str, Any]:
    packages: dict[str, str] = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "not installed"
    return {
        "station_desk": VERSION,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "frozen": bool(getattr(sys, "frozen", False)),
        "sqlite": sqlite3.sqlite_version,
        "packages": packages,
    }


def without_secrets(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with every key that names a secret replaced by whether it was set."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if any(word in key.lower() for word in _SECRET_KEYS):
            out[key] = "(set)" if value else "(not set)"
        elif isinstance(value, Mapping):
            out[key] = without_secrets(value)
        else:
            out[key] = value
    return out


def default_name(prefix: str) -> str:
    return f"{prefix}-diagnostics-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.zip"


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    """`--output ZIP` of both `diagnostics` commands."""
    parser.add_argument("--output", "-o", type=Path, metavar="ZIP",
                        help="where to write the zip (default: a dated file in the current "
                        "folder) / 诊断包保存位置")


def output_path(args: argparse.Namespace, prefix: str) -> Path:
    return Path(args.output) if args.output else Path.cwd() / default_name(prefix)


def write_zip(path: Path, log_folder: Path, parts: Mapping[str, Any]) -> Path:
    """One zip: ``logs/*`` from ``log_folder``, and each of ``parts`` as ``name.json``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, value in {"versions": versions(), **parts}.items():
            text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
            zf.writestr(f"{name}.json", logs.redact(text))
        if log_folder.is_dir():
            for file in sorted(log_folder.iterdir()):
                if file.is_file():
                    text = file.read_text(encoding="utf-8", errors="replace")
                    zf.writestr(f"logs/{file.name}", logs.redact(text))
    tmp.replace(path)
    return path


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
