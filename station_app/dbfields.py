"""peewee field types both databases use: UTC moments as sortable text, JSON documents."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import peewee as pw


class UtcDateTimeField(pw.TextField):
    """An aware datetime kept as ISO-8601 UTC text, so it sorts and compares as text
    on SQLite and PostgreSQL alike. A naive datetime is refused: it has no place in time."""

    def db_value(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC field")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def python_value(self, value: str | None) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


class JsonField(pw.TextField):
    """A JSON document as text, keys sorted so equal documents are equal text."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)
