"""Responses whose large parts arrive as JSON text already (pull's changes, a list's results).

The database writes each record's document (diary.document_sql); parsing it into Python only
to encode it again would cost more than building it. A view puts `RawJSON` text (or a list
of texts) among its response's values, and `RawJSONRenderer` writes them as they are and
everything else as the API's JSON renderer does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from rest_framework.utils import encoders

from api.renderers import JSONRenderer


class RawJSON:
    """JSON text to be sent as it is: one value, or (`items`) the elements of an array."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    @classmethod
    def array(cls, items: Iterable[str]) -> RawJSON:
        return cls("[" + ",".join(items) + "]")


def _encoded(value) -> str:
    if isinstance(value, RawJSON):
        return value.text
    return json.dumps(value, cls=encoders.JSONEncoder, ensure_ascii=False, separators=(",", ":"))


class RawJSONRenderer(JSONRenderer):
    """The API's JSON renderer, writing a top-level object's `RawJSON` values verbatim."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not isinstance(data, dict) or not any(isinstance(v, RawJSON) for v in data.values()):
            return super().render(data, accepted_media_type, renderer_context)
        body = "{" + ",".join(f"{_encoded(key)}:{_encoded(value)}" for key, value in data.items()) + "}"
        try:
            return body.encode("utf-8")
        except UnicodeEncodeError:  # text no UTF-8 can carry: ASCII JSON, as JSONRenderer does
            parsed = {k: json.loads(v.text) if isinstance(v, RawJSON) else v for k, v in data.items()}
            return super().render(parsed, accepted_media_type, renderer_context)
