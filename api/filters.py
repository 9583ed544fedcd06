"""The filters of record lists, whose empty value is an error: `?episode=` is not "no filter"
but a malformed id.

Date filters read exactly what the diary's date fields read (diary.fields.date_parse:
YYYY-MM-DD from 1900 to 2100), and the schema says so. The patient's lists (api.records) and
the clinician's (api.clinician_records) filter alike.
"""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from diary.fields import DATE_SCHEMA, date_parse
from diary.models import Administration, Entry


class _RefuseEmpty:
    def to_python(self, value):
        if value == "":
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class StrictUUIDField(_RefuseEmpty, forms.UUIDField):
    pass


class StrictDateField(forms.DateField):
    def to_python(self, value):
        if value is None:
            return None
        try:
            return date_parse(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class UUIDFilter(django_filters.UUIDFilter):
    field_class = StrictUUIDField


@extend_schema_field(DATE_SCHEMA)
class DateFilter(django_filters.DateFilter):
    field_class = StrictDateField


class EntryFilter(django_filters.FilterSet):
    # YYYY-MM-DD only (CONTRACT.md): Django's default formats would also read 03/04/2026 as 4 March.
    diary_date_after = DateFilter(field_name="diary_date", lookup_expr="gte")
    diary_date_before = DateFilter(field_name="diary_date", lookup_expr="lte")
    episode = UUIDFilter(field_name="episode_id")

    class Meta:
        model = Entry
        fields = ["diary_date_after", "diary_date_before", "episode"]


class AdministrationFilter(django_filters.FilterSet):
    episode = UUIDFilter(field_name="episode_id")

    class Meta:
        model = Administration
        fields = ["episode"]


RECORD_FILTERS: dict[str, type[django_filters.FilterSet]] = {
    "entry": EntryFilter,
    "administration": AdministrationFilter,
}
"""The filters of each record kind's list, by entity (none for the others)."""
