"""The figures of a summary (version 2, CONTRACT.md) as the lines a clinician reads.

One view-model for the portal page and the PDF (DOMAIN.md § How figures are shown), so both
say the same words: every mean with its count ("5.4, 6 of 7 days logged"), an incomplete
window "in progress until <date>", a missing category by its reason in words, the change in
points beside every percentage, PGIC as its label then its code and date, each
questionnaire's first → latest score with band and date, and the change. The words for
categories, reasons, relief bounds and the legend are the catalogue's (diary.catalogue).

Pure: a figures dict in, frozen dataclasses out; no database, no templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from diary import catalogue
from diary.trends.flags import detail_shown

FIGURES_VERSION = 2
BASELINE_WINDOW_DAYS = 7  # figure 4: R-7 ... R-1
CURRENT_WINDOW_DAYS = 7  # figure 11: A-6 ... A
MIN_MOOD_PAIN_DAYS = 14  # figure 16
WEEK = 7

RED_FLAG_KINDS: dict[str, str] = {
    "side_effect": gettext_lazy("Side effect"),
    "blood_pressure": gettext_lazy("Blood pressure"),
    "heart_rate": gettext_lazy("Heart rate"),
    "assessment": gettext_lazy("Questionnaire"),
}
IN_SERIES = gettext_lazy("part of the induction series")
WINDOWS_EXPLAINED = gettext_lazy(
    "Before: mean daily pain over the 7 days before the first dose. After: the 7 days after "
    "the last dose, or fewer when the next dose comes sooner. Each needs at least 3 logged days."
)


# --- formatting ----------------------------------------------------------------------------


def _localized(number_text: str) -> str:
    """A number written with "." as written in the active language ("4.4" → "4,4" in Spanish)."""
    return number_text.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def one_decimal(value: float | int | str | Decimal) -> str:
    """A figure as stored (already rounded to 1 decimal), always with its decimal: 43 → "43.0"
    ("43,0" in Spanish: the active language's decimal separator)."""
    return _localized(f"{Decimal(str(value)):.1f}")


def percent(value: float | int | str | Decimal) -> str:
    """ "86.7 %" ("86,7 %" in Spanish)."""
    return f"{one_decimal(value)} %"


def plain_number(value: float | int | str | Decimal) -> str:
    """A dose as the patient entered it, without trailing zeros: 34.00 → "34", 0.50 → "0.5"."""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    return _localized(f"{number:f}")


def days_logged(n: int | None, of: int | None) -> str:
    """ "6 of 7 days logged"; without a known window length, "6 days logged"."""
    n = n or 0
    if of is None:
        return ngettext("%(n)d day logged", "%(n)d days logged", n) % {"n": n}
    return ngettext("%(n)d of %(of)d day logged", "%(n)d of %(of)d days logged", of) % {"n": n, "of": of}


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _lower_first(text: str) -> str:
    """A label inside a sentence: "No meaningful change" → "no meaningful change"."""
    return text[:1].lower() + text[1:]


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def dose_text(a: dict) -> str:
    """ "34 mg (0.5 mg/kg)", "34 mg", "0.5 mg/kg", or "–"."""
    mg, per_kg = a.get("dose_mg"), a.get("dose_mg_per_kg")
    parts = [f"{plain_number(mg)} mg"] if mg is not None else []
    if per_kg is not None:
        per_kg_text = f"{plain_number(per_kg)} mg/kg"
        parts.append(f"({per_kg_text})" if parts else per_kg_text)
    return " ".join(parts) or "–"


def blood_pressure_text(systolic: int | None, diastolic: int | None) -> str:
    if systolic is None and diastolic is None:
        return "–"
    return f"{'–' if systolic is None else systolic}/{'–' if diastolic is None else diastolic} mmHg"


def heart_rate_text(rate: int | None) -> str:
    return "–" if rate is None else f"{rate}/min"


def category_text(category: str | None, reason: str | None) -> str:
    """The category's label, or why there is none, in words."""
    if category:
        return catalogue.CATEGORIES.get(category, category)
    if reason:
        return _("no category: %(reason)s") % {"reason": catalogue.CATEGORY_REASONS.get(reason, reason)}
    return _("no category")


def change_text(change: float | None, reduction_percent: float | None) -> str | None:
    """ "2.9 points (42.6 %) lower" / "1.2 points (17.6 %) higher" / "no change (0.0 points, 0.0 %)"."""
    if change is None:
        return None
    points = Decimal(str(change))
    share = None if reduction_percent is None else one_decimal(abs(Decimal(str(reduction_percent))))
    if points == 0:
        if share is None:
            return _("no change (%(points)s points)") % {"points": one_decimal(0)}
        return _("no change (%(points)s points, %(percent)s %%)") % {
            "points": one_decimal(0),
            "percent": share,
        }
    size = {"points": one_decimal(abs(points)), "percent": share}
    if share is None:
        return (_("%(points)s points lower") if points > 0 else _("%(points)s points higher")) % size
    return (
        _("%(points)s points (%(percent)s %%) lower")
        if points > 0
        else _("%(points)s points (%(percent)s %%) higher")
    ) % size


def relief_text(days: int | None, ongoing: bool | None, bound: str | None) -> str | None:
    """Meaningful relief (figure 8), for responders only: "9 days", or "4 days, not ended (until the
    next dose)"."""
    if days is None or ongoing is None:
        return None
    if not ongoing:
        return _days(days)
    bound_words = catalogue.RELIEF_BOUNDS.get(bound or "", "")
    not_ended = ngettext("%(n)d day, not ended", "%(n)d days, not ended", days) % {"n": days}
    return not_ended + (f" ({bound_words})" if bound_words else "")


def _mean_text(mean: float | None, n: int | None, of: int | None) -> str:
    if mean is None:
        return _("not enough days logged (%(days)s)") % {"days": days_logged(n, of)}
    return f"{one_decimal(mean)} ({days_logged(n, of)})"


# --- windows: series, maintenance and single doses -------------------------------------------


@dataclass(frozen=True)
class WindowDisplay:
    """A before → after comparison (figures 4-8) in words, each mean with its n."""

    before: str
    after: str
    change: str | None
    category: str
    responder: str | None
    relief: str | None
    in_progress_until: date | None

    @property
    def line(self) -> str:
        """The whole comparison in one sentence."""
        relief = _("relief %(relief)s") % {"relief": self.relief} if self.relief else None
        tail = [t for t in (self.change, _lower_first(self.category), self.responder, relief) if t]
        return _("Before %(before)s → after %(after)s: %(tail)s.") % {
            "before": self.before,
            "after": self.after,
            "tail": ", ".join(tail),
        }


def window_display(w: dict, *, last_date: date) -> WindowDisplay:
    """The window fields of a series or an administration; `last_date` is the event's last date L."""
    until = _date(w.get("response_until"))
    response_length = (until - last_date).days if until is not None else None
    complete = w.get("response_complete", True)
    before = _mean_text(w.get("baseline"), w.get("baseline_days"), BASELINE_WINDOW_DAYS)
    if complete:
        after = _mean_text(w.get("response"), w.get("response_days"), response_length)
    else:
        mean = w.get("response")
        so_far = _("%(days)s so far") % {"days": days_logged(w.get("response_days"), response_length)}
        mean_text = (
            f"{one_decimal(mean)} ({so_far})"
            if mean is not None
            else _("no mean yet (%(so_far)s)") % {"so_far": so_far}
        )
        if until is not None:
            after = _("%(mean)s, in progress until %(date)s") % {"mean": mean_text, "date": until.isoformat()}
        else:
            after = _("%(mean)s, in progress") % {"mean": mean_text}
    responder = w.get("responder")
    return WindowDisplay(
        before=before,
        after=after,
        change=change_text(w.get("change"), w.get("reduction_percent")),
        category=category_text(w.get("category"), w.get("category_reason")),
        responder=None if responder is None else (_("responder") if responder else _("not a responder")),
        relief=relief_text(w.get("relief_days"), w.get("relief_ongoing"), w.get("relief_bound"))
        if responder
        else None,
        in_progress_until=None if complete else until,
    )


@dataclass(frozen=True)
class SeriesDisplay:
    episode_id: str
    first_date: date
    last_date: date
    administrations: int
    total_dose: str  # "142.8 mg" or "not known (a dose without mg or mg/kg and weight)"
    window: WindowDisplay

    @property
    def line(self) -> str:
        """ "Induction series: 5 infusions, 2026-10-26 to 2026-11-04, total dose 142.8 mg"."""
        infusions = ngettext("%(n)d infusion", "%(n)d infusions", self.administrations) % {
            "n": self.administrations
        }
        return _("Induction series: %(infusions)s, %(first)s to %(last)s, total dose %(dose)s") % {
            "infusions": infusions,
            "first": self.first_date.isoformat(),
            "last": self.last_date.isoformat(),
            "dose": self.total_dose,
        }


def series_display(s: dict) -> SeriesDisplay:
    last = _date(s["last_date"])
    total = s.get("total_dose_mg")
    return SeriesDisplay(
        episode_id=str(s.get("episode_id")),
        first_date=_date(s["first_date"]),
        last_date=last,
        administrations=s.get("administrations") or 0,
        total_dose=f"{plain_number(total)} mg" if total is not None else _("not known (a dose is missing)"),
        window=window_display(s, last_date=last),
    )


@dataclass(frozen=True)
class OutcomeDisplay:
    """Figure 11: before the episode's first administration → the last 7 days."""

    before: str
    now: str
    change: str | None
    category: str

    @property
    def line(self) -> str:
        """E.g. "Before treatment 6.8 (7 of 7 days logged) → now 4.1 (6 of 7 days logged):
        2.7 points (39.7 %) lower, moderate"."""
        tail = ", ".join(t for t in (self.change, _lower_first(self.category)) if t)
        return _("Before treatment %(before)s → now %(now)s: %(tail)s") % {
            "before": self.before,
            "now": self.now,
            "tail": tail,
        }


def outcome_display(e: dict) -> OutcomeDisplay:
    return OutcomeDisplay(
        before=_mean_text(e.get("baseline"), e.get("baseline_days"), BASELINE_WINDOW_DAYS),
        now=_mean_text(e.get("current"), e.get("current_days"), CURRENT_WINDOW_DAYS),
        change=change_text(e.get("change"), e.get("reduction_percent")),
        category=category_text(e.get("category"), e.get("category_reason")),
    )


@dataclass(frozen=True)
class EpisodeDisplay:
    id: str
    title: str
    first_administration_date: date | None
    series: list[SeriesDisplay]
    outcome: OutcomeDisplay | None


@dataclass(frozen=True)
class AdministrationDisplay:
    id: str
    date: date
    phase: str  # "Induction", "Maintenance", "Single"
    route: str
    dose: str
    duration: str
    blood_pressure: str
    blood_pressure_flag: bool
    heart_rate: str
    heart_rate_flag: bool
    episode_title: str | None  # only when the summary has several episodes
    in_series: bool
    window: WindowDisplay | None  # None for induction administrations: no figures of their own

    @property
    def line(self) -> str:
        """ "2026-11-18 · Maintenance · Intravenous infusion · 34 mg (0.5 mg/kg) over 60 min"."""
        dose = self.dose
        if self.duration != "–":
            dose = _("%(dose)s over %(duration)s") % {"dose": self.dose, "duration": self.duration}
        return f"{self.date.isoformat()} · {self.phase} · {self.route} · {dose}"


def administration_display(a: dict, *, episode_title: str | None = None) -> AdministrationDisplay:
    day = _date(a["date"])
    systolic, diastolic, rate = a.get("bp_systolic_max"), a.get("bp_diastolic_max"), a.get("heart_rate_max")
    duration = a.get("duration_minutes")
    in_series = bool(a.get("in_series"))
    return AdministrationDisplay(
        id=str(a.get("id")),
        date=day,
        phase=catalogue.PHASES.get(a.get("phase") or "", a.get("phase") or ""),
        route=catalogue.ROUTES.get(a.get("route") or "", a.get("route") or ""),
        dose=dose_text(a),
        duration="–" if duration is None else f"{duration} min",
        blood_pressure=blood_pressure_text(systolic, diastolic),
        blood_pressure_flag=(systolic or 0) >= catalogue.BP_SYSTOLIC_RED_FLAG
        or (diastolic or 0) >= catalogue.BP_DIASTOLIC_RED_FLAG,
        heart_rate=heart_rate_text(rate),
        heart_rate_flag=(rate or 0) >= catalogue.HEART_RATE_RED_FLAG,
        episode_title=episode_title,
        in_series=in_series,
        window=None if in_series else window_display(a, last_date=day),
    )


# --- the rest: red flags, side effects, opioids, mood, PGIC ----------------------------------


@dataclass(frozen=True)
class RedFlagDisplay:
    date: str
    kind: str
    detail: str


@dataclass(frozen=True)
class SideEffectDisplay:
    label: str
    count: int
    max_severity: str
    within_2_days: int


@dataclass(frozen=True)
class WeekMmeDisplay:
    week_start: date
    week_end: date
    mean: str  # "30.0 (5 of 7 days with intakes)" or "no intakes logged (0 of 7 days)"
    incomplete: bool


@dataclass(frozen=True)
class OpioidCautionsDisplay:
    days: int
    mme_50_days: int
    mme_90_days: int
    max_daily: str  # "60.0 on 2026-10-24" or "no opioid logged"
    opioid_benzodiazepine_days: int
    incomplete_days: int  # period dates whose MME is incomplete: the counts may be low


@dataclass(frozen=True)
class DailyDisplay:
    date: str
    pain: str
    mood: str
    mme: str
    administration: bool


@dataclass(frozen=True)
class AssessmentDisplay:
    """Figure 19 for one instrument: its first and latest score of the period and the change."""

    name: str  # "PEG"
    about: str  # "pain, enjoyment of life and general activity, 0–10"
    first: str  # "7.3 on 2026-11-02", "12 (moderate) on 2026-11-03"
    latest: str
    change: str  # "3.3 points lower", "2 points higher", "no change (0 points)", "only one in the period"
    count: str  # "5 in the period"

    @property
    def line(self) -> str:
        """ "PEG: 7.3 on 2026-11-02 → 4.0 on 2026-11-26, 3.3 points lower (5 in the period)"."""
        if self.first == self.latest:
            return f"{self.name}: {self.latest} ({self.change})"
        return f"{self.name}: {self.first} → {self.latest}, {self.change} ({self.count})"


ASSESSMENTS_EXPLAINED = gettext_lazy(
    "Higher scores mean more pain and interference (PEG), more symptoms of depression (PHQ-9) "
    "or of anxiety (GAD-7). Change: latest minus first score in the period."
)


@dataclass(frozen=True)
class SummaryDisplay:
    as_of: date | None
    days: int
    pain_mean: str  # "4.4", or "no pain logged"
    pain_days: str  # "26 of 30 days logged": the n of the mean
    adherence: str  # "86.7 %"
    logged_days: str  # "26 of 30 days logged"
    red_flags: list[RedFlagDisplay]
    episodes: list[EpisodeDisplay]
    doses: list[AdministrationDisplay]  # maintenance and single, with their windows
    induction: list[AdministrationDisplay]  # in a series: no figures of their own
    side_effects: list[SideEffectDisplay]
    weekly_mme: list[WeekMmeDisplay]
    opioid_cautions: OpioidCautionsDisplay | None
    mood_pain: str
    latest_pgic: str | None  # "Much improved (2), 2026-11-20"
    daily: list[DailyDisplay]
    legend: list[str]
    assessments: list[AssessmentDisplay] = field(default_factory=list)
    windows_explained: str = WINDOWS_EXPLAINED
    assessments_explained: str = ASSESSMENTS_EXPLAINED


def _side_effect_label(s: dict) -> str:
    if s.get("label"):
        return s["label"]
    effect = catalogue.SIDE_EFFECTS.get(s.get("code") or "")
    return effect.label if effect else (s.get("code") or "")


def _severity_word(s: dict) -> str:
    if s.get("max_severity_label"):
        return s["max_severity_label"]
    return catalogue.SEVERITIES.get(s.get("max_severity"), str(s.get("max_severity", "")))


def _weekly(figures: dict, period_end: date) -> list[WeekMmeDisplay]:
    weeks = []
    for w in figures.get("weekly_mme", []):
        start = _date(w["week_start"])
        end = min(start + timedelta(days=WEEK - 1), period_end)
        length = (end - start).days + 1
        n = w.get("mme_days") or 0
        if w.get("mean_mme") is None:
            mean = ngettext(
                "no intakes logged (0 of %(days)d day)", "no intakes logged (0 of %(days)d days)", length
            )
            mean %= {"days": length}
        else:
            mean = ngettext(
                "%(mean)s (%(n)d of %(days)d day with intakes)",
                "%(mean)s (%(n)d of %(days)d days with intakes)",
                length,
            ) % {"mean": one_decimal(w["mean_mme"]), "n": n, "days": length}
        weeks.append(WeekMmeDisplay(start, end, mean, bool(w.get("incomplete"))))
    return weeks


def _cautions(figures: dict) -> OpioidCautionsDisplay | None:
    cautions = figures.get("opioid_cautions")
    if cautions is None:
        return None
    highest = cautions.get("max_daily_mme")
    return OpioidCautionsDisplay(
        days=figures.get("days") or 0,
        mme_50_days=cautions.get("mme_50_days") or 0,
        mme_90_days=cautions.get("mme_90_days") or 0,
        max_daily=_("%(mme)s on %(date)s") % {"mme": one_decimal(highest["mme"]), "date": highest["date"]}
        if highest
        else _("no opioid logged"),
        opioid_benzodiazepine_days=cautions.get("opioid_benzodiazepine_days") or 0,
        incomplete_days=sum(1 for d in figures.get("daily", []) if d.get("mme_incomplete")),
    )


def _mood_pain(figures: dict) -> str:
    n = figures.get("mood_pain_n") or 0
    if figures.get("mood_pain_r") is None:
        return ngettext(
            "not reported: %(n)d day with both mood and pain, at least %(min)d needed",
            "not reported: %(n)d days with both mood and pain, at least %(min)d needed",
            n,
        ) % {"n": n, "min": MIN_MOOD_PAIN_DAYS}
    return ngettext(
        "r = %(r)s (%(n)d day with both mood and pain)", "r = %(r)s (%(n)d days with both mood and pain)", n
    ) % {"r": one_decimal(figures["mood_pain_r"]), "n": n}


def _pgic(figures: dict) -> str | None:
    latest = figures.get("latest_pgic")
    if not latest:
        return None
    label = latest.get("label") or catalogue.PGIC.get(latest.get("value"), "")
    return f"{label} ({latest.get('value')}), {latest.get('date')}"


def _daily(figures: dict, admin_dates: set[str]) -> list[DailyDisplay]:
    rows = []
    for d in figures.get("daily", []):
        mme = "–" if d.get("mme") is None else one_decimal(d["mme"])
        if d.get("mme_incomplete"):
            mme = _("incomplete") if d.get("mme") is None else _("%(mme)s (incomplete)") % {"mme": mme}
        rows.append(
            DailyDisplay(
                date=d["date"],
                pain=one_decimal(d["pain"]),
                mood="–" if d.get("mood") is None else one_decimal(d["mood"]),
                mme=mme,
                administration=d["date"] in admin_dates,
            )
        )
    return rows


def _score_text(instrument: catalogue.Instrument | None, score: float | int) -> str:
    """A PEG score with its decimal ("4.0"), a PHQ-9 or GAD-7 sum as a whole number ("12")."""
    if instrument is not None and instrument.score_rule == "sum":
        return str(int(Decimal(str(score))))
    return one_decimal(score)


def _assessed(instrument: catalogue.Instrument | None, item: dict) -> str:
    score = _score_text(instrument, item["score"])
    band = catalogue.ASSESSMENT_BANDS.get(item.get("band") or "", item.get("band") or "")
    if band:
        return _("%(score)s (%(band)s) on %(date)s") % {
            "score": score,
            "band": band.lower(),
            "date": item["date"],
        }
    return _("%(score)s on %(date)s") % {"score": score, "date": item["date"]}


def assessment_display(a: dict) -> AssessmentDisplay:
    """Figure 19 of one instrument in words; the scale and its sense from the catalogue."""
    code = a.get("instrument") or ""
    instrument = catalogue.INSTRUMENTS.get(code)
    name = instrument.name if instrument else code
    about = instrument.title.split(": ", 1)[-1] if instrument else ""
    if instrument:
        about = f"{about}, {instrument.score_min}–{instrument.score_max}"
    count = a.get("count") or 1
    change = a.get("change")
    if change is None:
        change_words = _("only one in the period")
    else:
        points = Decimal(str(change))
        size = {"size": _score_text(instrument, abs(points))}
        one = 1 if abs(points) == 1 else 2  # "1 point", "1.5 points", "2 points"
        if points == 0:
            change_words = _("no change (0 points)")
        elif points > 0:
            change_words = ngettext("%(size)s point higher", "%(size)s points higher", one) % size
        else:
            change_words = ngettext("%(size)s point lower", "%(size)s points lower", one) % size
    return AssessmentDisplay(
        name=name,
        about=about,
        first=_assessed(instrument, a["first"]),
        latest=_assessed(instrument, a["latest"]),
        change=change_words,
        count=_("%(n)d in the period") % {"n": count},
    )


def _episodes(figures: dict) -> list[EpisodeDisplay]:
    """Each episode that has a series or an outcome in the summary, in the order met."""
    outcomes = {str(e["id"]): e for e in figures.get("episodes", [])}
    series_of: dict[str, list[dict]] = {}
    for s in figures.get("series", []):
        series_of.setdefault(str(s.get("episode_id")), []).append(s)
    order = list(dict.fromkeys([*outcomes, *series_of]))
    return [
        EpisodeDisplay(
            id=episode_id,
            title=(outcomes.get(episode_id) or {}).get("title") or _("Treatment episode"),
            first_administration_date=_date(
                (outcomes.get(episode_id) or {}).get("first_administration_date")
            ),
            series=[series_display(s) for s in series_of.get(episode_id, [])],
            outcome=outcome_display(outcomes[episode_id]) if episode_id in outcomes else None,
        )
        for episode_id in order
    ]


def is_current(figures: dict | None) -> bool:
    """True for figures of the version this display knows; older ones are being recomputed."""
    return bool(figures) and figures.get("figures_version") == FIGURES_VERSION


def summary_display(figures: dict, *, period_end: date) -> SummaryDisplay:
    """The view-model of a summary's version-2 figures (check `is_current` first)."""
    episodes = _episodes(figures)
    titles = {e.id: e.title for e in episodes}
    several = len(titles) > 1
    administrations = [
        administration_display(a, episode_title=titles.get(str(a.get("episode_id"))) if several else None)
        for a in figures.get("administrations", [])
    ]
    days = figures.get("days") or 0
    pain_mean = figures.get("pain_mean")
    return SummaryDisplay(
        as_of=_date(figures.get("as_of")),
        days=days,
        pain_mean=_("no pain logged") if pain_mean is None else one_decimal(pain_mean),
        pain_days=days_logged(figures.get("pain_days"), days),
        adherence=percent(figures.get("adherence_percent") or 0),
        logged_days=days_logged(figures.get("logged_days"), days),
        red_flags=[
            RedFlagDisplay(
                date=f["date"],
                kind=RED_FLAG_KINDS.get(f.get("kind"), f.get("kind") or ""),
                detail=detail_shown(f.get("kind") or "", f.get("code") or "", f.get("detail", "")),
            )
            for f in figures.get("red_flags", [])
        ],
        episodes=episodes,
        doses=[a for a in administrations if not a.in_series],
        induction=[a for a in administrations if a.in_series],
        side_effects=[
            SideEffectDisplay(
                label=_side_effect_label(s),
                count=s.get("count") or 0,
                max_severity=_severity_word(s),
                within_2_days=s.get("within_2_days_of_administration") or 0,
            )
            for s in figures.get("side_effects", [])
        ],
        weekly_mme=_weekly(figures, period_end),
        opioid_cautions=_cautions(figures),
        mood_pain=_mood_pain(figures),
        latest_pgic=_pgic(figures),
        daily=_daily(figures, {a["date"] for a in figures.get("administrations", [])}),
        legend=list(catalogue.LEGEND.values()),
        assessments=[assessment_display(a) for a in figures.get("assessments", [])],
    )
