"""Many rows' columns written by one `UPDATE … FROM (VALUES …)` statement, under a guard.

Django's `bulk_update` writes each field as a `CASE WHEN pk = … THEN … END` over every row:
the statement grows with rows × fields, and the database evaluates each CASE per row. Here
the new values travel as one VALUES table, joined to the target rows by `match` columns
(the primary key, and any column whose value must still be the one read, such as a request
number); `where` adds conditions every row must still meet (a status). A row that no longer
matches (deleted, asked for again, settled) is simply not written.

Values are prepared exactly as a model save prepares them (`Field.get_db_prep_save`), so
JSON, datetimes and UUIDs are stored as `save()` and `bulk_update` store them. The SQL holds
parameters only; table and column names come from the model's `_meta`, quoted by the
connection. PostgreSQL and SQLite (3.33 or newer: `UPDATE … FROM`) only. On PostgreSQL each
VALUES column is cast to its field's type (a text literal does not compare to a uuid, nor
assign to a jsonb column); SQLite needs no cast and gets none (a cast there would change
the stored text of a datetime).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import batched
from typing import Any

from django.db import DEFAULT_DB_ALIAS, NotSupportedError, connections, models

SUPPORTED = ("postgresql", "sqlite")


def update_from_values(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    fields: Sequence[str],
    match: Sequence[str] = ("pk",),
    where: Mapping[str, Any] | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Write `fields` of each of `objs` to its row, if the row still has the objects' values of
    `match` and the values of `where`; the number of rows written.

    One statement, unless the rows hold more parameters than the database takes in one
    (then one per batch of the largest size it takes: thousands of rows on either database).
    """
    if not objs:
        return 0
    connection = connections[using]
    if connection.vendor not in SUPPORTED:
        raise NotSupportedError(f"update_from_values runs on {', '.join(SUPPORTED)}, not {connection.vendor}")
    opts = model._meta
    match_fields = [opts.pk if name == "pk" else opts.get_field(name) for name in match]
    set_fields = [opts.get_field(name) for name in fields]
    columns = [*match_fields, *set_fields]
    where_fields = [(opts.get_field(name), value) for name, value in (where or {}).items()]
    limit = connection.features.max_query_params  # None: no limit
    batch = len(objs) if limit is None else max(1, (limit - len(where_fields)) // len(columns))
    written = 0
    with connection.cursor() as cursor:
        for chunk in batched(objs, batch):
            sql, params = _statement(connection, opts.db_table, chunk, match_fields, set_fields, where_fields)
            cursor.execute(sql, params)
            written += cursor.rowcount
    return written


def _statement(connection, table: str, objs, match_fields, set_fields, where_fields) -> tuple[str, list]:
    """The SQL and its parameters for one batch; VALUES columns are column1, column2, … on
    both databases, in the order match fields, then set fields."""
    qn = connection.ops.quote_name
    target = qn(table)
    cast = connection.vendor == "postgresql"

    def value(position: int, field: models.Field) -> str:
        column = f"v.column{position}"
        return f"CAST({column} AS {field.cast_db_type(connection)})" if cast else column

    columns = [*match_fields, *set_fields]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params: list = []
    for obj in objs:
        params.extend(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns)
    assignments = ", ".join(
        f"{qn(field.column)} = {value(position, field)}"
        for position, field in enumerate(set_fields, start=len(match_fields) + 1)
    )
    conditions = [
        f"{target}.{qn(field.column)} = {value(position, field)}"
        for position, field in enumerate(match_fields, start=1)
    ]
    for field, constant in where_fields:
        conditions.append(f"{target}.{qn(field.column)} = %s")
        params.append(field.get_db_prep_value(constant, connection))
    # Only quoted names from _meta, placeholders and fixed keywords are formatted in: every
    # value is a parameter.
    sql = (
        f"UPDATE {target} SET {assignments} "  # noqa: S608
        f"FROM (VALUES {', '.join([row] * len(objs))}) AS v "
        f"WHERE {' AND '.join(conditions)}"
    )
    return sql, params
