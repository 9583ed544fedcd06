"""The language of the API's answers (docs/translating.md § The request's language).

API requests: Accept-Language when it names a language we offer, else the signed-in user's
choice (`me/`'s `language`), else English. Pages: the user's choice first, then the header.
Error codes and field names never change with the language; only `detail` does.
"""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from accounts.user_cache import user_cache_refresh
from tests.accounts.signin import app_login

pytestmark = pytest.mark.django_db

ENTRIES = "/api/v1/entries/"
BAD_ENTRY = {"pain_now": 11}  # out of range, and recorded_at missing


def es(msgid: str, **params) -> str:
    """`msgid` as the Spanish catalogues have it (params filled in)."""
    with translation.override("es"):
        text = translation.gettext(msgid)
    assert text != msgid, f"not translated: {msgid!r}"
    return text % params if params else text


ES_REQUIRED = es("This field is required.")
ES_AT_MOST_10 = es("Ensure this value is less than or equal to %(limit_value)s.", limit_value=10)


def errors(response) -> list[tuple[str, str, str]]:
    """(attr, code, detail) of each error of a 400 answer, in order."""
    assert response.status_code == 400, response.content
    return [(e["attr"], e["code"], e["detail"]) for e in response.json()["errors"]]


def chose(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


# --- me/ language ------------------------------------------------------------------------


def test_me_shows_null_until_a_language_is_chosen_and_null_goes_back(alice, client_for):
    client = client_for(alice)
    assert client.get("/api/v1/me/").json()["language"] is None

    assert client.patch("/api/v1/me/", {"language": "es"}).json()["language"] == "es"
    assert client.get("/api/v1/me/").json()["language"] == "es"
    alice.refresh_from_db()
    assert alice.language == "es"

    assert client.patch("/api/v1/me/", {"language": None}, format="json").json()["language"] is None
    alice.refresh_from_db()
    assert alice.language == ""


@pytest.mark.parametrize(
    "value", ["fr", "EN", "Es", "es-ES", "EN-gb", "", "es\x00", 1, True, ["es"], {"code": "es"}]
)
def test_me_refuses_anything_but_an_offered_code_naming_language(alice, client_for, value):
    client = client_for(alice)
    client.patch("/api/v1/me/", {"language": "en"}, format="json")

    response = client.patch("/api/v1/me/", {"language": value}, format="json")

    assert [(attr, code) for attr, code, _ in errors(response)] == [("language", "invalid_choice")]
    alice.refresh_from_db()
    assert alice.language == "en"


def test_a_refused_language_leaves_the_rest_of_the_patch_undone(alice, client_for):
    response = client_for(alice).patch("/api/v1/me/", {"display_name": "Al", "language": "xx"}, format="json")

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.display_name != "Al"


def test_a_refused_timezone_leaves_the_language_unchanged(alice, client_for):
    response = client_for(alice).patch(
        "/api/v1/me/", {"timezone": "Mars/Olympus", "language": "es"}, format="json"
    )

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.language == ""


# --- the request's language --------------------------------------------------------------


def test_an_api_answer_follows_accept_language(api):
    english = api.get("/api/v1/me/")
    spanish = api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")

    assert (english["Content-Language"], spanish["Content-Language"]) == ("en", "es")
    assert "Accept-Language" in spanish["Vary"]
    assert english.json()["errors"][0]["code"] == spanish.json()["errors"][0]["code"]
    expected = es("Authentication credentials were not provided.")
    assert spanish.json()["errors"][0]["detail"] == expected != english.json()["errors"][0]["detail"]


def test_the_first_offered_language_of_the_header_is_taken(api):
    assert (
        api.get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="fr-FR, de;q=0.8, es;q=0.5")["Content-Language"] == "es"
    )


def test_an_unoffered_header_falls_back_to_the_users_choice_then_english(alice, client_for):
    client = client_for(alice)
    assert client.get(ENTRIES, HTTP_ACCEPT_LANGUAGE="fr")["Content-Language"] == "en"

    chose(alice, "es")
    response = client.get(ENTRIES, HTTP_ACCEPT_LANGUAGE="fr")

    assert response["Content-Language"] == "es"
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


def test_for_the_api_the_header_wins_over_the_choice(alice, client_for):
    chose(alice, "es")
    assert client_for(alice).get(ENTRIES, HTTP_ACCEPT_LANGUAGE="en-GB")["Content-Language"] == "en"


def test_an_app_token_without_the_header_gets_the_users_choice(alice, on_commit):
    chose(alice, "es")
    phone = on_commit(lambda: app_login(alice))

    response = phone.get(ENTRIES)

    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    assert "X-Session-Token" in response["Vary"]
    assert phone.get(ENTRIES, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"


def test_a_page_follows_the_users_choice_over_the_header(alice):
    browser = Client()
    assert browser.get("/", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "es"
    assert browser.get("/")["Content-Language"] == "en"

    chose(alice, "es")
    browser.force_login(alice)
    response = browser.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "es"
    assert "Cookie" in response["Vary"]


def test_the_sign_in_page_speaks_the_headers_language():
    page = Client().get("/admin/login/", HTTP_ACCEPT_LANGUAGE="es", follow=True)
    assert page.status_code == 200
    assert page["Content-Language"] == "es"
    assert "Iniciar sesión" in page.content.decode()


# --- validation errors: Spanish detail, the same codes and fields -----------------------


def test_a_bad_entry_is_refused_in_spanish_with_the_same_codes_and_fields(alice, client_for):
    client = client_for(alice)
    english = errors(client.post(ENTRIES, BAD_ENTRY, format="json"))
    spanish = errors(client.post(ENTRIES, BAD_ENTRY, format="json", HTTP_ACCEPT_LANGUAGE="es"))

    assert [(attr, code) for attr, code, _ in spanish] == [(attr, code) for attr, code, _ in english]
    assert sorted(detail for *_, detail in spanish) == sorted([ES_REQUIRED, ES_AT_MOST_10])
    assert all(e[2] != s[2] for e, s in zip(english, spanish, strict=True))


def test_a_patient_who_chose_spanish_gets_spanish_without_the_header(alice, client_for):
    chose(alice, "es")
    spanish = errors(client_for(alice).post(ENTRIES, BAD_ENTRY, format="json"))
    assert sorted(detail for *_, detail in spanish) == sorted([ES_REQUIRED, ES_AT_MOST_10])


def test_an_unoffered_language_falls_back_to_english(alice, client_for):
    french = errors(client_for(alice).post(ENTRIES, BAD_ENTRY, format="json", HTTP_ACCEPT_LANGUAGE="fr"))
    assert "This field is required." in [detail for *_, detail in french]


def test_a_rule_between_fields_is_refused_in_spanish(alice, client_for):
    body = {"recorded_at": "2026-03-03T08:30:00+01:00", "pain_now": 5, "pain_least": 7, "pain_worst": 3}
    spanish = errors(client_for(alice).post(ENTRIES, body, format="json", HTTP_ACCEPT_LANGUAGE="es"))
    assert spanish == [
        (
            "pain_worst",
            "invalid",
            es("Worst pain cannot be below least pain (least ≤ average ≤ worst)."),
        )
    ]


def test_a_rejected_sync_mutation_carries_spanish_messages_and_the_same_codes(alice, client_for):
    def push(client: APIClient, **headers) -> dict:
        mutation = {
            "mid": 1,
            "entity": "entry",
            "op": "upsert",
            "id": str(uuid.uuid4()),
            "base_version": None,
            "data": {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 11},
        }
        body = {"client_id": str(uuid.uuid4()), "mutations": [mutation]}
        response = client.post("/api/v1/sync/push", body, format="json", **headers)
        assert response.status_code == 200, response.content
        return response.json()["results"][0]

    client = client_for(alice)
    english, spanish = push(client), push(client, HTTP_ACCEPT_LANGUAGE="es")

    assert english["status"] == spanish["status"] == "rejected"
    assert [(e["attr"], e["code"]) for e in spanish["errors"]] == [
        (e["attr"], e["code"]) for e in english["errors"]
    ]
    assert [e["detail"] for e in spanish["errors"]] == [ES_AT_MOST_10]


def test_a_not_found_is_told_in_spanish(alice, client_for):
    response = client_for(alice).get(f"{ENTRIES}{uuid.uuid4()}/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert response.json()["errors"][0]["detail"] == es("Not found.")


def test_the_choice_rides_in_the_sign_in_cache_at_no_query(alice, on_commit):
    """The user's row in the sign-in cache carries `language`: a warm request asks nothing."""
    on_commit(lambda: user_cache_refresh(alice.pk))
    phone = on_commit(lambda: app_login(alice))
    on_commit(lambda: phone.patch("/api/v1/me/", {"language": "es"}, format="json"))
    phone.get(ENTRIES)  # the last-use stamp, at most once a minute

    with CaptureQueriesContext(connection) as captured:
        response = phone.get(ENTRIES)

    assert response["Content-Language"] == "es"
    assert [q["sql"] for q in captured.captured_queries if '"accounts_user"' in q["sql"]] == []
