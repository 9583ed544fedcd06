"""Each record kind's document as JSON text the database builds: the read path of pull and lists.

`Format.document` shows one model instance at a time in Python; for a first sync of two
years (thousands of rows) that costs more than the database takes to read them. Here each
format's fields become one SQL expression that writes the very same document as text: the
same keys, the same values once parsed (numbers may be written as `0.400` where Python
writes `0.4`), date-times in the record's own offset or in UTC with `Z`, exactly as
`diary.fields` shows them. Python then only joins the texts into the response
(api.raw_json). The text is concatenated from each value's JSON (text escaped by SQLite's
`json_quote`, PostgreSQL's `to_json`): measured, that is about twice as fast as SQLite's
`json_object`, and as fast as PostgreSQL's `json_build_object`.

`document_sql(format, connection)` is None where this cannot be done the same way: another
database, or a server time zone other than UTC (server instants are shown in it); the
callers then show model instances with `Format.document`, as before.
`tests/sync/test_read_path_equivalence.py` compares both for randomized records of every kind.
"""

from __future__ import annotations

from functools import cache

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from diary import fields
from diary.formats import BandField, Format

VENDORS = ("sqlite", "postgresql")


def supported(connection: BaseDatabaseWrapper) -> bool:
    """Whether this database can build the documents (and instants are shown in UTC)."""
    return connection.vendor in VENDORS and timezone.get_current_timezone_name() == "UTC"


def document_sql(record_format: Format, connection: BaseDatabaseWrapper) -> str | None:
    """The SQL expression of a row's document as JSON (text), or None (see the module).

    Its `%` signs are doubled, as SQL passed to a cursor with parameters needs them.
    """
    if not supported(connection):
        return None
    return _document_sql(record_format, connection.vendor)


def change_sql(entity: str, record_format: Format, connection: BaseDatabaseWrapper) -> str | None:
    """The SQL expression of a row's pull item as JSON text: its document, or its tombstone."""
    if not supported(connection):
        return None
    return _change_sql(entity, record_format, connection.vendor)


@cache
def _document_sql(record_format: Format, vendor: str) -> str:
    return _object(_pairs(record_format, vendor)).replace("%", "%%")


@cache
def _change_sql(entity: str, record_format: Format, vendor: str) -> str:
    head = [
        ("entity", f"'\"{entity}\"'"),
        ("id", _uuid(quote("id"), vendor)),
        ("version", _number(quote("version"), vendor)),
    ]
    live = _object([*head, ("deleted", "'false'"), ("data", _object(_pairs(record_format, vendor)))])
    tombstone = _object([*head, ("deleted", "'true'")])
    sql = f"(CASE WHEN {quote('deleted_at')} IS NULL THEN {live} ELSE {tombstone} END)"
    return sql.replace("%", "%%")


def _object(pairs: list[tuple[str, str]]) -> str:
    """A JSON object's text from (key, SQL of the value's JSON text) pairs; keys are names."""
    parts, glue = [], "{"
    for key, value in pairs:
        parts += [_literal(f'{glue}"{key}":'), value]
        glue = ","
    return "(" + " || ".join([*parts, "'}'"]) + ")"


def quote(name: str) -> str:
    """A column's name, quoted as both databases read it."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _pairs(record_format: Format, vendor: str) -> list[tuple[str, str]]:
    return [(name, _value(field, vendor)) for name, field in record_format.fields.items()]


def _value(field: fields.Field, vendor: str) -> str:
    """The SQL of one field's JSON text, as `field.to_representation` shows it (NULL: null)."""
    column = quote(_column(field))
    sqlite = vendor == "sqlite"
    if isinstance(field, fields.UUIDField):
        return _uuid(column, vendor)
    if isinstance(field, fields.OffsetDateTimeField):
        return _string(_offset_datetime(column, quote(field.offset_attr), vendor))
    if isinstance(field, fields.DateTimeField):
        return _string(_utc_datetime(column, vendor))
    if isinstance(field, fields.DateField):
        return _string(column if sqlite else f"to_char({column}, 'YYYY-MM-DD')")
    if isinstance(field, fields.DecimalField):
        # The renderer writes a Decimal as a float; SQLite's REAL is that float, and
        # PostgreSQL's numeric text (0.400) the same number.
        return _number(f"CAST({column} AS REAL)" if sqlite else column, vendor)
    if isinstance(field, fields.IntegerField):
        return _number(column, vendor)
    if isinstance(field, BandField):
        return _text(f"NULLIF({column}, '')", vendor)
    if isinstance(field, (fields.TextField, fields.ChoiceField)):
        return _text(column, vendor)
    if isinstance(field, (fields.ListField, fields.ObjectsField)):
        # The column holds JSON already: Django's json.dumps on SQLite, jsonb in PostgreSQL.
        return _number(column, vendor)
    raise TypeError(f"No SQL document for {type(field).__name__}")


def _column(field: fields.Field) -> str:
    """The model's column: the field's source (`episode_id`), which is its attname here."""
    return field.source or field.name


def _number(sql: str, vendor: str) -> str:
    """A value whose text is its JSON (a number, or JSON kept as text); null for NULL."""
    return f"ifnull({sql}, 'null')" if vendor == "sqlite" else f"coalesce(({sql})::text, 'null')"


def _text(sql: str, vendor: str) -> str:
    """Text as a JSON string, escaped by the database; null for NULL."""
    return f"json_quote({sql})" if vendor == "sqlite" else f"coalesce(to_json({sql})::text, 'null')"


def _string(sql: str) -> str:
    """Text that needs no escaping (digits, dashes, colons) as a JSON string; null for NULL."""
    return f"coalesce('\"' || {sql} || '\"', 'null')"


def _uuid(column: str, vendor: str) -> str:
    if vendor != "sqlite":
        return _string(f"{column}::text")  # lowercase, with dashes
    # SQLite keeps 32 lowercase hex digits.
    return _string(" || '-' || ".join(f"substr({column}, {start}, {n})" for start, n in _UUID_PARTS))


_UUID_PARTS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))


def _utc_datetime(column: str, vendor: str) -> str:
    """An instant as `2026-05-01T08:00:00[.ffffff]Z` (Python's isoformat in UTC)."""
    if vendor == "sqlite":
        # Django keeps it as UTC text `YYYY-MM-DD HH:MM:SS[.ffffff]`, str() of the datetime.
        return f"(replace({column}, ' ', 'T') || 'Z')"
    utc = f"({column} AT TIME ZONE 'UTC')"
    return f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || {_pg_fraction(utc)} || 'Z')"


def _pg_fraction(local: str) -> str:
    """Python shows microseconds only when there are some, always six digits."""
    return f"(CASE WHEN to_char({local}, 'US') = '000000' THEN '' ELSE '.' || to_char({local}, 'US') END)"


def _offset_datetime(column: str, offset: str, vendor: str) -> str:
    """The instant in its own UTC offset: `2026-05-01T08:00:00[.ffffff]+01:00`."""
    sign = f"(CASE WHEN {offset} < 0 THEN '-' ELSE '+' END)"
    if vendor == "sqlite":
        # Seconds are shifted without their fraction (SQLite's date arithmetic keeps
        # milliseconds only, and could round .9999995 up), which is appended as stored.
        local = f"strftime('%Y-%m-%dT%H:%M:%S', substr({column}, 1, 19), ({offset}) || ' minutes')"
        fraction = f"substr({column}, 20)"
        hours_minutes = f"printf('%02d:%02d', abs({offset}) / 60, abs({offset}) % 60)"
    else:
        local = f"(({column} AT TIME ZONE 'UTC') + make_interval(mins => {offset}))"
        fraction = _pg_fraction(local)
        local = f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        hours_minutes = (
            f"(lpad((abs({offset}) / 60)::text, 2, '0') || ':' || lpad((abs({offset}) % 60)::text, 2, '0'))"
        )
    return f"({local} || {fraction} || {sign} || {hours_minutes})"
