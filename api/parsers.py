"""The API reads JSON only, and malformed JSON of any depth is a 400, never a 500."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser; a document nested too deep for the decoder is a parse error.

    `[[[[…` a few thousand levels deep makes Python's json raise RecursionError, which DRF
    does not catch (it would be a 500).
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
