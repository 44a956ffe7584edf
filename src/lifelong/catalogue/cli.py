"""``lifelong catalogue …``: import offers from a CSV or JSON file, with a per-record report."""

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


def register(sub) -> None:
    parser = sub.add_parser("catalogue", help="training compass: import offers")
    commands = parser.add_subparsers(dest="catalogue_command", required=True)
    imp = commands.add_parser("import", help="import offers from FILE.csv or FILE.json (see docs/catalogue.md)")
    imp.add_argument("file")
    imp.add_argument("--provider", type=int, required=True, help="id of the provider the offers belong to")
    imp.add_argument("--as", dest="as_user", help="email of the acting user (default: the secretariat)")
    imp.set_defaults(func=_import)
