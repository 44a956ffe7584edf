"""Every command in README "Other commands" runs as written, as a new user would after `make demo`:
from the project folder, on the demo's database (var/lifelong.sqlite3), with no SECRET_KEY, no DEBUG and no
DATABASE_URL in the environment. The README block is parsed, so README and reality stay in step."""

from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, database_url_for_processes

pytestmark = pytest.mark.django_db

LIFELONG = Path(sys.executable).parent / "lifelong"
FIXTURES = {  # input files the commands name, as small as they can be
    "H.csv": "series_id,period,value\n" + "".join(f"a,2023-{m:02d},{10 + m}\n" for m in range(1, 13))
    + "".join(f"a,2024-{m:02d},{12 + m}\n" for m in range(1, 13)),
    "ADS.jsonl": json.dumps({"id": "readme-1", "title": "Heftruckchauffeur", "description":
                             "Je bestuurt een heftruck en laadt vrachtwagens.", "postcode": "9000",
                             "posted": "2026-11-02", "language": "nl"}) + "\n",
}


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = re.search(r"## Other commands\s*```\n(.*?)```", text, re.S).group(1)
    commands = []
    for line in block.splitlines():
        line = line.split("  #", 1)[0].strip()
        if not line.startswith(".venv/bin/lifelong"):
            continue  # make targets have their own tests
        line = re.sub(r"\s*\[[^\]]*\]", "", line)  # optional parts
        line = re.sub(r"(\S+)\|\S+", lambda m: m.group(1).split("|")[0], line)  # a|b|c → a
        commands.append(line)
    return commands


def test_the_readme_lists_the_commands():
    commands = readme_commands()
    assert len(commands) >= 8
    assert any("skills search" in c for c in commands)


@pytest.fixture
def demo_home(tmp_path, django_db_blocker):
    """A project folder as `make demo` leaves it: var/lifelong.sqlite3 holds ESCO and the demo."""
    from django.db import connection

    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "LIFELONG_HOME", "DJANGO_SETTINGS_MODULE"}}
    (tmp_path / "var").mkdir()
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock():
            source = sqlite3.connect(connection.settings_dict["NAME"])
            target = sqlite3.connect(tmp_path / "var" / "lifelong.sqlite3")
            source.backup(target)
            source.close()
            target.close()
    else:  # PostgreSQL runs need their database named (docs/operations.md); the commands are the same
        env["DATABASE_URL"] = database_url_for_processes()
    for name, content in FIXTURES.items():
        (tmp_path / name).write_text(content)
    return tmp_path, env


def _scratch_postgres(url: str) -> str:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}_readme"')
        conn.execute(f'CREATE DATABASE "{name}_readme"')
    return f"{base}/{name}_readme"


def _drop_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs_as_written(command, demo_home):
    home, env = demo_home
    argv = shlex.split(command)
    argv[0] = str(LIFELONG)
    if argv[1:3] == ["taxonomy", "import"]:
        argv.append("--no-embeddings")  # the label embeddings are cached already; keep the run short
    scratch = None
    if argv[1] == "restore":  # a new user restores what `lifelong backup` (the line above it) wrote
        made = subprocess.run([argv[0], "backup", argv[2]], cwd=home, env=env, capture_output=True, text=True,
                              timeout=900)
        assert made.returncode == 0, made.stderr[-3000:]
        if env.get("DATABASE_URL"):  # never over the shared test database: into a scratch one (the optional flag)
            scratch = _scratch_postgres(env["DATABASE_URL"])
            argv += ["--database-url", scratch]
    try:
        proc = subprocess.run(argv, cwd=home, env=env, capture_output=True, text=True, timeout=900)
    finally:
        if scratch:
            _drop_postgres(scratch)
    assert proc.returncode == 0, f"{command}\n{proc.stderr[-3000:]}"
    assert "Traceback" not in proc.stderr and "ImproperlyConfigured" not in proc.stderr
    assert proc.stdout.strip() or any(a.endswith(".csv") for a in argv), command
    for out in (a for i, a in enumerate(argv) if argv[i - 1] == "--output"):
        assert (home / out).stat().st_size > 0
    secret = home / "var" / "local-secret-key"
    if env.get("DATABASE_URL") is None and argv[1] != "--help":
        assert secret.exists() and oct(secret.stat().st_mode & 0o777) == "0o600"


def test_a_missing_setting_is_one_clear_line(tmp_path):
    """A production command without SECRET_KEY is refused in one line, not a traceback."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["LIFELONG_PRODUCTION"] = "1"
    proc = subprocess.run([str(LIFELONG), "skills", "search", "lassen"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "SECRET_KEY" in lines[0], proc.stderr
    assert not (tmp_path / "var" / "local-secret-key").exists()


def test_wsgi_still_refuses_to_start_without_a_secret(tmp_path):
    """The local secret is the command line's: the web server's entry point still needs SECRET_KEY."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    proc = subprocess.run([sys.executable, "-c", "import lifelong.config.wsgi"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0 and "SECRET_KEY must be set" in proc.stderr


def test_an_empty_database_says_what_to_do(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    proc = subprocess.run([str(LIFELONG), "skills", "search", "lassen"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "make demo" in proc.stderr
