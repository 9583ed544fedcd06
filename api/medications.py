"""`medications/`: the patient's medication intakes; the server derives `mme`."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from api.records import (
    RecordDetailApi,
    RecordListApi,
    create_schema,
    delete_schema,
    list_schema,
    patch_schema,
)
from diary.serializers import MedicationIntakeSerializer


@extend_schema(tags=["medications"])
@extend_schema_view(
    get=list_schema(MedicationIntakeSerializer, "medications"), post=create_schema(MedicationIntakeSerializer)
)
class MedicationListApi(RecordListApi):
    entity = "medication"


@extend_schema(tags=["medications"])
@extend_schema_view(patch=patch_schema(MedicationIntakeSerializer), delete=delete_schema)
class MedicationDetailApi(RecordDetailApi):
    entity = "medication"
