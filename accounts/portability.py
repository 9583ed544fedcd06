"""Data portability (GDPR art. 20): import a diary from the JSON export into an account.

The JSON export (`api.export_formats.export_json`) holds each record as the REST API shows
it. Importing creates each record through `diary.services.record_create`, so it is
validated and versioned like any other write: with its exported id when that id is free,
else with a new one; links (an administration's episode, an entry's episode and
administration) follow the records to their new ids. One transaction: all or nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from rest_framework.exceptions import APIException, ValidationError

from diary import services
from diary.records import KINDS

# Export section → entity, parents before children.
SECTIONS = {
    "episodes": "episode",
    "administrations": "administration",
    "entries": "entry",
    "medications": "medication",
}
LINKS = {
    "administration": {"episode": "episode"},
    "entry": {"episode": "episode", "administration": "administration"},
}
REQUIRED_LINKS = {("administration", "episode")}
MAX_RECORDS = 50_000


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    new_ids: dict[str, str] = field(default_factory=dict)  # exported id → id it got, when it changed


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def diary_import(*, patient_id, document: dict[str, list[dict]]) -> ImportResult:
    """Create every record of an export document for the patient; 400 names `section.index.field`."""
    total = sum(len(document.get(section) or []) for section in SECTIONS)
    if total > MAX_RECORDS:
        raise ValidationError({"non_field_errors": f"At most {MAX_RECORDS} records per import."})
    result = ImportResult()
    ids: dict[str, dict[uuid.UUID, uuid.UUID]] = {entity: {} for entity in SECTIONS.values()}
    with transaction.atomic():
        for section, entity in SECTIONS.items():
            for index, doc in enumerate(document.get(section) or []):
                try:
                    record = _import_one(patient_id, entity, doc, ids)
                except ValidationError as exc:
                    raise ValidationError({section: {index: exc.detail}}) from None
                except APIException as exc:  # e.g. a conflicting id created meanwhile
                    raise ValidationError({section: {index: {"id": [str(exc.detail)]}}}) from None
                result.created[section] = result.created.get(section, 0) + 1
                old = _uuid(doc.get("id"))
                if old is not None and old != record.pk:
                    result.new_ids[str(old)] = str(record.pk)
    return result


def _import_one(patient_id, entity: str, doc: dict, ids: dict[str, dict[uuid.UUID, uuid.UUID]]):
    if not isinstance(doc, dict):
        raise ValidationError({"non_field_errors": ["Each record is a JSON object."]})
    data = dict(doc)
    for link, target in LINKS.get(entity, {}).items():
        if data.get(link) is None:
            continue
        old = _uuid(data[link])
        if old is not None and old in ids[target]:
            data[link] = str(ids[target][old])
        elif (entity, link) not in REQUIRED_LINKS:
            data[link] = (
                None  # the linked record was deleted before the export: keep the record, drop the link
            )
        # a required link to a record not in the document stays as it is: record_create refuses it
    old_id = _uuid(doc.get("id"))
    model = KINDS[entity].model
    free = old_id is not None and not model.objects.filter(pk=old_id).exists()
    record = services.record_create(
        patient_id=patient_id, entity=entity, data=data, record_id=old_id if free else uuid.uuid4()
    )
    if old_id is not None:
        ids[entity][old_id] = record.pk
    return record
