"""What conflict and rejection records look like to clients (pull data, the export).

Their JSON columns hold what a device sent. Rows are shown through `diary.storable`, so a
value no response can carry (a row stored before the push checked storability: an
unpaired surrogate on SQLite, a number beyond a double) comes as {"json_text": …} like a
new one, and a pull or an export never fails on a stored row.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from diary.models import Conflict, PatientRecord, Rejection
from diary.records import KINDS
from diary.storable import printable, storable


class DeviceJSONField(serializers.JSONField):
    """JSON a device sent: as stored, or {"json_text": <exact ASCII JSON text>} (diary.storable)."""

    def to_representation(self, value: Any) -> Any:
        return storable(value)


class ErrorsField(serializers.ListField):
    """Errors in the standard shape; characters no response can carry are shown as U+FFFD."""

    child = serializers.DictField()

    def to_representation(self, data: Any) -> Any:
        return printable(data)


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
    kind = serializers.ChoiceField(choices=["edit", "edit_deleted", "delete_edited"])
    fields = DeviceJSONField(help_text='{"field": {"server": value, "client": value}}')
    client_data = DeviceJSONField()
    resolution = serializers.CharField(allow_blank=True)


class RejectionSerializer(SyncRecordSerializer):
    op = serializers.CharField(allow_blank=True)
    data = DeviceJSONField(
        source="payload",
        help_text='The mutation exactly as it was pushed, or {"json_text": …} (docs/sync.md § Rejections).',
    )
    errors = ErrorsField()


SYNC_KINDS: dict[str, tuple[type[PatientRecord], type[serializers.Serializer]]] = {
    **{entity: (kind.model, kind.serializer) for entity, kind in KINDS.items()},
    "conflict": (Conflict, ConflictSerializer),
    "rejection": (Rejection, RejectionSerializer),
}


def change_documents(items: list[tuple[str, PatientRecord]]) -> list[dict[str, Any]]:
    """Pull items for (entity, record) pairs, in the given order.

    Records are serialized per entity with one list serializer: building a serializer per
    record would cost more than reading the rows.
    """
    data: dict[int, dict[str, Any]] = {}
    for entity, (_, serializer) in SYNC_KINDS.items():
        live = [(i, r) for i, (e, r) in enumerate(items) if e == entity and r.deleted_at is None]
        if live:
            rendered = serializer([record for _, record in live], many=True).data
            data.update({i: doc for (i, _), doc in zip(live, rendered, strict=True)})
    return [
        {"entity": entity, "id": str(record.pk), "version": record.version, "deleted": False, "data": data[i]}
        if i in data
        else {"entity": entity, "id": str(record.pk), "version": record.version, "deleted": True}
        for i, (entity, record) in enumerate(items)
    ]
