"""What the admin sub-commands share: opening the database named by --db."""

from __future__ import annotations

from callcenter import db as database
from callcenter.models import create_schema


def open_database(url: str | None) -> None:
    database.db.initialize(database.make_database(url))
    database.read(create_schema)
