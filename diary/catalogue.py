"""The catalogues of DOMAIN.md: the one source of truth for every code the diary accepts.

Validation, the `catalog/` endpoint, the trend figures and the PWA all read from here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Labels and advice are marked with gettext_lazy and read in the language active when they
# are read (the request's, or the one a push or a report is written in), as plain `str`:
# the tables are `Labels` and the records' `label` a property, so whoever joins, compares,
# stores or json.dumps them gets text, never a lazy object (decision 100). Codes never
# change. Something read at import time is English (no language is active then). The
# instruments' wording is not translated here: only a published translation is shown
# (diary.instrument_languages).
Label = str | Promise
Code = TypeVar("Code", str, int)


class Labels(Mapping[Code, str]):
    """A code → label table whose labels are read, as `str`, in the active language."""

    def __init__(self, labels: dict[Code, Label]) -> None:
        self._labels = labels

    def __getitem__(self, code: Code) -> str:
        return str(self._labels[code])

    def __iter__(self) -> Iterator[Code]:
        return iter(self._labels)

    def __len__(self) -> int:
        return len(self._labels)

    def __repr__(self) -> str:
        return f"Labels({dict(self)!r})"


CONDITIONS: Labels[str] = Labels(
    {
        "crps": _("Complex regional pain syndrome"),
        "neuropathic": _("Neuropathic pain"),
        "fibromyalgia": _("Fibromyalgia"),
        "migraine": _("Migraine"),
        "cluster_headache": _("Cluster headache"),
        "cancer_pain": _("Cancer pain"),
        "back_pain": _("Back pain"),
        "arthritis": _("Arthritis"),
        "phantom_limb": _("Phantom limb pain"),
        "post_herpetic_neuralgia": _("Post-herpetic neuralgia"),
        "spinal_cord_injury": _("Spinal cord injury"),
        "diabetic_neuropathy": _("Diabetic neuropathy"),
        "chemotherapy_neuropathy": _("Chemotherapy-induced neuropathy"),
        "trigeminal_neuralgia": _("Trigeminal neuralgia"),
        "tmj": _("Temporomandibular joint disorder"),
        "whiplash": _("Whiplash"),
        "limb_ischemia": _("Limb ischaemia"),
        "other": pgettext_lazy("condition", "Other"),
    }
)

TREATMENTS: Labels[str] = Labels(
    {
        "ketamine": _("Ketamine"),
        "esketamine": _("Esketamine"),
        "other": _("Other"),
    }
)

ROUTES: Labels[str] = Labels(
    {
        "iv_infusion": _("Intravenous infusion"),
        "im": _("Intramuscular"),
        "oral": _("Oral"),
        "sublingual": _("Sublingual"),
        "intranasal": _("Intranasal"),
        "topical": _("Topical"),
        "subcutaneous": _("Subcutaneous"),
    }
)

PHASES: Labels[str] = Labels(
    {
        "induction": pgettext_lazy("administration phase", "Induction"),
        "maintenance": pgettext_lazy("administration phase", "Maintenance"),
        "single": pgettext_lazy("administration phase", "Single"),
    }
)

SETTINGS: Labels[str] = Labels(
    {
        "clinic": pgettext_lazy("where a treatment is given", "Clinic"),
        "home": pgettext_lazy("where a treatment is given", "Home"),
    }
)

SEVERITIES: Labels[int] = Labels(
    {
        1: pgettext_lazy("side effect severity", "mild"),
        2: pgettext_lazy("side effect severity", "moderate"),
        3: pgettext_lazy("side effect severity", "severe"),
    }
)


@dataclass(frozen=True)
class SideEffect:
    code: str
    words: Label  # gettext_lazy; `label` reads it
    # "never", "always", or "severe" (a red flag only at severity 3).
    red_flag: str = "never"
    urgent_help: bool = False

    @property
    def label(self) -> str:
        """The label in the active language."""
        return str(self.words)

    def is_red_flag(self, severity: int) -> bool:
        if self.red_flag == "always":
            return True
        return self.red_flag == "severe" and severity >= 3

    @property
    def red_flag_from(self) -> int | None:
        """The lowest severity at which this is a red flag (is_red_flag); None: never."""
        return next((severity for severity in SEVERITIES if self.is_red_flag(severity)), None)


_SIDE_EFFECTS = [
    SideEffect("nausea", _("Nausea")),
    SideEffect("vomiting", _("Vomiting")),
    SideEffect("dizziness", _("Dizziness")),
    SideEffect("drowsiness", _("Drowsiness")),
    SideEffect("confusion", _("Confusion")),
    SideEffect("disorientation", _("Disorientation")),
    SideEffect("dissociation", _("Dissociation")),
    SideEffect("vivid_dreams", _("Vivid dreams")),
    SideEffect("hallucinations", _("Hallucinations"), red_flag="severe"),
    SideEffect("double_vision", _("Double vision")),
    SideEffect("blurred_vision", _("Blurred vision")),
    SideEffect("headache", _("Headache")),
    SideEffect("raised_blood_pressure", _("Raised blood pressure")),
    SideEffect("palpitations", _("Palpitations (raised heart rate)")),
    SideEffect("anxiety", _("Anxiety")),
    SideEffect("low_mood", _("Low mood")),
    SideEffect("memory_problems", _("Memory problems")),
    SideEffect("difficulty_concentrating", _("Difficulty concentrating")),
    SideEffect("bladder_pain", _("Bladder pain"), red_flag="always"),
    SideEffect("urinary_urgency", _("Urinary urgency"), red_flag="always"),
    SideEffect("blood_in_urine", _("Blood in urine"), red_flag="always"),
    SideEffect("chest_pain", _("Chest pain"), red_flag="always"),
    SideEffect("shortness_of_breath", _("Shortness of breath"), red_flag="always"),
    SideEffect("jaundice", _("Yellow skin or eyes"), red_flag="always"),
    SideEffect("craving", _("Craving for ketamine"), red_flag="always"),
    SideEffect(
        "thoughts_of_self_harm", _("Thoughts of suicide or self-harm"), red_flag="always", urgent_help=True
    ),
    SideEffect("other", pgettext_lazy("side effect", "Other")),
]
SIDE_EFFECTS: dict[str, SideEffect] = {s.code: s for s in _SIDE_EFFECTS}

_BLADDER = _("Contact your care team today: ketamine can inflame the bladder.")
_EMERGENCY = _("Call your local emergency number now.")

# What the patient is told the moment they log a red flag, offline too (DOMAIN.md § Catalogues).
# Every red-flag side effect has advice; the card that shows it also says the diary is not
# watched in real time (NOT_WATCHED). Crisis-line numbers are a setting (CRISIS_LINES).
RED_FLAG_ADVICE: Labels[str] = Labels(
    {
        "hallucinations": _("Do not drive, have someone stay with you, and contact your care team."),
        "bladder_pain": _BLADDER,
        "urinary_urgency": _BLADDER,
        "blood_in_urine": _BLADDER,
        "jaundice": _("Contact your care team today: ketamine can strain the liver."),
        "chest_pain": _EMERGENCY,
        "shortness_of_breath": _EMERGENCY,
        "craving": _("Talk to your care team about it."),
        "thoughts_of_self_harm": _(
            "If you might act on these thoughts, call your local emergency number now, or call a crisis line."
        ),
    }
)
NOT_WATCHED = _("This diary is not watched in real time: nobody sees what you log as you log it.")


def is_red_flag(code: str, severity: int) -> bool:
    """True when a side effect at this severity is a red flag (DOMAIN.md, figure 10)."""
    effect = SIDE_EFFECTS.get(code)
    return bool(effect and effect.is_red_flag(severity))


# The body map's regions (where it hurts).
BODY_REGIONS: Labels[str] = Labels(
    {
        "head": _("Head"),
        "face": _("Face"),
        "neck": _("Neck"),
        "shoulders": _("Shoulders"),
        "upper_back": _("Upper back"),
        "lower_back": _("Lower back"),
        "chest": pgettext_lazy("body region", "Chest"),
        "abdomen": _("Abdomen"),
        "pelvis": _("Pelvis"),
        "left_arm": _("Left arm"),
        "right_arm": _("Right arm"),
        "left_elbow": _("Left elbow"),
        "right_elbow": _("Right elbow"),
        "left_forearm": _("Left forearm"),
        "right_forearm": _("Right forearm"),
        "left_hand": _("Left hand"),
        "right_hand": _("Right hand"),
        "left_hip": _("Left hip"),
        "right_hip": _("Right hip"),
        "left_thigh": _("Left thigh"),
        "right_thigh": _("Right thigh"),
        "left_knee": _("Left knee"),
        "right_knee": _("Right knee"),
        "left_lower_leg": _("Left lower leg"),
        "right_lower_leg": _("Right lower leg"),
        "left_foot": _("Left foot"),
        "right_foot": _("Right foot"),
    }
)


# Monitoring red flags (DOMAIN.md, figure 13): systolic >= 180 or diastolic >= 110 mmHg
# (`blood_pressure`); heart rate >= 120 beats per minute (`heart_rate`).
BP_SYSTOLIC_RED_FLAG = 180
BP_DIASTOLIC_RED_FLAG = 110
HEART_RATE_RED_FLAG = 120

UNITS: Labels[str] = Labels({"mg": "mg", "mcg": "mcg", "mcg_per_h": _("mcg/h (patch)")})

# Plausibility limits of an intake (DOMAIN.md § Medication intakes): a dose is > 0 and at most
# this much in its unit; beyond is an error, never clamped. A patch (mcg_per_h) is worn for
# WEAR_HOURS hours (1-168), 72 when not given.
DOSE_MAX: dict[str, Decimal] = {"mg": Decimal("5000"), "mcg": Decimal("100000"), "mcg_per_h": Decimal("400")}
WEAR_HOURS_MIN = 1
WEAR_HOURS_MAX = 168
WEAR_HOURS_DEFAULT = 72


@dataclass(frozen=True)
class Drug:
    code: str
    words: Label  # gettext_lazy; `label` reads it
    # Morphine milligram equivalents per mg (CDC 2022); for a fentanyl patch, per mcg/h per
    # day worn. None for non-opioids (an intake counts 0) and for opioids without a factor
    # (buprenorphine, other_opioid: their days are "MME incomplete", never 0).
    mme_factor: Decimal | None = None
    opioid: bool = False
    patch: bool = False
    benzodiazepine: bool = False

    @property
    def label(self) -> str:
        """The label in the active language."""
        return str(self.words)

    @property
    def mme_incomplete(self) -> bool:
        """An opioid the MME cannot be counted for (DOMAIN.md, figure 14)."""
        return self.opioid and self.mme_factor is None


_DRUGS = [
    Drug("codeine", _("Codeine"), Decimal("0.15"), opioid=True),
    Drug("dihydrocodeine", _("Dihydrocodeine"), Decimal("0.25"), opioid=True),
    Drug("hydrocodone", _("Hydrocodone"), Decimal("1"), opioid=True),
    Drug("hydromorphone", _("Hydromorphone"), Decimal("5"), opioid=True),
    Drug("methadone", _("Methadone"), Decimal("4.7"), opioid=True),
    Drug("morphine", _("Morphine"), Decimal("1"), opioid=True),
    Drug("oxycodone", _("Oxycodone"), Decimal("1.5"), opioid=True),
    Drug("oxymorphone", _("Oxymorphone"), Decimal("3"), opioid=True),
    Drug("tapentadol", _("Tapentadol"), Decimal("0.4"), opioid=True),
    Drug("tramadol", _("Tramadol"), Decimal("0.2"), opioid=True),
    Drug("fentanyl", _("Fentanyl (transdermal patch)"), Decimal("2.4"), opioid=True, patch=True),
    Drug("buprenorphine", _("Buprenorphine"), opioid=True),
    Drug("other_opioid", _("Other opioid"), opioid=True),
    Drug("paracetamol", _("Paracetamol")),
    Drug("ibuprofen", _("Ibuprofen")),
    Drug("naproxen", _("Naproxen")),
    Drug("gabapentin", _("Gabapentin")),
    Drug("pregabalin", _("Pregabalin")),
    Drug("amitriptyline", _("Amitriptyline")),
    Drug("nortriptyline", _("Nortriptyline")),
    Drug("duloxetine", _("Duloxetine")),
    Drug("ketamine", _("Ketamine")),
    Drug("diazepam", _("Diazepam"), benzodiazepine=True),
    Drug("lorazepam", _("Lorazepam"), benzodiazepine=True),
    Drug("alprazolam", _("Alprazolam"), benzodiazepine=True),
    Drug("clonazepam", _("Clonazepam"), benzodiazepine=True),
    Drug("midazolam", _("Midazolam"), benzodiazepine=True),
    Drug("other", pgettext_lazy("medicine", "Other")),
]
DRUGS: dict[str, Drug] = {d.code: d for d in _DRUGS}

PGIC: Labels[int] = Labels(
    {
        1: _("Very much improved"),
        2: _("Much improved"),
        3: _("Minimally improved"),
        4: _("No change"),
        5: _("Minimally worse"),
        6: _("Much worse"),
        7: _("Very much worse"),
    }
)


def mme_per_unit(drug: Drug) -> dict[str, Decimal]:
    """The MME of one unit of dose, for each unit the drug is logged in: what mme_for() multiplies
    the dose by (a patch per mcg/h; other opioids per mg and per mcg). Empty for non-opioids."""
    if drug.mme_factor is None:
        return {}
    if drug.patch:
        return {"mcg_per_h": drug.mme_factor}
    return {"mg": drug.mme_factor, "mcg": drug.mme_factor / 1000}


def mme_for(drug_code: str, dose: Decimal, unit: str) -> Decimal | None:
    """Morphine milligram equivalents of one intake (CDC 2022); None for non-opioids and for
    opioids without a factor (Drug.mme_incomplete).

    A fentanyl patch is logged once, when applied, in mcg/h: its `mme` is the MME of each day
    it is worn, mcg/h × 2.4; figure 14 counts it on each of ceil(wear_hours / 24) dates.
    """
    drug = DRUGS.get(drug_code)
    if drug is None or drug.mme_factor is None:
        return None
    if drug.patch:
        return dose * drug.mme_factor
    milligrams = dose / 1000 if unit == "mcg" else dose
    return milligrams * drug.mme_factor


# --- How figures are named and explained (DOMAIN.md § How figures are shown) -------------
# The portal, the PDF and the PWA (through catalog/) use these words, so they say the same.

CATEGORIES: Labels[str] = Labels(
    {
        "substantial": pgettext_lazy("response category", "Substantial"),
        "moderate": pgettext_lazy("response category", "Moderate"),
        "minimal": pgettext_lazy("response category", "Minimal"),
        "no_change": pgettext_lazy("response category", "No meaningful change"),
        "worse": pgettext_lazy("response category", "Worse"),
    }
)

CATEGORY_REASONS: Labels[str] = Labels(
    {
        "insufficient_data": _("not enough days logged (at least 3 are needed in each window)"),
        "in_progress": _("the week after is still in progress"),
        "low_baseline": _("pain before was below 4 of 10, too low to judge a reduction"),
        "too_early": _("too early: the last 7 days still include the first treatment"),
    }
)

RELIEF_BOUNDS: Labels[str] = Labels(
    {
        "next_administration": _("until the next dose"),
        "horizon": _("for 90 days, the longest followed"),
        "as_of": _("so far"),
    }
)

# The "%" here is a percent sign, not a placeholder (xgettext would guess one in "% lower").
LEGEND: Labels[str] = Labels(
    {
        "substantial": _(
            # xgettext:no-python-format
            "Substantial: pain at least 50 % lower than before (needs a baseline of 4 or more)."
        ),
        # xgettext:no-python-format
        "moderate": _("Moderate: 30 % to under 50 % lower."),
        # xgettext:no-python-format
        "minimal": _("Minimal: 10 % to under 30 % lower."),
        # xgettext:no-python-format
        "no_change": _("No meaningful change: less than 10 % lower and less than 10 % higher."),
        # xgettext:no-python-format
        "worse": _("Worse: pain at least 10 % higher than before."),
        # xgettext:no-python-format
        "responder": _("Responder: a substantial or moderate reduction."),
        "relief": _(
            # xgettext:no-python-format
            "Relief: days until the 3-day mean pain is back above 70 % of the baseline "
            "(less than 30 % relief)."
        ),
    }
)


# --- Assessments: validated questionnaires (DOMAIN.md § Assessments) ---------------------
# Item wording, answer labels and anchors are the published English text, word for word
# (tests/diary/test_instrument_wording.py checks them against a separately transcribed
# fixture). PHQ-9's optional closing question on difficulty is not scored and left out.


@dataclass(frozen=True)
class InstrumentItem:
    """One question: answered with a whole number from `lo` to `hi`.

    `answers` labels every value (PHQ-9, GAD-7); `anchors` labels only the ends of a 0-10
    scale (PEG). Each is a tuple of (value, label).
    """

    text: str
    lo: int
    hi: int
    answers: tuple[tuple[int, str], ...] = ()
    anchors: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Band:
    """A severity band of a score: `lo` to `hi`, both included."""

    code: str
    words: Label  # gettext_lazy; `label` reads it
    lo: int
    hi: int

    @property
    def label(self) -> str:
        """The band's label in the active language."""
        return str(self.words)


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    title: str
    citation: str  # who made it and on what terms it may be used
    recall: str  # the period the questions ask about, always shown with them
    stem: str  # the question every item completes ("" when the items are whole questions)
    items: tuple[InstrumentItem, ...]
    score_rule: str  # "mean" (1 decimal, half away from zero) or "sum"
    score_min: int
    score_max: int
    bands: tuple[Band, ...]  # empty: the score has no bands
    schedule_days: int  # due again this many days after the last one
    red_flag_item: int | None = None  # 0-based index of the item that raises a red flag
    red_flag_from: int | None = None  # the lowest answer to it that does


_FREQUENCY = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
_PAIN_ANCHORS = ((0, "No pain"), (10, "Pain as bad as you can imagine"))
_INTERFERENCE_ANCHORS = ((0, "Does not interfere"), (10, "Completely interferes"))
_PFIZER = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an "
    "educational grant from Pfizer Inc. No permission required to reproduce, translate, display or "
    "distribute."
)


def _frequency_items(*texts: str) -> tuple[InstrumentItem, ...]:
    return tuple(InstrumentItem(text, 0, 3, answers=_FREQUENCY) for text in texts)


_INSTRUMENTS = [
    Instrument(
        code="peg",
        name="PEG",
        title="PEG: pain, enjoyment of life and general activity",
        citation="Krebs EE, Lorenz KA, Bair MJ, et al. Development and initial validation of the PEG, "
        "a three-item scale assessing pain intensity and interference. J Gen Intern Med. "
        "2009;24(6):733-738. Public domain.",
        recall="the past week",
        stem="",
        items=(
            InstrumentItem(
                "What number best describes your pain on average in the past week?",
                0,
                10,
                anchors=_PAIN_ANCHORS,
            ),
            InstrumentItem(
                "What number best describes how, during the past week, pain has interfered with "
                "your enjoyment of life?",
                0,
                10,
                anchors=_INTERFERENCE_ANCHORS,
            ),
            InstrumentItem(
                "What number best describes how, during the past week, pain has interfered with "
                "your general activity?",
                0,
                10,
                anchors=_INTERFERENCE_ANCHORS,
            ),
        ),
        score_rule="mean",
        score_min=0,
        score_max=10,
        bands=(),
        schedule_days=7,
    ),
    Instrument(
        code="phq9",
        name="PHQ-9",
        title="PHQ-9: Patient Health Questionnaire (depression)",
        citation=_PFIZER,
        recall="the last 2 weeks",
        stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        items=_frequency_items(
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
            "being so fidgety or restless that you have been moving around a lot more than usual",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ),
        score_rule="sum",
        score_min=0,
        score_max=27,
        bands=(
            Band("minimal", pgettext_lazy("questionnaire band", "Minimal"), 0, 4),
            Band("mild", pgettext_lazy("questionnaire band", "Mild"), 5, 9),
            Band("moderate", pgettext_lazy("questionnaire band", "Moderate"), 10, 14),
            Band("moderately_severe", pgettext_lazy("questionnaire band", "Moderately severe"), 15, 19),
            Band("severe", pgettext_lazy("questionnaire band", "Severe"), 20, 27),
        ),
        schedule_days=28,
        red_flag_item=8,
        red_flag_from=1,
    ),
    Instrument(
        code="gad7",
        name="GAD-7",
        title="GAD-7: Generalized Anxiety Disorder scale",
        citation=_PFIZER,
        recall="the last 2 weeks",
        stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
        items=_frequency_items(
            "Feeling nervous, anxious, or on edge",
            "Not being able to stop or control worrying",
            "Worrying too much about different things",
            "Trouble relaxing",
            "Being so restless that it is hard to sit still",
            "Becoming easily annoyed or irritable",
            "Feeling afraid as if something awful might happen",
        ),
        score_rule="sum",
        score_min=0,
        score_max=21,
        bands=(
            Band("minimal", pgettext_lazy("questionnaire band", "Minimal"), 0, 4),
            Band("mild", pgettext_lazy("questionnaire band", "Mild"), 5, 9),
            Band("moderate", pgettext_lazy("questionnaire band", "Moderate"), 10, 14),
            Band("severe", pgettext_lazy("questionnaire band", "Severe"), 15, 21),
        ),
        schedule_days=28,
    ),
]
INSTRUMENTS: dict[str, Instrument] = {i.code: i for i in _INSTRUMENTS}

# Every band code of every instrument, with its label (the portal, the PDF and FHIR show them).
ASSESSMENT_BANDS: Labels[str] = Labels({b.code: b.words for i in _INSTRUMENTS for b in i.bands})

# PHQ-9 item 9 (thoughts of being better off dead or of self-harm) answered 1 or more is a red
# flag (DOMAIN.md figure 13, kind `assessment`), and the urgent-help guidance shows at once.
PHQ9_RED_FLAG_ITEM = INSTRUMENTS["phq9"].red_flag_item
PHQ9_RED_FLAG_FROM = INSTRUMENTS["phq9"].red_flag_from
