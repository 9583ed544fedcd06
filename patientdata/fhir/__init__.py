"""The patient's export as a FHIR R4 Bundle (docs/fhir.md): codes and units (`codes`), FHIR
primitives from stored values (`primitives`), Observations (`observations`), medication
resources (`medications`) and the Bundle that holds them all (`bundle`)."""
