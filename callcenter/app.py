"""The call center's FastAPI application: `create_app(db_url)` builds it on a database."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from playhouse.pool import PooledDatabase
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from callcenter import db as database
from callcenter import derived_store, devices, errors, limits, openapi_doc
from callcenter.body_guard import BodyGuard
from callcenter.config import ServiceConfig
from callcenter.enrol_limit import EnrolmentAttempts
from callcenter.models import create_schema
from callcenter.notifier import Notifier
from common.refusal import Code, Refusal
from station_app.domain.calendar import DEFAULT_TZ, BusinessCalendar
from station_app.domain.errors import DomainError
from station_app.domain.sla import SlaPolicy
from station_app.wire import SERVER_TIME_HEADER

log = logging.getLogger(__name__)
CONTACTS_EVERY = 1.0  # s between two writes of the devices' last contacts


class ServerTimeMiddleware:
    """Puts the server's UTC time on every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_time(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers[SERVER_TIME_HEADER] = datetime.now(UTC).isoformat(timespec="milliseconds")
            await send(message)

        await self.app(scope, receive, send_with_time)


class CallCenterApp(FastAPI):
    def build_middleware_stack(self) -> ASGIApp:
        # Outside Starlette's error middleware, so even an unexpected 500 carries the time;
        # the body guard before anything reads a body.
        return ServerTimeMiddleware(BodyGuard(super().build_middleware_stack()))


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    body = errors.error_body([exc.refusal])
    return JSONResponse(body, status_code=422)


async def _internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    body = errors.error_body([Refusal.of(Code.INTERNAL, "internal error; please retry later",
                                         "服务器内部错误,请稍后重试")], 500)
    return JSONResponse(body, status_code=500)


async def _write_contacts(contacts: devices.Contacts) -> None:
    """Every `CONTACTS_EVERY` s. While the database is away it says so once a minute (not at
    every round), and once when it could write again; the next outage is said at once."""
    failing = limits.RateLimitedLog(log)
    failed = 0
    while True:
        await asyncio.sleep(CONTACTS_EVERY)
        if not contacts.pending:
            continue
        try:
            await to_thread.run_sync(contacts.flush)
        except Exception as exc:  # the database is away; the next round tries again
            failed += 1
            failing.warning("contacts", f"the devices' last contacts could not be written "
                            f"({exc}); {contacts.pending} device(s) kept in memory, tried "
                            f"again every {CONTACTS_EVERY:g} s", exc_info=exc)
            continue
        if failed:
            log.info("the devices' last contacts are written again, after %d failed "
                     "attempt(s)", failed)
            failed, failing = 0, limits.RateLimitedLog(log)


def create_app(db_url: str | None, *, tz: str | ZoneInfo = DEFAULT_TZ,
               clock_tolerance: timedelta = timedelta(minutes=5),
               fallback_poll: float = 2.0, policy: SlaPolicy | None = None,
               calendar: BusinessCalendar | None = None, max_long_polls: int | None = None,
               max_long_polls_per_token: int = 8,
               rebuild_turns: tuple[int, int] = (limits.REBUILD_RUNNING, limits.REBUILD_WAITING),
               ) -> FastAPI:
    """The service on the database at ``db_url`` (created if missing; see `db.make_database`).

    One call center database per process: the models are bound through `callcenter.db.db`.
    """
    from callcenter.routes import audit, board, callbacks, health, orders, reports, stations, sync
    from callcenter.routes import devices as device_routes
    from callcenter.routes import policy as sla_policy

    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    config = ServiceConfig(tz=zone, clock_tolerance=clock_tolerance, fallback_poll=fallback_poll,
                           policy=policy or SlaPolicy(), calendar=calendar)
    real_db = database.make_database(db_url)
    database.db.initialize(real_db)
    database.read(create_schema)
    derived_store.ensure(datetime.now(UTC), config)
    listen = database.postgres_dsn(real_db) if database.is_postgres_db() else None
    notifier = Notifier(fallback_poll=fallback_poll, listen_dsn=listen)

    contacts = devices.Contacts()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await notifier.start()
        writer = asyncio.create_task(_write_contacts(contacts), name="device-contacts")
        try:
            yield
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            await notifier.stop()
            await to_thread.run_sync(contacts.flush_at_stop)  # logs what it could not write
            if isinstance(real_db, PooledDatabase):  # always, from make_database
                real_db.close_all()

    app = CallCenterApp(
        title="Station Desk call center API",
        version="1",
        description="Orders to service stations, their reports, audit and close (呼叫中心服务).",
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.notifier = notifier
    app.state.contacts = contacts
    app.state.long_polls = limits.LongPolls(
        max_long_polls or limits.default_total(limits.open_files_soft()),
        max_long_polls_per_token)
    app.state.rebuild_pages = limits.RebuildPages(*rebuild_turns)
    app.state.database = real_db
    app.state.enrol_attempts = EnrolmentAttempts()
    app.add_exception_handler(errors.ApiError, errors.api_error_handler)
    app.add_exception_handler(RequestValidationError, errors.validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, errors.http_error_handler)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(Exception, _internal_error)
    for module in (health, orders, sync, callbacks, audit, reports, stations, board, sla_policy,
                   device_routes):
        app.include_router(module.router)
    openapi_doc.install(app)
    return app
