"""`callcenter serve`: run the HTTP service with uvicorn."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import FrameType


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8700, help="port (default 8700)")
    parser.add_argument("--tls-cert", type=Path, help="certificate file (PEM) to serve HTTPS")
    parser.add_argument("--tls-key", type=Path, help="private key file (PEM) for --tls-cert")
    parser.add_argument("--tz", default="Asia/Shanghai",
                        help="the call center's local zone, for audit days and business numbers")
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--fallback-poll", type=float, default=2.0,
                        help="seconds between checks for changes made by other processes "
                             "(a safety net under PostgreSQL LISTEN/NOTIFY)")


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from callcenter.app import create_app
    from station_app.errors import UserError

    if bool(args.tls_cert) != bool(args.tls_key):
        raise UserError("--tls-cert and --tls-key go together",
                        "--tls-cert 与 --tls-key 须同时给出")
    for path in (args.tls_cert, args.tls_key):
        if path is not None and not path.is_file():
            raise UserError(f"no such file: {path}", f"文件不存在:{path}")
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    import peewee as pw

    from callcenter.commands.common import cannot_open

    try:
        zone = ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"unknown time zone {args.tz!r}", f"未知时区:{args.tz}") from None
    try:
        app = create_app(args.db, tz=zone, fallback_poll=args.fallback_poll)
    except pw.OperationalError as exc:
        raise cannot_open(args.db, exc) from None
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level=args.log_level,
                            ssl_certfile=str(args.tls_cert) if args.tls_cert else None,
                            ssl_keyfile=str(args.tls_key) if args.tls_key else None,
                            timeout_graceful_shutdown=5, ws="none")

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            # Answer the parked long-polls now, so shutdown does not wait for (or cancel) them.
            app.state.notifier.close_waiters_threadsafe()
            super().handle_exit(sig, frame)

    Server(config).run()
    return 0
