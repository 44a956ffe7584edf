"""Shared fixtures: the test database holds the real (bundled) ESCO, imported once per run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Playwright's sync API keeps an event loop in the test thread; Django would then refuse ORM calls
# from that thread. The tests never share a connection with the loop, so allow it here (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """Import the bundled ESCO copy into the test database once (committed, shared by all tests)."""
    from django.test.utils import setup_databases, teardown_databases

    # pytest-django creates the test database only when a collected test asks for `db`; a run of browser
    # tests alone (they use committed data through a real server) needs it too.
    from pytest_django.fixtures import _get_databases_for_setup

    from lifelong.demo.services import create_demo_users, seed_demo
    from lifelong.taxonomy.competent import import_competent
    from lifelong.taxonomy.esco_files import BUNDLED
    from lifelong.taxonomy.models import CompetentCompetence, EscoVersion
    from lifelong.taxonomy.services import import_esco

    own = None
    aliases, _serialized = _get_databases_for_setup(request.session.items)
    if "default" not in aliases:
        with django_db_blocker.unblock():
            own = setup_databases(verbosity=0, interactive=False, aliases={"default"},
                                  keepdb=request.config.getoption("reuse_db"))
    if own is not None:
        request.addfinalizer(lambda: _teardown(own, django_db_blocker, request, teardown_databases))
    request.addfinalizer(lambda: _end_other_sessions(django_db_blocker))

    with django_db_blocker.unblock():
        if not EscoVersion.objects.exists():
            report = import_esco(path=BUNDLED)
            print(f"\n{report.summary()}")
        if not CompetentCompetence.objects.exists():
            print(f"\n{import_competent().summary()}")
        seed_demo(scale="small")
        create_demo_users()


def _end_other_sessions(blocker) -> None:
    """PostgreSQL refuses to drop a database someone is still connected to: end the sessions that threads,
    subprocesses or the browser tests' server left open, so the test database goes cleanly."""
    from django.db import connection
    from django.db.utils import InterfaceError, OperationalError

    if connection.vendor != "postgresql":
        return
    with blocker.unblock():
        for attempt in range(2):  # the session's own connection may have been dropped (a forked process): reconnect
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                return
            except (OperationalError, InterfaceError):
                connection.close()
                if attempt:
                    raise


def _teardown(config, blocker, request, teardown_databases):
    import warnings

    from django.db.utils import OperationalError

    if not request.config.getoption("reuse_db"):
        with blocker.unblock():
            try:
                teardown_databases(config, verbosity=0)
            except OperationalError as exc:  # as pytest-django does: a lingering connection is not a test failure
                warnings.warn(f"the test database was not removed: {exc}", stacklevel=1)


@pytest.fixture(autouse=True)
def _fresh_scheme_cache():
    """Each test starts without cached schemes: a scheme a rolled-back test made must not be remembered."""
    yield
    from lifelong.accounts.services import clear_scheme_cache

    clear_scheme_cache()


@pytest.fixture(scope="session")
def esco(django_db_setup, django_db_blocker):
    """Marker fixture: ESCO is loaded."""
    return True


def database_url_for_processes() -> str:
    """The test database as a DATABASE_URL, for the real processes (server, worker) a test starts."""
    from django.db import connection

    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    return (f"postgres://{settings_dict['USER'] or 'postgres'}@{settings_dict['HOST'] or '127.0.0.1'}:"
            f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(env: dict, log_name: str, *args: str, wait_seconds: float = 60):
    """A real `lifelong serve` process (extra ``args``) with ``env``, up once /healthz answers 200; stopped after."""
    port = _free_port()
    log = open(ROOT / "var" / f"{log_name}-{port}.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "lifelong.cli", "serve", "--port", str(port), *args],
                            env={**env, "PORT": str(port)}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + wait_seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        log.close()
        raise RuntimeError(f"server did not start; see {log.name}")
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def server_url(django_db_setup, django_db_blocker):
    """A real `lifelong serve` process on the test database (committed data only)."""
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1"}
    with running_server(env, "e2e-server") as base:
        # warm the search index so the first browser query is not the slow one
        urllib.request.urlopen(base + "/esco/?q=warm", timeout=120).read()
        yield base


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (never `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-BE")
    pg = context.new_page()
    yield pg
    context.close()


def approved(offer):
    """The secretariat approves what the offer's provider asked (learning rights, kinds of training; issue 19.2):
    for tests whose offers must count for the rights as their provider set them."""
    from lifelong.catalogue import eligibility
    from lifelong.users.models import User

    change = eligibility.pending_change(offer)
    if change is not None:
        secretariat = (User.objects.filter(role="secretariat", is_active=True).order_by("pk").first()
                       or User.objects.create_user("secretariaat-tests@example.test", None, role="secretariat"))
        eligibility.decide(user=secretariat, change=change, approve=True)
        offer.refresh_from_db()
    return offer
