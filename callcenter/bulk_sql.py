"""Set-based writes for a whole batch: one multi-row INSERT, one UPDATE of many rows by id.
Plain SQL (peewee built each statement anew, which cost more than the database's work), and on
PostgreSQL one statement per batch rather than psycopg2's ``executemany`` (a round trip per row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import peewee as pw
import pydantic_core

from callcenter import db as database

ROWS_PER_STATEMENT = 500  # SQLite binds at most 32,766 parameters per statement


def _pg_cast(field: pw.Field) -> str:
    """How a value of ``field`` is typed in a VALUES list (a NULL alone is otherwise text)."""
    if isinstance(field, pw.BooleanField):
        return "boolean"
    if isinstance(field, pw.FloatField):
        return "float8"
    if isinstance(field, pw.BigIntegerField | pw.IntegerField | pw.AutoField):
        return "bigint"
    return "text"


def insert_returning(model: type[pw.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]],
                     returning: Sequence[str]) -> list[tuple[Any, ...]]:
    """INSERT ``rows`` (database values of ``columns``) in order, skipping any whose unique key
    a concurrent transaction stored meanwhile (``ON CONFLICT DO NOTHING``: no savepoint needed);
    the ``returning`` columns of the rows stored, in no particular order."""
    table = model._meta.table_name
    head = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ")
    tail = f" ON CONFLICT DO NOTHING RETURNING {', '.join(returning)}"
    out: list[tuple[Any, ...]] = []
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        if database.is_postgres_db():
            from psycopg2.extras import execute_values

            cursor = database.db.cursor()
            out += execute_values(cursor, head + "%s" + tail, chunk, page_size=len(chunk),
                                  fetch=True)
            continue
        one = "(" + ", ".join("?" * len(columns)) + ")"
        params = [v for row in chunk for v in row]
        out += database.db.execute_sql(head + ", ".join([one] * len(chunk)) + tail,
                                       params).fetchall()
    return out


def insert_many(model: type[pw.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
                ) -> None:
    """INSERT ``rows`` (database values of ``columns``), in order."""
    table = model._meta.table_name
    if not database.is_postgres_db():
        database.db.cursor().executemany(  # one prepared statement, run in C
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' * len(columns))})", rows)
        return
    from psycopg2.extras import execute_values

    cursor = database.db.cursor()
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        execute_values(cursor, f"INSERT INTO {table} ({', '.join(columns)}) VALUES %s", chunk,
                       page_size=len(chunk))


def update_by_id(model: type[pw.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
                 ) -> None:
    """Set ``names`` on many rows: each entry of ``rows`` holds the database values of
    ``names``, then the row's id."""
    if not rows:
        return
    table = model._meta.table_name
    fields = model._meta.fields
    columns = [fields[n].column_name for n in names]
    if not database.is_postgres_db():
        sql = (f"UPDATE {table} SET " + ", ".join(f"{c} = ?" for c in columns)
               + " WHERE id = ?")
        database.db.cursor().executemany(sql, rows)  # one prepared statement, run in C
        return
    # The rows go as one JSON array (pydantic-core writes it in Rust; `execute_values` quoted
    # every value in Python: ~30 µs a row of the order's ~45 columns, against ~4), which
    # PostgreSQL parses once as jsonb and casts column by column.
    casts = [_pg_cast(fields[n]) for n in names]
    values = ", ".join(f"(r->>{i})::{cast} AS {column}"
                       for i, (cast, column) in enumerate(zip(casts, columns, strict=True)))
    sql = (f"UPDATE {table} AS t SET " + ", ".join(f"{c} = v.{c}" for c in columns)
           + f" FROM (SELECT {values}, r->>{len(columns)} AS row_id"
           " FROM jsonb_array_elements(%s::jsonb) AS r) AS v WHERE t.id = v.row_id")
    cursor = database.db.cursor()
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start:start + ROWS_PER_STATEMENT]
        # NaN and infinities as the strings float8 reads ('NaN', 'Infinity'), never as null
        cursor.execute(sql, (pydantic_core.to_json(chunk, inf_nan_mode="strings").decode(),))


def set_where_id_in(model: type[pw.Model], name: str, value: Any, ids: Sequence[str]) -> None:
    """Set one column to the same value on the rows with these ids."""
    param = database.db.obj.param
    table = model._meta.table_name
    column = model._meta.fields[name].column_name
    for start in range(0, len(ids), ROWS_PER_STATEMENT):
        chunk = list(ids[start:start + ROWS_PER_STATEMENT])
        database.db.execute_sql(f"UPDATE {table} SET {column} = {param} WHERE id IN "
                                f"({', '.join([param] * len(chunk))})", [value, *chunk])
