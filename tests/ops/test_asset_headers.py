"""The built PWA goes out compressed when the browser accepts it, and is cached by its kind:
hashed assets a year, the shell, the service worker and the manifest revalidated each time.

These read the real build (frontend/dist, which `make test` builds before the suite) through
Django's whole stack, WhiteNoise included, as a browser sending Accept-Encoding would.
"""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

IMMUTABLE = "public, max-age=31536000, immutable"
DECODERS = {"br": brotli.decompress, "gzip": gzip.decompress}


def dist_file(name: str) -> bytes:
    path = settings.FRONTEND_DIST / name.lstrip("/")
    if not path.is_file():
        pytest.skip("the PWA is not built: npm --prefix frontend run build")  # a failure under CI
    return path.read_bytes()


def shell_assets() -> list[str]:
    """The entry script and stylesheet index.html names (their names change every build)."""
    html = dist_file("index.html").decode()
    found = re.findall(r'(?:src|href)="(/assets/[^"]+\.(?:js|css))"', html)
    assert any(p.endswith(".js") for p in found) and any(p.endswith(".css") for p in found), html
    return found


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetch(client: Client, url: str, accept_encoding: str | None):
    headers = {} if accept_encoding is None else {"HTTP_ACCEPT_ENCODING": accept_encoding}
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response, body(response)


def decoded(response, raw: bytes) -> bytes:
    encoding = response.get("Content-Encoding")
    return DECODERS[encoding](raw) if encoding else raw


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),  # Chromium's header
        ("gzip", "gzip"),
        ("br", "br"),
        (None, None),
        ("identity", None),
    ],
)
def test_pwa_files_are_sent_in_the_encoding_the_browser_accepts(accept_encoding, expected):
    client = Client()
    for url, name in [("/", "index.html"), ("/sw.js", "sw.js")] + [(p, p) for p in shell_assets()]:
        original = dist_file(name)
        response, raw = fetch(client, url, accept_encoding)
        assert response.get("Content-Encoding") == expected, url
        assert "Accept-Encoding" in response["Vary"], url
        assert decoded(response, raw) == original, url  # the very bytes of the build
        if expected:
            assert len(raw) < len(original), url


def test_the_shell_view_honours_a_refused_coding():
    """`br;q=0` refuses brotli: the shell's view sends gzip instead."""
    response, raw = fetch(Client(), "/", "br;q=0, gzip")
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(raw) == dist_file("index.html")


@override_settings(WHITENOISE_ROOT=None)  # as when the app started before the build existed
@pytest.mark.parametrize(
    ("accept_encoding", "expected"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), (None, None)]
)
def test_service_worker_view_sends_it_compressed_too(accept_encoding, expected):
    response, raw = fetch(Client(), "/sw.js", accept_encoding)
    assert response.get("Content-Encoding") == expected
    assert decoded(response, raw) == dist_file("sw.js")
    assert "Accept-Encoding" in response["Vary"]
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"


def test_hashed_assets_are_kept_a_year_and_never_revalidated():
    client = Client()
    hashed = shell_assets()
    lazy = [p.name for p in (settings.FRONTEND_DIST / "assets").glob("*.js")]
    assert len(lazy) > len(hashed)  # the screens' chunks, loaded later, are hashed as well
    for url in hashed + [f"/assets/{name}" for name in lazy]:
        response, _ = fetch(client, url, "gzip, br")
        assert response["Cache-Control"] == IMMUTABLE, url


@pytest.mark.parametrize("url", ["/", "/index.html", "/sw.js", "/manifest.webmanifest"])
def test_shell_service_worker_and_manifest_are_revalidated(url):
    response, _ = fetch(Client(), url, "gzip, br")
    assert response["Cache-Control"] == "no-cache"


def test_icons_are_cached_briefly():
    """Unhashed names: a day, so a new icon reaches everyone within a day."""
    response, _ = fetch(Client(), "/icons/icon-192.png", "gzip, br")
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "Content-Encoding" not in response  # images are compressed already


def test_catalogue_is_gzipped_for_browsers_that_accept_it(api):
    """Every app start fetches the public catalogue (Lighthouse flagged it uncompressed)."""
    plain = api.get("/api/v1/catalog/")
    compressed = api.get("/api/v1/catalog/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert compressed["Cache-Control"] == "public, max-age=3600"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) * 4 < len(plain.content)
