"""`episodes/`: the patient's treatment episodes."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from api.records import (
    RecordDetailApi,
    RecordListApi,
    create_schema,
    delete_schema,
    list_schema,
    patch_schema,
)
from diary.serializers import EpisodeSerializer


@extend_schema(tags=["episodes"])
@extend_schema_view(get=list_schema(EpisodeSerializer, "episodes"), post=create_schema(EpisodeSerializer))
class EpisodeListApi(RecordListApi):
    entity = "episode"


@extend_schema(tags=["episodes"])
@extend_schema_view(patch=patch_schema(EpisodeSerializer), delete=delete_schema)
class EpisodeDetailApi(RecordDetailApi):
    entity = "episode"
