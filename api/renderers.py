"""JSON responses that never fail on the text they carry."""

from __future__ import annotations

from rest_framework import renderers


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer (UTF-8); text holding an unpaired surrogate is sent as ASCII JSON.

    An unpaired surrogate ("\\ud800") cannot be encoded as UTF-8, so DRF's renderer fails
    with a 500 on a response holding one (an error message echoing the input, a row stored
    before the sync checks of diary.storable). ASCII JSON writes it as a \\u escape, which
    every JSON parser reads back to the same string: nothing changes but the encoding.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return AsciiJSONRenderer().render(data, accepted_media_type, renderer_context)


class AsciiJSONRenderer(renderers.JSONRenderer):
    ensure_ascii = True
