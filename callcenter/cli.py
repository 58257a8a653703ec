"""`callcenter`: run the call center service and administer it (stations, users, tokens)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from station_app import commandline

COMMANDS: commandline.Commands = {}


def _globals(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="database URL: a SQLite path or sqlite:///PATH (default: a file in the platform "
        "data folder) or postgresql://user@host/dbname",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = commandline.build_parser(
        "callcenter",
        "Station Desk call center service: issues orders to service stations, receives their "
        "reports, audit and close (呼叫中心服务).",
        COMMANDS,
        _globals,
    )
    return commandline.run(parser, COMMANDS, argv)


if __name__ == "__main__":
    sys.exit(main())
