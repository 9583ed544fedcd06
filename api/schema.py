"""OpenAPI helpers: the project's AutoSchema, and enums that share a field name (`status`)."""

from __future__ import annotations

import re
from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from rest_framework import serializers

NO_NUL = "^[^\\x00]*$"  # free text in a request: anything but NUL


def choice_field(choices, *, enum_id: str, **kwargs) -> serializers.ChoiceField:
    """A ChoiceField whose schema enum gets its own id, so that two choice sets both called
    `status` (shares, summaries) are named after their components instead of colliding.
    """
    schema = {"type": "string", "enum": [value for value, _ in choices], "x-spec-enum-id": enum_id}

    @extend_schema_field(schema)
    class NamedChoiceField(serializers.ChoiceField):
        pass

    return NamedChoiceField(choices=choices, **kwargs)


class ErrorSerializer(serializers.Serializer):
    """One error of the standard shape (CONTRACT.md § Errors)."""

    code = serializers.CharField(help_text="invalid, required, not_found, … (DRF's codes and ours).")
    detail = serializers.CharField(help_text="A sentence for people.")
    attr = serializers.CharField(
        allow_null=True,
        help_text="The field it is about, as a path for nested ones (`side_effects.0.code`); null: none.",
    )


# An error response in the standard shape (CONTRACT.md § Errors), for responses described by hand.
class ErrorResponseSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="client_error, validation_error or server_error.")
    errors = ErrorSerializer(many=True)


class AutoSchema(StandardizedErrorsAutoSchema):
    """drf-standardized-errors' schema, plus the 400s our views raise outside a serializer.

    - `page_size` of a paginated list (api.pagination) and the `If-Match` header of records
      are checked in the view, so their validation errors are declared here;
    - a DELETE whose view sets `delete_body = True` (`me/`: the password) documents its body
      and its validation errors like a POST's (OpenAPI allows a DELETE body; drf-spectacular
      leaves it out by default).
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """drf-spectacular's mapping, plus what the field enforces beyond it, so the schema says it:

        - a number field (DecimalField as a JSON number) gets `multipleOf` for its decimal places;
        - a field marked with api.fields.schema_hint() gets that keyword (`multipleOf` of an
          integer, `uniqueItems` of a list);
        - free text in a request says it holds no NUL character (DRF refuses it; PostgreSQL
          cannot store it).
        """
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        extra = dict(getattr(field, "schema_extra", {}))
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and isinstance(schema, dict)
            and schema.get("type") == "string"
            and not {"pattern", "format", "enum"} & set(schema)
        ):
            extra.setdefault("pattern", NO_NUL)
        if (
            isinstance(field, serializers.DecimalField)
            and not field.coerce_to_string
            and field.decimal_places is not None
        ):
            extra.setdefault("multipleOf", float(Decimal(1).scaleb(-field.decimal_places)))
        if extra and isinstance(schema, dict) and "$ref" not in schema:
            schema = {**schema, **extra}
        return schema

    def _get_extra_validation_errors(self) -> dict[str, set[str]]:
        extra = dict(super()._get_extra_validation_errors())
        if self.method == "GET" and self._get_paginator() is not None:
            extra.setdefault("page_size", set()).add("invalid")
        if any(p.get("name") == "If-Match" for p in self._get_parameters() if p.get("in") == "header"):
            extra.setdefault("If-Match", set()).add("invalid")
        extra.update(getattr(self.view, "extra_validation_errors", {}).get(self.method, {}))
        return extra

    def _get_validation_error_codes_by_field(self, data_fields) -> dict[str, set[str]]:
        """Every field may be `invalid` (what a validate_<field>() raises); so may a list of
        objects itself (`side_effects` null: DRF names the field, not its non_field_errors)
        and each item of it (`side_effects.0` null)."""
        codes = super()._get_validation_error_codes_by_field(data_fields)
        for name in list(codes):
            codes[name].add("invalid")
            if name.endswith(".non_field_errors") and ".INDEX" not in name:
                codes.setdefault(name.removesuffix(".non_field_errors"), set()).update(codes[name])
            if ".INDEX." in name:
                item = name[: name.index(".INDEX.") + len(".INDEX")]
                codes.setdefault(item, set()).update({"null", "invalid"})
        return codes

    def _as_post_if_delete_body(self, method, *args, **kwargs):
        if self.method == "DELETE" and getattr(self.view, "delete_body", False):
            self.method = "POST"
            try:
                return method(*args, **kwargs)
            finally:
                self.method = "DELETE"
        return method(*args, **kwargs)

    def _get_request_body(self, direction="request"):
        return self._as_post_if_delete_body(super()._get_request_body, direction)

    def _should_add_validation_error_response(self) -> bool:
        return self._as_post_if_delete_body(super()._should_add_validation_error_response)

    def _determine_fields_with_error_codes(self):
        return self._as_post_if_delete_body(super()._determine_fields_with_error_codes)


def index_attrs_as_patterns(result: dict, generator, request, public) -> dict:
    """Post-processing hook: `attr` of list items' errors is `side_effects.0.code`, not `…INDEX…`.

    drf-standardized-errors names the item's position INDEX in its enum of attrs; a client
    (and schemathesis) sees real indexes, so those enums become the matching pattern.
    """
    for component in result.get("components", {}).get("schemas", {}).values():
        attr = component.get("properties", {}).get("attr")
        if not attr or not any(".INDEX" in str(value) for value in attr.get("enum", [])):
            continue
        alternatives = "|".join(
            re.escape(str(value)).replace("INDEX", "[0-9]+") for value in attr.pop("enum")
        )
        attr["pattern"] = f"^(?:{alternatives})$"
    return result


LITERAL = "x-literal"


def inline_literals(result: dict, generator, request, public) -> dict:
    """Post-processing hook: a field of one allowed value (api.sync.literal) gets `enum: [value]`.

    Written after the enum hook, so that `deleted: false` of six kinds of change stays in
    place instead of becoming enum components named after each other.
    """

    def walk(node) -> None:
        if isinstance(node, dict):
            if LITERAL in node:
                node["enum"] = [node.pop(LITERAL)]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result.get("components", {}))
    return result
