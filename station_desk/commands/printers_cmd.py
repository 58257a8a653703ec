"""`station-app printers`: list the machine's serial ports, to choose the receipt printer's."""

from __future__ import annotations

import argparse
import json


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON list, for scripts")


def run(args: argparse.Namespace) -> int:
    from printers.serial_port import list_ports

    ports = list_ports()
    if args.json:
        print(json.dumps([vars(p) for p in ports], ensure_ascii=False))
        return 0
    if not ports:
        print("no serial ports found (未找到串口); a USB adapter shows up once plugged in")
        return 0
    width = max(len(p.device) for p in ports)
    for p in ports:
        print(f"{p.device:<{width}}  {p.description}  {p.hwid}".rstrip())
    return 0
