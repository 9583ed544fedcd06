"""The export as a ZIP of CSVs: profile.csv, one CSV per kind of record, rejections.csv if any.

Each CSV has the JSON export's fields as columns; lists and objects are written as JSON.
Free text that a spreadsheet would run as a formula starts with a quote (OWASP CSV
injection); text that is not UTF-8 (an unpaired surrogate) is written as its \\u escape.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile

from diary.privacy import export_columns
from patientdata.export import ExportRecords, export_json

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # A spreadsheet would run "=…" as a formula: prefix free text with a quote (OWASP CSV injection).
    return f"'{text}" if isinstance(value, str) and text.startswith(FORMULA_START) else text


def _csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue()


def _utf8(text: str) -> bytes:
    """UTF-8; an unpaired surrogate (not UTF-8) is written as its \\u escape, as in JSON."""
    return text.encode("utf-8", errors="backslashreplace")


def export_csv_zip(*, data: ExportRecords) -> bytes:
    """A ZIP with profile.csv, one CSV per kind (episodes, administrations, entries, medications),
    and rejections.csv if some changes were not accepted.
    """
    document = export_json(data=data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        profile = document["profile"]
        archive.writestr("profile.csv", _utf8(_csv([profile], list(profile))))
        for name, columns in export_columns().items():
            if document[name] or name != "rejections":  # each kind even if empty; rejections if any
                archive.writestr(f"{name}.csv", _utf8(_csv(document[name], columns)))
    return buffer.getvalue()
