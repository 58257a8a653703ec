"""`callcenter after-restore`: run once after restoring the database from a backup, before the
service starts again (docs/deploy.md, "Backup and restore"). The restored change feed is
numbered as at the backup, behind what the stations' PCs received since; this moves every
station's feed past that, so the orders issued from now on reach them."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from callcenter import db as database
    from callcenter import feed
    from callcenter.commands.common import open_database

    open_database(args.db)
    moved = database.write(feed.skip_ahead)
    print(f"moved the change feed of {moved} station(s) on by {feed.RESTORE_SKIP:,}: the "
          f"changes from now on reach every PC; start the service / 已将{moved}个服务站的变更"
          f"序号前移{feed.RESTORE_SKIP}:此后的变更将送达每台电脑;请启动服务")
    return 0
