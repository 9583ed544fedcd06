"""The patient's export: what each app holds of them, loaded once; the JSON document.

`export_records` loads everything once (one query per kind); the formats (this JSON, the
CSV zip of `patientdata.export_csv`, the FHIR Bundle of `patientdata.export_fhir`) only
format it. Changes a device sent that the diary did not accept (sync rejections) are in the
JSON, as sync shows them, and in rejections.csv when there are any; the FHIR Bundle holds
care records only. Stored text a response cannot carry as UTF-8 (an unpaired surrogate in a
row older than the sync checks) is escaped, never a failure (docs/sync.md § Rejections).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from accounts.privacy import account_export
from diary.privacy import DiaryExport, diary_export


@dataclass(frozen=True)
class ExportRecords:
    patient: User
    diary: DiaryExport


def export_records(*, patient: User) -> ExportRecords:
    return ExportRecords(patient, diary_export(patient_id=patient.pk))


def export_json(*, data: ExportRecords) -> dict[str, Any]:
    """Everything the patient has, each record as the REST API shows it."""
    document = {"exported_at": timezone.now().isoformat(), "profile": account_export(user=data.patient)}
    document.update(data.diary.documents())
    return json.loads(json.dumps(document, default=_number))


def _number(value: object) -> float:
    """A decimal in a document is a JSON number, as in the API's responses."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def json_bytes(document: dict) -> bytes:
    """UTF-8 JSON; ASCII JSON (\\u escapes, the same document) if some text is not UTF-8."""
    try:
        return json.dumps(document, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(document).encode()
