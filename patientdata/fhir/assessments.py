"""Assessments (PEG, PHQ-9, GAD-7) as FHIR: a QuestionnaireResponse each, the Observation of
its score, and for a PHQ-9 the Observation of item 9; one bundled Questionnaire per instrument.

Each QuestionnaireResponse names its Questionnaire by canonical URL
(`https://paindiary.test/fhir/Questionnaire/<instrument>`), and the Bundle holds that
Questionnaire (`url` = the same), built from the catalogue: the instrument's LOINC panel as
its `code`, each item's published wording, LOINC question code (PHQ-9, GAD-7) and answers
(LOINC answer list LL358-3 with their 0-3 values). docs/fhir.md lists the codes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from diary import catalogue
from diary.models import Assessment
from patientdata.fhir import codes
from patientdata.fhir.primitives import derived_id, fhir_text, instant, number, reference

EPISODE = codes.local_extension("episode-of-care")
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
STEM = "stem"  # linkId of the display item that holds a stem ("Over the last 2 weeks, …")

Ref = Callable[[object], dict | None]  # a record id → a reference inside the bundle, or None


def questionnaire_id(instrument: str) -> str:
    """The same id on every export and in every deployment: from the canonical URL."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, codes.questionnaire_url(instrument)))


def _answer_coding(value: int) -> dict | None:
    found = codes.FREQUENCY_ANSWERS.get(value)
    return codes.coding(codes.LOINC, *found) if found else None


def _item_codes(instrument: str) -> tuple[str, ...]:
    return codes.ASSESSMENT_ITEMS.get(instrument, ())


def questionnaire(instrument: catalogue.Instrument) -> dict:
    """The Questionnaire of one instrument, from the catalogue (items word for word)."""
    item_codes = _item_codes(instrument.code)
    items: list[dict] = []
    if instrument.stem:
        items.append({"linkId": STEM, "text": instrument.stem, "type": "display"})
    for index, item in enumerate(instrument.items):
        question: dict = {"linkId": str(index + 1), "text": item.text, "required": True}
        if index < len(item_codes):
            question["code"] = [{"system": codes.LOINC, "code": item_codes[index]}]
        if item.answers:
            question["type"] = "choice"
            question["answerOption"] = [
                {
                    "extension": [{"url": ORDINAL_VALUE, "valueDecimal": value}],
                    "valueCoding": _answer_coding(value)
                    or codes.coding(codes.local_system(f"{instrument.code}-answer"), str(value), label),
                }
                for value, label in item.answers
            ]
        else:  # a 0-10 scale (PEG): its anchors in words, its range as extensions
            question["type"] = "integer"
            question["extension"] = [
                {"url": MIN_VALUE, "valueInteger": item.lo},
                {"url": MAX_VALUE, "valueInteger": item.hi},
            ]
            if item.anchors:
                question["item"] = [
                    {"linkId": f"{index + 1}.anchors", "type": "display", "text": _anchors(item.anchors)}
                ]
        items.append(question)
    resource: dict = {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(instrument.code),
        "url": codes.questionnaire_url(instrument.code),
        "name": instrument.name.replace("-", ""),
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": f"Recall period: {instrument.recall}.",
        "copyright": instrument.citation,
        "item": items,
    }
    if panel := codes.ASSESSMENT_PANELS.get(instrument.code):
        resource["code"] = [codes.loinc(panel)]
    return resource


def _anchors(anchors: Iterable[tuple[int, str]]) -> str:
    return "; ".join(f"{value} = {label}" for value, label in anchors)


def _answer(instrument: catalogue.Instrument | None, index: int, value: object) -> dict:
    item = instrument.items[index] if instrument and index < len(instrument.items) else None
    if item is not None and item.answers and isinstance(value, int):
        labels = dict(item.answers)
        coded = _answer_coding(value)
        if coded is None and value in labels:
            coded = codes.coding(codes.local_system(f"{instrument.code}-answer"), str(value), labels[value])
        if coded is not None:
            return {"valueCoding": coded}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"valueInteger": value}
    return {"valueString": fhir_text(value) or "unknown answer"}


def _response_item(instrument: catalogue.Instrument | None, index: int, value: object) -> dict:
    item: dict = {"linkId": str(index + 1)}
    if instrument and index < len(instrument.items):
        item["text"] = instrument.items[index].text
    item["answer"] = [_answer(instrument, index, value)]
    return item


def assessment_resources(assessment: Assessment, subject: dict, ref: Ref) -> list[dict]:
    """The QuestionnaireResponse, the Observation of its score, and for a PHQ-9 item 9's."""
    instrument = catalogue.INSTRUMENTS.get(assessment.instrument)
    when = instant(assessment.completed_at, assessment.completed_offset)
    answers = assessment.answers if isinstance(assessment.answers, list) else []
    response: dict = {
        "resourceType": "QuestionnaireResponse",
        "id": str(assessment.pk),
        "status": "completed",
        "subject": subject,
        "authored": when,
        "item": [_response_item(instrument, index, value) for index, value in enumerate(answers)],
    }
    if instrument is not None:  # its Questionnaire is in the Bundle; an unknown one names none
        response["questionnaire"] = codes.questionnaire_url(instrument.code)
    if assessment.episode_id and (episode := ref(assessment.episode_id)):
        response["extension"] = [{"url": EPISODE, "valueReference": episode}]
    observations: dict = {
        "status": "final",
        "category": [{"coding": [codes.SURVEY]}],
        "subject": subject,
        "effectiveDateTime": when,
        "derivedFrom": [reference(str(assessment.pk))],
    }
    name = instrument.name if instrument else "Assessment"
    found: list[dict] = [response]
    score_code = codes.ASSESSMENT_SCORES.get(assessment.instrument)
    if assessment.score is not None and score_code:
        score: dict = {
            "resourceType": "Observation",
            "id": derived_id(assessment.pk, "score"),
            **observations,
            "code": codes.concept([codes.loinc(score_code)], f"{name} score"),
            "valueQuantity": codes.quantity(number(assessment.score), codes.SCORE_UNIT),
        }
        if label := catalogue.ASSESSMENT_BANDS.get(assessment.band or ""):
            band = codes.coding(codes.ASSESSMENT_BAND, assessment.band, label)
            score["interpretation"] = [codes.concept([band], label)]
        found.append(score)
    if assessment.instrument == "phq9" and catalogue.PHQ9_RED_FLAG_ITEM is not None:
        index = catalogue.PHQ9_RED_FLAG_ITEM
        value = answers[index] if index < len(answers) else None
        if isinstance(value, int) and (coded := _answer_coding(value)):
            item9: dict = {
                "resourceType": "Observation",
                "id": derived_id(assessment.pk, "item9"),
                **observations,
                "code": codes.concept([codes.loinc(codes.PHQ9_ITEM9)], "PHQ-9 item 9"),
                "valueCodeableConcept": codes.concept([coded], coded["display"]),
            }
            if catalogue.PHQ9_RED_FLAG_FROM is not None and value >= catalogue.PHQ9_RED_FLAG_FROM:
                item9["interpretation"] = [{"coding": [codes.CRITICAL_ABNORMAL]}]  # a red flag
            found.append(item9)
    return found


def questionnaires_for(assessments: Iterable[Assessment]) -> list[dict]:
    """One Questionnaire per instrument the assessments use, in the catalogue's order."""
    used = {a.instrument for a in assessments}
    return [questionnaire(i) for code, i in catalogue.INSTRUMENTS.items() if code in used]
