"""`callcenter add-station CODE NAME`: register a station and print its token once."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="the station's 5-digit ERP code")
    parser.add_argument("name", help="the station's name")
    parser.add_argument("--address", default="")
    parser.add_argument("--phone", default="")


def run(args: argparse.Namespace) -> int:
    from callcenter import admin
    from callcenter.commands.common import open_database

    open_database(args.db)
    issued = admin.add_station(args.code, args.name, args.address, args.phone)
    print(issued.token)
    print(f"token id {issued.token_id}: keep the token above, it is not shown again "
          "/ 请妥善保存上面的令牌,它不会再次显示", flush=True)
    return 0
