"""`administrations/`: infusions and doses of the patient's episodes, filterable by episode."""

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
from diary.models import Administration
from diary.serializers import AdministrationSerializer


class AdministrationFilter(django_filters.FilterSet):
    episode = filters.UUIDFilter(field_name="episode_id")

    class Meta:
        model = Administration
        fields = ["episode"]


@extend_schema(tags=["administrations"])
@extend_schema_view(
    get=list_schema(AdministrationSerializer, "administrations"), post=create_schema(AdministrationSerializer)
)
class AdministrationListApi(RecordListApi):
    entity = "administration"
    filterset_class = AdministrationFilter


@extend_schema(tags=["administrations"])
@extend_schema_view(patch=patch_schema(AdministrationSerializer), delete=delete_schema)
class AdministrationDetailApi(RecordDetailApi):
    entity = "administration"
