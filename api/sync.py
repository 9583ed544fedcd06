"""`sync/push` and `sync/pull`: the offline-first protocol of CONTRACT.md § Sync."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import StrictUUIDField
from api.permissions import IsPatient
from api.schema import ErrorResponseSerializer
from api.throttling import ScopedRateThrottle
from diary.storable import INT64_MAX
from diary.sync.pull import DEFAULT_LIMIT, MAX_LIMIT, BadCursor, sync_pull
from diary.sync.push import MAX_MUTATIONS, MidGap, sync_push


class TooManyMutations(APIException):
    """The body's size is limited before any view runs (config.middleware.BodySizeLimitMiddleware)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"
    default_detail = f"At most {MAX_MUTATIONS} mutations per push."


class SyncApi(APIView):
    permission_classes = [IsPatient]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sync"


def check_mids(mids: list) -> None:
    """Every mutation has an integer mid in 1..2⁶³-1 (a column's range); a batch's mids are consecutive."""
    if any(isinstance(mid, bool) or not isinstance(mid, int) or not 1 <= mid <= INT64_MAX for mid in mids):
        raise ValidationError({"mutations": "Every mutation needs an integer mid from 1 to 2^63-1."})
    if mids and mids != list(range(mids[0], mids[0] + len(mids))):
        raise ValidationError({"mutations": "The mids of a batch must be consecutive and ascending."})


@extend_schema_field(
    {
        "type": "object",
        "required": ["mid"],
        "properties": {"mid": {"type": "integer", "minimum": 1, "maximum": INT64_MAX}},
        "additionalProperties": True,
        "description": "A mutation (CONTRACT.md § Sync): mid, entity, op, id, base_version, data. "
        "Only `mid` is checked for the whole batch; anything else wrong in a mutation is "
        "refused in its own result.",
    }
)
class MutationField(serializers.DictField):
    """For the schema: what the batch requires of each mutation (check_mids)."""


class PushApi(SyncApi):
    extra_validation_errors = {"POST": {"mutations": {"invalid"}}}  # check_mids, in the view

    class PushRequestSerializer(serializers.Serializer):
        client_id = StrictUUIDField()
        mutations = serializers.ListField(
            child=MutationField(),
            allow_empty=True,
            help_text="mids are consecutive and ascending, continuing from the last one pushed.",
        )

    class PushResponseSerializer(serializers.Serializer):
        version = serializers.IntegerField()
        last_mid = serializers.IntegerField()
        results = serializers.ListField(child=serializers.DictField())

    @extend_schema(
        tags=["sync"],
        request=PushRequestSerializer,
        responses={
            200: PushResponseSerializer,
            409: OpenApiResponse(ErrorResponseSerializer, description="A gap in mids: see expected_mid."),
            413: OpenApiResponse(ErrorResponseSerializer, description="Too many mutations or bytes."),
        },
    )
    def post(self, request: Request) -> Response:
        envelope = self.PushRequestSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        mutations = envelope.validated_data["mutations"]
        if len(mutations) > MAX_MUTATIONS:
            raise TooManyMutations()
        check_mids([m.get("mid") for m in mutations])
        try:
            outcome = sync_push(
                patient_id=request.user.pk,
                client_id=envelope.validated_data["client_id"],
                mutations=mutations,
            )
        except MidGap as gap:
            body = {
                "type": "client_error",
                "errors": [{"code": "unexpected_mid", "detail": str(gap), "attr": "mutations"}],
                "expected_mid": gap.expected,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(outcome.as_dict())


class PullApi(SyncApi):
    extra_validation_errors = {  # api.schema.AutoSchema: the query is validated in the view
        "GET": {
            "limit": {"invalid", "min_value", "max_value", "max_string_length"},
            "cursor": {
                "invalid",
                "max_length",
                "null_characters_not_allowed",
                "surrogate_characters_not_allowed",
            },
        }
    }

    class PullQuerySerializer(serializers.Serializer):
        cursor = serializers.CharField(required=False, allow_blank=True, max_length=500)
        limit = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_LIMIT, default=DEFAULT_LIMIT
        )

    class PullResponseSerializer(serializers.Serializer):
        changes = serializers.ListField(child=serializers.DictField())
        cursor = serializers.CharField()
        has_more = serializers.BooleanField()
        version = serializers.IntegerField()
        client_mids = serializers.DictField(child=serializers.IntegerField())
        reset = serializers.BooleanField()

    @extend_schema(
        tags=["sync"],
        parameters=[
            OpenApiParameter(
                "cursor",
                {"type": "string", "maxLength": 500},
                description="Opaque; from the previous pull. None: from the start.",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                description=f"1..{MAX_LIMIT}, default {DEFAULT_LIMIT}.",
            ),
        ],
        responses={200: PullResponseSerializer},
    )
    def get(self, request: Request) -> Response:
        # A plain dict: given a QueryDict, DRF reads `?limit=` (empty) as "not given".
        query = self.PullQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        try:
            page = sync_pull(
                patient_id=request.user.pk,
                cursor=query.validated_data.get("cursor"),
                limit=query.validated_data["limit"],
            )
        except BadCursor as exc:
            raise ValidationError({"cursor": str(exc)}) from None
        return Response(page.as_dict())
