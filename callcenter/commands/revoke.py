"""`callcenter revoke TOKEN-ID`: revoke a token at once."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("token_id", metavar="TOKEN-ID",
                        help="the token's id (the part before the dot)")


def run(args: argparse.Namespace) -> int:
    from callcenter import admin
    from callcenter.commands.common import open_database

    open_database(args.db)
    admin.revoke(args.token_id)
    print(f"revoked {args.token_id.split('.', 1)[0]} / 已撤销")
    return 0
