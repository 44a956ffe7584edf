"""The ``lifelong`` command.

Each domain adds its own sub-commands in ``<app>/cli.py`` through
``register(subparsers)``; list the module in ``COMMAND_MODULES``. Commands that
need the database call ``setup_django()`` first; pure engines do not.
"""

from __future__ import annotations

import argparse
import importlib
import os
import secrets
import sys
from pathlib import Path

COMMAND_MODULES = [
    "lifelong.taxonomy.cli",
    "lifelong.demo.cli",
    "lifelong.forecasts.cli",
    "lifelong.accounts.cli",
    "lifelong.vacancies.cli",
    "lifelong.catalogue.cli",
    "lifelong.actionplan.cli",
    "lifelong.dashboard.cli",
    "lifelong.employers.cli",
]


LOCAL_SECRET_FILE = "local-secret-key"  # in <LIFELONG_HOME or the current folder>/var/, beside the demo's database


def _production(args) -> bool:
    """A command that serves the public (``serve --production``, or ``LIFELONG_PRODUCTION=1``) must have
    its own SECRET_KEY: it never gets the local one."""
    return bool(getattr(args, "production", False)) or os.environ.get("LIFELONG_PRODUCTION", "").strip().lower() in {
        "1", "true", "yes", "on"}


def use_local_secret(args) -> None:
    """Let the command line work on a local (demo) installation without configuration.

    When neither SECRET_KEY nor DEBUG is set and the command is not a production one, the command line
    uses a secret generated once and stored in ``var/local-secret-key`` (readable by its owner only).
    The settings themselves still refuse to start without SECRET_KEY when DEBUG is off, so a web
    server started through wsgi/asgi (gunicorn) or ``serve --production`` is never given this key.
    """
    if os.environ.get("SECRET_KEY") or _production(args):
        return
    if os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}:
        return  # the settings have their own demo key under DEBUG
    var = Path(os.environ.get("LIFELONG_HOME") or Path.cwd()) / "var"
    path = var / LOCAL_SECRET_FILE
    if not path.exists():
        var.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another command made it just now
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
    os.environ["SECRET_KEY"] = path.read_text().strip()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lifelong.config.settings")
    import django

    django.setup()


def _oidc_discovery_fails() -> bool:
    """With OIDC_ISSUER set, read the provider's discovery document before serving: one line and exit 2 when
    it cannot be read or does not describe that issuer (users/oidc_discovery.py)."""
    from django.conf import settings

    from lifelong.users import oidc_discovery

    if not (settings.OIDC_ENABLED and settings.OIDC_ISSUER):
        return False
    try:
        oidc_discovery.configure()
    except oidc_discovery.DiscoveryError as exc:
        print(f"lifelong: error: {exc}", file=sys.stderr)
        return True
    return False


def _serve(args) -> int:
    if args.production:
        return _serve_production(args)
    setup_django()
    if _oidc_discovery_fails():
        return 2
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
    if os.environ.get("OIDC_ISSUER", "").strip() and os.environ.get("OIDC_RP_CLIENT_ID", "").strip():
        setup_django()  # (only to check the identity provider; gunicorn's workers read it again on first use)
        if _oidc_discovery_fails():
            return 2
    port = str(args.port or os.environ.get("PORT", "8000"))
    host = args.host or "0.0.0.0"
    argv = [sys.executable, "-m", "gunicorn", "--config", "python:lifelong.config.gunicorn",
            "--bind", f"{host}:{port}", "lifelong.config.wsgi:application"]
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # the process becomes gunicorn's master: signals reach it directly


def _worker(args) -> int:
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from lifelong import jobs

    def report(line: str) -> None:
        print(f"lifelong worker: {line}", file=sys.stderr, flush=True)

    # on PostgreSQL: this worker's liveness lock, held until the process ends (before it claims any job)
    jobs.hold_liveness()
    # jobs a dead worker left running (kill -9; on PostgreSQL also of another host): back in the queue, run again
    for job in jobs.requeue_orphans():
        report(f"job {job} of a worker that stopped mid-way is queued again")
    if not args.batch:  # a worker that stays up also runs the nightly expiry of holds and rights
        jobs.watch_for_orphans(settings.WORKER_ORPHAN_SWEEP_SECONDS, report)
        from lifelong.accounts.tasks import schedule_daily_expiry

        schedule_daily_expiry()
        # and the sweep that delivers the account's notices and starts scheduled campaigns
        from lifelong.mobilisation.tasks import schedule_sweep

        schedule_sweep()
    # never the autoreloader (db_worker's default under DEBUG): it cannot restart a worker started as
    # `python -c …` (as `lifelong demo up` does), and a job must not be cut off by a code reload
    call_command("db_worker", batch=args.batch, reload=False, worker_id=jobs.worker_id())
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
    from django.core.exceptions import ImproperlyConfigured
    from django.db.utils import OperationalError, ProgrammingError

    try:
        use_local_secret(args)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except (FileNotFoundError, ValueError) as exc:
        print(f"lifelong: error: {exc}", file=sys.stderr)
        return 2
    except ImproperlyConfigured as exc:  # a missing or wrong setting: one line, never a traceback
        print(f"lifelong: error: {exc}", file=sys.stderr)
        return 2
    except (OperationalError, ProgrammingError) as exc:
        print(f"lifelong: error: the database is not ready ({str(exc).splitlines()[0]}); "
              "run `make demo` or `.venv/bin/lifelong manage migrate` first", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
