"""`callcenter enrol-code STATION [--minutes 30]`: a one-time code for a station's new PC."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("station", metavar="STATION", help="the station's 5-digit code")
    parser.add_argument("--minutes", type=int, default=30,
                        help="how long the code works (default 30; it works once)")


def run(args: argparse.Namespace) -> int:
    from callcenter import devices
    from callcenter.commands.common import open_database

    open_database(args.db)
    issued = devices.issue_code(args.station, args.minutes)
    local = issued.expires_at.astimezone().strftime("%Y-%m-%d %H:%M")
    print(issued.code)
    print(f"enrolment code for station {issued.station_code}: type it at the new PC "
          f"(station-app enrol); works once, until {local}")
    print(f"服务站{issued.station_code}的设备注册码:在新电脑上输入(station-app enrol);"
          f"仅可使用一次,有效至{local}")
    return 0
