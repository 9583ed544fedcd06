"""Each record kind's document as JSON text the database builds: the read path of pull and lists.

`Format.document` shows one model instance at a time in Python; for a first sync of two
years (thousands of rows) that costs more than the database takes to read them. Here each
format's fields become one SQL expression that writes the very same document as text: the
same keys, the same values once parsed (numbers may be written as `0.400` where Python
writes `0.4`), date-times in the record's own offset or in UTC with `Z`, exactly as
`diary.fields` shows them. Python then only joins the texts into the response
(api.raw_json).

Each document is one `printf` (SQLite) or `format` (PostgreSQL) call whose template holds
the keys and the constant parts of the values (quotes, dashes of a UUID, the `Z`), text
escaped by `json_quote` / `to_json`. Measured on SQLite, that is about a third of the cost of
`json_object` and a sixth of a chain of `||` (each copies the growing text).

`document_sql(kind, connection)` is None where this cannot be done the same way: another
database, or a server time zone other than UTC (server instants are shown in it); the
callers then show model instances with `Format.document`, as before.
`tests/sync/test_read_path_equivalence.py` compares both for randomized records of every kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from diary import fields
from diary.formats import BandField
from diary.records import RecordKind

VENDORS = ("sqlite", "postgresql")


def supported(connection: BaseDatabaseWrapper) -> bool:
    """Whether this database can build the documents (and instants are shown in UTC)."""
    return connection.vendor in VENDORS and timezone.get_current_timezone_name() == "UTC"


def document_sql(kind: RecordKind, connection: BaseDatabaseWrapper) -> str | None:
    """The SQL expression of a row's document as JSON text, or None (see the module).

    Its `%` signs are doubled, as SQL passed to a cursor with parameters needs them.
    """
    if not supported(connection):
        return None
    return _document_sql(kind, connection.vendor).replace("%", "%%")


def item_sql(kind: RecordKind, connection: BaseDatabaseWrapper) -> str | None:
    """The SQL expression of what a pull shows of a row: its document as JSON text, or, when
    it is deleted, its id as a JSON string; `change_item` makes the pull item of either.

    (The pull item is put together in Python: in SQL its id would be written twice, a fifth
    of the document's cost on SQLite.)
    """
    if not supported(connection):
        return None
    return _item_sql(kind, connection.vendor)


_ID = slice(len('{"id":'), len('{"id":') + 38)
"""Where a document holds its id as a JSON string: every format's first field is its id."""


def change_item(entity: str, version: int, item: str) -> str:
    """The pull item of a row from `item_sql`'s text: a live record's, or a tombstone."""
    if item[0] == "{":
        return f'{{"entity":"{entity}","id":{item[_ID]},"version":{version},"deleted":false,"data":{item}}}'
    return f'{{"entity":"{entity}","id":{item},"version":{version},"deleted":true}}'


@dataclass(frozen=True)
class Piece:
    """A value's part of a template (`%s` for each argument) and its SQL arguments."""

    template: str
    args: tuple[str, ...]


@cache
def _document_sql(kind: RecordKind, vendor: str) -> str:
    return _object(
        [(name, _value(kind, field, vendor)) for name, field in kind.format.fields.items()], vendor
    )


@cache
def _item_sql(kind: RecordKind, vendor: str) -> str:
    first = next(iter(kind.format.fields.items()))
    if first[0] != "id" or not isinstance(first[1], fields.UUIDField):
        raise TypeError(f"{kind.entity}: change_item reads the id a document starts with")
    deleted = _uuid(quote("id"), vendor, null=False)
    tombstone = _object_free(deleted, vendor)
    sql = f"(CASE WHEN {quote('deleted_at')} IS NULL THEN {_document_sql(kind, vendor)} ELSE {tombstone} END)"
    return sql.replace("%", "%%")


def _object_free(piece: Piece, vendor: str) -> str:
    """The text of one piece on its own."""
    if piece.template == "%s":
        return piece.args[0]
    function = "printf" if vendor == "sqlite" else "format"
    return f"{function}({_literal(piece.template)}, {', '.join(piece.args)})"


def _object(pairs: list[tuple[str, Piece]], vendor: str) -> str:
    """A JSON object's text from its keys (names) and values, in one printf / format call."""
    template = "{" + ",".join(f'"{key}":{piece.template}' for key, piece in pairs) + "}"
    args = [arg for _, piece in pairs for arg in piece.args]
    if not args:
        return _literal(template)
    function = "printf" if vendor == "sqlite" else "format"
    return f"{function}({_literal(template)}, {', '.join(args)})"


def quote(name: str) -> str:
    """A column's name, quoted as both databases read it."""
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _value(kind: RecordKind, field: fields.Field, vendor: str) -> Piece:
    """A field's JSON, as `field.to_representation` shows it (NULL: null)."""
    name = field.source or field.name  # the model's attname (`episode_id`)
    column = quote(name)
    null = kind.model._meta.get_field(name).null
    sqlite = vendor == "sqlite"
    if isinstance(field, fields.UUIDField):
        return _uuid(column, vendor, null=null)
    if isinstance(field, fields.OffsetDateTimeField):
        offset = quote(field.offset_attr)
        if null or kind.model._meta.get_field(field.offset_attr).null:
            raise TypeError(f"{name}: an optional date-time with an offset has no SQL document yet")
        return _offset_datetime(column, offset, vendor)
    if isinstance(field, fields.DateTimeField):
        text = f"replace({column}, ' ', 'T')" if sqlite else _pg_utc(column)
        return _quoted('"%sZ"', text, column, null=null)
    if isinstance(field, fields.DateField):
        return _quoted('"%s"', column if sqlite else f"to_char({column}, 'YYYY-MM-DD')", column, null=null)
    if isinstance(field, fields.DecimalField):
        # The renderer writes a Decimal as a float; SQLite's REAL is that float, and
        # PostgreSQL's numeric text (0.400) the same number.
        return _raw(f"CAST({column} AS REAL)" if sqlite else column, vendor, null=null)
    if isinstance(field, fields.IntegerField):
        return _raw(column, vendor, null=null)
    if isinstance(field, BandField):
        return _text(f"NULLIF({column}, '')", vendor)
    if isinstance(field, (fields.TextField, fields.ChoiceField)):
        return _text(column, vendor)
    if isinstance(field, (fields.ListField, fields.ObjectsField)):
        # The column holds JSON already: Django's json.dumps on SQLite, jsonb in PostgreSQL.
        return _raw(column, vendor, null=null)
    raise TypeError(f"No SQL document for {type(field).__name__}")


def _raw(sql: str, vendor: str, *, null: bool) -> Piece:
    """A value whose text is its JSON (a number, or JSON kept as text)."""
    if vendor != "sqlite":
        sql = f"({sql})::text"
    if not null:
        return Piece("%s", (sql,))
    return Piece("%s", (f"coalesce({sql}, 'null')",))


def _text(sql: str, vendor: str) -> Piece:
    """Text as a JSON string, escaped by the database; null for NULL."""
    if vendor == "sqlite":
        return Piece("%s", (f"json_quote({sql})",))
    return Piece("%s", (f"coalesce(to_json({sql})::text, 'null')",))


def _quoted(template: str, sql: str, column: str, *, null: bool) -> Piece:
    """Text that needs no escaping (digits, dashes, colons) in a JSON string's template."""
    if not null:
        return Piece(template, (sql,))
    return Piece("%s", (f"(CASE WHEN {column} IS NULL THEN 'null' ELSE {_fill(template, sql)} END)",))


def _fill(template: str, sql: str) -> str:
    """The text of a one-argument template, by concatenation (both databases)."""
    before, after = template.split("%s")
    return " || ".join(
        part for part in (_literal(before) if before else "", sql, _literal(after) if after else "") if part
    )


_UUID_PARTS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))


def _uuid(column: str, vendor: str, *, null: bool) -> Piece:
    if vendor != "sqlite":
        return _quoted('"%s"', f"{column}::text", column, null=null)  # lowercase, with dashes
    # SQLite keeps 32 lowercase hex digits.
    parts = tuple(f"substr({column}, {start}, {n})" for start, n in _UUID_PARTS)
    if not null:
        return Piece('"%s-%s-%s-%s-%s"', parts)
    text = f"printf('\"%s-%s-%s-%s-%s\"', {', '.join(parts)})"
    return Piece("%s", (f"(CASE WHEN {column} IS NULL THEN 'null' ELSE {text} END)",))


def _pg_utc(column: str) -> str:
    """An instant as `2026-05-01T08:00:00[.ffffff]` in UTC (Python's isoformat)."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return f"(to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') || {_pg_fraction(utc)})"


def _pg_fraction(local: str) -> str:
    """Python shows microseconds only when there are some, always six digits."""
    return f"(CASE WHEN to_char({local}, 'US') = '000000' THEN '' ELSE '.' || to_char({local}, 'US') END)"


def _offset_datetime(column: str, offset: str, vendor: str) -> Piece:
    """The instant in its own UTC offset: `2026-05-01T08:00:00[.ffffff]+01:00`."""
    sign = f"(CASE WHEN {offset} < 0 THEN '-' ELSE '+' END)"
    if vendor == "sqlite":
        # Seconds are shifted without their fraction (SQLite's date arithmetic keeps
        # milliseconds only, and could round .9999995 up), which is appended as stored.
        local = f"strftime('%Y-%m-%dT%H:%M:%S', substr({column}, 1, 19), {offset} || ' minutes')"
        return Piece(
            '"%s%s%s%02d:%02d"',
            (local, f"substr({column}, 20)", sign, f"abs({offset}) / 60", f"abs({offset}) % 60"),
        )
    local = f"(({column} AT TIME ZONE 'UTC') + make_interval(mins => {offset}))"
    hours = f"lpad((abs({offset}) / 60)::text, 2, '0')"
    minutes = f"lpad((abs({offset}) % 60)::text, 2, '0')"
    text = f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    return Piece('"%s%s%s%s:%s"', (text, _pg_fraction(local), sign, hours, minutes))
