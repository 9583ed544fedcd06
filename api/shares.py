"""`shares/`: the patient's care-team shares: list (with status and last access), create, revoke."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from api.fields import BoundedDateField
from api.permissions import IsPatient
from api.phi import NoStoreMixin
from api.schema import ErrorResponseSerializer, choice_field
from care import selectors, services
from care.models import Scope, Share, ShareStatus

TAGS = ["shares"]


class ShareSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    clinician_email = serializers.EmailField()
    clinician_name = serializers.SerializerMethodField()
    scope = serializers.ChoiceField(choices=Scope.choices)
    expires_on = serializers.DateField(allow_null=True)
    status = choice_field(ShareStatus.choices, enum_id="share-status", help_text="Computed for today.")
    created_at = serializers.DateTimeField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    last_accessed_at = serializers.DateTimeField(
        allow_null=True, help_text="The clinician's latest read of your data through this share."
    )

    def get_clinician_name(self, share: Share) -> str | None:
        return (share.clinician.display_name or share.clinician.email) if share.clinician else None


not_found = {404: OpenApiResponse(ErrorResponseSerializer, description="No such share (or not yours).")}


class ShareListApi(NoStoreMixin, GenericAPIView):
    """GET the patient's shares (newest first); POST shares with a clinician by email."""

    permission_classes = [IsPatient]
    serializer_class = ShareSerializer
    queryset = Share.objects.none()  # for the schema: the rows come from the selector

    class ShareCreateSerializer(serializers.Serializer):
        clinician_email = serializers.EmailField(max_length=254)
        scope = serializers.ChoiceField(choices=Scope.choices)
        expires_on = BoundedDateField(
            required=False,
            allow_null=True,
            default=None,
            help_text="The last day of access (today or later); null: until revoked.",
        )

    @extend_schema(tags=TAGS, responses=ShareSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.share_list_for_patient(patient=request.user))
        return self.get_paginated_response(ShareSerializer(page, many=True).data)

    @extend_schema(tags=TAGS, request=ShareCreateSerializer, responses={201: ShareSerializer})
    def post(self, request: Request) -> Response:
        body = self.ShareCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        share = services.share_create(patient=request.user, **body.validated_data)
        share = selectors.share_get_for_patient(patient=request.user, share_id=share.pk)
        return Response(ShareSerializer(share).data, status=status.HTTP_201_CREATED)


class ShareRevokeApi(NoStoreMixin, GenericAPIView):
    """End a share at once: the clinician loses access (404) from this moment."""

    permission_classes = [IsPatient]
    serializer_class = ShareSerializer

    @extend_schema(tags=TAGS, request=None, responses={200: ShareSerializer, **not_found})
    def post(self, request: Request, share_id) -> Response:
        share = services.share_revoke(patient=request.user, share_id=share_id)
        share = selectors.share_get_for_patient(patient=request.user, share_id=share.pk)
        return Response(ShareSerializer(share).data)
