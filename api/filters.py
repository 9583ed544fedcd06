"""Filters whose empty value is an error: `?episode=` is not "no filter" but a malformed id.

Date filters read exactly what the diary's date fields read (diary.fields.date_parse:
YYYY-MM-DD from 1900 to 2100), and the schema says so.
"""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from diary.fields import DATE_SCHEMA, date_parse


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
