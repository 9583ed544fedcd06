"""Administrations as MedicationAdministration, intakes as MedicationStatement.

An administration is effective over its session, `administered_at` .. + `duration_minutes`
(a dateTime when the duration is not known), with a SNOMED CT route, its dose in mg (or
mg/kg × weight) and, over a known duration, its rate (mg per minutes); its `context` is the
episode's EpisodeOfCare. An intake is a dose (mg, ug) at `taken_at`; a patch is a rate
(ug/h) over the wear period, `taken_at` .. + `wear_hours` (72 when not given).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from diary import catalogue
from diary.models import Administration, Episode, MedicationIntake
from patientdata.fhir import codes
from patientdata.fhir.primitives import fhir_text, instant, number

PHASE = codes.local_extension("administration-phase")
DOSE_PER_KG = codes.local_extension("dose-per-kg")
MME = codes.local_extension("morphine-milligram-equivalents")
DEFAULT_WEAR_HOURS = 72  # DOMAIN.md: a patch's wear_hours defaults to 72

Ref = Callable[[object], dict | None]


def _amount(value: Decimal) -> str:
    return f"{value.normalize():f}"


def treatment_concept(episode: Episode) -> dict:
    """What the episode gives: ketamine, esketamine, or the patient's own name for it."""
    if episode.treatment == "other" and (name := fhir_text(episode.treatment_name)):
        return codes.concept([codes.coding(codes.TREATMENT, "other", "Other")], name)
    return codes.catalogue_concept(
        codes.TREATMENT, catalogue.TREATMENTS, episode.treatment, "unknown treatment"
    )


def route_concept(route: str) -> dict:
    label = catalogue.ROUTES.get(route)
    if route in codes.ROUTES and label:
        return codes.concept([codes.coding(codes.SNOMED, *codes.ROUTES[route])], label)
    return codes.concept([], fhir_text(route) or "unknown route")


def administration_dose_mg(admin: Administration) -> Decimal | None:
    """`dose_mg`, or `dose_mg_per_kg` × `weight_kg` when only those are given."""
    if admin.dose_mg is not None:
        return admin.dose_mg
    if admin.dose_mg_per_kg is not None and admin.weight_kg is not None:
        return admin.dose_mg_per_kg * admin.weight_kg
    return None


def administration_effective(admin: Administration) -> dict:
    start = admin.administered_at
    if admin.duration_minutes is None:
        return {"effectiveDateTime": instant(start, admin.administered_offset)}
    end = start + timedelta(minutes=admin.duration_minutes)
    return {
        "effectivePeriod": {
            "start": instant(start, admin.administered_offset),
            "end": instant(end, admin.administered_offset),
        }
    }


def medication_administration(admin: Administration, subject: dict, ref: Ref) -> dict:
    dose = administration_dose_mg(admin)
    dosage: dict = {"route": route_concept(admin.route)}
    words = []
    if admin.dose_mg_per_kg is not None:
        per_kg = f"{_amount(admin.dose_mg_per_kg)} mg/kg"
        if admin.weight_kg is not None:
            per_kg += f" at {_amount(admin.weight_kg)} kg"
        words.append(per_kg)
    if dose is not None:
        words.append(f"{_amount(dose)} mg")
        dosage["dose"] = codes.quantity(number(dose), "mg")
        if admin.duration_minutes:
            dosage["rateRatio"] = {
                "numerator": codes.quantity(number(dose), "mg"),
                "denominator": codes.quantity(admin.duration_minutes, "min"),
            }
    if admin.duration_minutes is not None:
        words.append(f"over {admin.duration_minutes} min")
    if words:
        dosage["text"] = ", ".join(words)
    extensions = []
    if admin.phase in catalogue.PHASES:
        phase = codes.coding(codes.PHASE, admin.phase, catalogue.PHASES[admin.phase])
        extensions.append({"url": PHASE, "valueCoding": phase})
    if admin.dose_mg_per_kg is not None:
        extensions.append(
            {"url": DOSE_PER_KG, "valueQuantity": codes.quantity(number(admin.dose_mg_per_kg), "mg/kg")}
        )
    resource: dict = {
        "resourceType": "MedicationAdministration",
        "id": str(admin.pk),
        "status": "completed",
        "category": codes.catalogue_concept(
            codes.SETTING, catalogue.SETTINGS, admin.setting, "unknown setting"
        ),
        "medicationCodeableConcept": treatment_concept(admin.episode),
        "subject": subject,
        **administration_effective(admin),
        "dosage": dosage,
    }
    if extensions:
        resource["extension"] = extensions
    if episode := ref(admin.episode_id):
        resource["context"] = episode
    if notes := fhir_text(admin.notes):
        resource["note"] = [{"text": notes}]
    return resource


def medication_statement(intake: MedicationIntake, subject: dict, now: datetime) -> dict:
    unit = catalogue.UNITS.get(intake.unit, fhir_text(intake.unit) or "unknown unit")
    ucum = codes.INTAKE_UNITS.get(intake.unit)
    amount = (
        codes.quantity(number(intake.dose), unit, ucum)
        if ucum
        else {"value": number(intake.dose), "unit": unit}
    )
    dosage: dict = {"text": f"{_amount(intake.dose)} {unit}"}
    resource: dict = {
        "resourceType": "MedicationStatement",
        "id": str(intake.pk),
        "status": "completed",
        "medicationCodeableConcept": codes.catalogue_concept(
            codes.DRUG, codes.DRUG_LABELS, intake.drug, "unknown drug"
        ),
        "subject": subject,
    }
    if intake.unit == "mcg_per_h":
        hours = intake.wear_hours or DEFAULT_WEAR_HOURS
        end = intake.taken_at + timedelta(hours=hours)
        resource["status"] = "active" if end > now else "completed"
        resource["effectivePeriod"] = {
            "start": instant(intake.taken_at, intake.taken_offset),
            "end": instant(end, intake.taken_offset),
        }
        dosage["text"] += f", worn for {hours} h"
        dosage["route"] = codes.concept([codes.coding(codes.SNOMED, *codes.TRANSDERMAL)], "Transdermal patch")
        dosage["doseAndRate"] = [{"rateQuantity": amount}]
    else:
        resource["effectiveDateTime"] = instant(intake.taken_at, intake.taken_offset)
        dosage["doseAndRate"] = [{"doseQuantity": amount}]
    resource["dosage"] = [dosage]
    if intake.mme is not None:
        resource["extension"] = [{"url": MME, "valueDecimal": number(intake.mme)}]
    if notes := fhir_text(intake.notes):
        resource["note"] = [{"text": notes}]
    return resource
