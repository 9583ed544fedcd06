"""The code systems, codes and units of the FHIR export, and the project's own ones.

Standard codes are used only where one means exactly what the diary records (docs/fhir.md
lists each with where it was checked): LOINC for pain now (72514-3), the vital signs of
the FHIR R4 vital-signs profile and the assessments (PEG, PHQ-9, GAD-7: panels, scores,
items and answers), SNOMED CT for routes and severities, UCUM for every unit.
Everything else (the diary's other items, side effects, body regions, drugs, PGIC) is coded
in the project's own code systems under LOCAL, with the catalogue's words as the display.
"""

from __future__ import annotations

from diary import catalogue
from patientdata.fhir.primitives import fhir_text

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"

# The project's namespace: the same in every deployment, so exports code the same concepts
# alike. `.test` is a reserved top-level domain (RFC 2606): nothing is served there.
LOCAL = "https://paindiary.test/fhir"


def local_system(name: str) -> str:
    return f"{LOCAL}/CodeSystem/{name}"


def local_extension(name: str) -> str:
    return f"{LOCAL}/StructureDefinition/{name}"


DIARY_ITEM = local_system("diary-item")
SIDE_EFFECT = local_system("side-effect")
BODY_REGION = local_system("body-region")
PGIC = local_system("pgic")
DRUG = local_system("drug")
TREATMENT = local_system("treatment")
CONDITION = local_system("condition")
PHASE = local_system("administration-phase")
SETTING = local_system("administration-setting")
ASSESSMENT_BAND = local_system("assessment-band")

SURVEY = {"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}
VITAL_SIGNS = {"system": OBSERVATION_CATEGORY, "code": "vital-signs", "display": "Vital Signs"}
CRITICAL_HIGH = {"system": INTERPRETATION, "code": "HH", "display": "Critical high"}
CRITICAL_ABNORMAL = {"system": INTERPRETATION, "code": "AA", "display": "Critical abnormal"}
UNKNOWN = {"system": DATA_ABSENT, "code": "unknown", "display": "Unknown"}

# LOINC (code, display).
PAIN_NOW = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
BP_PANEL = ("85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = ("8480-6", "Systolic blood pressure")
DIASTOLIC = ("8462-4", "Diastolic blood pressure")
HEART_RATE = ("8867-4", "Heart rate")
BODY_WEIGHT = ("29463-7", "Body weight")

# Assessments (DOMAIN.md § Assessments): the panel that is each instrument (the Questionnaire's
# code) and the Observation of its score; display only where LOINC's own name was checked.
ASSESSMENT_PANELS: dict[str, tuple[str, str | None]] = {
    "peg": ("91148-7", None),
    "phq9": ("44249-1", "PHQ-9 quick depression assessment panel [Reported.PHQ]"),
    "gad7": ("69737-5", None),
}
ASSESSMENT_SCORES: dict[str, tuple[str, str | None]] = {
    "peg": ("91147-9", "Mean score [PEG]"),
    "phq9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
    "gad7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
}
# Each item's LOINC question, in the catalogue's order (loinc.org, panel 69729-2 PHQ-SADS
# and answer list LL358-3); the PEG's items are not coded (not checked).
ASSESSMENT_ITEMS: dict[str, tuple[str, ...]] = {
    "phq9": (
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8",
    ),
    "gad7": ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
}  # fmt: skip
PHQ9_ITEM9 = (
    "44260-8",
    "Thoughts that you would be better off dead, or of hurting yourself in some way in last 2 weeks "
    "[Reported.PHQ]",
)
# The PHQ-9's and GAD-7's answers, 0-3: LOINC answer list LL358-3.
FREQUENCY_ANSWERS: dict[int, tuple[str, str]] = {
    0: ("LA6568-5", "Not at all"),
    1: ("LA6569-3", "Several days"),
    2: ("LA6570-1", "More than half the days"),
    3: ("LA6571-9", "Nearly every day"),
}
SCORE_UNIT = "{score}"  # UCUM annotation; LOINC's example unit for these scores


def questionnaire_url(instrument: str) -> str:
    """The canonical URL of an instrument's Questionnaire (bundled with the responses)."""
    return f"{LOCAL}/Questionnaire/{instrument}"


# The entry's items other than pain now: no LOINC question asks them the diary's way
# (docs/fhir.md § Codes), so each is a code of DIARY_ITEM, with these words.
DIARY_ITEMS: dict[str, str] = {
    "diary_entry": "Pain diary entry",
    "pain_average": "Average pain in the last 24 hours (0-10 numeric rating scale)",
    "pain_worst": "Worst pain in the last 24 hours (0-10 numeric rating scale)",
    "pain_least": "Least pain in the last 24 hours (0-10 numeric rating scale)",
    "interference_enjoyment": "Pain interference with enjoyment of life today (0-10)",
    "interference_activity": "Pain interference with general activity today (0-10)",
    "mood": "Mood (0 = very low, 10 = very good)",
    "sleep_quality": "Sleep quality (0-10)",
    "relief_percent": "Relief from treatment in the last 24 hours (percent)",
    "pgic": "Patient Global Impression of Change since the episode started",
    "pain_location": "Pain location",
}
SCORE_ITEMS = (
    "pain_average",
    "pain_worst",
    "pain_least",
    "interference_enjoyment",
    "interference_activity",
    "mood",
    "sleep_quality",
)

# SNOMED CT route of administration (qualifier values).
ROUTES: dict[str, tuple[str, str]] = {
    "iv_infusion": ("47625008", "Intravenous route"),
    "im": ("78421000", "Intramuscular route"),
    "oral": ("26643006", "Oral route"),
    "sublingual": ("37839007", "Sublingual route"),
    "intranasal": ("46713006", "Nasal route"),
    "topical": ("6064005", "Topical route"),
    "subcutaneous": ("34206005", "Subcutaneous route"),
}
TRANSDERMAL = ("45890007", "Transdermal route")  # a patch

# SNOMED CT severities (the FHIR condition-severity value set), by the diary's 1-3.
SEVERITIES: dict[int, tuple[str, str]] = {
    1: ("255604002", "Mild"),
    2: ("6736007", "Moderate"),
    3: ("24484000", "Severe"),
}

# UCUM code of each intake unit.
INTAKE_UNITS: dict[str, str] = {"mg": "mg", "mcg": "ug", "mcg_per_h": "ug/h"}


def coding(system: str, code: str, display: str) -> dict:
    return {"system": system, "code": code, "display": display}


def concept(codings: list[dict], text: str) -> dict:
    """A CodeableConcept: its codings (maybe none) and the words a reader sees."""
    value: dict = {"coding": codings} if codings else {}
    value["text"] = text
    return value


def loinc(pair: tuple[str, str | None]) -> dict:
    """A LOINC coding; without a display when LOINC's name was not checked."""
    code, display = pair
    return coding(LOINC, code, display) if display else {"system": LOINC, "code": code}


def quantity(value: int | float, unit: str, code: str | None = None) -> dict:
    """A UCUM Quantity; `unit` is what a reader sees, `code` the UCUM code (default: unit)."""
    return {"value": value, "unit": unit, "system": UCUM, "code": code or unit}


def catalogue_concept(system: str, table: dict[str, str], code: object, fallback: str) -> dict:
    """A concept of one of the catalogue's lists: coded when `code` is in it, else text only.

    Stored values older than a check may be anything: they are shown, never coded.
    """
    if isinstance(code, str) and code in table:
        return concept([coding(system, code, table[code])], table[code])
    return concept([], fhir_text(code) or fallback)


# The catalogue's lists that are not plain code → label tables, as such tables.
DRUG_LABELS: dict[str, str] = {code: drug.label for code, drug in catalogue.DRUGS.items()}
SIDE_EFFECT_LABELS: dict[str, str] = {code: effect.label for code, effect in catalogue.SIDE_EFFECTS.items()}
PGIC_LABELS: dict[str, str] = {str(code): label for code, label in catalogue.PGIC.items()}
