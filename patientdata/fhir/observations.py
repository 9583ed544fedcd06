"""Observations: a diary entry's items, and the vital signs and weight of an administration.

An entry becomes one panel Observation (code diary_entry, id = the entry's id) whose
`hasMember` lists one Observation per item the patient gave: pain now (LOINC 72514-3), the
other 0-10 items, relief (%), PGIC (a coded answer), one per pain location (`bodySite`) and
one per side effect (its severity as the value). Every one of them is effective at
`recorded_at` in the device's offset and carries the entry's `diary_date` as an extension.
"""

from __future__ import annotations

from collections.abc import Callable

from diary import catalogue
from diary.models import Administration, Entry
from patientdata.fhir import codes
from patientdata.fhir.primitives import derived_id, fhir_text, instant, number, reference

DIARY_DATE = codes.local_extension("diary-date")
EPISODE = codes.local_extension("episode-of-care")

Ref = Callable[[object], dict | None]  # a record id → a reference inside the bundle, or None


def _item(entry: Entry, part: str, code: dict, subject: dict, base: dict) -> dict:
    return {
        "resourceType": "Observation",
        "id": derived_id(entry.pk, part),
        **base,
        "code": code,
        "subject": subject,
    }


def _diary_item(name: str) -> dict:
    return codes.concept(
        [codes.coding(codes.DIARY_ITEM, name, codes.DIARY_ITEMS[name])], codes.DIARY_ITEMS[name]
    )


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else []


def entry_observations(entry: Entry, subject: dict, ref: Ref) -> list[dict]:
    """The entry's panel Observation first, then one Observation per item it holds."""
    base: dict = {
        "status": "final",
        "category": [{"coding": [codes.SURVEY]}],
        "effectiveDateTime": instant(entry.recorded_at, entry.recorded_offset),
        "extension": [{"url": DIARY_DATE, "valueDate": entry.diary_date.isoformat()}],
    }
    if entry.administration_id and (administration := ref(entry.administration_id)):
        base["partOf"] = [administration]
    items: list[dict] = []

    def add(part: str, code: dict, **value) -> None:
        items.append({**_item(entry, part, code, subject, base), **value})

    add(
        "pain_now",
        codes.concept([codes.loinc(codes.PAIN_NOW)], "Pain now (0-10 numeric rating scale)"),
        valueInteger=entry.pain_now,
    )
    for name in codes.SCORE_ITEMS:
        if (score := getattr(entry, name)) is not None:
            add(name, _diary_item(name), valueInteger=score)
    if entry.relief_percent is not None:
        add(
            "relief_percent",
            _diary_item("relief_percent"),
            valueQuantity=codes.quantity(entry.relief_percent, "%"),
        )
    if entry.pgic is not None:
        answer = codes.catalogue_concept(codes.PGIC, codes.PGIC_LABELS, str(entry.pgic), str(entry.pgic))
        add("pgic", _diary_item("pgic"), valueCodeableConcept=answer)
    for index, location in enumerate(_as_list(entry.locations)):
        region = codes.catalogue_concept(
            codes.BODY_REGION, catalogue.BODY_REGIONS, location, "unknown region"
        )
        add(f"location/{index}", _diary_item("pain_location"), bodySite=region, valueBoolean=True)
    for index, effect in enumerate(_as_list(entry.side_effects)):
        effect = effect if isinstance(effect, dict) else {"code": effect}
        code = codes.catalogue_concept(
            codes.SIDE_EFFECT, codes.SIDE_EFFECT_LABELS, effect.get("code"), "unknown side effect"
        )
        add(f"side_effect/{index}", code, valueCodeableConcept=_severity(effect.get("severity")))

    panel = {
        "resourceType": "Observation",
        "id": str(entry.pk),
        **base,
        "code": _diary_item("diary_entry"),
        "subject": subject,
        "hasMember": [reference(item["id"]) for item in items],
    }
    if entry.episode_id and (episode := ref(entry.episode_id)):
        panel["extension"] = [*base["extension"], {"url": EPISODE, "valueReference": episode}]
    if notes := fhir_text(entry.notes):
        panel["note"] = [{"text": notes}]
    return [panel, *items]


def _severity(severity: object) -> dict:
    if isinstance(severity, int) and severity in codes.SEVERITIES:
        code, display = codes.SEVERITIES[severity]
        return codes.concept([codes.coding(codes.SNOMED, code, display)], catalogue.SEVERITIES[severity])
    return codes.concept([], fhir_text(severity) or "unknown severity")


def administration_observations(admin: Administration, subject: dict, effective: dict) -> list[dict]:
    """Blood pressure and heart rate (the highest during the session) and the weight the
    dose was worked out with, as vital-sign Observations part of the administration."""
    vitals: dict = {
        "status": "final",
        "category": [{"coding": [codes.VITAL_SIGNS]}],
        "subject": subject,
        "partOf": [reference(str(admin.pk))],
    }
    highest = [{"text": "The highest value measured during the session."}]
    observations = []
    systolic, diastolic = admin.bp_systolic_max, admin.bp_diastolic_max
    if systolic is not None or diastolic is not None:
        components = [
            _bp_component(codes.SYSTOLIC, systolic),
            _bp_component(codes.DIASTOLIC, diastolic),
        ]
        panel = {
            "resourceType": "Observation",
            "id": derived_id(admin.pk, "blood_pressure"),
            **vitals,
            "code": codes.concept([codes.loinc(codes.BP_PANEL)], "Blood pressure"),
            **effective,
            "component": components,
            "note": highest,
        }
        if (systolic or 0) >= catalogue.BP_SYSTOLIC_RED_FLAG or (
            diastolic or 0
        ) >= catalogue.BP_DIASTOLIC_RED_FLAG:
            panel["interpretation"] = [{"coding": [codes.CRITICAL_HIGH]}]
        observations.append(panel)
    if admin.heart_rate_max is not None:
        rate = {
            "resourceType": "Observation",
            "id": derived_id(admin.pk, "heart_rate"),
            **vitals,
            "code": codes.concept([codes.loinc(codes.HEART_RATE)], "Heart rate"),
            **effective,
            "valueQuantity": codes.quantity(admin.heart_rate_max, "beats/minute", "/min"),
            "note": highest,
        }
        if admin.heart_rate_max >= catalogue.HEART_RATE_RED_FLAG:
            rate["interpretation"] = [{"coding": [codes.CRITICAL_HIGH]}]
        observations.append(rate)
    if admin.weight_kg is not None:
        observations.append(
            {
                "resourceType": "Observation",
                "id": derived_id(admin.pk, "body_weight"),
                **vitals,
                "code": codes.concept([codes.loinc(codes.BODY_WEIGHT)], "Body weight"),
                "effectiveDateTime": instant(admin.administered_at, admin.administered_offset),
                "valueQuantity": codes.quantity(number(admin.weight_kg), "kg"),
            }
        )
    return observations


def _bp_component(code: tuple[str, str], value: int | None) -> dict:
    component: dict = {"code": codes.concept([codes.loinc(code)], code[1])}
    if value is None:
        component["dataAbsentReason"] = {"coding": [codes.UNKNOWN]}
    else:
        component["valueQuantity"] = codes.quantity(value, "mmHg", "mm[Hg]")
    return component
