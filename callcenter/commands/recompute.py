"""`callcenter recompute`: make every order's stored state, deadlines and flags current — after
the SLA policy or the business calendar changed (``serve`` also does this when it starts and
finds deadlines computed under another policy) or, with ``--refold``, from the events again."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from callcenter.commands.serve import add_policy_arguments

    add_policy_arguments(parser)
    parser.add_argument("--refold", action="store_true",
                        help="fold every order again from its events (slow; normally only "
                             "orders without stored state are)")
    parser.add_argument("--all", action="store_true",
                        help="recompute every order's deadlines, not only those computed under "
                             "another policy")


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from callcenter import derived_store
    from callcenter.commands.common import open_database
    from callcenter.commands.serve import settings, zone_of
    from callcenter.config import ServiceConfig
    from station_app.domain.sla import SlaPolicy

    zone = zone_of(args)
    policy, calendar = settings(args)
    open_database(args.db)
    config = ServiceConfig(tz=zone, policy=policy or SlaPolicy(), calendar=calendar)
    done = derived_store.ensure(datetime.now(UTC), config, refold_all=args.refold,
                                every_deadline=args.all)
    print(f"folded {done.refolded} orders from their events; recomputed the deadlines of "
          f"{done.deadlines} orders / 已从记录重算{done.refolded}个订单;"
          f"已按当前时限重算{done.deadlines}个订单的截止时间")
    return 0
