"""`callcenter add-user NAME --role ROLE`: register a person and print their token once."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="the person's name")
    parser.add_argument("--role", required=True, choices=["dispatcher", "reviewer", "admin"])


def run(args: argparse.Namespace) -> int:
    from callcenter import admin
    from callcenter.commands.common import open_database

    open_database(args.db)
    issued = admin.add_user(args.name, args.role)
    print(issued.token)
    print(f"token id {issued.token_id}: keep the token above, it is not shown again "
          "/ 请妥善保存上面的令牌,它不会再次显示", flush=True)
    return 0
