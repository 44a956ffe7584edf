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
    "lifelong.organisations.cli",
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
    import django

    django.setup()


def _serve(args) -> int:
    setup_django()
    from django.core.management import call_command

    from lifelong.catalogue import search_index

    port = str(args.port or os.environ.get("PORT", "8000"))
    search_index.refresh_in_background()  # the compass's search index, ready before the first searches
    call_command("runserver", f"{args.host}:{port}", use_reloader=False)
    return 0


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


def _manage(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["lifelong manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lifelong", description="Open platform for lifelong learning in Flanders.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the web platform (development server)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, help="default $PORT or 8000")
    serve.set_defaults(func=_serve)

    worker = sub.add_parser("worker", help="run the background worker (database-backed task queue)")
    worker.add_argument("--batch", action="store_true", help="run the queued jobs, then stop (for cron or tests)")
    worker.set_defaults(func=_worker)

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
