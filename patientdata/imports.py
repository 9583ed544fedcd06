"""Data portability (GDPR art. 20): import a diary from the JSON export into an account.

The JSON export (`patientdata.export.export_json`) holds each record as the REST API shows
it. Importing creates each record through `diary.services.record_create`, so it is
validated and versioned like any other write: with its exported id when that id is free,
else with a new one; links (an administration's episode, an entry's episode and
administration) follow the records to their new ids. One transaction: all or nothing.

A refused record is named by its path in the document: a `ValidationError` keyed
`section.index.field` (`entries.3.pain_now`), or `section.index.non_field_errors` for a rule
across its fields, as the API names the errors of a nested document.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from core.errors import ApplicationError
from diary import privacy, services
from diary.models import PatientRecord
from diary.records import KINDS

# Export section → entity, parents before children.
SECTIONS = {name: entity for entity, name in privacy.SECTIONS.items()}
LINKS = {
    "administration": {"episode": "episode"},
    "entry": {"episode": "episode", "administration": "administration"},
    "assessment": {"episode": "episode"},
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
    """Create every record of an export document for the patient; errors name `section.index.field`."""
    total = sum(len(document.get(section) or []) for section in SECTIONS)
    if total > MAX_RECORDS:
        raise ValidationError(gettext("At most %(count)s records per import.") % {"count": MAX_RECORDS})
    result = ImportResult()
    ids: dict[str, dict[uuid.UUID, uuid.UUID]] = {entity: {} for entity in SECTIONS.values()}
    with transaction.atomic():
        for section, entity in SECTIONS.items():
            for index, doc in enumerate(document.get(section) or []):
                path = f"{section}.{index}"
                try:
                    record = _import_one(patient_id, entity, doc, ids)
                except ValidationError as exc:
                    raise ValidationError(_under(path, exc)) from None
                except ApplicationError as exc:  # e.g. a conflicting id created meanwhile
                    raise ValidationError(
                        {f"{path}.id": ValidationError(exc.message, code="invalid")}
                    ) from None
                result.created[section] = result.created.get(section, 0) + 1
                old = _uuid(doc.get("id"))
                if old is not None and old != record.pk:
                    result.new_ids[str(old)] = str(record.pk)
    return result


def _under(path: str, exc: ValidationError) -> dict[str, list[ValidationError]]:
    """A record's errors, each named by its path from the document's root."""
    if not hasattr(exc, "error_dict"):
        return {path: exc.error_list}
    return {
        f"{path}.{'non_field_errors' if name == NON_FIELD_ERRORS else name}": errors
        for name, errors in exc.error_dict.items()
    }


def _import_one(
    patient_id, entity: str, doc: dict, ids: dict[str, dict[uuid.UUID, uuid.UUID]]
) -> PatientRecord:
    if not isinstance(doc, dict):
        raise ValidationError(
            {NON_FIELD_ERRORS: ValidationError(gettext("Each record is a JSON object."), code="invalid")}
        )
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
