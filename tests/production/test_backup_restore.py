"""`lifelong backup` and `lifelong restore`: the test database (ESCO, the demo, its ledger) into a fresh database,
with the same rows in every table and a ledger whose invariants hold (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from lifelong import backup
from tests.conftest import database_url_for_processes


def run(*args, **env):
    environment = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url_for_processes(), **env}
    return subprocess.run([sys.executable, "-m", "lifelong.cli", *args], env=environment, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture
def fresh_database(django_db_setup, tmp_path):
    source = database_url_for_processes()
    if source.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg

    base, name = source.rsplit("/", 1)
    fresh = f"{name}_restored"
    admin = psycopg.connect(base.replace("postgres://", "postgresql://") + "/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    admin.execute(f'CREATE DATABASE "{fresh}"')
    yield f"{base}/{fresh}"
    admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
    admin.close()


def test_backup_restores_into_a_fresh_database_with_every_row_and_a_sound_ledger(fresh_database, tmp_path):
    path = tmp_path / "lifelong.backup"
    made = run("backup", str(path))
    assert made.returncode == 0, made.stderr
    assert path.stat().st_size > 1_000_000  # ESCO alone is more than that

    restored = run("restore", str(path), "--database-url", fresh_database)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "ledger checked" in restored.stdout

    source, target = backup.connect(database_url_for_processes()), backup.connect(fresh_database)
    try:
        before, after = backup.row_counts(source), backup.row_counts(target)
        assert after == before
        assert after["accounts_ledgerentry"] > 0 and after["people_person"] > 0 and after["taxonomy_concept"] > 18_000
        assert backup.ledger_problems(target) == {}

        # the check is real: one balance off by one cent is found (and restore would exit 1)
        cursor = target.cursor()
        cursor.execute("UPDATE accounts_ledgeraccount SET balance = balance + 1 WHERE id = "
                       "(SELECT MIN(account_id) FROM accounts_ledgerentry)")
        target.commit()
        assert backup.ledger_problems(target) == {"balances that differ from their entries": 1}
    finally:
        source.close()
        target.close()


def test_restore_of_a_missing_file_says_so(django_db_setup, tmp_path):
    result = run("restore", str(tmp_path / "nothing.backup"), "--database-url", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert result.returncode == 2 and "no backup at" in result.stderr and "Traceback" not in result.stderr
