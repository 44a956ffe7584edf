"""Backup and restore time (issue 20): `lifelong backup` then `lifelong restore` into a fresh database.

    BACKUP_DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB python benchmarks/bench_backup.py
The issue's figure is a database of 1,000,000 people (benchmarks/bench_accounts.py builds one); the
figure in benchmarks/results/backup.json says how many people the measured database held.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import report  # noqa: E402

URL = os.environ.get("BACKUP_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lifelong")


def lifelong(*args, url=URL):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": url}
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "lifelong.cli", *args], env=env, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(run.stdout + run.stderr)
    return time.perf_counter() - started, run.stdout


def main() -> int:
    import psycopg

    base, name = URL.rsplit("/", 1)
    fresh = f"{name}_bench_restore"
    with psycopg.connect(URL.replace("postgres://", "postgresql://")) as conn:
        people = conn.execute("SELECT COUNT(*) FROM people_person").fetchone()[0]
        entries = conn.execute("SELECT COUNT(*) FROM accounts_ledgerentry").fetchone()[0]
        size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    admin = psycopg.connect(base.replace("postgres://", "postgresql://") + "/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    admin.execute(f'CREATE DATABASE "{fresh}"')
    path = Path(tempfile.mkdtemp()) / "lifelong.backup"
    try:
        backup_s, _ = lifelong("backup", str(path))
        restore_s, out = lifelong("restore", str(path), "--database-url", f"{base}/{fresh}")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()
    load = os.getloadavg()
    rows = [{"people": people, "ledger_entries": entries, "database_mib": round(size / 2**20),
             "backup_mib": round(path.stat().st_size / 2**20, 1), "backup_s": round(backup_s, 1),
             "restore_and_check_s": round(restore_s, 1)}]
    report("backup", rows, notes=f"PostgreSQL, pg_dump custom format, pg_restore --jobs 2 plus the ledger check; "
           f"includes Python start-up (~2 s per command). Shared machine, load average {load[0]:.1f}. {out.strip()}",
           load_average=load)
    path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
