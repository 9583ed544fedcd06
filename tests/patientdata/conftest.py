"""The export tests use the three-week diary of the care tests (tests/care/conftest.py)."""

from tests.care.conftest import alice_diary  # noqa: F401  (a fixture)
