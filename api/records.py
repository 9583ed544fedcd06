"""The patient's records: `episodes/`, `administrations/`, `entries/`, `medications/`.

The four kinds behave alike, so there is one class per operation (list, create, retrieve,
patch, delete), parametrised by the record kind (diary.records.KINDS): each parses the
request, calls a diary selector or service, and renders the record as the diary shows it
(api.record_serializers). `record_urls` gives every kind its two paths, each serving the
operations of that path; the schema names each operation after its kind.

Writes honour `If-Match` (412 if the record moved on since that version) and answer with
the record's `ETag`; a client may choose the id of a record it creates (409 if it is taken).
"""

from __future__ import annotations

import re

from django.urls import URLPattern, path
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.fields import StrictUUIDField
from api.filters import RECORD_FILTERS
from api.permissions import IsPatient
from api.raw_json import RawJSON, RawJSONRenderer
from api.record_serializers import SERIALIZERS
from api.schema import ErrorResponseSerializer
from diary import selectors, services
from diary.records import KINDS, RecordKind

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
changed_since = OpenApiResponse(ErrorResponseSerializer, description="Changed since the If-Match version.")
id_taken = OpenApiResponse(ErrorResponseSerializer, description="The id is taken.")


def expected_version(request: Request) -> int | None:
    """The version an If-Match header names; None for none or `*`; 400 naming it if malformed."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    header = header.strip()  # optional whitespace around a header value is not part of it
    if not IF_MATCH.match(header):
        raise ValidationError({"If-Match": gettext('Send the record\'s version as "17".')})
    return None if header == "*" else int(header.removeprefix("W/").strip('"'))


def json_object(request: Request) -> dict:
    """The request's body, which must be a JSON object (a record's fields)."""
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": gettext("Send a JSON object.")})
    return request.data


def record_response(kind: RecordKind, record, status_code: int = status.HTTP_200_OK) -> Response:
    """The record as the diary shows it, with its version as the ETag."""
    response = Response(SERIALIZERS[kind.entity](record).data, status=status_code)
    response["ETag"] = f'"{record.version}"'
    return response


class RecordApi(GenericAPIView):
    """What every record operation has: the patient's own records of one kind (`kind`)."""

    kind: RecordKind
    permission_classes = [IsPatient]


class RecordListApi(RecordApi):
    filter_backends = [DjangoFilterBackend]
    renderer_classes = [RawJSONRenderer]  # the documents arrive as JSON text (diary.document_sql)

    def get(self, request: Request) -> Response:
        """A page of the patient's records, newest first; the filters narrow it."""
        records = selectors.records_live(patient_id=request.user.pk, entity=self.kind.entity)
        records = self.filter_queryset(records)
        documents = selectors.records_documents(records, entity=self.kind.entity)
        if documents is None:
            page = self.paginate_queryset(records)
            return self.get_paginated_response(SERIALIZERS[self.kind.entity](page, many=True).data)
        page = self.paginate_queryset(documents)
        return self.get_paginated_response(RawJSON.array(row["document"] for row in page))


class RecordCreateApi(RecordApi):
    class InputSerializer(serializers.Serializer):
        """Of the body, only the id is read here; the diary validates the record's fields."""

        id = StrictUUIDField(required=False)

    def post(self, request: Request) -> Response:
        """A new record, with the id the client chose (offline creation) or a new one."""
        data = json_object(request)
        ident = RecordCreateApi.InputSerializer(data={"id": data["id"]} if "id" in data else {})
        ident.is_valid(raise_exception=True)
        record = services.record_create(
            patient_id=request.user.pk,
            entity=self.kind.entity,
            data=data,
            record_id=ident.validated_data.get("id"),
        )
        return record_response(self.kind, record, status.HTTP_201_CREATED)


class RecordGetApi(RecordApi):
    def get(self, request: Request, record_id) -> Response:
        """One of the patient's records."""
        record = selectors.record_get(
            patient_id=request.user.pk, entity=self.kind.entity, record_id=record_id
        )
        return record_response(self.kind, record)


class RecordPatchApi(RecordApi):
    def patch(self, request: Request, record_id) -> Response:
        """Change some fields of a record; the whole result must be valid."""
        record = services.record_update(
            patient_id=request.user.pk,
            entity=self.kind.entity,
            record_id=record_id,
            data=json_object(request),
            expected_version=expected_version(request),
        )
        return record_response(self.kind, record)


class RecordDeleteApi(RecordApi):
    def delete(self, request: Request, record_id) -> Response:
        """Delete a record: it leaves lists and reads, and syncs to other devices as a tombstone."""
        services.record_delete(
            patient_id=request.user.pk,
            entity=self.kind.entity,
            record_id=record_id,
            expected_version=expected_version(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _on_kind(kind: RecordKind, name: str, operations: tuple[type[RecordApi], ...], **attrs) -> type:
    """One view class serving `operations` (one per method) of one kind's path.

    The queryset and serializer class are for the schema only: rows come from the selectors.
    """
    serializer = SERIALIZERS[kind.entity]
    attrs |= {"kind": kind, "queryset": kind.model.objects.none(), "serializer_class": serializer}
    return type(f"{kind.model.__name__}{name}", operations, attrs)


def collection_view(kind: RecordKind) -> type:
    """`<plural>/`: list (GET) and create (POST)."""
    serializer = SERIALIZERS[kind.entity]
    view = _on_kind(
        kind,
        "ListApi",
        (RecordListApi, RecordCreateApi),
        filterset_class=RECORD_FILTERS.get(kind.entity),
    )
    schema = extend_schema_view(
        get=extend_schema(operation_id=f"{kind.plural}_list", responses=serializer(many=True)),
        post=extend_schema(request=serializer, responses={201: serializer, 409: id_taken}),
    )
    return extend_schema(tags=[kind.plural])(schema(view))


def item_view(kind: RecordKind) -> type:
    """`<plural>/<id>/`: retrieve (GET), patch (PATCH) and delete (DELETE)."""
    serializer = SERIALIZERS[kind.entity]
    view = _on_kind(kind, "DetailApi", (RecordGetApi, RecordPatchApi, RecordDeleteApi))
    schema = extend_schema_view(
        patch=extend_schema(
            request=serializer,
            parameters=[if_match_parameter],
            responses={200: serializer, 412: changed_since},
        ),
        delete=extend_schema(parameters=[if_match_parameter], responses={204: None, 412: changed_since}),
    )
    return extend_schema(tags=[kind.plural])(schema(view))


def record_urls() -> list[URLPattern]:
    """`<plural>/` and `<plural>/<id>/` of every kind, named `<entity>-list` and `<entity>-detail`."""
    urls = []
    for kind in KINDS.values():
        urls += [
            path(f"{kind.plural}/", collection_view(kind).as_view(), name=f"{kind.entity}-list"),
            path(f"{kind.plural}/<uuid:record_id>/", item_view(kind).as_view(), name=f"{kind.entity}-detail"),
        ]
    return urls
