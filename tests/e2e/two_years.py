"""Two years of a patient's diary, written through the sync engine as a phone would send it:
an entry or two a day, an infusion a week in one episode, oxycodone twice a day and
paracetamol every third day. Used by the History/Treatment paging tests and
bench/pwa_screens.py."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

DAYS = 730


def two_years_of_records(today: date) -> list[tuple[str, str, dict]]:
    """(entity, id, data) in push order, ending `today` (days before noon, so never ahead of the clock)."""
    start = today - timedelta(days=DAYS - 1)
    episode = str(uuid.uuid4())
    records = [
        (
            "episode",
            episode,
            {
                "treatment": "ketamine",
                "condition": "crps",
                "title": "Two years of infusions",
                "started_on": str(start),
            },
        )
    ]
    for day in range(DAYS):
        when = start + timedelta(days=day)
        records.append(
            (
                "entry",
                str(uuid.uuid4()),
                {"recorded_at": f"{when}T08:30:00+00:00", "pain_now": day % 11, "mood": 6},
            )
        )
        if day % 2:
            records.append(
                ("entry", str(uuid.uuid4()), {"recorded_at": f"{when}T09:30:00+00:00", "pain_now": 5})
            )
        if day % 7 == 0:
            records.append(
                (
                    "administration",
                    str(uuid.uuid4()),
                    {
                        "episode": episode,
                        "administered_at": f"{when}T09:00:00+00:00",
                        "route": "iv_infusion",
                        "dose_mg_per_kg": 0.4,
                        "weight_kg": 70,
                        "duration_minutes": 45,
                    },
                )
            )
        for hour in ("07", "10"):
            records.append(
                (
                    "medication",
                    str(uuid.uuid4()),
                    {"taken_at": f"{when}T{hour}:00:00+00:00", "drug": "oxycodone", "dose": 10, "unit": "mg"},
                )
            )
        if day % 3 == 0:
            records.append(
                (
                    "medication",
                    str(uuid.uuid4()),
                    {"taken_at": f"{when}T09:00:00+00:00", "drug": "paracetamol", "dose": 1000, "unit": "mg"},
                )
            )
    return records


def seed_two_years(patient_id, today: date | None = None) -> dict[str, int]:
    """Pushes two years of records for the patient; returns how many of each kind."""
    from diary.sync.push import sync_push

    records = two_years_of_records(today or date.today())
    client_id = uuid.uuid4()
    mutations = [
        {"mid": i + 1, "entity": entity, "op": "upsert", "id": rid, "base_version": None, "data": data}
        for i, (entity, rid, data) in enumerate(records)
    ]
    for i in range(0, len(mutations), 500):
        sync_push(patient_id=patient_id, client_id=client_id, mutations=mutations[i : i + 500])
    counts: dict[str, int] = {}
    for entity, _, _ in records:
        counts[entity] = counts.get(entity, 0) + 1
    return counts
