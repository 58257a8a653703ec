"""`station-app resend [EVENT_ID ...] [--all]`: send rejected events again once their cause is
fixed (support staff; the call center judges each afresh)."""

from __future__ import annotations

import argparse
from uuid import UUID

from common.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("event_ids", nargs="*", metavar="EVENT_ID",
                        help="rejected events to send again (see `status --outbox`)")
    parser.add_argument("--all", action="store_true", help="every rejected event (全部重发)")


def run(args: argparse.Namespace) -> int:
    from station_app.station import Station

    if not args.event_ids and not args.all:
        raise UserError("name the rejected events to send again, or give --all",
                        "请指定要重新发送的被拒绝记录,或使用 --all")
    try:
        ids = None if args.all else [UUID(i) for i in args.event_ids]
    except ValueError as exc:
        raise UserError(f"not an event id: {exc}", "不是有效的记录编号") from exc
    with Station.open(args.data_dir) as station:
        count = station.resend(ids)
    print(f"{count} rejected event(s) will be sent again at the next sync")
    print(f"{count}条被拒绝的记录将在下次同步时重新发送")
    return 0
