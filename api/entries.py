"""`entries/`: the patient's diary entries, filterable by diary date and episode."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view

from api import filters
from api.records import (
    RecordDetailApi,
    RecordListApi,
    create_schema,
    delete_schema,
    list_schema,
    patch_schema,
)
from diary.models import Entry
from diary.serializers import EntrySerializer


class EntryFilter(django_filters.FilterSet):
    # YYYY-MM-DD only (CONTRACT.md): Django's default formats would also read 03/04/2026 as 4 March.
    diary_date_after = filters.DateFilter(field_name="diary_date", lookup_expr="gte")
    diary_date_before = filters.DateFilter(field_name="diary_date", lookup_expr="lte")
    episode = filters.UUIDFilter(field_name="episode_id")

    class Meta:
        model = Entry
        fields = ["diary_date_after", "diary_date_before", "episode"]


@extend_schema(tags=["entries"])
@extend_schema_view(get=list_schema(EntrySerializer, "entries"), post=create_schema(EntrySerializer))
class EntryListApi(RecordListApi):
    entity = "entry"
    filterset_class = EntryFilter


@extend_schema(tags=["entries"])
@extend_schema_view(patch=patch_schema(EntrySerializer), delete=delete_schema)
class EntryDetailApi(RecordDetailApi):
    entity = "entry"
