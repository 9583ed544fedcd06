"""The export as a FHIR R4 Bundle (collection): the entry point of `patientdata.formats`.

The Bundle is built in `patientdata.fhir` (docs/fhir.md): the Patient, episodes as
EpisodeOfCare, entries as Observations (pain now LOINC 72514-3), administrations as
MedicationAdministration with their vital signs, intakes as MedicationStatement, UCUM units.
Sync rejections are not care records: not here.
"""

from __future__ import annotations

from patientdata.fhir.bundle import export_fhir

__all__ = ["export_fhir"]
