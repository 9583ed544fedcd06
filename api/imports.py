"""`import/`: bring a diary in from the JSON export (`export/?format=json`), e.g. a new account.

The body is the export document as it was downloaded; `profile` and `exported_at` are
ignored. Records keep their ids when free and their links either way (accounts.portability).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.portability import SECTIONS, diary_import
from api.permissions import IsPatient
from api.phi import NoStoreMixin
from api.records import ErrorResponseSerializer


class ImportSerializer(serializers.Serializer):
    episodes = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    administrations = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    entries = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    medications = serializers.ListField(child=serializers.DictField(), required=False, default=list)


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
        request=ImportSerializer,
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
