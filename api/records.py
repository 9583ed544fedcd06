"""The shared shape of the patient's record endpoints: list/create and retrieve/update/delete.

Each resource module (episodes, administrations, entries, medications) subclasses these
with its entity name and filters. Views parse, call a diary service or selector, render.
"""

from __future__ import annotations

import re

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.permissions import IsPatient
from diary import selectors, services
from diary.records import KINDS
from diary.serializers import StrictUUIDField

# "17", W/"17" or 17 (quotes balanced), or * (any version); what the schema states, exactly.
IF_MATCH_PATTERN = r'^(?:\*|(?:W/)?"[0-9]{1,18}"|[0-9]{1,18})$'
IF_MATCH = re.compile(IF_MATCH_PATTERN.replace("$", r"\Z"))

if_match_parameter = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": IF_MATCH_PATTERN},
    OpenApiParameter.HEADER,
    description='The version you last saw, as "17": refused with 412 if the record has moved on. '
    "* (or no header): whatever the version.",
)


class ErrorResponseSerializer(serializers.Serializer):
    type = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField())


def expected_version(request: Request) -> int | None:
    """The version an If-Match header names; None for none or `*`; 400 naming it if malformed."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    header = header.strip()  # optional whitespace around a header value is not part of it
    if not IF_MATCH.match(header):
        raise ValidationError({"If-Match": 'Send the record\'s version as "17".'})
    return None if header == "*" else int(header.removeprefix("W/").strip('"'))


def with_etag(response: Response, version: int) -> Response:
    response["ETag"] = f'"{version}"'
    return response


class RecordApi(GenericAPIView):
    entity: str = ""
    permission_classes = [IsPatient]
    filter_backends = [DjangoFilterBackend]

    @property
    def kind(self):
        return KINDS[self.entity]

    def get_serializer_class(self):
        return self.kind.serializer

    def get_queryset(self):
        return selectors.records_live(patient_id=self.request.user.pk, entity=self.entity)


class RecordListApi(RecordApi):
    """GET a page of the patient's records; POST a new one (optionally with the client's `id`)."""

    class CreateIdSerializer(serializers.Serializer):
        id = StrictUUIDField(required=False)

    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.kind.serializer(page, many=True).data)

    def post(self, request: Request) -> Response:
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": "Send a JSON object."})
        ident = self.CreateIdSerializer(data={"id": request.data["id"]} if "id" in request.data else {})
        ident.is_valid(raise_exception=True)
        record = services.record_create(
            patient_id=request.user.pk,
            entity=self.entity,
            data=request.data,
            record_id=ident.validated_data.get("id"),
        )
        response = Response(self.kind.serializer(record).data, status=status.HTTP_201_CREATED)
        return with_etag(response, record.version)


class RecordDetailApi(RecordApi):
    """GET, PATCH (If-Match honoured) or DELETE (soft) one of the patient's records."""

    lookup_url_kwarg = "record_id"

    def get(self, request: Request, record_id) -> Response:
        record = selectors.record_get(patient_id=request.user.pk, entity=self.entity, record_id=record_id)
        return with_etag(Response(self.kind.serializer(record).data), record.version)

    def patch(self, request: Request, record_id) -> Response:
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": "Send a JSON object."})
        record = services.record_update(
            patient_id=request.user.pk,
            entity=self.entity,
            record_id=record_id,
            data=request.data,
            expected_version=expected_version(request),
        )
        return with_etag(Response(self.kind.serializer(record).data), record.version)

    def delete(self, request: Request, record_id) -> Response:
        services.record_delete(
            patient_id=request.user.pk,
            entity=self.entity,
            record_id=record_id,
            expected_version=expected_version(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def list_schema(serializer: type, resource: str) -> extend_schema:
    return extend_schema(operation_id=f"{resource}_list", responses=serializer(many=True))


def create_schema(serializer: type) -> extend_schema:
    """Schema of a resource's POST: the record, or 409 when the client's id is taken."""
    return extend_schema(
        request=serializer,
        responses={
            201: serializer,
            409: OpenApiResponse(ErrorResponseSerializer, description="The id is taken."),
        },
    )


def patch_schema(serializer: type) -> extend_schema:
    return extend_schema(
        request=serializer,
        parameters=[if_match_parameter],
        responses={
            200: serializer,
            412: OpenApiResponse(ErrorResponseSerializer, description="Changed since the If-Match version."),
        },
    )


delete_schema = extend_schema(
    parameters=[if_match_parameter],
    responses={
        204: None,
        412: OpenApiResponse(ErrorResponseSerializer, description="Changed since the If-Match version."),
    },
)
