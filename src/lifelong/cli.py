"""The ``lifelong`` command.

Each domain adds its own sub-commands in ``<app>/cli.py`` through
``register(subparsers)``; list the module in ``COMMAND_MODULES``. Commands that
need the database call ``setup_django()`` first; pure engines do not.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = [
    "lifelong.taxonomy.cli",
    "lifelong.demo.cli",
    "lifelong.forecasts.cli",
    "lifelong.accounts.cli",
    "lifelong.vacancies.cli",
    "lifelong.catalogue.cli",
    "lifelong.actionplan.cli",
    "lifelong.dashboard.cli",
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
    import django

    django.setup()


def _serve(args) -> int:
    if args.production:
        return _serve_production(args)
    setup_django()
    from django.core.management import call_command

    from lifelong.catalogue import search_index

    port = str(args.port or os.environ.get("PORT", "8000"))
    search_index.refresh_in_background()  # the compass's search index, ready before the first searches
    call_command("runserver", f"{args.host or '127.0.0.1'}:{port}", use_reloader=False)
    return 0


def _serve_production(args) -> int:
    """gunicorn on $PORT with the production settings; never without a SECRET_KEY."""
    if not os.environ.get("SECRET_KEY", "").strip():
        print("lifelong: error: SECRET_KEY ontbreekt: zet een lange, geheime SECRET_KEY voor een productieserver "
              "(SECRET_KEY is required for serve --production).", file=sys.stderr)
        return 2
    os.environ["DEBUG"] = "0"  # a production server never shows debug pages
    os.environ["LIFELONG_PRODUCTION"] = "1"  # the settings' production block (secure cookies, HSTS, CSP …)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
    port = str(args.port or os.environ.get("PORT", "8000"))
    host = args.host or "0.0.0.0"
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:lifelong.config.gunicorn",
            "--bind", f"{host}:{port}", "lifelong.config.wsgi:application"]
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # the process becomes gunicorn's master: signals reach it directly


def _worker(args) -> int:
    setup_django()
    from django.core.management import call_command

    if not args.batch:  # a worker that stays up also runs the nightly expiry of holds and rights
        from lifelong.accounts.tasks import schedule_daily_expiry

        schedule_daily_expiry()
    # never the autoreloader (db_worker's default under DEBUG): it cannot restart a worker started as
    # `python -c …` (as `lifelong demo up` does), and a job must not be cut off by a code reload
    call_command("db_worker", batch=args.batch, reload=False)
    return 0


def _backup(args) -> int:
    setup_django()
    from lifelong import backup

    seconds = backup.backup(args.path, url=args.database_url)
    print(f"backup written to {args.path} ({args.path.stat().st_size / 1e6:.1f} MB, {seconds:.1f} s)")
    return 0


def _restore(args) -> int:
    setup_django()
    from lifelong import backup

    seconds = backup.restore(args.path, url=args.database_url, jobs=args.jobs)
    connection = backup.connect(args.database_url)
    try:
        counts, problems = backup.row_counts(connection), backup.ledger_problems(connection)
    finally:
        connection.close()
    print(f"restored {args.path} in {seconds:.1f} s: {len(counts)} tables, {sum(counts.values()):,} rows "
          f"({counts.get('people_person', 0):,} people, {counts.get('accounts_ledgerentry', 0):,} ledger entries)")
    if problems:
        for name, count in problems.items():
            print(f"lifelong: error: the restored ledger has {count} {name}", file=sys.stderr)
        return 1
    print("ledger checked: every transaction balances, every balance equals its entries")
    return 0


def _manage(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lifelong manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lifelong", description="Open platform for lifelong learning in Flanders.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the web platform (development server; --production: gunicorn)")
    serve.add_argument("--host", help="default 127.0.0.1 (development) or 0.0.0.0 (--production)")
    serve.add_argument("--production", action="store_true",
                       help="gunicorn with the production settings (needs SECRET_KEY; workers: $WEB_CONCURRENCY)")
    serve.add_argument("--port", type=int, help="default $PORT or 8000")
    serve.set_defaults(func=_serve)

    worker = sub.add_parser("worker", help="run the background worker (database-backed task queue)")
    worker.add_argument("--batch", action="store_true", help="run the queued jobs, then stop (for cron or tests)")
    worker.set_defaults(func=_worker)

    from pathlib import Path

    for name, func, text in (("backup", _backup, "write the whole database to one file (pg_dump / SQLite backup)"),
                             ("restore", _restore, "load a backup into the database, then check the ledger")):
        command = sub.add_parser(name, help=text)
        command.add_argument("path", type=Path)
        command.add_argument("--database-url", help="another database than $DATABASE_URL (e.g. a fresh one)")
        if name == "restore":
            command.add_argument("--jobs", type=int, default=2, help="parallel pg_restore jobs (PostgreSQL)")
        command.set_defaults(func=func)

    manage = sub.add_parser("manage", help="Django management commands (migrate, createsuperuser …)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_manage)

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except (FileNotFoundError, ValueError) as exc:
        print(f"lifelong: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
