"""A real `lifelong serve --production` (gunicorn, production settings) on the test database."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT, _free_port, database_url_for_processes

FORWARDED_HTTPS = {"X-Forwarded-Proto": "https"}  # as the https proxy in front of the server sends it


def production_env(port: int | None = None, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LIFELONG_PRODUCTION", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update({"DATABASE_URL": database_url_for_processes(), "SECRET_KEY": secrets.token_urlsafe(50)})
    if port:
        env.update({"PORT": str(port), "WEB_CONCURRENCY": "2",
                    # the browser speaks plain http to 127.0.0.1 while the header says https (as behind a proxy)
                    "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}"})
    env.update(extra)
    return env


def get(url: str, headers: dict | None = None, timeout: float = 30):
    """(status, headers, body) without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


@pytest.fixture(scope="session")
def production_url(django_db_setup, django_db_blocker):
    port = _free_port()
    log = open(ROOT / "var" / f"e2e-production-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "lifelong.cli", "serve", "--production", "--host", "127.0.0.1"],
                            env=production_env(port), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if get(base + "/healthz", timeout=2)[0] == 200:
                break
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError(f"the production server stopped; see {log.name}")
    else:
        proc.kill()
        raise RuntimeError(f"the production server did not start; see {log.name}")
    for _ in range(2):  # warm both workers' search indexes
        get(base + "/esco/?q=warm", FORWARDED_HTTPS, timeout=120)
    yield base
    proc.terminate()
    proc.wait(timeout=30)
    log.close()
