"""`station-app`: the station's command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from station_app import commandline

COMMANDS: commandline.Commands = {}


def _globals(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        help="folder with the station's data (default: the platform's data folder, "
        "or $STATION_DESK_DATA_DIR)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = commandline.build_parser(
        "station-app",
        "Station Desk — the service station's counter application "
        "(服务站派工接收、联系记录、打印与同步).",
        COMMANDS,
        _globals,
    )
    return commandline.run(parser, COMMANDS, argv)


if __name__ == "__main__":
    sys.exit(main())
