"""`summaries/`: the patient's trend summaries: ask for one (202), read it, print it (PDF).

The serializers describe a summary and its `figures` (CONTRACT.md); the clinician's
summary endpoints (api.clinician_summaries) reuse them, the request throttle and the
documented error responses.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from api.fields import BoundedDateField
from api.permissions import IsPatient
from api.phi import DownloadNegotiation, NoStoreMixin, pdf_response
from api.schema import ErrorResponseSerializer, choice_field
from api.throttling import UserRateThrottle
from care import report, selectors, services, tasks
from care.models import Summary, SummaryStatus
from diary import catalogue
from diary.trends.flags import detail_shown

# --- serializers: what a summary looks like ----------------------------------------------
# `figures` is the CONTRACT.md version 2 shape (definitions in DOMAIN.md version 2): every
# mean beside its count, every window with its completeness. The read path never serves any
# other shape (care.selectors: a summary with older figures is shown pending and recomputed).

FIGURE_NUMBER = "Rounded once to 1 decimal, half away from zero."


def _choices(codes) -> list[tuple[str, str]]:
    return [(code, code) for code in codes]


def _window_fields(*, when_absent: str = "") -> dict[str, serializers.Field]:
    """The fields of a baseline → response window (DOMAIN.md figures 4-8), with their counts.

    `when_absent`: the fields are left out (not null) in that case, e.g. an induction
    administration, whose window is its series'.
    """
    kw = {"required": False} if when_absent else {}
    absent = f" Absent {when_absent}." if when_absent else ""
    return {
        "baseline": serializers.FloatField(
            allow_null=True,
            help_text="Mean daily pain over the 7 days before (figure 4); null with fewer than 3 "
            "logged." + absent,
            **kw,
        ),
        "baseline_days": serializers.IntegerField(
            help_text="Logged dates in the baseline window." + absent, **kw
        ),
        "response": serializers.FloatField(
            allow_null=True,
            help_text="Mean daily pain over the days after, up to 7 and before the next "
            "administration (figure 5); null with fewer than 3 logged." + absent,
            **kw,
        ),
        "response_days": serializers.IntegerField(
            help_text="Logged dates in the response window." + absent, **kw
        ),
        "response_complete": serializers.BooleanField(
            help_text="The response window's last date is on or before as_of." + absent, **kw
        ),
        # Never null as computed; typed nullable as first published, which the PWA relies on.
        "response_until": serializers.DateField(
            allow_null=True,
            help_text="The response window's last date, min(L+7, next administration − 1): \"in "
            'progress until" while incomplete. When the next administration is the next day the '
            "window is empty and this is L itself." + absent,
            **kw,
        ),
        "change": serializers.FloatField(
            allow_null=True,
            help_text="baseline − response, in points (positive: less pain)." + absent,
            **kw,
        ),
        "reduction_percent": serializers.FloatField(
            allow_null=True,
            help_text="change / baseline × 100; null when undefined (baseline 0)." + absent,
            **kw,
        ),
        "category": serializers.ChoiceField(
            choices=list(catalogue.CATEGORIES.items()),
            allow_null=True,
            help_text="Figure 7 (words: catalog/ `categories`); null with a category_reason." + absent,
            **kw,
        ),
        "category_reason": serializers.ChoiceField(
            choices=list(catalogue.CATEGORY_REASONS.items()),
            allow_null=True,
            help_text="Why the category is null (words: catalog/ `category_reasons`); null "
            "when there is a category." + absent,
            **kw,
        ),
        "responder": serializers.BooleanField(
            allow_null=True,
            help_text="Category substantial or moderate; null when the category is null." + absent,
            **kw,
        ),
        "relief_days": serializers.IntegerField(
            allow_null=True,
            help_text="Days of meaningful relief (figure 8); null unless a responder." + absent,
            **kw,
        ),
        "relief_ongoing": serializers.BooleanField(
            allow_null=True,
            help_text="Relief had not ended by its bound; null unless a responder." + absent,
            **kw,
        ),
        "relief_bound": serializers.ChoiceField(
            choices=list(catalogue.RELIEF_BOUNDS.items()),
            allow_null=True,
            help_text="Which bound came first while relief is ongoing (words: catalog/ "
            "`relief_bounds`); null otherwise." + absent,
            **kw,
        ),
    }


# Bases holding the window fields, inherited by the series and the administrations (their own
# fields come first in the body, then the window's).
SummaryWindow = type("SummaryWindow", (serializers.Serializer,), _window_fields())
SummaryOptionalWindow = type(
    "SummaryOptionalWindow", (serializers.Serializer,), _window_fields(when_absent="when in_series")
)


class SummaryDailySerializer(serializers.Serializer):
    """One logged date (a date with an entry) of the period."""

    date = serializers.DateField()
    pain = serializers.FloatField(help_text="Mean pain_now of the date's entries (figure 1).")
    mood = serializers.FloatField(allow_null=True, help_text="Mean mood; null when none was logged.")
    mme = serializers.FloatField(
        allow_null=True, help_text="Daily MME (figure 14); null when no intake or patch covers the date."
    )
    mme_incomplete = serializers.BooleanField(
        help_text="An opioid without an MME factor was taken: the MME is a lower bound."
    )


class SummarySeriesSerializer(SummaryWindow):
    """An episode's induction series (figure 9) with its window over the whole series."""

    episode_id = serializers.UUIDField()
    first_date = serializers.DateField()
    last_date = serializers.DateField()
    administrations = serializers.IntegerField(help_text="Induction administrations in the series.")
    total_dose_mg = serializers.FloatField(
        allow_null=True, help_text="Null when an administration has no dose in mg nor per kg with a weight."
    )


class SummaryAdministrationSerializer(SummaryOptionalWindow):
    """One administration with a date in the period (figure 10)."""

    id = serializers.UUIDField()
    episode_id = serializers.UUIDField(help_text="The episode it belongs to (so doses group by episode).")
    date = serializers.DateField(help_text="Local date in the administration's own offset.")
    route = serializers.ChoiceField(choices=list(catalogue.ROUTES.items()))
    phase = serializers.ChoiceField(choices=list(catalogue.PHASES.items()))
    dose_mg = serializers.FloatField(allow_null=True)
    dose_mg_per_kg = serializers.FloatField(allow_null=True)
    duration_minutes = serializers.IntegerField(allow_null=True)
    bp_systolic_max = serializers.IntegerField(allow_null=True)
    bp_diastolic_max = serializers.IntegerField(allow_null=True)
    heart_rate_max = serializers.IntegerField(allow_null=True)
    in_series = serializers.BooleanField(
        help_text="An induction administration: its figures are its series', it has no window of its own."
    )


class SummaryEpisodeSerializer(serializers.Serializer):
    """An episode's outcome (figure 11): before treatment → the last 7 days to as_of."""

    id = serializers.UUIDField()
    title = serializers.CharField(allow_null=True)
    first_administration_date = serializers.DateField()
    baseline = serializers.FloatField(allow_null=True, help_text="Pre-treatment baseline (figure 4).")
    baseline_days = serializers.IntegerField()
    current = serializers.FloatField(
        allow_null=True, help_text="Mean daily pain over as_of−6 … as_of; null with fewer than 3 logged."
    )
    current_days = serializers.IntegerField()
    change = serializers.FloatField(allow_null=True)
    reduction_percent = serializers.FloatField(allow_null=True)
    category = serializers.ChoiceField(choices=list(catalogue.CATEGORIES.items()), allow_null=True)
    category_reason = serializers.ChoiceField(
        choices=list(catalogue.CATEGORY_REASONS.items()), allow_null=True
    )


class SummarySideEffectSerializer(serializers.Serializer):
    """A side effect reported in the period (figure 12)."""

    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Entries that report it.")
    max_severity = serializers.IntegerField(help_text="1 mild, 2 moderate, 3 severe.")
    max_severity_label = serializers.CharField()
    within_2_days_of_administration = serializers.IntegerField(
        help_text="Of those entries, how many are dated D … D+2 after an administration on D."
    )


class SummaryRedFlagSerializer(serializers.Serializer):
    """A red flag in the period (figure 13); the list is newest first."""

    date = serializers.DateField()
    kind = choice_field(
        _choices(("side_effect", "blood_pressure", "heart_rate", "assessment")),
        enum_id="summary-red-flag-kind",
    )
    code = serializers.CharField(
        allow_null=True,
        help_text="The side effect's code for kind side_effect, phq9_item9 for kind assessment; "
        "null for blood_pressure and heart_rate.",
    )
    detail = serializers.CharField(help_text="Fixed words and numbers, never text the patient wrote.")
    record_id = serializers.UUIDField(help_text="The entry, administration or assessment that raised it.")


class SummaryWeeklyMmeSerializer(serializers.Serializer):
    """A 7-day block from the period start (figure 15); the last may be shorter."""

    week_start = serializers.DateField()
    mean_mme = serializers.FloatField(allow_null=True, help_text="Null when no date of the block has MME.")
    mme_days = serializers.IntegerField()
    incomplete = serializers.BooleanField(help_text="A date in the block is MME-incomplete.")


class SummaryDailyMmeSerializer(serializers.Serializer):
    date = serializers.DateField()
    mme = serializers.FloatField()


class SummaryOpioidCautionsSerializer(serializers.Serializer):
    """Opioid cautions (figure 17, CDC 2022) over the period."""

    mme_50_days = serializers.IntegerField()
    mme_90_days = serializers.IntegerField()
    max_daily_mme = SummaryDailyMmeSerializer(allow_null=True)
    opioid_benzodiazepine_days = serializers.IntegerField()


class SummaryPgicSerializer(serializers.Serializer):
    """The most recent PGIC of the period (figure 18): show the label first."""

    value = serializers.IntegerField(help_text="1 very much improved … 7 very much worse.")
    label = serializers.CharField()
    date = serializers.DateField()


class SummaryAssessmentScoreSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The assessment's local date.")
    score = serializers.FloatField(
        help_text="As the server derived it: PEG 0-10 to 1 decimal, PHQ-9 0-27, GAD-7 0-21."
    )
    band = serializers.CharField(
        allow_null=True,
        help_text="The catalogue's band code (mild, …); null for an instrument without bands (PEG).",
    )


class SummaryAssessmentSerializer(serializers.Serializer):
    """An instrument's first and latest assessment in the period (figure 19)."""

    instrument = serializers.CharField(help_text="peg, phq9 or gad7.")
    count = serializers.IntegerField(
        help_text="Assessments of the instrument in the period (an extra field beside CONTRACT.md's)."
    )
    first = SummaryAssessmentScoreSerializer()
    latest = SummaryAssessmentScoreSerializer()
    change = serializers.FloatField(
        allow_null=True,
        help_text="latest − first score (higher = more symptoms); null with one assessment in the period.",
    )


class SummaryFiguresSerializer(serializers.Serializer):
    """A summary's figures, version 2 (CONTRACT.md; definitions in DOMAIN.md version 2)."""

    figures_version = serializers.IntegerField(help_text="Always 2.")
    as_of = serializers.DateField(
        help_text="The last whole day used (the day before the computation, in the patient's time zone)."
    )
    days = serializers.IntegerField(help_text="Days of the period up to as_of, both ends included.")
    logged_days = serializers.IntegerField()
    adherence_percent = serializers.FloatField(
        allow_null=True, help_text="Null for a period with no day up to as_of."
    )
    pain_mean = serializers.FloatField(allow_null=True)
    pain_days = serializers.IntegerField()
    daily = SummaryDailySerializer(many=True)
    series = SummarySeriesSerializer(many=True)
    administrations = SummaryAdministrationSerializer(many=True)
    episodes = SummaryEpisodeSerializer(many=True)
    side_effects = SummarySideEffectSerializer(many=True)
    red_flags = SummaryRedFlagSerializer(many=True)
    weekly_mme = SummaryWeeklyMmeSerializer(many=True)
    opioid_cautions = SummaryOpioidCautionsSerializer()
    mood_pain_r = serializers.FloatField(
        allow_null=True, help_text="Pearson r of daily pain and mood; null with fewer than 14 dates."
    )
    mood_pain_n = serializers.IntegerField()
    latest_pgic = SummaryPgicSerializer(allow_null=True)
    assessments = SummaryAssessmentSerializer(many=True)


@extend_schema_field(SummaryFiguresSerializer(allow_null=True))
class FiguresField(serializers.JSONField):
    """The stored figures, verbatim (diary.trends computed them); null until ready."""


class SummarySerializer(serializers.Serializer):
    """A summary as it may be shown: one whose stored figures are of an older version reads as
    pending, without figures (care.selectors.summary_shown), while it is recomputed."""

    id = serializers.UUIDField()
    status = choice_field(SummaryStatus.choices, enum_id="summary-status")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    generated_at = serializers.DateTimeField(allow_null=True)
    figures = FiguresField(allow_null=True)
    created_at = serializers.DateTimeField()

    def to_representation(self, instance):
        data = super().to_representation(selectors.summary_shown(instance))
        figures = data.get("figures")
        if isinstance(figures, dict) and isinstance(figures.get("red_flags"), list):
            # The stored details are English (decision 103): each is read in the request's language.
            figures = {**figures, "red_flags": [_flag_shown(flag) for flag in figures["red_flags"]]}
            data["figures"] = figures
        return data


def _flag_shown(flag: object) -> object:
    if not isinstance(flag, dict) or not isinstance(flag.get("detail"), str):
        return flag
    return {**flag, "detail": detail_shown(str(flag.get("kind") or ""), flag.get("code"), flag["detail"])}


class SummaryRequestSerializer(serializers.Serializer):
    period_start = BoundedDateField(required=False)
    period_end = BoundedDateField(
        required=False, help_text="On or after period_start, and at most 366 days after it."
    )


class SummaryAcceptedSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    status = choice_field(SummaryStatus.choices, enum_id="summary-accepted-status")


class SummaryRequestThrottle(UserRateThrottle):
    """Each request queues a computation: a patient or clinician may ask 60 times an hour.

    Only asking (POST) counts: reading the summaries of the same path is not limited by it.
    """

    scope = "summary_request"
    rate = "60/hour"

    def allow_request(self, request: Request, view) -> bool:
        return request.method != "POST" or super().allow_request(request, view)


error_responses = {
    404: OpenApiResponse(ErrorResponseSerializer, description="No such summary (or not yours)."),
}
pdf_responses = {
    (200, "application/pdf"): OpenApiTypes.BINARY,
    409: OpenApiResponse(ErrorResponseSerializer, description="The summary is not ready."),
    **error_responses,
}


# --- views: the patient's own summaries (never audited) -----------------------------------


class SummaryListApi(NoStoreMixin, GenericAPIView):
    """GET the patient's summaries (newest first); POST asks for one (default: last 30 days)."""

    permission_classes = [IsPatient]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, SummaryRequestThrottle]
    serializer_class = SummarySerializer
    queryset = Summary.objects.none()  # for the schema: the rows come from the selector

    @extend_schema(tags=["summaries"], responses=SummarySerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.summary_list(patient_id=request.user.pk))
        tasks.summaries_recompute_outdated(page)
        return self.get_paginated_response(SummarySerializer(page, many=True).data)

    @extend_schema(
        tags=["summaries"], request=SummaryRequestSerializer, responses={202: SummaryAcceptedSerializer}
    )
    def post(self, request: Request) -> Response:
        body = SummaryRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        start, end = services.summary_period_validate(
            patient=request.user,
            period_start=body.validated_data.get("period_start"),
            period_end=body.validated_data.get("period_end"),
        )
        summary = services.summary_request(
            patient=request.user, requested_by=request.user, period_start=start, period_end=end
        )
        tasks.compute_on_commit([str(summary.pk)])
        return Response(SummaryAcceptedSerializer(summary).data, status=status.HTTP_202_ACCEPTED)


class SummaryDetailApi(NoStoreMixin, GenericAPIView):
    """One of the patient's summaries: its status and, once ready, its figures."""

    permission_classes = [IsPatient]
    serializer_class = SummarySerializer

    @extend_schema(tags=["summaries"], responses={200: SummarySerializer, **error_responses})
    def get(self, request: Request, summary_id) -> Response:
        summary = selectors.summary_get(patient_id=request.user.pk, summary_id=summary_id)
        tasks.summaries_recompute_outdated([summary])
        return Response(SummarySerializer(summary).data)


class SummaryPdfApi(NoStoreMixin, GenericAPIView):
    """One of the patient's summaries as a PDF, once ready (409 before)."""

    permission_classes = [IsPatient]
    content_negotiation_class = DownloadNegotiation

    @extend_schema(tags=["summaries"], responses=pdf_responses)
    def get(self, request: Request, summary_id) -> HttpResponse:
        summary = selectors.summary_get(patient_id=request.user.pk, summary_id=summary_id)
        tasks.summaries_recompute_outdated([summary])
        return pdf_response(report.summary_pdf(summary=summary, patient=request.user))
