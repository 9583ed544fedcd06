"""/readyz against a real gunicorn process: it names the services that do not answer."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

from tests.blackbox.server import ROOT, free_port, running_server


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_readyz_names_the_broker_when_redis_is_configured_but_down(tmp_path):
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": dead_redis}
    with running_server(env) as base:
        assert get(f"{base}/healthz") == (200, {"status": "ok"})
        status, body = get(f"{base}/readyz")
    assert status == 503
    assert "broker" in body["down"]
    assert "cache" in body["down"]
    assert "database" not in body["down"]


def test_readyz_is_ok_on_the_embedded_default(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
        "CELERY_FILESYSTEM_DIR": str(tmp_path / "celery"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        check=True,
    )
    with running_server(env) as base:
        assert get(f"{base}/readyz") == (200, {"status": "ok"})
