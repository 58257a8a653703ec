"""peewee field types both databases use: UTC moments as sortable text, JSON documents; and
`TypedModel`, the one place where the type checker learns what peewee adds at run time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import peewee as pw


class TypedModel(pw.Model):
    """The base of both databases' models. At run time it is peewee's Model; for mypy it also
    declares what peewee makes dynamically, so no module needs an ignore for it:
    ``DoesNotExist`` on each model class, a foreign key's ``<name>_id`` (and any attribute a
    query adds with ``.alias()``), and the rows of ``.tuples()``, which peewee's own hints
    type as model instances."""

    if TYPE_CHECKING:
        DoesNotExist: ClassVar[type[pw.DoesNotExist]]

        def __getattr__(self, name: str) -> Any: ...

        def __getitem__(self, key: int | str) -> Any: ...

        def __iter__(self) -> Iterator[Any]: ...


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


_SORTED_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)  # made once, not per value


class JsonField(pw.TextField):
    """A JSON document as text, keys sorted so equal documents are equal text."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else _SORTED_JSON.encode(value)

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)
