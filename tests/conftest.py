"""Shared fixtures: the alice/bob/charlie cast, API clients, and the CI rule that no test skips.

Markers `postgres` and `redis` name tests that need a real service. Without the service
they are skipped on a developer's machine and deselected in CI (`CI=true`), where the pass
that has the service must run them: under CI any skip is turned into a failure.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Role, User
from accounts.services import user_create

# The session's Chromium (`browser`), for tests/e2e and the screenshot tests elsewhere.
pytest_plugins = ["tests.browser"]

IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "correct-horse-battery"


def _service_available(marker: str) -> bool:
    if marker == "postgres":
        return connection.vendor == "postgresql"
    if marker == "redis":
        return bool(settings.REDIS_URL)
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and not _service_available("postgres"):
        raise pytest.UsageError("DATABASE_URL names PostgreSQL but the tests are not running on it")
    keep, deselected = [], []
    for item in items:
        missing = [
            m for m in ("postgres", "redis") if item.get_closest_marker(m) and not _service_available(m)
        ]
        if not missing:
            keep.append(item)
        elif IN_CI:
            deselected.append(item)
        else:
            item.add_marker(pytest.mark.skip(reason=f"needs {' and '.join(missing)}"))
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = keep


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI=true, which is a failure here: {report.longrepr}"


@pytest.fixture(autouse=True)
def _fresh_cache_and_eager_tasks(request: pytest.FixtureRequest):
    """Every test starts with empty rate-limit counters and runs tasks in-process.

    Redis is cleared. The database cache table is not a model, so the flush after a test
    that commits (a live server's) leaves its counters behind: a test using the database
    (by fixture or by marker) empties the table first, inside its transaction if it has one.
    A test that starts a real worker turns eager mode off itself.
    """
    from config.celery_app import app

    if settings.REDIS_URL:
        cache.clear()
    else:
        uses_database = request.node.get_closest_marker("django_db") is not None  # set up already
        for database in ("transactional_db", "db"):
            if database in request.fixturenames:
                request.getfixturevalue(database)
                uses_database = True
                break
        if uses_database:
            cache.clear()
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


def make_user(email: str, role: str = Role.PATIENT, **fields) -> User:
    return user_create(email=email, password=PASSWORD, role=role, **fields)


@pytest.fixture
def alice(db) -> User:
    """A patient: the owner of the records under test."""
    return make_user("alice@example.com", display_name="Alice", timezone="Europe/London")


@pytest.fixture
def bob(db) -> User:
    """Another patient: must never see alice's records."""
    return make_user("bob@example.com", display_name="Bob")


@pytest.fixture
def carol(db) -> User:
    """A clinician."""
    return make_user("carol@clinic.example.com", role=Role.CLINICIAN, display_name="Dr Carol")


@pytest.fixture
def api() -> APIClient:
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`on_commit(fn)`: call fn, then run what it queued on commit (Celery tasks run eagerly)."""

    def run(fn):
        with django_capture_on_commit_callbacks(execute=True):
            return fn()

    return run


@pytest.fixture
def client_for():
    """`client_for(user)`: an API client signed in as that user (session cookie)."""

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make
