"""The API reads JSON only, and malformed JSON of any depth is a 400, never a 500."""

from __future__ import annotations

import codecs

from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

from diary.storable import parse_float, parse_int


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a document nested too deep for the decoder is a parse error.

    `[[[[…` a few thousand levels deep makes Python's json raise RecursionError, which DRF
    does not catch (it would be a 500). NaN and Infinity are not JSON: a parse error, as in
    DRF. A number no double holds (`1e400`, an integer of thousands of digits) is valid
    JSON: it is read as a `diary.storable.OutOfRangeNumber` (infinity, keeping its text),
    so a field that gets it names it, and a sync rejection keeps it exactly.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})  # text charsets only, as in DRF
        try:
            return json.load(
                codecs.getreader(encoding)(stream),
                parse_constant=json.strict_constant,
                parse_float=parse_float,
                parse_int=parse_int,
            )
        except RecursionError:
            raise ParseError(gettext("JSON parse error - nested too deeply.")) from None
        except ValueError as exc:
            raise ParseError(gettext("JSON parse error - %(error)s") % {"error": exc}) from None
