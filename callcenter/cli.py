"""`callcenter`: run the call center service and administer it (stations, users, tokens)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from common import commandline

COMMANDS: commandline.Commands = {
    "serve": ("callcenter.commands.serve", "run the call center HTTP service (启动呼叫中心服务)"),
    "add-station": ("callcenter.commands.add_station",
                    "register a service station and print its token (添加服务站)"),
    "add-user": ("callcenter.commands.add_user",
                 "register a dispatcher, reviewer or admin and print a token (添加用户)"),
    "revoke": ("callcenter.commands.revoke", "revoke a token (撤销令牌)"),
    "enrol-code": ("callcenter.commands.enrol_code",
                   "a one-time code that enrols a station's new PC (设备注册码)"),
    "devices": ("callcenter.commands.devices",
                "a station's PCs: last contact, version (服务站设备列表)"),
    "revoke-device": ("callcenter.commands.revoke_device",
                      "revoke one PC of a station, the others go on (撤销设备)"),
    "stations": ("callcenter.commands.stations", "list the stations (服务站列表)"),
    "recompute": ("callcenter.commands.recompute",
                  "recompute stored deadlines after the SLA policy or calendar changed "
                  "(重算截止时间)"),
    "after-restore": ("callcenter.commands.after_restore",
                      "run once after restoring a backup, before serve: new orders reach the "
                      "stations' PCs again (恢复备份后执行)"),
    "issue": ("callcenter.commands.issue",
              "issue an order to a station from a script or CRM (下发派工单)"),
    "diagnostics": ("callcenter.commands.diagnostics",
                    "write one zip for support: logs, database, versions (导出诊断信息)"),
}


def _globals(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="database URL: a SQLite path or sqlite:///PATH (default: a file in the platform "
        "data folder) or postgresql://user@host/dbname",
    )


def _log_folder(args: argparse.Namespace) -> Path:
    from callcenter import db

    return db.data_folder(args.db)


def main(argv: Sequence[str] | None = None) -> int:
    parser = commandline.build_parser(
        "callcenter",
        "Station Desk call center service: issues orders to service stations, receives their "
        "reports, audit and close (呼叫中心服务).",
        COMMANDS,
        _globals,
    )
    return commandline.run(parser, COMMANDS, argv, _log_folder)


if __name__ == "__main__":
    sys.exit(main())
