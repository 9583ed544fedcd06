"""DRF serializers of the records the API shows, for the schema and for rendering.

The record kinds' serializers are generated from their formats (diary.formats): each diary
field becomes the strict DRF field that states the same bounds, enums, patterns and help
texts in the schema. They render a record as the diary shows it (`RecordKind.document`) and
never validate: the services do (diary.services.record_validate), so REST, sync and import
refuse the same documents with the same errors.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from api.fields import (
    BoundedDateField,
    OffsetDateTimeField,
    StrictCharField,
    StrictIntegerField,
    StrictUUIDField,
    schema_hint,
)
from diary import fields
from diary.formats import Format
from diary.records import KINDS, RecordKind


def drf_field(field: fields.Field) -> serializers.Field:
    """The DRF field that describes `field` in the schema (bound to the same name)."""
    options: dict[str, Any] = {"help_text": field.help_text or None}
    if field.read_only:
        options["read_only"] = True
    elif not field.required:
        options.update(required=False, default=field.default)
    if field.null:
        options["allow_null"] = True
    if field.source != field.name:
        options["source"] = field.source
    described = _described(field, options)
    hints = {}
    for check in field.checks:
        if isinstance(check, fields.Step):
            hints["multipleOf"] = check.size
        elif isinstance(check, fields.Distinct) and check.key is None:
            hints["uniqueItems"] = True
    return schema_hint(described, **hints) if hints else described


def _described(field: fields.Field, options: dict[str, Any]) -> serializers.Field:
    if isinstance(field, fields.IntegerField):
        bounds = {"min_value": field.lo, "max_value": field.hi}
        return StrictIntegerField(**{k: v for k, v in bounds.items() if v is not None}, **options)
    if isinstance(field, fields.DecimalField):
        return serializers.DecimalField(
            max_digits=field.digits,
            decimal_places=field.places,
            min_value=field.lo,
            max_value=field.hi,
            coerce_to_string=False,
            **options,
        )
    if isinstance(field, fields.TextField):
        return StrictCharField(
            max_length=field.max_length, allow_blank=field.blank, trim_whitespace=field.trim, **options
        )
    if isinstance(field, fields.ChoiceField):
        return serializers.ChoiceField(choices=list(field.choices.items()), **options)
    if isinstance(field, fields.UUIDField):
        return serializers.UUIDField(**options) if field.read_only else StrictUUIDField(**options)
    if isinstance(field, fields.DateField):
        return BoundedDateField(**options)
    if isinstance(field, fields.OffsetDateTimeField):
        return OffsetDateTimeField(offset_attr=field.offset_attr, **options)
    if isinstance(field, fields.DateTimeField):
        return serializers.DateTimeField(**options)
    if isinstance(field, fields.ListField):
        return serializers.ListField(child=drf_field(field.child), **options)
    if isinstance(field, fields.ObjectsField):
        return _serializer(field.item_name, field.fields, doc=None)(many=True, **options)
    raise TypeError(f"No DRF field for {type(field).__name__}")


def _serializer(
    name: str, declared: dict[str, fields.Field], *, doc: str | None, base: type = serializers.Serializer
) -> type[serializers.Serializer]:
    attrs = {field_name: drf_field(field) for field_name, field in declared.items()}
    return type(f"{name}Serializer", (base,), {**attrs, "__doc__": doc, "__module__": __name__})


class RecordSerializer(serializers.Serializer):
    """A record of one kind (`kind`), shown as the diary shows it; schema and rendering only."""

    kind: RecordKind

    def to_representation(self, instance) -> dict[str, Any]:
        return self.kind.document(instance)

    def to_internal_value(self, data):
        raise NotImplementedError("Records are validated by diary.services, not by their serializer.")


def record_serializer(kind: RecordKind) -> type[RecordSerializer]:
    """The serializer of a kind, named after its model (the schema's Entry, MedicationIntake …)."""
    record_format: Format = kind.format
    serializer = _serializer(
        kind.model.__name__, record_format.fields, doc=record_format.description, base=RecordSerializer
    )
    serializer.kind = kind
    return serializer


SERIALIZERS: dict[str, type[RecordSerializer]] = {
    entity: record_serializer(kind) for entity, kind in KINDS.items()
}
"""The serializer of each record kind, by entity."""
