"""What the admin sub-commands share: opening the database named by --db."""

from __future__ import annotations

import peewee as pw

from callcenter import db as database
from callcenter.models import create_schema
from common.errors import UserError


def open_database(url: str | None) -> None:
    database.db.initialize(database.make_database(url))
    try:
        database.read(create_schema)
    except pw.OperationalError as exc:
        raise cannot_open(url, exc) from None


def cannot_open(url: str | None, exc: Exception) -> UserError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    where = redacted(url) if url else str(database.default_sqlite_path())
    return UserError(f"cannot open the database {where}: {first}",
                     f"无法打开数据库 {where}:{first}")


def redacted(url: str) -> str:
    """The URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
