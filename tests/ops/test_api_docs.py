"""`/api/docs/` (Swagger UI) loads only from this origin: files we serve, no CDN, no inline script."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_api_docs_reference_only_same_origin_files_we_serve():
    response = Client().get("/api/docs/")
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]*)"', html)

    assert response.status_code == 200
    assert len(references) >= 4  # stylesheet, two bundles, the start-up script (and the icon)
    for url in references:
        assert url.startswith("/") and not url.startswith("//"), url
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), f"{url} is not a file we serve"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script: the CSP blocks it"
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce and f'<style nonce="{nonce.group(1)}">' in html


def test_api_docs_start_up_script_is_served_as_javascript_naming_the_schema():
    html = Client().get("/api/docs/").content.decode()
    script_url = next(u for u in re.findall(r'src="([^"]*)"', html) if not u.startswith("/static/"))

    response = Client().get(script_url.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
