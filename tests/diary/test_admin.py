"""The admin does not show diaries to staff; superusers see them read-only."""

import pytest
from django.test import Client

from accounts.services import user_create
from diary.services import record_create

ENTRY = {"recorded_at": "2026-05-01T08:00:00+01:00", "pain_now": 6, "notes": "private words"}


@pytest.fixture
def entry(alice):
    return record_create(patient_id=alice.pk, entity="entry", data=ENTRY)


def admin_client(*, superuser: bool) -> Client:
    user = user_create(email=f"admin{superuser}@example.com", password="admin-password-1", role="patient")
    user.is_staff, user.is_superuser = True, superuser
    user.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_staff_who_are_not_superusers_cannot_see_diary_content(entry):
    client = admin_client(superuser=False)
    assert "Entries" not in client.get("/admin/").content.decode()
    assert client.get("/admin/diary/entry/").status_code == 403
    assert client.get(f"/admin/diary/entry/{entry.pk}/change/").status_code == 403


@pytest.mark.django_db
def test_superusers_see_diary_content_read_only(entry):
    client = admin_client(superuser=True)
    assert client.get("/admin/diary/entry/").status_code == 200
    page = client.get(f"/admin/diary/entry/{entry.pk}/change/")
    assert page.status_code == 200 and "private words" in page.content.decode()
    response = client.post(f"/admin/diary/entry/{entry.pk}/change/", {"pain_now": 0})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.pain_now == 6
    assert client.post(f"/admin/diary/entry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
