"""The parts of a support zip both commands write: `write_zip` (log files, versions and JSON
parts; every text passes through `logs.redact`), the versions, settings without secrets and the
`--output` argument. The station's own parts are in `station_app.diagnostics`."""

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
from typing import Any

from common import logs
from common.version import VERSION

PACKAGES = ("PySide6-Essentials", "PySide6-Addons", "shiboken6", "peewee", "reportlab",
            "pyserial", "pydantic", "platformdirs", "fastapi", "starlette", "uvicorn", "httpx",
            "anyio", "certifi", "psycopg2-binary", "pillow")
_SECRET_KEYS = ("token", "password", "secret")


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
