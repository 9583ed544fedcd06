"""The export's formats by name: how each is built, its media type and its file extension."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.models import User
from patientdata.export import ExportRecords, export_json, export_records, json_bytes
from patientdata.export_csv import export_csv_zip
from patientdata.export_fhir import export_fhir


@dataclass(frozen=True)
class ExportFormat:
    build: Callable[[ExportRecords], bytes]
    media_type: str
    extension: str


EXPORT_FORMATS = {
    "json": ExportFormat(
        build=lambda data: json_bytes(export_json(data=data)), media_type="application/json", extension="json"
    ),
    "csv": ExportFormat(
        build=lambda data: export_csv_zip(data=data), media_type="application/zip", extension="zip"
    ),
    "fhir": ExportFormat(
        build=lambda data: json_bytes(export_fhir(data=data)),
        media_type="application/fhir+json",
        extension="fhir.json",
    ),
}


def export_file(*, patient: User, name: str) -> bytes:
    """The patient's export in the format `name` (a key of EXPORT_FORMATS), as the file's bytes."""
    return EXPORT_FORMATS[name].build(export_records(patient=patient))
