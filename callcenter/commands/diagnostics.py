"""`callcenter diagnostics`: one zip for support — the service's log files, versions, the
database (where, kind, schema; no password) and the stations registered (no token)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from common import diagnostics

    diagnostics.add_output_argument(parser)


def run(args: argparse.Namespace) -> int:
    from common import diagnostics, logs

    out = diagnostics.output_path(args, "callcenter")
    path = diagnostics.write_zip(out, logs.log_dir(_folder(args.db)), {
        "database": _database(args.db),
    })
    print(f"diagnostics written 诊断包已保存: {path}")
    return 0


def _folder(url: str | None) -> Path:
    from callcenter import db

    return db.data_folder(url)


def _database(url: str | None) -> dict[str, Any]:
    from dataclasses import asdict

    from callcenter import admin, db
    from callcenter.commands.common import open_database, redacted
    from callcenter.models import SCHEMA_VERSION, Meta_

    info: dict[str, Any] = {
        "url": redacted(url) if url else str(db.default_sqlite_path()),
        "kind": "postgresql" if url and db.is_postgres(url) else "sqlite",
        "program_schema": SCHEMA_VERSION,
    }
    try:
        open_database(url)
        row = Meta_.get_or_none(Meta_.key == "schema_version")
        info["database_schema"] = int(row.value) if row else None
        info["stations"] = [{k: v for k, v in asdict(s).items() if k != "active_tokens"}
                            | {"active_token_ids": len(s.active_tokens)}
                            for s in admin.stations()]
    except Exception as exc:  # noqa: BLE001 - a broken database is what support must see
        info["error"] = f"{type(exc).__name__}: {exc}"
    return info
