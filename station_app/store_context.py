"""Which station file the models reach: the one active in the running context
(`Store.active`, `runs_in_store`), else the one opened last."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar

import peewee as pw

from station_app.store_db import StationDatabase

if TYPE_CHECKING:
    from station_app.store import Store

active_database: ContextVar[StationDatabase | None] = ContextVar("station_database", default=None)


class _StoreRouter:
    """The models' database: the store active in the running context (`Store.active`), else
    the one opened last (one station per process, as the window and the CLI are). Every
    attribute is the chosen database's; transactions and savepoints begun through the router
    run on it."""

    def __init__(self) -> None:
        self._last: StationDatabase | None = None

    def initialize(self, database: StationDatabase) -> None:
        self._last = database

    @property
    def current(self) -> StationDatabase:
        database = active_database.get() or self._last
        if database is None:
            raise pw.InterfaceError("no station file is open")
        return database

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current, name)

    def atomic(self, *args: Any, **kwargs: Any) -> Any:
        return self.current.atomic(*args, **kwargs)

    def connection_context(self) -> Any:
        return self.current.connection_context()

    def get_binary_type(self) -> Any:  # asked by BlobField when its model is made
        return sqlite3.Binary


db_router = _StoreRouter()
db: Any = db_router
"""What the models use: the active store's database (see `_StoreRouter`)."""


_T = TypeVar("_T", bound=type)


def runs_in_store(store_of: Callable[[Any], Store]) -> Callable[[_T], _T]:
    """A class decorator: each public method and property of the class runs with
    ``store_of(self)`` active, so the models reach that store (two stations in one process
    each write only into their own file)."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def inner(self: Any, *args: Any, **kwargs: Any) -> Any:
            token = active_database.set(store_of(self).db)
            try:
                return fn(self, *args, **kwargs)
            finally:
                active_database.reset(token)
        return inner

    def decorate(cls: _T) -> _T:
        for name, member in list(vars(cls).items()):
            if name.startswith("_") and name not in ("__enter__", "__exit__"):
                continue
            if isinstance(member, property) and member.fget is not None:
                setattr(cls, name, property(wrap(member.fget), member.fset, member.fdel,
                                            member.__doc__))
            elif callable(member) and not isinstance(member, type | staticmethod | classmethod):
                setattr(cls, name, wrap(member))
        return cls

    return decorate
