"""The patient's export in three formats: JSON (as the REST API shows it), a ZIP of CSVs, FHIR R4.

`export_records` loads everything once (one query per kind); the builders only format it.
Changes a device sent that the diary did not accept (sync rejections) are in the JSON, as
sync shows them, and in rejections.csv when there are any; the FHIR Bundle holds care
records only. Stored text a response cannot carry as UTF-8 (an unpaired surrogate in a row
older than the sync checks) is escaped, never a failure (docs/sync.md § Rejections).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import timedelta, timezone
from decimal import Decimal

from django.utils import timezone as dj_timezone
from rest_framework.utils.encoders import JSONEncoder

from accounts.models import User
from diary import catalogue
from diary import selectors as diary_selectors
from diary.models import Rejection
from diary.records import KINDS
from diary.sync.documents import RejectionSerializer

KIND_FILES = {
    "episode": "episodes",
    "administration": "administrations",
    "entry": "entries",
    "medication": "medications",
}
ORDER = {
    "episode": ("started_on", "created_at"),
    "administration": ("administered_at", "created_at"),
    "entry": ("recorded_at", "created_at"),
    "medication": ("taken_at", "created_at"),
}
LOINC_PAIN = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
UCUM_UNITS = {"mg": "mg", "mcg": "ug", "mcg_per_h": "ug/h"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportRecords:
    patient: User
    records: dict[str, list]  # entity -> model instances, oldest first
    rejections: list[Rejection]  # oldest first


def export_records(*, patient: User) -> ExportRecords:
    records = {}
    for entity in KIND_FILES:
        rows = diary_selectors.records_live(patient_id=patient.pk, entity=entity).order_by(*ORDER[entity])
        records[entity] = list(rows.select_related("episode") if entity == "administration" else rows)
    rejections = Rejection.objects.filter(patient_id=patient.pk, deleted_at__isnull=True).order_by("version")
    return ExportRecords(patient, records, list(rejections.defer("origin", "field_writers")))


def json_bytes(document: dict) -> bytes:
    """UTF-8 JSON; ASCII JSON (\\u escapes, the same document) if some text is not UTF-8."""
    try:
        return json.dumps(document, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(document).encode()


def _profile(patient: User) -> dict:
    return {
        "id": str(patient.pk),
        "email": patient.email,
        "display_name": patient.display_name,
        "role": patient.role,
        "timezone": patient.timezone,
    }


def export_json(*, data: ExportRecords) -> dict:
    """Everything the patient has, each record as the REST API shows it."""
    document = {"exported_at": dj_timezone.now().isoformat(), "profile": _profile(data.patient)}
    for entity, name in KIND_FILES.items():
        document[name] = KINDS[entity].serializer(data.records[entity], many=True).data
    document["rejections"] = RejectionSerializer(data.rejections, many=True).data
    return json.loads(json.dumps(document, cls=JSONEncoder))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # A spreadsheet would run "=…" as a formula: prefix free text with a quote (OWASP CSV injection).
    return f"'{text}" if isinstance(value, str) and text.startswith(FORMULA_START) else text


def _csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue()


def _utf8(text: str) -> bytes:
    """UTF-8; an unpaired surrogate (not UTF-8) is written as its \\u escape, as in JSON."""
    return text.encode("utf-8", errors="backslashreplace")


def export_csv_zip(*, data: ExportRecords) -> bytes:
    """A ZIP with profile.csv, one CSV per kind (episodes, administrations, entries, medications),
    and rejections.csv if some changes were not accepted.
    """
    document = export_json(data=data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        profile = document["profile"]
        archive.writestr("profile.csv", _utf8(_csv([profile], list(profile))))
        for entity, name in KIND_FILES.items():
            columns = list(KINDS[entity].serializer().fields)
            archive.writestr(f"{name}.csv", _utf8(_csv(document[name], columns)))
        if document["rejections"]:
            columns = list(RejectionSerializer().fields)
            archive.writestr("rejections.csv", _utf8(_csv(document["rejections"], columns)))
    return buffer.getvalue()


# --- FHIR R4 ----------------------------------------------------------------------------------


def _at(instant, offset_minutes) -> str:
    return instant.astimezone(timezone(timedelta(minutes=offset_minutes or 0))).isoformat()


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _observation(entry, subject: dict) -> dict:
    return {
        "resourceType": "Observation",
        "id": str(entry.pk),
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {
            "coding": [{"system": "http://loinc.org", "code": LOINC_PAIN[0], "display": LOINC_PAIN[1]}],
            "text": "Pain now (0-10 numeric rating scale)",
        },
        "subject": subject,
        "effectiveDateTime": _at(entry.recorded_at, entry.recorded_offset),
        "valueInteger": entry.pain_now,
    }


def _medication_administration(admin, subject: dict) -> dict:
    episode = admin.episode
    medicine = (
        episode.treatment_name if episode.treatment == "other" else catalogue.TREATMENTS[episode.treatment]
    )
    dosage: dict = {"route": {"text": catalogue.ROUTES.get(admin.route, admin.route)}}
    if admin.dose_mg is not None:
        dosage["dose"] = {"value": _number(admin.dose_mg), "unit": "mg", "system": UCUM, "code": "mg"}
    details = []
    if admin.dose_mg_per_kg is not None:
        details.append(f"{admin.dose_mg_per_kg} mg/kg at {admin.weight_kg} kg")
    if admin.duration_minutes is not None:
        details.append(f"over {admin.duration_minutes} min")
    if details:
        dosage["text"] = ", ".join(details)
    resource = {
        "resourceType": "MedicationAdministration",
        "id": str(admin.pk),
        "status": "completed",
        "medicationCodeableConcept": {"text": medicine},
        "subject": subject,
        "effectiveDateTime": _at(admin.administered_at, admin.administered_offset),
        "dosage": dosage,
    }
    if admin.notes:
        resource["note"] = [{"text": admin.notes}]
    return resource


def _medication_statement(intake, subject: dict) -> dict:
    drug = catalogue.DRUGS.get(intake.drug)
    unit = catalogue.UNITS.get(intake.unit, intake.unit)
    dose = {"value": _number(intake.dose), "unit": unit, "system": UCUM, "code": UCUM_UNITS[intake.unit]}
    resource = {
        "resourceType": "MedicationStatement",
        "id": str(intake.pk),
        "status": "completed",
        "medicationCodeableConcept": {"text": drug.label if drug else intake.drug},
        "subject": subject,
        "effectiveDateTime": _at(intake.taken_at, intake.taken_offset),
        "dosage": [{"text": f"{intake.dose.normalize():f} {unit}", "doseAndRate": [{"doseQuantity": dose}]}],
    }
    if intake.notes:
        resource["note"] = [{"text": intake.notes}]
    return resource


def export_fhir(*, data: ExportRecords) -> dict:
    """A FHIR R4 Bundle (collection): the Patient, pain scores, administrations, intakes."""
    patient = data.patient
    subject = {"reference": f"urn:uuid:{patient.pk}"}
    resources = [
        {
            "resourceType": "Patient",
            "id": str(patient.pk),
            "telecom": [{"system": "email", "value": patient.email}],
        }
    ]
    if patient.display_name:
        resources[0]["name"] = [{"text": patient.display_name}]
    resources += [_observation(e, subject) for e in data.records["entry"]]
    resources += [_medication_administration(a, subject) for a in data.records["administration"]]
    resources += [_medication_statement(i, subject) for i in data.records["medication"]]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": dj_timezone.now().isoformat(),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
