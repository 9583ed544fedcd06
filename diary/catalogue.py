"""The catalogues of DOMAIN.md: the one source of truth for every code the diary accepts.

Validation, the `catalog/` endpoint, the trend figures and the PWA all read from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

CONDITIONS: dict[str, str] = {
    "crps": "Complex regional pain syndrome",
    "neuropathic": "Neuropathic pain",
    "fibromyalgia": "Fibromyalgia",
    "migraine": "Migraine",
    "cluster_headache": "Cluster headache",
    "cancer_pain": "Cancer pain",
    "back_pain": "Back pain",
    "arthritis": "Arthritis",
    "phantom_limb": "Phantom limb pain",
    "post_herpetic_neuralgia": "Post-herpetic neuralgia",
    "spinal_cord_injury": "Spinal cord injury",
    "diabetic_neuropathy": "Diabetic neuropathy",
    "chemotherapy_neuropathy": "Chemotherapy-induced neuropathy",
    "trigeminal_neuralgia": "Trigeminal neuralgia",
    "tmj": "Temporomandibular joint disorder",
    "whiplash": "Whiplash",
    "limb_ischemia": "Limb ischaemia",
    "other": "Other",
}

TREATMENTS: dict[str, str] = {
    "ketamine": "Ketamine",
    "esketamine": "Esketamine",
    "other": "Other",
}

ROUTES: dict[str, str] = {
    "iv_infusion": "Intravenous infusion",
    "im": "Intramuscular",
    "oral": "Oral",
    "sublingual": "Sublingual",
    "intranasal": "Intranasal",
    "topical": "Topical",
    "subcutaneous": "Subcutaneous",
}

PHASES: dict[str, str] = {
    "induction": "Induction",
    "maintenance": "Maintenance",
    "single": "Single",
}

SETTINGS: dict[str, str] = {"clinic": "Clinic", "home": "Home"}

SEVERITIES: dict[int, str] = {1: "mild", 2: "moderate", 3: "severe"}


@dataclass(frozen=True)
class SideEffect:
    code: str
    label: str
    # "never", "always", or "severe" (a red flag only at severity 3).
    red_flag: str = "never"
    urgent_help: bool = False

    def is_red_flag(self, severity: int) -> bool:
        if self.red_flag == "always":
            return True
        return self.red_flag == "severe" and severity >= 3

    @property
    def red_flag_from(self) -> int | None:
        """The lowest severity at which this is a red flag (is_red_flag); None: never."""
        return next((severity for severity in SEVERITIES if self.is_red_flag(severity)), None)


_SIDE_EFFECTS = [
    SideEffect("nausea", "Nausea"),
    SideEffect("vomiting", "Vomiting"),
    SideEffect("dizziness", "Dizziness"),
    SideEffect("drowsiness", "Drowsiness"),
    SideEffect("confusion", "Confusion"),
    SideEffect("disorientation", "Disorientation"),
    SideEffect("dissociation", "Dissociation"),
    SideEffect("vivid_dreams", "Vivid dreams"),
    SideEffect("hallucinations", "Hallucinations", red_flag="severe"),
    SideEffect("double_vision", "Double vision"),
    SideEffect("blurred_vision", "Blurred vision"),
    SideEffect("headache", "Headache"),
    SideEffect("raised_blood_pressure", "Raised blood pressure"),
    SideEffect("palpitations", "Palpitations (raised heart rate)"),
    SideEffect("anxiety", "Anxiety"),
    SideEffect("low_mood", "Low mood"),
    SideEffect("memory_problems", "Memory problems"),
    SideEffect("difficulty_concentrating", "Difficulty concentrating"),
    SideEffect("bladder_pain", "Bladder pain", red_flag="always"),
    SideEffect("urinary_urgency", "Urinary urgency", red_flag="always"),
    SideEffect("blood_in_urine", "Blood in urine", red_flag="always"),
    SideEffect("chest_pain", "Chest pain", red_flag="always"),
    SideEffect("thoughts_of_self_harm", "Thoughts of self-harm", red_flag="always", urgent_help=True),
    SideEffect("other", "Other"),
]
SIDE_EFFECTS: dict[str, SideEffect] = {s.code: s for s in _SIDE_EFFECTS}

_CARE_TEAM_TODAY = "Contact your care team today: ketamine can inflame the bladder."

# What the patient is told the moment they log a red flag, offline too (DOMAIN.md § Catalogues).
RED_FLAG_ADVICE: dict[str, str] = {
    "hallucinations": "Do not drive, have someone stay with you, and contact your care team.",
    "bladder_pain": _CARE_TEAM_TODAY,
    "urinary_urgency": _CARE_TEAM_TODAY,
    "blood_in_urine": _CARE_TEAM_TODAY,
    "chest_pain": "Call your local emergency number now.",
    "thoughts_of_self_harm": "If you might act on these thoughts, call your local emergency number now, "
    "or a crisis line.",
}


def is_red_flag(code: str, severity: int) -> bool:
    """True when a side effect at this severity is a red flag (DOMAIN.md, figure 10)."""
    effect = SIDE_EFFECTS.get(code)
    return bool(effect and effect.is_red_flag(severity))


def _body_regions() -> dict[str, str]:
    regions = {
        "head": "Head",
        "face": "Face",
        "neck": "Neck",
        "shoulders": "Shoulders",
        "upper_back": "Upper back",
        "lower_back": "Lower back",
        "chest": "Chest",
        "abdomen": "Abdomen",
        "pelvis": "Pelvis",
    }
    for part in ("arm", "elbow", "forearm", "hand", "hip", "thigh", "knee", "lower_leg", "foot"):
        label = part.replace("_", " ")
        for side in ("left", "right"):
            regions[f"{side}_{part}"] = f"{side.capitalize()} {label}"
    return regions


BODY_REGIONS: dict[str, str] = _body_regions()

# Blood-pressure red flags (DOMAIN.md, figure 10): systolic >= 180 or diastolic >= 110 is a red flag.
BP_SYSTOLIC_RED_FLAG = 180
BP_DIASTOLIC_RED_FLAG = 110

UNITS: dict[str, str] = {"mg": "mg", "mcg": "mcg", "mcg_per_h": "mcg/h (patch)"}


@dataclass(frozen=True)
class Drug:
    code: str
    label: str
    # Morphine milligram equivalents per mg (CDC 2022); for fentanyl, per mcg/h.
    mme_factor: Decimal | None = None
    opioid: bool = False
    patch: bool = False


_DRUGS = [
    Drug("codeine", "Codeine", Decimal("0.15"), opioid=True),
    Drug("dihydrocodeine", "Dihydrocodeine", Decimal("0.25"), opioid=True),
    Drug("hydrocodone", "Hydrocodone", Decimal("1"), opioid=True),
    Drug("hydromorphone", "Hydromorphone", Decimal("5"), opioid=True),
    Drug("methadone", "Methadone", Decimal("4.7"), opioid=True),
    Drug("morphine", "Morphine", Decimal("1"), opioid=True),
    Drug("oxycodone", "Oxycodone", Decimal("1.5"), opioid=True),
    Drug("oxymorphone", "Oxymorphone", Decimal("3"), opioid=True),
    Drug("tapentadol", "Tapentadol", Decimal("0.4"), opioid=True),
    Drug("tramadol", "Tramadol", Decimal("0.2"), opioid=True),
    Drug("fentanyl", "Fentanyl (transdermal patch)", Decimal("2.4"), opioid=True, patch=True),
    Drug("paracetamol", "Paracetamol"),
    Drug("ibuprofen", "Ibuprofen"),
    Drug("naproxen", "Naproxen"),
    Drug("gabapentin", "Gabapentin"),
    Drug("pregabalin", "Pregabalin"),
    Drug("amitriptyline", "Amitriptyline"),
    Drug("nortriptyline", "Nortriptyline"),
    Drug("duloxetine", "Duloxetine"),
    Drug("ketamine", "Ketamine"),
    Drug("other", "Other"),
]
DRUGS: dict[str, Drug] = {d.code: d for d in _DRUGS}

PGIC: dict[int, str] = {
    1: "Very much improved",
    2: "Much improved",
    3: "Minimally improved",
    4: "No change",
    5: "Minimally worse",
    6: "Much worse",
    7: "Very much worse",
}


def mme_per_unit(drug: Drug) -> dict[str, Decimal]:
    """The MME of one unit of dose, for each unit the drug is logged in: what mme_for() multiplies
    the dose by (a patch per mcg/h; other opioids per mg and per mcg). Empty for non-opioids."""
    if drug.mme_factor is None:
        return {}
    if drug.patch:
        return {"mcg_per_h": drug.mme_factor}
    return {"mg": drug.mme_factor, "mcg": drug.mme_factor / 1000}


def mme_for(drug_code: str, dose: Decimal, unit: str) -> Decimal | None:
    """Morphine milligram equivalents of one intake (CDC 2022); None for non-opioids.

    A fentanyl patch is logged once per day worn in mcg/h: its MME is mcg/h × 2.4.
    """
    drug = DRUGS.get(drug_code)
    if drug is None or drug.mme_factor is None:
        return None
    if drug.patch:
        return dose * drug.mme_factor
    milligrams = dose / 1000 if unit == "mcg" else dose
    return milligrams * drug.mme_factor
