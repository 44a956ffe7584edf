"""`lifelong backup PATH` and `lifelong restore PATH`: the whole database in one file and back.

PostgreSQL: pg_dump's custom format (compressed, restorable table by table) and pg_restore into an empty
database. SQLite: the online backup API (consistent while the server and worker keep writing) to a copy
file, and back. After a restore the ledger's invariants are checked and the row counts printed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

# every transaction's entries add up to zero; every account's balance equals the sum of its entries
LEDGER_CHECKS = {
    "unbalanced transactions": """SELECT COUNT(*) FROM (SELECT transaction_id FROM accounts_ledgerentry
                                  GROUP BY transaction_id HAVING SUM(amount) <> 0) t""",
    "balances that differ from their entries": """SELECT COUNT(*) FROM accounts_ledgeraccount a LEFT JOIN
                                  (SELECT account_id, SUM(amount) AS total FROM accounts_ledgerentry GROUP BY account_id) e
                                  ON e.account_id = a.id WHERE a.balance <> COALESCE(e.total, 0)""",
}


def _database(url: str | None = None) -> dict:
    import dj_database_url
    from django.conf import settings

    return dj_database_url.parse(url) if url else settings.DATABASES["default"]


def _pg_env(db: dict) -> dict:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db: dict) -> list[str]:
    return ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def backup(path: Path, url: str | None = None) -> float:
    """Write the database to ``path``; returns the seconds it took."""
    db, started = _database(url), time.perf_counter()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if "postgresql" in db["ENGINE"]:
        subprocess.run([_tool("pg_dump"), *_pg_args(db), "--format=custom", "--no-owner", "--file", str(path),
                        db["NAME"]], env=_pg_env(db), check=True)
    else:
        _sqlite_copy(db["NAME"], path)
    return time.perf_counter() - started


def _sqlite_copy(source_path, target_path) -> None:
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def restore(path: Path, url: str | None = None, jobs: int = 2) -> float:
    """Load ``path`` into the (empty, or to be replaced) database; returns the seconds it took."""
    db, started = _database(url), time.perf_counter()
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no backup at {path}")
    if "postgresql" in db["ENGINE"]:
        subprocess.run([_tool("pg_restore"), *_pg_args(db), "--no-owner", "--clean", "--if-exists",
                        f"--jobs={jobs}", "--exit-on-error", "--dbname", db["NAME"], str(path)],
                       env=_pg_env(db), check=True)
    else:
        _sqlite_copy(path, db["NAME"])
    return time.perf_counter() - started


def connect(url: str | None = None):
    db = _database(url)
    if "postgresql" in db["ENGINE"]:
        import psycopg

        return psycopg.connect(host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
                               user=db.get("USER") or "postgres", password=db.get("PASSWORD") or None,
                               dbname=db["NAME"])
    return sqlite3.connect(db["NAME"])


def row_counts(connection) -> dict[str, int]:
    cursor = connection.cursor()
    if isinstance(connection, sqlite3.Connection):
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    tables = sorted(r[0] for r in cursor.fetchall())
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def ledger_problems(connection) -> dict[str, int]:
    cursor = connection.cursor()
    problems = {}
    for name, sql in LEDGER_CHECKS.items():
        cursor.execute(sql)
        problems[name] = cursor.fetchone()[0]
    return {k: v for k, v in problems.items() if v}
