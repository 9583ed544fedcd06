"""`import/`: bring a diary in from the JSON export (`export/?format=json`), e.g. a new account.

The body is the export document as it was downloaded; `profile` and `exported_at` are
ignored. Records keep their ids when free and their links either way (patientdata.imports).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import StrictUUIDField
from api.permissions import IsPatient
from api.phi import NoStoreMixin
from api.record_serializers import SERIALIZERS
from api.schema import ErrorResponseSerializer
from patientdata.imports import SECTIONS, diary_import


def exported(serializer: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """For the schema: a record as the export shows it, whose `id` is kept when it is free."""
    id_field = serializers.UUIDField(
        required=False, help_text="Kept when free; links in the document name records by it."
    )
    return type(f"Imported{serializer.__name__}", (serializer,), {"id": id_field})


class ImportDocumentSerializer(serializers.Serializer):
    """The schema of the body; the views validate each record as its resource's POST would."""

    episodes = exported(SERIALIZERS["episode"])(many=True, required=False)
    administrations = exported(SERIALIZERS["administration"])(
        many=True, required=False, help_text="`episode` names an episode of this document."
    )
    entries = exported(SERIALIZERS["entry"])(
        many=True,
        required=False,
        help_text="`episode` and `administration` name records of this document (else dropped).",
    )
    medications = exported(SERIALIZERS["medication"])(many=True, required=False)
    assessments = exported(SERIALIZERS["assessment"])(
        many=True, required=False, help_text="`episode` names an episode of this document (else dropped)."
    )


def ids_valid(*links: str):
    """A validator of a section: a record's `id`, and its `links` unless null, are UUIDs, as the
    schema says. A malformed one is refused, never silently replaced or dropped."""

    def validate(records: list[dict]) -> list[dict]:
        field, errors = StrictUUIDField(), {}
        for index, record in enumerate(records):
            for name in ("id", *links):
                if name not in record or (name in links and record[name] is None):
                    continue
                try:
                    field.run_validation(record[name])
                except serializers.ValidationError as exc:
                    errors.setdefault(index, {})[name] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return records

    return validate


class ImportSerializer(serializers.Serializer):
    episodes = serializers.ListField(
        child=serializers.DictField(), required=False, default=list, validators=[ids_valid()]
    )
    administrations = serializers.ListField(
        child=serializers.DictField(), required=False, default=list, validators=[ids_valid("episode")]
    )
    entries = serializers.ListField(
        child=serializers.DictField(),
        required=False,
        default=list,
        validators=[ids_valid("episode", "administration")],
    )
    medications = serializers.ListField(
        child=serializers.DictField(), required=False, default=list, validators=[ids_valid()]
    )
    assessments = serializers.ListField(
        child=serializers.DictField(), required=False, default=list, validators=[ids_valid("episode")]
    )


class ImportResultSerializer(serializers.Serializer):
    created = serializers.DictField(
        child=serializers.IntegerField(), help_text="Records created per section."
    )
    new_ids = serializers.DictField(
        child=serializers.UUIDField(),
        help_text="Exported id → the id the record got, where the old one was taken.",
    )


class ImportApi(NoStoreMixin, APIView):
    permission_classes = [IsPatient]

    @extend_schema(
        tags=["export"],
        request=ImportDocumentSerializer,
        responses={
            201: ImportResultSerializer,
            400: OpenApiResponse(ErrorResponseSerializer, description="Names `section.index.field`."),
        },
    )
    def post(self, request: Request) -> Response:
        body = ImportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = diary_import(
            patient_id=request.user.pk, document={s: body.validated_data[s] for s in SECTIONS}
        )
        data = {"created": {s: result.created.get(s, 0) for s in SECTIONS}, "new_ids": result.new_ids}
        return Response(data, status=status.HTTP_201_CREATED)
