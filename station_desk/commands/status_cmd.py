"""`station-app status`: where sync stands — link, events waiting and the oldest, rejected
events, last successful sync, last error, clock offset — for support staff and scripts."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    parser.add_argument("--outbox", action="store_true",
                        help="also list each waiting or rejected event (列出待发送和被拒绝的记录)")


def run(args: argparse.Namespace) -> int:
    from station_app.diagnostics import status_report
    from station_app.station import Station

    # Not exclusive: support staff can look while the counter application runs.
    with Station.open(args.data_dir, exclusive=False) as station:
        status = station.sync_status()
        data = status_report(station, outbox=args.outbox, status=status)
    code = data["station_code"]
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"station {code or '-'}: {status.link.value} ({status.link.zh})")
    print(f"waiting 待发送: {status.events_waiting}"
          + (f", oldest {data['oldest_waiting_at']}" if status.oldest_waiting_at else ""))
    print(f"rejected 被拒绝: {status.events_rejected}")
    print(f"last sync 上次同步: {data['last_success_at'] or 'never 从未'}")
    if status.last_error_en:
        print(f"last error 最近错误: {status.last_error_en}\n  {status.last_error_zh}")
    if status.clock_offset_ms is not None:
        warn = "  ← PC clock is off! 电脑时钟不准!" if status.clock_warning else ""
        print(f"clock offset 时钟偏差: {status.clock_offset_ms / 1000:+.1f} s{warn}")
    for e in data.get("outbox", []):
        why = e["reason"]
        print(f"  {e['state']:8} {e['business_no']:>14} {e['type']:18} "
              + (f"{why['message_en']}\n{'':44}{why['message_zh']}" if why else ""))
    return 0


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
