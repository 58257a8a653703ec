"""`station-app enrol --server URL --station CODE [--name NAME] ENROLMENT-CODE`: set this PC up
as one of the station's devices with the one-time code the call center gave."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="ENROLMENT-CODE",
                        help="the one-time code from the call center (e.g. K7QX-M2PA)")
    parser.add_argument("--server", required=True, help="the call center's address (https://…)")
    parser.add_argument("--station", required=True, help="the station's 5-digit ERP code")
    parser.add_argument("--name", default="", help="this PC's name, e.g. 前台 (front desk)")


def run(args: argparse.Namespace) -> int:
    from station_app.enrolment import enrol
    from station_app.station import Station

    with Station.open(args.data_dir) as station:
        done = enrol(station, args.server, args.station, args.code, args.name)
    print(f"this PC is device {done.device_id} ({done.device_name}) of station "
          f"{done.station_code}; it fetches the station's orders at its first sync")
    print(f"本机已注册为服务站{done.station_code}的设备{done.device_id}({done.device_name}),"
          "首次同步时将取回本站工单")
    return 0
