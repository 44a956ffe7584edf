"""Shared helpers for benchmarks: a printed table and a JSON file in benchmarks/results/.

Every benchmark calls ``report(name, rows, notes=…)``; the JSON records the
machine and the date so that figures from different machines are not mixed up.
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SHARED = Path(os.environ.get("LIFELONG_SHARED", ROOT.parent / "shared"))


def machine() -> dict:
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    except OSError:
        cpu = platform.processor()
    try:
        mem = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        mem = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": mem, "python": sys.version.split()[0],
            "platform": platform.platform()}


def table(rows: list[dict]) -> str:
    if not rows:
        return "(no rows)"
    cols = list(rows[0])
    width = {c: max(len(str(c)), *(len(_fmt(r.get(c))) for r in rows)) for c in cols}
    line = " | ".join(str(c).ljust(width[c]) for c in cols)
    sep = "-+-".join("-" * width[c] for c in cols)
    body = "\n".join(" | ".join(_fmt(r.get(c)).ljust(width[c]) for c in cols) for r in rows)
    return f"{line}\n{sep}\n{body}"


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    return "" if value is None else str(value)


def report(name: str, rows: list[dict], notes: str = "", **extra) -> Path:
    print(f"\n## {name}\n")
    print(table(rows))
    if notes:
        print(f"\n{notes}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {"benchmark": name, "date": datetime.now(UTC).isoformat(timespec="seconds"),
               "machine": machine(), "rows": rows, "notes": notes, **extra}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    print(f"\n→ {path.relative_to(ROOT)}")
    return path


def ensure_database(url: str) -> None:
    """Create a PostgreSQL benchmark database when it does not exist yet (SQLite files create themselves)."""
    if not url.startswith("postgres"):
        return
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(database_url: str | None = None) -> None:
    if database_url:
        ensure_database(database_url)
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT / "src"))
    from lifelong.cli import setup_django

    setup_django()
