"""The FHIR R4 Bundle (type collection) of a patient's export: every resource and reference.

Resources: the Patient; per episode an EpisodeOfCare and the Condition it treats; per
administration a MedicationAdministration and its vital-sign Observations; per entry its
Observations (patientdata.fhir.observations); per intake a MedicationStatement; per
assessment a QuestionnaireResponse with the Observation of its score (and of a PHQ-9's item
9), and one Questionnaire per instrument used (patientdata.fhir.assessments). Every
`fullUrl` is `urn:uuid:<id>` and every reference is one of them: a link to a record that is
not exported (deleted) is left out, never left dangling.
"""

from __future__ import annotations

import uuid
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone, translation

from accounts.models import User
from diary import catalogue
from diary.models import Episode
from patientdata.export import ExportRecords
from patientdata.fhir import codes
from patientdata.fhir.assessments import assessment_resources, questionnaires_for
from patientdata.fhir.medications import (
    administration_effective,
    medication_administration,
    medication_statement,
    treatment_concept,
)
from patientdata.fhir.observations import administration_observations, entry_observations
from patientdata.fhir.primitives import derived_id, fhir_text, reference

EPISODE_TITLE = codes.local_extension("episode-title")
EPISODE_NOTES = codes.local_extension("episode-notes")


def _patient(patient: User) -> dict:
    resource: dict = {"resourceType": "Patient", "id": str(patient.pk)}
    if email := fhir_text(patient.email):
        resource["telecom"] = [{"system": "email", "value": email}]
    if name := fhir_text(patient.display_name):
        resource["name"] = [{"text": name}]
    return resource


def _episode(episode: Episode, subject: dict, today: date) -> list[dict]:
    """The EpisodeOfCare and the Condition it is for (its diagnosis)."""
    condition = {
        "resourceType": "Condition",
        "id": derived_id(episode.pk, "condition"),
        "code": codes.catalogue_concept(
            codes.CONDITION, catalogue.CONDITIONS, episode.condition, "unknown condition"
        ),
        "subject": subject,
    }
    period = {"start": episode.started_on.isoformat()}
    if episode.ended_on is not None:
        period["end"] = episode.ended_on.isoformat()
    extensions = []
    if title := fhir_text(episode.title):
        extensions.append({"url": EPISODE_TITLE, "valueString": title})
    if notes := fhir_text(episode.notes):
        extensions.append({"url": EPISODE_NOTES, "valueString": notes})
    care: dict = {
        "resourceType": "EpisodeOfCare",
        "id": str(episode.pk),
        "status": "finished" if episode.ended_on is not None and episode.ended_on < today else "active",
        "type": [treatment_concept(episode)],
        "diagnosis": [{"condition": reference(condition["id"])}],
        "patient": subject,
        "period": period,
    }
    if extensions:
        care["extension"] = extensions
    return [care, condition]


def export_fhir(*, data: ExportRecords) -> dict:
    """A FHIR R4 Bundle (collection) of everything the patient's diary holds but sync rejections.

    Its codings' `display` words are English whatever the request's language (decision 125):
    they name codes for other systems, like the codes themselves, and stay the same export to
    export."""
    with translation.override("en"):
        return _bundle(data)


def _bundle(data: ExportRecords) -> dict:
    patient = data.patient
    records = data.diary.records
    subject = reference(str(patient.pk))
    now = timezone.now()
    today = timezone.localdate(now, timezone=ZoneInfo(patient.timezone or "UTC"))
    exported = {str(r.pk) for kind in ("episode", "administration") for r in records[kind]}

    def ref(record_id: object) -> dict | None:
        return reference(str(record_id)) if record_id is not None and str(record_id) in exported else None

    resources = [_patient(patient)]
    for episode in records["episode"]:
        resources += _episode(episode, subject, today)
    for admin in records["administration"]:
        resources.append(medication_administration(admin, subject, ref))
        resources += administration_observations(admin, subject, administration_effective(admin))
    for entry in records["entry"]:
        resources += entry_observations(entry, subject, ref)
    resources += [medication_statement(intake, subject, now) for intake in records["medication"]]
    assessments = records.get("assessment", [])
    resources += questionnaires_for(assessments)
    for assessment in assessments:
        resources += assessment_resources(assessment, subject, ref)
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }
