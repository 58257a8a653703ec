"""`callcenter serve`: run the HTTP service with uvicorn."""

from __future__ import annotations

import argparse
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from fastapi import FastAPI

    from station_app.domain.calendar import BusinessCalendar
    from station_app.domain.sla import SlaPolicy


def add_policy_arguments(parser: argparse.ArgumentParser) -> None:
    """The settings the stored deadlines depend on (serve and recompute take the same)."""
    parser.add_argument("--tz", default="Asia/Shanghai",
                        help="the call center's local zone, for audit days and business numbers")
    parser.add_argument("--sla", type=Path, metavar="FILE",
                        help="time limits as JSON (SlaPolicy.to_json); defaults otherwise")
    parser.add_argument("--calendar", type=Path, metavar="FILE",
                        help="business calendar as JSON (BusinessCalendar.to_json): working "
                             "hours, holidays, make-up days")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8700, help="port (default 8700)")
    parser.add_argument("--tls-cert", type=Path, help="certificate file (PEM) to serve HTTPS")
    parser.add_argument("--tls-key", type=Path, help="private key file (PEM) for --tls-cert")
    add_policy_arguments(parser)
    parser.add_argument("--clock-tolerance", type=float, default=5.0, metavar="MINUTES",
                        help="how far a station's times may lie in the future (default 5)")
    parser.add_argument("--log-level", default=argparse.SUPPRESS,
                        help="also accepted before the command; the service's log level")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="server processes (PostgreSQL only; default 1)")
    parser.add_argument("--max-long-polls", type=int, metavar="N",
                        help="long-polls that may wait at once per process (default: from the "
                             "open-file limit); past it 503 with Retry-After")
    parser.add_argument("--max-long-polls-per-token", type=int, default=8, metavar="N",
                        help="long-polls one token may have waiting at once (default 8)")
    parser.add_argument("--fallback-poll", type=float, default=2.0,
                        help="seconds between checks for changes made by other processes "
                             "(a safety net under PostgreSQL LISTEN/NOTIFY)")


def zone_of(args: argparse.Namespace) -> ZoneInfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from common.errors import UserError

    try:
        return ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(f"unknown time zone {args.tz!r}", f"未知时区:{args.tz}") from None


def settings(args: argparse.Namespace) -> tuple[SlaPolicy | None, BusinessCalendar | None]:
    import json

    from common.errors import UserError
    from station_app.domain.calendar import BusinessCalendar
    from station_app.domain.errors import DomainError
    from station_app.domain.sla import SlaPolicy

    def load(path: Path | None) -> dict[str, object] | None:
        if path is None:
            return None
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot read {path}: {exc}", f"无法读取 {path}:{exc}") from None
        if not isinstance(data, dict):
            raise UserError(f"{path} must hold a JSON object", f"{path} 应为JSON对象")
        return data

    try:
        sla, cal = load(args.sla), load(args.calendar)
        return (SlaPolicy.from_json(sla) if sla is not None else None,
                BusinessCalendar.from_json(cal) if cal is not None else None)
    except DomainError as exc:
        raise UserError(exc.en, exc.zh) from None


def _check(args: argparse.Namespace) -> None:
    from callcenter.db import is_postgres
    from common.errors import UserError

    if bool(args.tls_cert) != bool(args.tls_key):
        raise UserError("--tls-cert and --tls-key go together",
                        "--tls-cert 与 --tls-key 须同时给出")
    for path in (args.tls_cert, args.tls_key):
        if path is not None and not path.is_file():
            raise UserError(f"no such file: {path}", f"文件不存在:{path}")
    if not 0 <= args.clock_tolerance <= 24 * 60:
        raise UserError("--clock-tolerance must be 0 to 1440 minutes",
                        "--clock-tolerance 应为0至1440分钟")
    if args.workers < 1:
        raise UserError("--workers must be at least 1", "--workers 至少为1")
    if args.workers > 1 and not (args.db and is_postgres(args.db)):
        raise UserError(
            "--workers needs PostgreSQL: an SQLite file is written by one process; run one "
            "process or give --db postgresql://…",
            "多进程(--workers)需要 PostgreSQL:SQLite 数据库文件只能由一个进程写入;"
            "请只运行一个进程,或使用 --db postgresql://…")
    for name in ("max_long_polls", "max_long_polls_per_token"):
        value = getattr(args, name)
        if value is not None and value < 1:
            flag = "--" + name.replace("_", "-")
            raise UserError(f"{flag} must be at least 1", f"{flag} 至少为1")


def build_app(args: argparse.Namespace) -> FastAPI:
    """The application for these arguments (in this process or in a worker)."""
    import peewee as pw

    from callcenter.app import create_app
    from callcenter.commands.common import cannot_open

    zone = zone_of(args)
    policy, calendar = settings(args)
    try:
        return create_app(args.db, tz=zone, fallback_poll=args.fallback_poll, policy=policy,
                          calendar=calendar,
                          clock_tolerance=timedelta(minutes=args.clock_tolerance),
                          max_long_polls=args.max_long_polls,
                          max_long_polls_per_token=args.max_long_polls_per_token)
    except pw.OperationalError as exc:
        raise cannot_open(args.db, exc) from None


def _limits() -> None:
    import logging
    import sys

    from callcenter import limits

    soft, warning = limits.raise_open_files()
    if warning:
        print(warning, file=sys.stderr, flush=True)
    logging.getLogger("asyncio").addFilter(limits.AcceptErrorsOnce())


# Longer than a client's own idle expiry (httpx: 5 s) and a proxy's upstream keep-alive (nginx:
# 60 s), so the client or proxy closes an idle connection first: a request never meets a close.
KEEP_ALIVE_S = 75


def uvicorn_options(args: argparse.Namespace) -> dict[str, Any]:
    """What uvicorn is given; "auto" takes httptools and uvloop where installed (pyproject:
    not uvloop on Windows)."""
    return {"host": args.host, "port": args.port,
            "log_level": getattr(args, "log_level", None) or "info",
            "ssl_certfile": str(args.tls_cert) if args.tls_cert else None,
            "ssl_keyfile": str(args.tls_key) if args.tls_key else None,
            "timeout_graceful_shutdown": 5, "ws": "none", "http": "auto", "loop": "auto",
            "timeout_keep_alive": KEEP_ALIVE_S}


def run(args: argparse.Namespace) -> int:
    import uvicorn

    _check(args)
    _limits()
    options = uvicorn_options(args)
    if args.workers > 1:
        from callcenter import worker
        from common import log_relay, logs

        build_app(args).state.database.close_all()  # migrate and fill once, before the workers
        worker.export_arguments(args)
        relay = log_relay.start(logs.handler())  # the workers' lines into this process's file
        try:
            uvicorn.run("callcenter.worker:app", factory=True, workers=args.workers, **options)
        finally:
            if relay is not None:
                relay.close()
        return 0
    app = build_app(args)
    config = uvicorn.Config(app, **options)  # sets up uvicorn's own loggers
    from callcenter.gc_pauses import freeze_start_up
    from common import logs

    logs.include("uvicorn", "uvicorn.access")  # its errors (uvicorn.error) and requests too

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            # Answer the parked long-polls now, so shutdown does not wait for (or cancel) them.
            app.state.notifier.close_waiters_threadsafe()
            super().handle_exit(sig, frame)

    freeze_start_up()
    Server(config).run()
    return 0
