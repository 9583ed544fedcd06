"""OpenAPI helpers: enums that share a field name (`status`) without colliding in the schema."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def choice_field(choices, *, enum_id: str, **kwargs) -> serializers.ChoiceField:
    """A ChoiceField whose schema enum gets its own id, so that two choice sets both called
    `status` (shares, summaries) are named after their components instead of colliding.
    """
    schema = {"type": "string", "enum": [value for value, _ in choices], "x-spec-enum-id": enum_id}

    @extend_schema_field(schema)
    class NamedChoiceField(serializers.ChoiceField):
        pass

    return NamedChoiceField(choices=choices, **kwargs)
