"""What every route needs: the service settings, the notifier, the clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from fastapi import Request

from callcenter import feed
from callcenter.config import ServiceConfig
from callcenter.limits import LongPolls
from callcenter.notifier import Notifier

T = TypeVar("T")


def now() -> datetime:
    return datetime.now(UTC)


def config(request: Request) -> ServiceConfig:
    return request.app.state.config


def notifier(request: Request) -> Notifier:
    return request.app.state.notifier


def long_polls(request: Request) -> LongPolls:
    return request.app.state.long_polls


def write(request: Request, fn: Callable[[], T]) -> T:
    """Run ``fn`` in a transaction and wake the stations whose feed it wrote to."""
    return feed.write(fn, notifier(request).wake)
