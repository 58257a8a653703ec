"""`callcenter revoke-device STATION DEVICE-ID`: one PC of a station stops; the others go on."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("station", metavar="STATION", help="the station's 5-digit code")
    parser.add_argument("device_id", metavar="DEVICE-ID", help="as `callcenter devices` lists it")


def run(args: argparse.Namespace) -> int:
    from callcenter import devices
    from callcenter.commands.common import open_database

    open_database(args.db)
    d = devices.revoke_device(args.station, args.device_id)
    print(f"revoked device {d.id} ({d.name}) of station {d.station_code}; its other PCs go on "
          f"/ 已撤销服务站{d.station_code}的设备{d.id}({d.name}),其他电脑不受影响")
    return 0
