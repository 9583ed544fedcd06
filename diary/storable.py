"""JSON a device sends that no column can store as JSON, and the forms the server keeps it in.

Python reads things from a request body that a JSON column or a response cannot hold:
a NUL character (PostgreSQL's jsonb refuses it), an unpaired UTF-16 surrogate such as
"\\ud800" (not UTF-8, so neither PostgreSQL nor a response can encode it), a number no
double holds (1e400), an integer beyond 64 bits (beyond every integer column), nesting
deeper than MAX_DEPTH (SQLite's JSON stops at 2000 levels). `problems` names them;
`storable` keeps a value holding any of them, losslessly, as {"json_text": <its JSON
text, ASCII with \\u escapes>}; `printable` makes text the server writes (error messages
that echo input) safe by replacing what cannot be kept with U+FFFD. docs/sync.md § Rejections.

Every function here walks values with an explicit stack, never by recursion: a value may
be nested as deep as the JSON parser allows.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext

MAX_DEPTH = 100
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
WRAPPER = "json_text"
UNSAFE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


class OutOfRangeNumber(float):
    """A JSON number no double holds (1e400, -1e400, an integer of thousands of digits).

    Its value is ±infinity, so every numeric validator refuses it; `text` keeps the number
    exactly as it was written, for `json_text`.
    """

    text: str

    def __new__(cls, text: str) -> OutOfRangeNumber:
        number = super().__new__(cls, -math.inf if text.lstrip().startswith("-") else math.inf)
        number.text = text
        return number


def parse_float(text: str) -> float:
    """A JSON number with a fraction or exponent; beyond a double, an OutOfRangeNumber."""
    value = float(text)
    return value if math.isfinite(value) else OutOfRangeNumber(text)


def parse_int(text: str) -> int | OutOfRangeNumber:
    """A JSON integer; one too long for Python to convert (4300 digits), an OutOfRangeNumber."""
    try:
        return int(text)
    except ValueError:
        return OutOfRangeNumber(text)


class StoredJSONDecoder(json.JSONDecoder):
    """Reads whatever a JSON column holds, rows written before these checks included.

    A number beyond a double (PostgreSQL's jsonb keeps 1e400 as a 401-digit integer, and
    1e5000 as one Python refuses to convert) comes back as an OutOfRangeNumber, not an error.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{**kwargs, "parse_float": parse_float, "parse_int": parse_int})


def _text_problem(text: str) -> tuple[str, str] | None:
    found = UNSAFE_CHARACTERS.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "null_characters_not_allowed", gettext("Null characters are not allowed.")
    return (
        "surrogate_characters_not_allowed",
        gettext("Unpaired surrogate characters are not allowed: U+%(code)X.") % {"code": ord(found.group())},
    )


def _leaf_problem(value: Any) -> tuple[str, str] | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return _text_problem(value)
    if isinstance(value, int):
        if INT64_MIN <= value <= INT64_MAX:
            return None
        return "out_of_range", gettext("Numbers must lie between -2^63 and 2^63-1.")
    if isinstance(value, float):
        return (
            None if math.isfinite(value) else ("out_of_range", gettext("This number is too large to keep."))
        )
    return "invalid", gettext("Not a JSON value.")


def problems(value: Any, *, limit: int = 10) -> Iterator[tuple[list[str], str, str]]:
    """(path, code, message) of each part of `value` that cannot be stored as JSON, at most `limit`.

    A path is the keys and list indexes leading to the part; a bad key is named by itself.
    """
    stack: list[tuple[list[str], Any]] = [([], value)]
    found = 0
    while stack and found < limit:
        path, item = stack.pop()
        problem = None
        if len(path) > MAX_DEPTH:
            message = gettext("Values may be nested at most %(depth)s levels deep.") % {"depth": MAX_DEPTH}
            problem = ("max_depth", message)
        elif isinstance(item, dict):
            children = [(str(key), child) for key, child in item.items()]
            for key, child in reversed(children):
                if key_problem := _text_problem(key):
                    found += 1
                    yield [*path, key], *key_problem
                else:
                    stack.append(([*path, key], child))
            continue
        elif isinstance(item, list):
            stack.extend(([*path, str(i)], child) for i, child in reversed(list(enumerate(item))))
            continue
        else:
            problem = _leaf_problem(item)
        if problem is not None:
            found += 1
            yield path, *problem


def is_storable(value: Any) -> bool:
    return next(problems(value, limit=1), None) is None


class _Token:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _leaf_text(value: Any) -> str:
    if isinstance(value, OutOfRangeNumber):
        return value.text
    if isinstance(value, float) and not math.isfinite(value):
        # The text the number was sent as is unknown (a row older than these checks): a
        # number every JSON parser reads as infinity; NaN, which no parser here produces, is null.
        return "null" if math.isnan(value) else ("-1e999" if value < 0 else "1e999")
    if value is None or isinstance(value, (bool, int, float, str)):
        return json.dumps(value)  # ASCII: NUL and surrogates become \u escapes
    return json.dumps(str(value))


def json_text(value: Any) -> str:
    """`value` as JSON text in ASCII, exactly: whatever it holds, parsing the text gives it back."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Token):
            out.append(item.text)
        elif isinstance(item, dict):
            out.append("{")
            stack.append(_Token("}"))
            entries = list(item.items())
            for i in range(len(entries) - 1, -1, -1):
                key, child = entries[i]
                stack.append(child)
                stack.append(_Token(("," if i else "") + json.dumps(str(key)) + ":"))
        elif isinstance(item, list):
            out.append("[")
            stack.append(_Token("]"))
            for i in range(len(item) - 1, -1, -1):
                stack.append(item[i])
                if i:
                    stack.append(_Token(","))
        else:
            out.append(_leaf_text(item))
    return "".join(out)


def storable(value: Any) -> Any:
    """`value` itself when a JSON column can hold it; else {"json_text": json_text(value)}."""
    return value if is_storable(value) else {WRAPPER: json_text(value)}


def printable(value: Any) -> Any:
    """Server-written JSON (messages that may echo input) with every part a column cannot hold
    replaced: U+FFFD for NUL and unpaired surrogates, null for numbers out of range.
    """
    if isinstance(value, str):
        return UNSAFE_CHARACTERS.sub("\ufffd", value)
    if isinstance(value, dict):
        return {printable(str(key)): printable(child) for key, child in value.items()}
    if isinstance(value, list):
        return [printable(child) for child in value]
    return None if _leaf_problem(value) else value
