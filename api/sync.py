"""`sync/push` and `sync/pull`: the offline-first protocol of CONTRACT.md § Sync.

The serializers below are the protocol's shapes as the schema states them (and as the PWA's
generated types read them). Push parses only the batch's envelope: whatever a mutation holds
besides its `mid`, the sync engine applies or rejects it on its own, in its result
(diary.sync.push), so the schema lets any such mutation in and says what a valid one is.
"""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.fields import StrictUUIDField
from api.permissions import IsPatient
from api.raw_json import RawJSON, RawJSONRenderer
from api.record_serializers import SERIALIZERS
from api.schema import LITERAL, ErrorResponseSerializer, ErrorSerializer, choice_field
from api.throttling import ScopedRateThrottle
from diary.records import KINDS
from diary.storable import INT64_MAX
from diary.sync.pull import DEFAULT_LIMIT, MAX_LIMIT, BadCursor, sync_pull
from diary.sync.push import MAX_MUTATIONS, MidGap, sync_push

MUTATION_ENTITIES = [*KINDS, "conflict"]
MUTATION_OPS = ["upsert", "delete", "resolve"]
RESULT_STATUSES = ["applied", "merged", "conflict", "rejected"]


class TooManyMutations(APIException):
    """The body's size is limited before any view runs (config.middleware.BodySizeLimitMiddleware)."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"
    default_detail = format_lazy(gettext_lazy("At most {count} mutations per push."), count=MAX_MUTATIONS)


class SyncApi(APIView):
    permission_classes = [IsPatient]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "sync"


def check_mids(mids: list) -> None:
    """Every mutation has an integer mid in 1..2⁶³-1 (a column's range); a batch's mids are consecutive."""
    if any(isinstance(mid, bool) or not isinstance(mid, int) or not 1 <= mid <= INT64_MAX for mid in mids):
        raise ValidationError({"mutations": gettext("Every mutation needs an integer mid from 1 to 2^63-1.")})
    if mids and mids != list(range(mids[0], mids[0] + len(mids))):
        raise ValidationError(
            {"mutations": gettext("The mids of a batch must be consecutive and ascending.")}
        )


def literal(value: bool | str, **kwargs) -> serializers.Field:
    """A field whose schema allows one value: what tells the shapes of a oneOf apart.

    It becomes `enum: [value]` in place (api.schema.inline_literals), not an enum component.
    """
    schema_type = "boolean" if isinstance(value, bool) else "string"

    @extend_schema_field({"type": schema_type, LITERAL: value})
    class LiteralField(serializers.Field):
        pass

    return LiteralField(**kwargs)


# --- the shared parts ---------------------------------------------------------------------


class MutationSerializer(serializers.Serializer):
    """A change this device made: upsert or delete a record, or resolve a conflict."""

    mid = serializers.IntegerField(
        min_value=1,
        max_value=INT64_MAX,
        help_text="Consecutive from 1 per client_id; fixed when the change is queued.",
    )
    entity = choice_field([(e, e) for e in MUTATION_ENTITIES], enum_id="MutationEntity")
    op = choice_field(
        [(op, op) for op in MUTATION_OPS],
        enum_id="MutationOp",
        help_text="upsert or delete for a record; resolve for a conflict.",
    )
    id = serializers.UUIDField(help_text="The record's id (chosen by the device when it creates one).")
    base_version = serializers.IntegerField(
        min_value=0,
        max_value=INT64_MAX,
        allow_null=True,
        required=False,
        help_text="The record's version as this device last saw it; null if it never saw one.",
    )
    data = serializers.DictField(
        required=False,
        help_text="upsert: the record's fields as its REST endpoint takes them (all of them to create, "
        'the changed ones to edit); resolve: {"keep": "server" | "client"}; delete: none.',
    )


class MutationField(serializers.DictField):
    """An item of a push's `mutations`: any object with a `mid` (the schema: MutationSchema)."""


class MutationSchema(OpenApiSerializerFieldExtension):
    """A mutation in a push: a valid one (`Mutation`), or any object with a mid.

    The batch checks only the mids (check_mids); anything else wrong in a mutation is refused
    in that mutation's own result and kept as a rejection, so the request schema must not
    promise a 400 for it.
    """

    target_class = MutationField

    def map_serializer_field(self, auto_schema, direction):
        mutation = auto_schema.resolve_serializer(MutationSerializer, direction).ref
        unchecked = {
            "type": "object",
            "required": ["mid"],
            "properties": {"mid": {"type": "integer", "minimum": 1, "maximum": INT64_MAX}},
            "additionalProperties": True,
            "description": "Anything else is rejected in this mutation's result, not by a 400.",
        }
        return {"anyOf": [mutation, unchecked]}


# --- push ---------------------------------------------------------------------------------


class PushResultSerializer(serializers.Serializer):
    """What became of one mutation; a replay of a processed mid gets its first result again."""

    mid = serializers.IntegerField()
    status = choice_field(
        [(s, s) for s in RESULT_STATUSES],
        enum_id="PushResultStatus",
        help_text="applied: all written; merged: written, others changed other fields since "
        "base_version; conflict: a field clashed, see conflict_id; rejected: invalid, see errors.",
    )
    version = serializers.IntegerField(
        allow_null=True,
        required=False,
        help_text="The record's version after the mutation; absent for rejected, null when the "
        "record does not exist (a delete of nothing) or the result is older than the kept ones.",
    )
    conflict_id = serializers.UUIDField(required=False, help_text="conflict: the conflict record kept.")
    rejection_id = serializers.UUIDField(required=False, help_text="rejected: the rejection record kept.")
    errors = ErrorSerializer(many=True, required=False, help_text="rejected: why.")


class MidGapSerializer(ErrorResponseSerializer):
    expected_mid = serializers.IntegerField(help_text="Send from this mid on.")


class PushApi(SyncApi):
    extra_validation_errors = {"POST": {"mutations": {"invalid"}}}  # check_mids, in the view

    class PushBatchSerializer(serializers.Serializer):
        client_id = StrictUUIDField(help_text="This install of the app; mids count per client_id.")
        mutations = serializers.ListField(
            child=MutationField(),
            allow_empty=True,
            help_text=f"At most {MAX_MUTATIONS}; mids are consecutive and ascending, continuing "
            "from the last one pushed.",
        )

    class PushResponseSerializer(serializers.Serializer):
        version = serializers.IntegerField(help_text="The patient's version after the batch.")
        last_mid = serializers.IntegerField(help_text="The last mid the server has of this client_id.")
        results = PushResultSerializer(many=True, help_text="One per mutation sent, in order.")

    @extend_schema(
        tags=["sync"],
        request=PushBatchSerializer,
        responses={
            200: PushResponseSerializer,
            409: OpenApiResponse(MidGapSerializer, description="A gap in mids: see expected_mid."),
            413: OpenApiResponse(ErrorResponseSerializer, description="Too many mutations or bytes."),
        },
    )
    def post(self, request: Request) -> Response:
        envelope = self.PushBatchSerializer(data=request.data)
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


# --- pull ---------------------------------------------------------------------------------


# What a conflict or rejection keeps of a mutation: any JSON, as docs/sync.md § Rejections says.
DEVICE_JSON = 'as the device sent it, or {"json_text": …} when no JSON column could store it'


class SyncRecordSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    entity = serializers.CharField(help_text="The kind of record the mutation was for.")
    record_id = serializers.UUIDField()
    base_version = serializers.IntegerField(allow_null=True)
    client_id = serializers.UUIDField(allow_null=True)
    mid = serializers.IntegerField(allow_null=True)


class ConflictSerializer(SyncRecordSerializer):
    """A clash kept for the patient to resolve, as pull shows it (diary.sync.documents)."""

    kind = choice_field(
        [(k, k) for k in ("edit", "edit_deleted", "delete_edited")],
        enum_id="ConflictKind",
        help_text="edit: both sides changed fields; edit_deleted: an edit met a deletion; "
        "delete_edited: a deletion met an edit.",
    )
    fields = serializers.JSONField(
        help_text=f'{{"field": {{"server": value, "client": value}}}}, {DEVICE_JSON}.'
    )
    client_data = serializers.JSONField(help_text=f"The mutation's clashing fields, {DEVICE_JSON}.")
    resolution = serializers.CharField(allow_blank=True, help_text='"server" or "client" once resolved.')


class RejectionSerializer(SyncRecordSerializer):
    """A refused mutation kept for the patient to fix, as pull shows it (diary.sync.documents)."""

    op = serializers.CharField(allow_blank=True)
    data = serializers.JSONField(help_text=f"The mutation, {DEVICE_JSON}.")
    errors = ErrorSerializer(many=True)


PULLED = {
    **SERIALIZERS,
    "conflict": ConflictSerializer,
    "rejection": RejectionSerializer,
}


def change_serializer(entity: str, data: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The pull item of a live record of one kind: its data is what that kind's API shows."""
    name = data.__name__.removesuffix("Serializer")
    fields = {
        "entity": literal(entity),
        "id": serializers.UUIDField(),
        "version": serializers.IntegerField(),
        "deleted": literal(False),
        "data": data(),
        "__doc__": f"The current state of a record of kind `{entity}`.",
    }
    return type(f"{name}ChangeSerializer", (serializers.Serializer,), fields)


class TombstoneSerializer(serializers.Serializer):
    """A record deleted (or a conflict resolved): the device drops its copy."""

    entity = choice_field([(e, e) for e in PULLED], enum_id="TombstoneEntity")
    id = serializers.UUIDField()
    version = serializers.IntegerField()
    deleted = literal(True)


CHANGE = PolymorphicProxySerializer(
    component_name="Change",
    serializers=[*(change_serializer(e, data) for e, data in PULLED.items()), TombstoneSerializer],
    resource_type_field_name=None,
    many=False,
)


@extend_schema_field(CHANGE)
class ChangeField(serializers.DictField):
    """A pull item: a record's current state, or its tombstone."""


class PullApi(SyncApi):
    renderer_classes = [RawJSONRenderer]  # the changes arrive as JSON text (diary.document_sql)
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
        changes = serializers.ListField(child=ChangeField(), help_text="In version order.")
        cursor = serializers.CharField(help_text="Opaque: send it with the next pull.")
        has_more = serializers.BooleanField(help_text="true: pull again now, with this cursor.")
        version = serializers.IntegerField(help_text="The patient's version this sequence reaches.")
        client_mids = serializers.DictField(
            child=serializers.IntegerField(), help_text="The last mid the server has of each client_id."
        )
        reset = serializers.BooleanField(
            help_text="true: the server lost versions this device saw; drop the copy and pull from scratch."
        )

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
        return Response({**page.as_dict(), "changes": RawJSON.array(page.changes_json)})
