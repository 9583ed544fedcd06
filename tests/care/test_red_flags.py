"""Red flags are records: made by every write path, once, withdrawn but never deleted, and served.

The patient logs (REST, sync push, import); the server keeps one RedFlag per record, kind and
code (diary.red_flags). Editing the flag away or deleting the record marks it withdrawn; it
comes back on the same row. The patient reads `red-flags/` with who has seen each; the
clinician reads `clinician/red-flags/` and acknowledges once (care.red_flags).
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from care.models import AccessLog, RedFlagAcknowledgement, Scope
from diary import services
from diary.models import RedFlag
from tests.care.conftest import share_for
from tests.conftest import make_user
from tests.sync.conftest import Device

pytestmark = pytest.mark.django_db

CHEST_PAIN = {"side_effects": [{"code": "chest_pain", "severity": 2}]}
ENTRY = {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 6}
SECRET = "my private words 4e1c"  # a note the patient wrote: never in a flag
CHEST_PAIN_FLAG = ("entry", "side_effect", "chest_pain", "Chest pain, moderate", "2026-05-01")


def flags(patient) -> list[tuple]:
    rows = RedFlag.objects.filter(patient=patient).order_by("kind", "code")
    return [(f.source, f.kind, f.code, f.detail, str(f.date), f.withdrawn_at is not None) for f in rows]


def post(client, resource: str, body: dict) -> dict:
    response = client.post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def episode(client) -> str:
    body = {"treatment": "ketamine", "condition": "crps", "title": "Course", "started_on": "2026-04-01"}
    return post(client, "episodes", body)["id"]


# --- made by every write path ---------------------------------------------------------------


def test_an_entry_posted_with_a_red_flag_side_effect_makes_one_flag(alice, client_for):
    client = client_for(alice)
    body = {
        **ENTRY,
        "notes": SECRET,
        "side_effects": [
            {"code": "chest_pain", "severity": 2},
            {"code": "nausea", "severity": 3},  # not a red flag
            {"code": "hallucinations", "severity": 2},  # a red flag only when severe (3)
        ],
    }
    entry = post(client, "entries", body)

    # diary date: 08:00 at +01:00 on 1 May is 1 May
    assert flags(alice) == [
        ("entry", "side_effect", "chest_pain", "Chest pain, moderate", "2026-05-01", False)
    ]
    assert RedFlag.objects.get(patient=alice).source_id == uuid.UUID(entry["id"])
    assert SECRET not in RedFlag.objects.get(patient=alice).detail


def test_severe_hallucinations_are_a_red_flag(alice, client_for):
    post(client_for(alice), "entries", {**ENTRY, "side_effects": [{"code": "hallucinations", "severity": 3}]})

    assert flags(alice) == [
        ("entry", "side_effect", "hallucinations", "Hallucinations, severe", "2026-05-01", False)
    ]


@pytest.mark.parametrize(
    ("vitals", "expected"),
    [
        ({"bp_systolic_max": 179, "bp_diastolic_max": 109, "heart_rate_max": 119}, []),
        ({"bp_systolic_max": 180}, [("blood_pressure", "", "BP 180/– mmHg")]),
        ({"bp_systolic_max": 150, "bp_diastolic_max": 110}, [("blood_pressure", "", "BP 150/110 mmHg")]),
        ({"heart_rate_max": 120}, [("heart_rate", "", "Heart rate 120/min")]),
        (
            {"bp_systolic_max": 200, "bp_diastolic_max": 115, "heart_rate_max": 130},
            [("blood_pressure", "", "BP 200/115 mmHg"), ("heart_rate", "", "Heart rate 130/min")],
        ),
    ],
)
def test_an_administration_over_the_monitoring_thresholds_makes_its_flags(
    alice, client_for, vitals, expected
):
    client = client_for(alice)
    body = {
        "episode": episode(client),
        "administered_at": "2026-05-03T23:30:00-04:00",  # local date 3 May
        "route": "iv_infusion",
        **vitals,
    }
    post(client, "administrations", body)

    made = [(kind, code, detail) for _, kind, code, detail, day, _ in flags(alice)]
    assert made == expected
    assert all(day == "2026-05-03" for *_, day, _ in flags(alice))


@pytest.mark.parametrize(("item9", "flagged"), [(0, False), (1, True), (3, True)])
def test_a_phq9_with_item_9_answered_1_or_more_makes_an_assessment_flag(alice, item9, flagged):
    data = {"completed_at": "2026-05-02T21:00:00+02:00", "instrument": "phq9", "answers": [1] * 8 + [item9]}
    services.record_create(patient_id=alice.pk, entity="assessment", data=data)

    detail = f"PHQ-9 item 9 answered {item9} (thoughts of being better off dead or of self-harm)"
    assert flags(alice) == (
        [("assessment", "assessment", "phq9_item9", detail, "2026-05-02", False)] if flagged else []
    )


def test_a_sync_push_makes_the_flags_and_a_replay_makes_none_again(alice, client_for):
    device = Device(client_for(alice))
    entry_id = uuid.uuid4()
    mutation = device.mutation("entry", "upsert", entry_id, None, {**ENTRY, **CHEST_PAIN})
    device.push(mutation)
    first = list(RedFlag.objects.filter(patient=alice).values_list("pk", "raised_at"))

    device.push(mutation)  # the same (client_id, mid) again: the device never saw the answer

    assert len(first) == 1
    assert list(RedFlag.objects.filter(patient=alice).values_list("pk", "raised_at")) == first


def test_an_import_makes_the_flags(alice, client_for):
    document = {"entries": [{**ENTRY, **CHEST_PAIN, "notes": SECRET}]}
    response = client_for(alice).post("/api/v1/import/", document, format="json")
    assert response.status_code == 201, response.content

    assert flags(alice) == [
        ("entry", "side_effect", "chest_pain", "Chest pain, moderate", "2026-05-01", False)
    ]


def test_the_same_flag_is_never_made_twice_for_a_record(alice):
    entry = services.record_create(patient_id=alice.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})
    services.record_update(patient_id=alice.pk, entity="entry", record_id=entry.pk, data={"pain_now": 2})
    services.record_update(
        patient_id=alice.pk,
        entity="entry",
        record_id=entry.pk,
        data={"side_effects": [{"code": "chest_pain", "severity": 3}]},
    )

    # one flag still, its detail following the record (moderate → severe)
    assert flags(alice) == [("entry", "side_effect", "chest_pain", "Chest pain, severe", "2026-05-01", False)]


# --- withdrawn, never deleted ---------------------------------------------------------------


def test_editing_the_flag_away_withdraws_it_and_adding_it_back_brings_the_same_row_back(alice):
    entry = services.record_create(patient_id=alice.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})
    flag = RedFlag.objects.get(patient=alice)

    services.record_update(patient_id=alice.pk, entity="entry", record_id=entry.pk, data={"side_effects": []})
    assert flags(alice) == [
        ("entry", "side_effect", "chest_pain", "Chest pain, moderate", "2026-05-01", True)
    ]

    services.record_update(patient_id=alice.pk, entity="entry", record_id=entry.pk, data=CHEST_PAIN)
    assert flags(alice) == [
        ("entry", "side_effect", "chest_pain", "Chest pain, moderate", "2026-05-01", False)
    ]
    assert RedFlag.objects.get(patient=alice).pk == flag.pk


def test_deleting_the_record_withdraws_its_flags(alice, client_for):
    client = client_for(alice)
    entry = post(client, "entries", {**ENTRY, **CHEST_PAIN})

    assert client.delete(f"/api/v1/entries/{entry['id']}/").status_code == 204

    assert flags(alice) == [
        ("entry", "side_effect", "chest_pain", "Chest pain, moderate", "2026-05-01", True)
    ]


def test_a_sync_delete_withdraws_and_the_patient_still_reads_the_flag(alice, client_for):
    client = client_for(alice)
    device = Device(client)
    entry_id = uuid.uuid4()
    result = device.push_one("entry", "upsert", entry_id, None, {**ENTRY, **CHEST_PAIN})
    device.push_one("entry", "delete", entry_id, result["version"])

    body = client.get("/api/v1/red-flags/").json()["results"]

    assert [(f["kind"], f["code"], f["withdrawn_at"] is not None) for f in body] == [
        ("side_effect", "chest_pain", True)
    ]


def test_edits_in_a_sync_batch_cost_one_query_for_the_flags_whatever_their_number(alice, client_for):
    device = Device(client_for(alice))
    ids = [uuid.uuid4() for _ in range(40)]
    results = device.push(*[device.mutation("entry", "upsert", i, None, ENTRY) for i in ids])["results"]

    def edit(count: int) -> int:
        mutations = [
            device.mutation("entry", "upsert", i, r["version"], {"pain_now": count % 10})
            for i, r in list(zip(ids, results, strict=True))[:count]
        ]
        with CaptureQueriesContext(connection) as captured:
            device.push(*mutations)
        return len(captured)

    assert edit(1) == edit(40)


# --- the patient's list ---------------------------------------------------------------------


def test_the_patient_reads_their_flags_newest_first_with_who_has_seen_each(alice, bob, carol, client_for):
    dora = make_user("dora@clinic.example.com", role="clinician", display_name="Dr Dora")
    share_for(alice, carol)
    share_for(alice, dora, scope=Scope.FULL)
    older = services.record_create(patient_id=alice.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})
    newer = services.record_create(
        patient_id=alice.pk,
        entity="entry",
        data={**ENTRY, "side_effects": [{"code": "craving", "severity": 1}]},
    )
    flag = RedFlag.objects.get(source_id=older.pk)
    client_for(carol).post(
        f"/api/v1/clinician/red-flags/{flag.pk}/acknowledge", {"note": "Called her"}, format="json"
    )

    body = client_for(alice).get("/api/v1/red-flags/").json()["results"]

    assert [f["record_id"] for f in body] == [str(newer.pk), str(older.pk)]
    assert body[0]["seen_by"] == []
    assert [s["clinician"] for s in body[1]["seen_by"]] == ["Dr Carol"]
    assert "Called her" not in str(body)  # the clinician's note is for clinicians
    assert set(body[1]) == {
        "id",
        "date",
        "kind",
        "code",
        "detail",
        "source",
        "record_id",
        "raised_at",
        "withdrawn_at",
        "seen_by",
    }
    assert client_for(bob).get("/api/v1/red-flags/").json()["results"] == []


# --- the clinician's queue ------------------------------------------------------------------


def test_the_clinician_queue_lists_flags_of_patients_who_share_with_them_any_scope(
    alice, bob, carol, client_for
):
    share_for(alice, carol, scope=Scope.SUMMARY)
    share_for(bob, carol, state="revoked")
    services.record_create(patient_id=alice.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})
    services.record_create(patient_id=bob.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})

    response = client_for(carol).get("/api/v1/clinician/red-flags/")

    body = response.json()["results"]
    assert [(f["patient"]["display_name"], f["kind"], f["status"]) for f in body] == [
        ("Alice", "side_effect", "open")
    ]
    assert AccessLog.objects.filter(clinician=carol, action="red_flag_list", patient_id=alice.pk).count() == 1
    assert not AccessLog.objects.filter(patient_id=bob.pk).exists()


def test_acknowledging_is_once_per_clinician_and_moves_the_flag_to_acknowledged(alice, carol, client_for):
    dora = make_user("dora@clinic.example.com", role="clinician", display_name="Dr Dora")
    share_for(alice, carol)
    share_for(alice, dora)
    services.record_create(patient_id=alice.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})
    flag = RedFlag.objects.get(patient=alice)
    url = f"/api/v1/clinician/red-flags/{flag.pk}/acknowledge"
    client = client_for(carol)

    first = client.post(url, {"note": "Spoke to her, GP today"}, format="json")
    again = client.post(url, {"note": "changed my mind"}, format="json")

    assert first.status_code == 201, first.content
    assert first.json()["note"] == "Spoke to her, GP today"
    assert again.status_code == 409
    assert again.json()["errors"][0]["code"] == "already_acknowledged"
    assert RedFlagAcknowledgement.objects.get(red_flag=flag).note == "Spoke to her, GP today"
    mine = client.get("/api/v1/clinician/red-flags/", {"status": "acknowledged"}).json()["results"]
    assert [(f["status"], f["note"]) for f in mine] == [("acknowledged", "Spoke to her, GP today")]
    assert client.get("/api/v1/clinician/red-flags/", {"status": "open"}).json()["results"] == []
    # still open for the other clinician of her care team, who sees who has seen it
    doras = client_for(dora).get("/api/v1/clinician/red-flags/", {"status": "open"}).json()["results"]
    assert [(f["status"], f["note"], [s["clinician"] for s in f["seen_by"]]) for f in doras] == [
        ("open", None, ["Dr Carol"])
    ]
    assert AccessLog.objects.filter(clinician=carol, action="red_flag_acknowledge").count() == 1


def test_a_note_over_1000_characters_is_refused(alice, carol, client_for):
    share_for(alice, carol)
    services.record_create(patient_id=alice.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})
    flag = RedFlag.objects.get(patient=alice)

    response = client_for(carol).post(
        f"/api/v1/clinician/red-flags/{flag.pk}/acknowledge", {"note": "x" * 1001}, format="json"
    )

    assert response.status_code == 400
    assert [e["attr"] for e in response.json()["errors"]] == ["note"]
    assert not RedFlagAcknowledgement.objects.exists()


@pytest.mark.parametrize("state", ["revoked", "expired", "pending"])
def test_a_share_that_gives_no_access_shows_no_flag_and_cannot_acknowledge(alice, carol, client_for, state):
    share_for(alice, carol, state=state)
    services.record_create(patient_id=alice.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})
    flag = RedFlag.objects.get(patient=alice)
    client = client_for(carol)

    assert client.get("/api/v1/clinician/red-flags/").json()["results"] == []
    assert client.post(f"/api/v1/clinician/red-flags/{flag.pk}/acknowledge").status_code == 404
    assert not RedFlagAcknowledgement.objects.exists()


def test_the_queue_and_the_patients_list_cost_the_same_queries_for_1_or_8_patients(carol, client_for):
    def queries(patients: int) -> tuple[int, int]:
        made = []
        for _ in range(patients):
            patient = make_user(f"{uuid.uuid4().hex}@example.com")
            share_for(patient, carol)
            for _ in range(2):
                services.record_create(patient_id=patient.pk, entity="entry", data={**ENTRY, **CHEST_PAIN})
            flag = RedFlag.objects.filter(patient=patient).first()
            RedFlagAcknowledgement.objects.create(red_flag=flag, clinician=carol)
            made.append(patient)
        clinician, patient = client_for(carol), client_for(made[0])
        with CaptureQueriesContext(connection) as queue:
            assert clinician.get("/api/v1/clinician/red-flags/").status_code == 200
        with CaptureQueriesContext(connection) as own:
            assert patient.get("/api/v1/red-flags/").status_code == 200
        return len(queue), len(own)

    assert queries(1) == queries(8)
