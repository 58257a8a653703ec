"""`station-app sync [--once]`: send what the station recorded and fetch what the call center
changed — once (for scripts and support staff), or continuously until Ctrl-C."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--once", action="store_true",
                        help="push the outbox, pull every change, then exit (一次同步后退出)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    import threading

    from station_app.station import Station
    from station_app.sync import SyncClient, default_transport_factory
    from station_app.sync_worker import SyncWorker

    with Station.open(args.data_dir) as station:
        if args.once:
            client = SyncClient(station, default_transport_factory(station)())
            try:
                report, applied = client.once()
            finally:
                client.transport.close()
            if not args.quiet:
                print(f"sent {report.sent}: delivered {report.delivered} (late {report.late}), "
                      f"rejected {report.rejected}; received {len(applied.changed)} order "
                      f"change(s), {len(applied.new)} new, {applied.quarantined} quarantined; "
                      f"cursor {applied.cursor}")
                print(f"已发送{report.sent}条:送达{report.delivered}条(迟到{report.late}条),"
                      f"被拒绝{report.rejected}条;收到{len(applied.changed)}个工单变更,"
                      f"新工单{len(applied.new)}个")
            return 0
        worker = SyncWorker(station)
        if not args.quiet:
            station.callbacks.sync_state.append(
                lambda s: print(f"{s.link.value}: {s.events_waiting} waiting, "
                                f"{s.events_rejected} rejected {s.last_error_en}", flush=True))
        worker.start()
        try:
            threading.Event().wait()
        finally:
            worker.stop()
    return 0
