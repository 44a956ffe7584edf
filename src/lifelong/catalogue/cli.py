"""``lifelong catalogue …``: import offers from a CSV or JSON file (per-record report); suggest competences
in bulk with the extraction engine (``tag``)."""

from __future__ import annotations

import sys

from lifelong.cli import setup_django


def _import(args) -> int:
    setup_django()
    from lifelong.users.models import User

    from .models import Provider
    from .services import import_file

    provider = Provider.objects.filter(pk=args.provider).first()
    if provider is None:
        print(f"no provider with id {args.provider}", file=sys.stderr)
        return 2
    # the command line acts as the secretariat (or as the named staff member, whose rights are checked)
    user = (User.objects.get(email=args.as_user) if args.as_user
            else User.objects.filter(is_superuser=True).first() or User.objects.filter(role="secretariat").first())
    if user is None:
        print("no secretariat user to act as; create one or pass --as EMAIL", file=sys.stderr)
        return 2
    report = import_file(user=user, provider=provider, path=args.file)
    for line in report.lines():
        print(f"refused {line}", file=sys.stderr)
    print(report.summary())
    return 1 if report.refused else 0


def _import_eligibility(args) -> int:
    """An official register of recognised trainings (a trusted source): its eligibility applies directly."""
    setup_django()
    from pathlib import Path

    from lifelong.users.models import User

    from .eligibility import import_register
    from .services import format_of, read_records

    user = (User.objects.get(email=args.as_user) if args.as_user
            else User.objects.filter(is_superuser=True).first() or User.objects.filter(role="secretariat").first())
    if user is None:
        print("no secretariat user to act as; create one or pass --as EMAIL", file=sys.stderr)
        return 2
    path = Path(args.file)
    try:
        records = read_records(path.read_bytes(), format_of(path.suffix))
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"{path}: cannot read: {exc}", file=sys.stderr)
        return 2
    report = import_register(user=user, records=records, source=args.source)
    for line in report.lines():
        print(f"{path}: refused {line}", file=sys.stderr)
    print(report.summary())
    return 1 if report.refused else 0


def _tag(args) -> int:
    setup_django()
    import time

    from .models import Provider, TaggingRun
    from .tagging import offers_to_tag, run_tagging

    provider = None
    if args.provider is not None:
        provider = Provider.objects.filter(pk=args.provider).first()
        if provider is None:
            print(f"no provider with id {args.provider}", file=sys.stderr)
            return 2
    only_missing = not args.all
    total = offers_to_tag(provider=provider, only_missing=only_missing).count()
    if not total:
        print("nothing to tag: every offer has competences or suggestions (use --all to read them again)")
        return 0
    run = TaggingRun.objects.create(provider=provider, only_missing=only_missing, total=total)
    started = time.perf_counter()

    def progress(r: TaggingRun) -> None:
        seconds = time.perf_counter() - started
        rate = r.done / seconds if seconds else 0.0
        left = (r.total - r.done) / rate if rate else 0.0
        print(f"\r  {r.done:,}/{r.total:,} offers ({r.percent} %), {rate:,.0f}/s, ~{left:,.0f} s left ",
              end="", file=sys.stderr, flush=True)

    print("loading the extraction engine (fast) …", file=sys.stderr, flush=True)
    run = run_tagging(run, progress)
    print(file=sys.stderr)
    print(f"{run.done} offers read in {time.perf_counter() - started:.0f} s; {run.suggested} got suggestions "
          "(automatically proposed: the provider confirms them on the edit page)")
    return 0


def register(sub) -> None:
    parser = sub.add_parser("catalogue", help="training compass: import offers, suggest competences")
    commands = parser.add_subparsers(dest="catalogue_command", required=True)
    imp = commands.add_parser("import", help="import offers from FILE.csv or FILE.json (see docs/catalogue.md)")
    imp.add_argument("file")
    imp.add_argument("--provider", type=int, required=True, help="id of the provider the offers belong to")
    imp.add_argument("--as", dest="as_user", help="email of the acting user (default: the secretariat)")
    imp.set_defaults(func=_import)
    reg = commands.add_parser("import-eligibility",
                              help="learning rights and kinds of training from an official register (CSV/JSON with "
                                   "provider, external_id, schemes, categories): applied directly, per-line refusals")
    reg.add_argument("file")
    reg.add_argument("--source", required=True, help="the register: publisher, list and date")
    reg.add_argument("--as", dest="as_user", help="email of the acting secretariat user (default: the secretariat)")
    reg.set_defaults(func=_import_eligibility)
    tag = commands.add_parser("tag", help="suggest ESCO competences for offers with the extraction engine (fast)")
    which = tag.add_mutually_exclusive_group()
    which.add_argument("--missing", action="store_true",
                       help="only offers without competences and without suggestions (the default)")
    which.add_argument("--all", action="store_true", help="every active offer (suggestions are replaced)")
    tag.add_argument("--provider", type=int, help="only the offers of this provider id")
    tag.set_defaults(func=_tag)
