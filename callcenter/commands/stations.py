"""`callcenter stations`: list the registered stations and their active token ids."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from callcenter import admin
    from callcenter.commands.common import open_database

    open_database(args.db)
    rows = admin.stations()
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        tokens = ", ".join(r.active_tokens) or "-"
        print(f"{r.code}  {r.name}  {r.address}  {r.phone}  tokens: {tokens}")
    return 0
