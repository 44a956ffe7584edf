"""``lifelong demo seed`` and ``lifelong demo up`` (what `make demo` runs)."""

from __future__ import annotations

import os
import subprocess
import sys

from lifelong.cli import setup_django


def _seed(args) -> int:
    setup_django()
    from .services import create_demo_users, seed_demo

    report = seed_demo(scale=args.scale, seed=args.seed)
    print(f"Synthetic Flanders ({report.scale}): {report.people} people, {report.organisations} organisations, "
          f"{report.providers} providers — all fictitious.")
    if not args.no_users:
        _print_logins(create_demo_users())
    return 0


def _print_logins(logins) -> None:
    from .organisations import COLLEAGUE_EMAIL, COLLEAGUE_PASSWORD

    print("\nDemo logins (demo only — never use these passwords elsewhere):")
    for role, email, password in logins:
        print(f"  {role:<12} {email:<38} {password}")
    print(f"  {'expert':<12} {'expert@demo.lifelong.test':<38} demo-expert-2026  (Delphi panel, any role)")
    print(f"  {'learner':<12} {COLLEAGUE_EMAIL:<38} {COLLEAGUE_PASSWORD}  (a colleague of the demo learner)")


def _up(args) -> int:
    """Migrate, load ESCO when missing, seed the demo, print logins, serve."""
    setup_django()
    from django.core.management import call_command

    from lifelong.taxonomy.competent import import_competent
    from lifelong.taxonomy.esco_files import BUNDLED
    from lifelong.taxonomy.models import CompetentCompetence
    from lifelong.taxonomy.selectors import build_index, current_version
    from lifelong.taxonomy.services import import_esco

    from .services import create_demo_users, seed_demo

    call_command("migrate", interactive=False, verbosity=0)
    if current_version() is None:
        print("Loading ESCO (bundled copy)…", flush=True)
        report = import_esco(path=BUNDLED, progress=lambda s: print(f"  … {s}", flush=True))
        print(report.summary())
    if not CompetentCompetence.objects.exists():
        print(import_competent().summary())
    print("Preparing the search index…", flush=True)
    build_index()
    report = seed_demo(scale=args.scale)
    print(f"Synthetic Flanders ({report.scale}): {report.people} people, {report.organisations} organisations.")
    _print_logins(create_demo_users())
    if args.no_serve:
        return 0
    port = str(args.port or os.environ.get("PORT", "8000"))
    worker = _start_worker()
    print(f"\nServing on http://127.0.0.1:{port}/  (Ctrl+C stops; background jobs run in worker pid {worker.pid})\n",
          flush=True)
    try:
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    return 0


def _start_worker() -> subprocess.Popen:
    """The background worker (CV reading, recomputations, vacancy processing) beside the demo server."""
    return subprocess.Popen([sys.executable, "-c", "import sys; from lifelong.cli import main; sys.exit(main(['worker']))"])


def register(sub) -> None:
    demo = sub.add_parser("demo", help="demo data: Synthetic Flanders")
    dsub = demo.add_subparsers(dest="demo_command", required=True, metavar="ACTION")
    seed = dsub.add_parser("seed", help="generate fictitious people, organisations and providers")
    seed.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    seed.add_argument("--seed", type=int, default=2026)
    seed.add_argument("--no-users", action="store_true", help="do not create the demo users")
    seed.set_defaults(func=_seed)
    up = dsub.add_parser("up", help="migrate, load ESCO, seed, create demo users and serve")
    up.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    up.add_argument("--port", type=int)
    up.add_argument("--no-serve", action="store_true")
    up.set_defaults(func=_up)


