"""`station-app`: the station's command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from common import commandline
from station_app import paths

COMMANDS: commandline.Commands = {
    "sync": ("station_desk.commands.sync_cmd", "sync with the call center (与呼叫中心同步)"),
    "status": ("station_desk.commands.status_cmd", "show the sync status (同步状态)"),
    "enrol": ("station_desk.commands.enrol_cmd",
              "set this PC up with the call center's one-time enrolment code (设备注册)"),
    "resend": ("station_desk.commands.resend_cmd",
               "send rejected events again once the cause is fixed (重发被拒绝的记录)"),
    "printers": ("station_desk.commands.printers_cmd", "list serial ports (列出串口)"),
    "print-test": ("station_desk.commands.print_test_cmd",
                   "print a test page on a receipt printer (打印测试页)"),
    "gui": ("station_desk.commands.gui_cmd", "open the station window (打开服务站窗口)"),
    "console": ("station_desk.commands.console_cmd",
                "open the call center console (打开呼叫中心控制台)"),
    "diagnostics": ("station_desk.commands.diagnostics_cmd",
                    "write one zip for support: logs, status, settings, versions "
                    "(导出诊断信息)"),
    "demo": ("station_desk.commands.demo_cmd",
             "the whole product on this machine: call center, station, virtual printer "
             "(一键演示)"),
}


def _globals(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        help="folder with the station's data (default: the platform's data folder, "
        "or $STATION_DESK_DATA_DIR)",
    )


def _log_folder(args: argparse.Namespace) -> Path:
    return paths.data_dir(args.data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    parser = commandline.build_parser(
        "station-app",
        "Station Desk — the service station's counter application "
        "(服务站派工接收、联系记录、打印与同步).",
        COMMANDS,
        _globals,
    )
    return commandline.run(parser, COMMANDS, argv, _log_folder)


if __name__ == "__main__":
    sys.exit(main())
