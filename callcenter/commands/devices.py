"""`callcenter devices STATION [--json]`: a station's PCs, their last contact and version."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("station", metavar="STATION", help="the station's 5-digit code")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _when(at: object) -> str:
    from datetime import datetime

    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if isinstance(at, datetime) else "-"


def run(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from callcenter import devices
    from callcenter.commands.common import open_database

    open_database(args.db)
    rows = devices.devices(args.station)
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2, default=str))
        return 0
    print("device        name                  last contact         version   state")
    for r in rows:
        state = f"revoked {_when(r.revoked_at)}" if r.revoked_at else "active"
        print(f"{r.id:<13} {r.name:<21} {_when(r.last_seen_at):<20} {r.version or '-':<9} "
              f"{state}")
    return 0
