"""Pull and the record lists show exactly what the record serializers show, for any stored row.

The read path builds documents in the database (diary.document_sql) and shows conflicts and
rejections from value rows. The oracle is what the API showed before: each kind's DRF
serializer (api.record_serializers) over the model instance, and the conflict and rejection
documents over theirs (what the export shows), rendered by the API's JSON renderer. Records
are planted directly (not through validation) from a seeded generator with edge values:
nulls, maximum lengths, unicode, quotes and control characters, dates at both ends of the
range with the extreme offsets, microseconds or none, every choice of every enum, decimals
at their limits, and JSON columns holding what no response can carry as such.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from api.record_serializers import SERIALIZERS
from api.renderers import JSONRenderer
from diary import catalogue
from diary.models import (
    Administration,
    Assessment,
    Conflict,
    Entry,
    Episode,
    MedicationIntake,
    PatientClock,
    Rejection,
)
from diary.records import KINDS
from diary.sync.documents import conflict_document, rejection_document

pytestmark = pytest.mark.django_db

TEXTS = [
    "",
    "plain",
    "quote \" backslash \\ slash / apostrophe '",
    "line\nbreak\ttab\r\x01\x1f\x7f",
    "ünïcödé 日本語 עברית",
    "emoji 😀👍🏽 and \u2028\u2029 separators",
    "combining e\u0301 and zero\u200bwidth",
    '{"looks": ["like json"]}',
    " leading and trailing spaces ",
]


def text(rng: random.Random, max_length: int) -> str:
    choice = rng.random()
    if choice < 0.1:
        return (rng.choice(TEXTS[1:]) * max_length)[:max_length]  # at the maximum length
    return rng.choice(TEXTS)[:max_length]


def instant(rng: random.Random) -> tuple[datetime, int]:
    """A UTC instant and an offset in minutes whose local time lies from 1900 to 2100."""
    offset = rng.choice([0, 60, -60, 330, -210, 840, -840, 45, -30, rng.randint(-840, 840)])
    edge = rng.random()
    if edge < 0.15:
        local = datetime(1900, 1, 1, 0, 0, 0)
    elif edge < 0.3:
        local = datetime(2100, 12, 31, 23, 59, 59, 999999)
    else:
        local = datetime(1900, 1, 1) + timedelta(seconds=rng.randint(0, 200 * 365 * 86400))
    micro = rng.choice([0, 0, 1, 500000, 999999, rng.randint(0, 999999)])
    local = local.replace(microsecond=micro) if edge >= 0.3 else local
    return (local - timedelta(minutes=offset)).replace(tzinfo=UTC), offset


def maybe(rng: random.Random, value, null_share: float = 0.3):
    return None if rng.random() < null_share else value


def decimal_in(rng: random.Random, digits: int, places: int, lo: str = "0") -> Decimal:
    top = Decimal(10) ** (digits - places) - Decimal(1).scaleb(-places)
    value = rng.choice([Decimal(lo), top, Decimal(rng.randint(0, 10**digits - 1)).scaleb(-places)])
    return max(Decimal(lo), min(value, top))


def odd_json(rng: random.Random, depth: int = 0):
    """JSON a device might have sent: nested, unicode, huge integers, floats, deep nesting."""
    kinds = ["int", "big", "float", "text", "null", "bool", "list", "dict", "deep"]
    kind = rng.choice(kinds if depth < 3 else kinds[:6])
    if kind == "int":
        return rng.choice([0, -1, 2**63 - 1, -(2**63), rng.randint(-1000, 1000)])
    if kind == "big":
        return rng.choice([2**63, -(2**63) - 1, 10**30])  # beyond any column: shown as json_text
    if kind == "float":
        return rng.choice([1.5, -0.0, 1e-7, 1.7976931348623157e308, 0.1])
    if kind == "text":
        return rng.choice(TEXTS)
    if kind == "null":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "list":
        return [odd_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if kind == "dict":
        return {rng.choice(TEXTS) or "k": odd_json(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    nested: object = "bottom"
    for _ in range(rng.choice([5, 101, 150])):  # past 100 levels: shown as json_text
        nested = [nested]
    return nested


def stored(value):
    """A JSON column's value: None would be SQL NULL, which these columns refuse."""
    return [value] if value is None else value


def cycle(choices, i: int):
    choices = list(choices)
    return choices[i % len(choices)]


def plant(patient, seed: int, per_kind: int = 30) -> dict[str, list]:
    """Rows of every kind for `patient`, with unique versions; about a fifth deleted."""
    rng = random.Random(seed)
    versions = iter(range(1, 10**6))
    common = lambda: {"patient": patient, "version": next(versions), "origin": [1, "server"]}  # noqa: E731
    episodes = [
        Episode(
            **common(),
            treatment=cycle(catalogue.TREATMENTS, i),
            treatment_name=text(rng, 200),
            condition=cycle(catalogue.CONDITIONS, i),
            title=text(rng, 200) or "t",
            started_on=rng.choice([date(1900, 1, 1), date(2100, 12, 31), date(2026, 2, 28)]),
            ended_on=maybe(rng, date(2000 + i % 100, 1 + i % 12, 1 + i % 28)),
            notes=text(rng, 5000),
        )
        for i in range(max(per_kind // 3, 3))
    ]
    Episode.objects.bulk_create(episodes)
    administrations = []
    for i in range(per_kind):
        at, offset = instant(rng)
        administrations.append(
            Administration(
                **common(),
                episode=rng.choice(episodes),
                administered_at=at,
                administered_offset=offset,
                local_date=(at + timedelta(minutes=offset)).date(),
                route=cycle(catalogue.ROUTES, i),
                phase=cycle(catalogue.PHASES, i),
                setting=cycle(catalogue.SETTINGS, i),
                dose_mg=maybe(rng, decimal_in(rng, 8, 3)),
                dose_mg_per_kg=maybe(rng, decimal_in(rng, 6, 3)),
                weight_kg=maybe(rng, decimal_in(rng, 5, 1, "1")),
                duration_minutes=maybe(rng, rng.choice([0, 1440, 45])),
                bp_systolic_max=maybe(rng, rng.choice([40, 300, 181])),
                bp_diastolic_max=maybe(rng, rng.choice([20, 200])),
                heart_rate_max=maybe(rng, rng.choice([20, 250])),
                notes=text(rng, 5000),
            )
        )
    Administration.objects.bulk_create(administrations)
    entries, effects, regions = [], list(catalogue.SIDE_EFFECTS), list(catalogue.BODY_REGIONS)
    for _ in range(per_kind * 2):
        at, offset = instant(rng)
        administration = maybe(rng, rng.choice(administrations), 0.5)
        entries.append(
            Entry(
                **common(),
                recorded_at=at,
                recorded_offset=offset,
                diary_date=(at + timedelta(minutes=offset)).date(),
                pain_now=rng.randint(0, 10),
                pain_average=maybe(rng, rng.randint(0, 10)),
                pain_worst=maybe(rng, 10),
                pain_least=maybe(rng, 0),
                interference_enjoyment=maybe(rng, rng.randint(0, 10)),
                interference_activity=maybe(rng, rng.randint(0, 10)),
                mood=maybe(rng, rng.randint(0, 10)),
                sleep_quality=maybe(rng, rng.randint(0, 10)),
                relief_percent=maybe(rng, rng.randint(0, 10) * 10),
                pgic=maybe(rng, rng.randint(1, 7)),
                locations=rng.sample(regions, rng.choice([0, 1, 3, len(regions)])),
                side_effects=[
                    {"code": code, "severity": rng.randint(1, 3)}
                    for code in rng.sample(effects, rng.choice([0, 1, 2, len(effects)]))
                ],
                episode=administration.episode if administration else maybe(rng, rng.choice(episodes)),
                administration=administration,
                notes=text(rng, 5000),
            )
        )
    Entry.objects.bulk_create(entries)
    intakes = []
    for i in range(per_kind):
        at, offset = instant(rng)
        unit = cycle(catalogue.UNITS, i)
        intakes.append(
            MedicationIntake(
                **common(),
                taken_at=at,
                taken_offset=offset,
                local_date=(at + timedelta(minutes=offset)).date(),
                drug=cycle(catalogue.DRUGS, i),
                dose=decimal_in(rng, 10, 3, "0.001"),
                unit=unit,
                wear_hours=rng.choice([1, 72, 168]) if unit == "mcg_per_h" else None,
                mme=maybe(rng, decimal_in(rng, 12, 4)),
                notes=text(rng, 5000),
            )
        )
    MedicationIntake.objects.bulk_create(intakes)
    assessments = []
    for i in range(per_kind):
        at, offset = instant(rng)
        instrument = cycle(catalogue.INSTRUMENTS.values(), i)
        bands = [b.code for b in instrument.bands] or [""]
        assessments.append(
            Assessment(
                **common(),
                completed_at=at,
                completed_offset=offset,
                local_date=(at + timedelta(minutes=offset)).date(),
                instrument=instrument.code,
                answers=[rng.randint(item.lo, item.hi) for item in instrument.items],
                score=maybe(rng, decimal_in(rng, 4, 1)),
                band=cycle(bands, i),
                episode=maybe(rng, rng.choice(episodes)),
            )
        )
    Assessment.objects.bulk_create(assessments)
    conflicts = [
        Conflict(
            **common(),
            entity=cycle([*KINDS, "conflict"], i),
            record_id=uuid.UUID(int=rng.getrandbits(128)),
            base_version=maybe(rng, rng.choice([0, 2**63 - 1, 5])),
            client_id=maybe(rng, uuid.UUID(int=rng.getrandbits(128))),
            mid=maybe(rng, rng.choice([1, 2**63 - 1])),
            kind=cycle(["edit", "edit_deleted", "delete_edited"], i),
            fields={"pain_now": {"server": odd_json(rng), "client": odd_json(rng)}},
            client_data=stored(odd_json(rng)) if i % 3 else {},
            resolution=cycle(["", "server", "client"], i),
        )
        for i in range(per_kind // 2)
    ]
    Conflict.objects.bulk_create(conflicts)
    rejections = [
        Rejection(
            **common(),
            entity=text(rng, 20),
            record_id=uuid.UUID(int=rng.getrandbits(128)),
            base_version=maybe(rng, 7),
            client_id=maybe(rng, uuid.UUID(int=rng.getrandbits(128))),
            mid=maybe(rng, rng.randint(1, 10**6)),
            op=cycle(["upsert", "delete", "resolve", "", "bogus ü"], i),
            payload=stored(odd_json(rng)),
            errors=[{"code": "invalid", "detail": rng.choice(TEXTS), "attr": odd_json(rng)}],
        )
        for i in range(per_kind // 2)
    ]
    Rejection.objects.bulk_create(rejections)
    planted = {
        "episode": episodes,
        "administration": administrations,
        "entry": entries,
        "medication": intakes,
        "assessment": assessments,
        "conflict": conflicts,
        "rejection": rejections,
    }
    for rows in planted.values():
        model = type(rows[0])
        for row in rows:
            created, _ = instant(rng)
            row.created_at = created.replace(microsecond=rng.choice([0, created.microsecond]))
            row.updated_at = row.created_at + timedelta(microseconds=rng.choice([0, 1, 10**6]))
            row.deleted_at = created if rng.random() < 0.2 else None
        model.objects.bulk_update(rows, ["created_at", "updated_at", "deleted_at"])
    PatientClock.objects.update_or_create(patient=patient, defaults={"version": next(versions) - 1})
    return planted


def normalized(value) -> str:
    """JSON as a client reads it: parsed, then written with sorted keys."""
    return json.dumps(value, sort_keys=True)


def rendered(document) -> object:
    """A document as the API's JSON renderer sends it, read back."""
    return json.loads(JSONRenderer().render(document))


def oracle(entity: str, record) -> object:
    """What the API showed of this record before the read path changed."""
    if record.deleted_at is not None:
        return {"entity": entity, "id": str(record.pk), "version": record.version, "deleted": True}
    if entity == "conflict":
        data = conflict_document(record)
    elif entity == "rejection":
        data = rejection_document(record)
    else:
        data = SERIALIZERS[entity](record).data
    return {
        "entity": entity,
        "id": str(record.pk),
        "version": record.version,
        "deleted": False,
        "data": rendered(data),
    }


def models_by_entity():
    return {
        **{entity: kind.model for entity, kind in KINDS.items()},
        "conflict": Conflict,
        "rejection": Rejection,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pull_shows_every_kind_exactly_as_the_serializers_do(alice, seed):
    plant(alice, seed)
    client = APIClient()
    client.force_authenticate(alice)
    pulled, cursor = {}, None
    while True:
        response = client.get("/api/v1/sync/pull", {"limit": 37} | ({"cursor": cursor} if cursor else {}))
        assert response.status_code == 200, response.content
        body = json.loads(response.content)
        for change in body["changes"]:
            pulled[(change["entity"], change["id"])] = change
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    expected = {
        (entity, str(record.pk)): oracle(entity, record)
        for entity, model in models_by_entity().items()
        for record in model.objects.filter(patient=alice)
    }
    assert set(pulled) == set(expected)
    different = [key for key in expected if normalized(pulled[key]) != normalized(expected[key])]
    assert not different, (different[:3], [(pulled[k], expected[k]) for k in different[:1]])
    kinds = {entity for entity, _ in pulled}
    assert kinds == set(models_by_entity()), kinds
    assert {c["deleted"] for c in pulled.values()} == {True, False}


@pytest.mark.parametrize("seed", [4, 5])
def test_lists_show_every_kind_exactly_as_the_serializers_do(alice, seed):
    plant(alice, seed)
    client = APIClient()
    client.force_authenticate(alice)
    for entity, kind in KINDS.items():
        listed, url = [], f"/api/v1/{kind.plural}/?page_size=7"
        while url:
            response = client.get(url)
            assert response.status_code == 200, response.content
            body = json.loads(response.content)
            listed += body["results"]
            url = body["next"]
        live = kind.model.objects.filter(patient=alice, deleted_at__isnull=True).order_by(
            "-created_at", "-pk"
        )
        expected = [rendered(SERIALIZERS[entity](record).data) for record in live]
        assert [normalized(d) for d in listed] == [normalized(d) for d in expected], entity


def test_the_database_builds_the_documents_here():
    """Both databases the project runs on take the SQL path; the fallback is for others."""
    from diary.document_sql import supported

    assert supported(connection)
