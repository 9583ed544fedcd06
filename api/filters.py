"""Filters whose empty value is an error: `?episode=` is not "no filter" but a malformed id."""

from __future__ import annotations

import django_filters
from django import forms


class _RefuseEmpty:
    def to_python(self, value):
        if value == "":
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class StrictUUIDField(_RefuseEmpty, forms.UUIDField):
    pass


class StrictDateField(_RefuseEmpty, forms.DateField):
    default_error_messages = {"invalid": "Enter a date as YYYY-MM-DD."}


class UUIDFilter(django_filters.UUIDFilter):
    field_class = StrictUUIDField


class DateFilter(django_filters.DateFilter):
    field_class = StrictDateField
