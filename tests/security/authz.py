"""The authorization matrix: every URL pattern of the API and the portal, and who gets what.

`routes()` walks the URL resolver and returns every pattern under `api/v1/` and `care/`
with the methods its view implements. `MATRIX` holds, for each of those patterns and
methods, the status each caller gets when it aims at alice's data (tests/security/conftest).
`matrix_gaps()` lists what the table misses; `run_case()` makes the calls over HTTP and
lists every wrong status, leak of alice's data, or change a refused caller made.

A sixth caller, `clinician_revoked` (erin, whose share from alice was revoked), gets what
the clinician without a share gets unless a row says otherwise; she and alice's red flag
(a chest-pain entry, for the `red_flag_id` routes) are added to the world here (`extras`).
"""

from __future__ import annotations

import uuid

from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role
from care.models import RedFlagAcknowledgement
from diary import services
from diary.models import RedFlag
from diary.versioning import current_version
from tests.care.conftest import share_for
from tests.conftest import PASSWORD, make_user
from tests.security.conftest import ROLES as WORLD_ROLES
from tests.security.conftest import World, client_as, push_keys

ROLES = (*WORLD_ROLES[:-1], "clinician_revoked", WORLD_ROLES[-1])  # the owner stays last

GUARDED_PREFIXES = ("api/v1/", "care/")
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def _walk(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def view_methods(callback) -> set[str] | None:
    """The HTTP methods a class-based view implements; None for a function view (unknown)."""
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is None:
        return None
    return {m.upper() for m in HTTP_METHODS if hasattr(cls, m)}


def routes(urlconf: str | None = None) -> dict[str, set[str] | None]:
    """Every guarded route (`api/v1/episodes/<uuid:record_id>/` …) → its view's methods."""
    return {
        route: view_methods(callback)
        for route, callback in _walk(get_resolver(urlconf).url_patterns)
        if route.startswith(GUARDED_PREFIXES)
    }


def row(
    anonymous, clinician_unshared, other_patient, clinician_shared, owner, clinician_revoked=None
) -> dict[str, int]:
    """Statuses by caller; a clinician whose share was revoked gets the unshared one's by default."""
    revoked = clinician_unshared if clinician_revoked is None else clinician_revoked
    return {
        "anonymous": anonymous,
        "clinician_unshared": clinician_unshared,
        "other_patient": other_patient,
        "clinician_shared": clinician_shared,
        "clinician_revoked": revoked,
        "owner": owner,
    }


class Extras:
    """What the newer routes add to the world: erin (a clinician whose share from alice was
    revoked), alice's red flag (from a chest-pain entry she logged) and her PEG assessment."""

    def __init__(self, world: World) -> None:
        self.erin = make_user("erin@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Erin")
        share_for(world.alice, self.erin, state="revoked")
        data = {"recorded_at": "2026-03-05T08:30:00+00:00", "pain_now": 7}
        data["side_effects"] = [{"code": "chest_pain", "severity": 2}]
        entry = services.record_create(patient_id=world.alice.pk, entity="entry", data=data)
        self.red_flag = RedFlag.objects.get(source_id=entry.pk)
        peg = {"completed_at": "2026-03-06T20:00:00+00:00", "instrument": "peg", "answers": [6, 5, 4]}
        self.assessment = services.record_create(patient_id=world.alice.pk, entity="assessment", data=peg)


def extras(world: World) -> Extras:
    """The world's extras, made once per world."""
    if not hasattr(world, "red_flag_extras"):
        world.red_flag_extras = Extras(world)
    return world.red_flag_extras


def users(world: World) -> dict:
    return {**world.users(), "clinician_revoked": extras(world).erin}


def kwargs_for(route: str, world: World) -> dict[str, str]:
    values = {**world.kwargs_for(route), "red_flag_id": str(extras(world).red_flag.pk)}
    if route.startswith("api/v1/assessments/"):
        values["record_id"] = str(extras(world).assessment.pk)
    return values


def marks(world: World) -> list[str]:
    return [*world.marks(), str(extras(world).red_flag.pk), str(extras(world).assessment.pk)]


# Patient paths: other patients act on their own (empty) data or get 404 for alice's records;
# clinicians get 403. Clinician paths: patients get 403, dan (no share) 404. Anonymous: 401
# in the API, a redirect to sign in (302) in the portal.
PATIENT_LIST = {"GET": row(401, 403, 200, 403, 200), "POST": row(401, 403, 201, 403, 201)}
PATIENT_RECORD = {
    "GET": row(401, 403, 404, 403, 200),
    "PATCH": row(401, 403, 404, 403, 200),
    "DELETE": row(401, 403, 404, 403, 204),
}
CLINICIAN_READ = {"GET": row(401, 404, 403, 200, 403)}
CLINICIAN_SUMMARIES = {"GET": row(401, 404, 403, 200, 403), "POST": row(401, 404, 403, 202, 403)}

MATRIX: dict[str, dict[str, dict[str, int]]] = {
    "api/v1/me/": {
        "GET": row(401, 200, 200, 200, 200),  # everyone reads their own profile
        "PATCH": row(401, 200, 200, 200, 200),
        "DELETE": row(401, 204, 204, 204, 204),  # each erases their own account
    },
    "api/v1/me/sign-out-everywhere": {"POST": row(401, 204, 204, 204, 204)},
    "api/v1/catalog/": {"GET": row(200, 200, 200, 200, 200)},  # public: no patient data
    "api/v1/episodes/": PATIENT_LIST,
    "api/v1/episodes/<uuid:record_id>/": PATIENT_RECORD,
    # bob's administration names alice's episode: refused as no episode of his (400)
    "api/v1/administrations/": {**PATIENT_LIST, "POST": row(401, 403, 400, 403, 201)},
    "api/v1/administrations/<uuid:record_id>/": PATIENT_RECORD,
    "api/v1/entries/": PATIENT_LIST,
    "api/v1/entries/<uuid:record_id>/": PATIENT_RECORD,
    "api/v1/medications/": PATIENT_LIST,
    "api/v1/medications/<uuid:record_id>/": PATIENT_RECORD,
    "api/v1/assessments/": PATIENT_LIST,
    "api/v1/assessments/<uuid:record_id>/": PATIENT_RECORD,
    "api/v1/sync/push": {"POST": row(401, 403, 200, 403, 200)},
    "api/v1/sync/pull": {"GET": row(401, 403, 200, 403, 200)},
    "api/v1/shares/": PATIENT_LIST,
    "api/v1/shares/<uuid:share_id>/revoke": {"POST": row(401, 403, 404, 403, 200)},
    "api/v1/summaries/": {"GET": row(401, 403, 200, 403, 200), "POST": row(401, 403, 202, 403, 202)},
    "api/v1/summaries/<uuid:summary_id>/": {"GET": row(401, 403, 404, 403, 200)},
    "api/v1/summaries/<uuid:summary_id>/pdf": {"GET": row(401, 403, 404, 403, 200)},
    "api/v1/export/": {"GET": row(401, 403, 200, 403, 200)},
    "api/v1/import/": {"POST": row(401, 403, 201, 403, 201)},
    "api/v1/red-flags/": {"GET": row(401, 403, 200, 403, 200)},  # bob reads his own (none)
    "api/v1/clinician/shares/": {"GET": row(401, 200, 403, 200, 403)},
    "api/v1/clinician/shares/<uuid:share_id>/accept": {"POST": row(401, 404, 403, 200, 403)},
    "api/v1/clinician/patients/": {"GET": row(401, 200, 403, 200, 403)},
    "api/v1/clinician/red-flags/": {"GET": row(401, 200, 403, 200, 403)},  # dan and erin: none of alice's
    "api/v1/clinician/red-flags/<uuid:red_flag_id>/acknowledge": {"POST": row(401, 404, 403, 201, 403)},
    "api/v1/clinician/patients/<uuid:patient_id>/summaries/": CLINICIAN_SUMMARIES,
    "api/v1/clinician/patients/<uuid:patient_id>/summaries/<uuid:summary_id>/": CLINICIAN_READ,
    "api/v1/clinician/patients/<uuid:patient_id>/summaries/<uuid:summary_id>/pdf": CLINICIAN_READ,
    "api/v1/clinician/patients/<uuid:patient_id>/entries/": CLINICIAN_READ,
    "api/v1/clinician/patients/<uuid:patient_id>/administrations/": CLINICIAN_READ,
    "api/v1/clinician/patients/<uuid:patient_id>/medications/": CLINICIAN_READ,
    "api/v1/clinician/patients/<uuid:patient_id>/episodes/": CLINICIAN_READ,
    "api/v1/clinician/patients/<uuid:patient_id>/assessments/": CLINICIAN_READ,
    "api/v1/push/config": {"GET": row(200, 200, 200, 200, 200)},  # public: the server's VAPID key
    "api/v1/push-subscriptions/": {"GET": row(401, 403, 200, 403, 200), "POST": row(401, 403, 201, 403, 201)},
    "api/v1/push-subscriptions/<uuid:subscription_id>/": {
        "GET": row(401, 403, 404, 403, 200),
        "DELETE": row(401, 403, 404, 403, 204),
    },
    "api/v1/episodes/<uuid:record_id>/checkins/": PATIENT_RECORD,
    # The header's language switch: no language posted, 400.
    "care/language": {"POST": row(302, 400, 403, 400, 403)},
    "care/": {"GET": row(302, 200, 403, 200, 403)},
    "care/red-flags/": {"GET": row(302, 200, 403, 200, 403)},  # the triage queue: dan and erin see none
    "care/red-flags/acknowledged": {"GET": row(302, 200, 403, 200, 403)},
    "care/red-flags/<uuid:red_flag_id>/acknowledge": {"POST": row(302, 404, 403, 302, 403)},
    # each clinician turns on (or off) notifications in their own browser: nobody else's
    "care/notifications/subscribe": {"POST": row(302, 201, 403, 201, 403)},
    "care/notifications/unsubscribe": {"POST": row(302, 200, 403, 200, 403)},
    "care/sw.js": {"GET": row(200, 200, 200, 200, 200)},  # the portal's service worker: no data
    "care/shares/<uuid:share_id>/accept": {"POST": row(302, 404, 403, 302, 403)},
    "care/patients/<uuid:patient_id>/": {"GET": row(302, 404, 403, 200, 403)},
    "care/patients/<uuid:patient_id>/summaries/": {"POST": row(302, 404, 403, 302, 403)},
    "care/patients/<uuid:patient_id>/summaries/<uuid:summary_id>/pdf": {"GET": row(302, 404, 403, 200, 403)},
}

# Callers allowed to see alice's data on a route (the owner; carol through her share).
MAY_SEE_ALICE = {"owner", "clinician_shared"}


def matrix_gaps(found: dict[str, set[str] | None], table: dict = MATRIX) -> list[str]:
    """What the table lacks: a route, a method the view implements, or a caller's row."""
    gaps = []
    for route, methods in sorted(found.items()):
        if route not in table:
            gaps.append(f"{route}: no case")
            continue
        for method in sorted(methods or ()):
            if method not in table[route]:
                gaps.append(f"{route} {method}: no case")
        for method, expected in table[route].items():
            missing = set(ROLES) - set(expected)
            if missing:
                gaps.append(f"{route} {method}: no case for {', '.join(sorted(missing))}")
    return gaps


def body_for(route: str, method: str, world: World) -> dict | None:
    if method == "GET":
        return None
    if route == "api/v1/me/" and method == "DELETE":
        return {"password": PASSWORD}
    if route == "api/v1/me/" and method == "PATCH":
        return {"display_name": "Changed"}
    if route.endswith("checkins/") and method == "PATCH":
        return {"enabled": False}
    if route.startswith("api/v1/assessments/") and method == "PATCH":
        return {"answers": [1, 2, 3]}
    if method == "PATCH":
        return {"notes": "changed by someone"}
    if route == "care/notifications/subscribe":
        return {"endpoint": f"https://fcm.googleapis.com/fcm/send/{uuid.uuid4()}", "keys": push_keys()}
    if route == "care/notifications/unsubscribe":
        return {"endpoint": "https://fcm.googleapis.com/fcm/send/a-clinician-laptop"}
    if route == "api/v1/push-subscriptions/":
        return {"endpoint": f"https://fcm.googleapis.com/fcm/send/{uuid.uuid4()}", "keys": push_keys()}
    if route.endswith(("episodes/",)):
        return {"treatment": "ketamine", "condition": "crps", "title": "New", "started_on": "2026-03-01"}
    if route.endswith("administrations/"):
        episode = str(world.records["episode"].pk)
        return {"episode": episode, "administered_at": "2026-03-04T10:00:00+00:00", "route": "iv_infusion"}
    if route.endswith("entries/"):
        return {"recorded_at": "2026-03-04T08:30:00+00:00", "pain_now": 5}
    if route == "api/v1/assessments/":
        return {"completed_at": "2026-03-04T20:00:00+00:00", "instrument": "peg", "answers": [5, 5, 5]}
    if route.endswith("medications/"):
        return {"taken_at": "2026-03-04T08:00:00+00:00", "drug": "morphine", "dose": 10, "unit": "mg"}
    if route.endswith("sync/push"):
        return {"client_id": "9f0e7c9a-2b7e-4c1e-9d55-0a1b2c3d4e5f", "mutations": []}
    if route == "api/v1/shares/":
        return {"clinician_email": "new@clinic.example.com", "scope": "summary"}
    if route.endswith("import/"):
        return {"entries": [{"recorded_at": "2026-03-05T08:30:00+00:00", "pain_now": 4}]}
    return {}


def _state(world: World) -> tuple:
    """What a refused (or other) caller must not change about alice."""
    alice_exists = type(world.alice).objects.filter(pk=world.alice.pk).exists()
    world.share.refresh_from_db()
    seen = RedFlagAcknowledgement.objects.filter(red_flag__patient=world.alice).count()
    return (alice_exists, current_version(world.alice.pk), world.share.revoked_at, seen)


def call(route: str, method: str, role: str, world: World):
    path = "/" + route
    for name, value in kwargs_for(route, world).items():
        path = path.replace(f"<uuid:{name}>", value)
    client = client_as(users(world)[role])
    body = body_for(route, method, world)
    return (
        getattr(client, method.lower())(path, body, format="json")
        if body is not None
        else getattr(client, method.lower())(path)
    )


def run_case(route: str, method: str, world: World, table: dict = MATRIX) -> list[str]:
    """Call `route` with `method` as each caller (owner last); return every failure found."""
    failures = []
    extras(world)  # made before the first call, so no caller's state check sees them appear
    for role in ROLES:
        expected = table[route][method][role]
        before = _state(world)
        response = call(route, method, role, world)
        label = f"{method} /{route} as {role}"
        if response.status_code != expected:
            failures.append(f"{label}: {response.status_code}, expected {expected}")
        content = b"" if response.streaming else response.content
        if role not in MAY_SEE_ALICE and content:
            leaked = [mark for mark in marks(world) if mark.encode() in content]
            if leaked:
                failures.append(f"{label}: response shows alice's data ({', '.join(leaked)})")
        if role not in MAY_SEE_ALICE and _state(world) != before:
            failures.append(f"{label}: changed alice's data")
    return failures
