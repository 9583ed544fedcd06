"""The export as a FHIR R4 Bundle (collection): the Patient, pain scores, administrations, intakes.

Pain now is an Observation coded with LOINC 72514-3; an administration of the treatment is a
MedicationAdministration and a logged intake a MedicationStatement, with UCUM doses. Times
keep the offset the device recorded them at. Sync rejections are not care records: not here.
"""

from __future__ import annotations

import uuid
from datetime import timedelta, timezone
from decimal import Decimal

from django.utils import timezone as dj_timezone

from diary import catalogue
from patientdata.export import ExportRecords

LOINC_PAIN = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
UCUM = "http://unitsofmeasure.org"
UCUM_UNITS = {"mg": "mg", "mcg": "ug", "mcg_per_h": "ug/h"}


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
    resources += [_observation(e, subject) for e in data.diary.records["entry"]]
    resources += [_medication_administration(a, subject) for a in data.diary.records["administration"]]
    resources += [_medication_statement(i, subject) for i in data.diary.records["medication"]]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": dj_timezone.now().isoformat(),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
