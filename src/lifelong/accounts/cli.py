"""``lifelong accounts …``: load schemes, yearly accrual, expiries, a person's rights."""

from __future__ import annotations

import os
import sys
from datetime import date

from lifelong.cli import setup_django


def _day(value: str | None) -> date:
    if value:
        return date.fromisoformat(value)
    from django.utils import timezone

    return timezone.localdate()


def _load(args) -> int:
    setup_django()
    from .services import load_schemes

    report = load_schemes(path=args.path, voucher_period=args.voucher_period)
    for line in report.refused:
        print(f"refused {line}", file=sys.stderr)
    print(report.summary())
    return 1 if report.refused else 0


def _accrue(args) -> int:
    if args.workers < 1:
        print("--workers must be 1 or more.", file=sys.stderr)
        return 2
    setup_django()
    from .services import accrue_year

    n = accrue_year(on=_day(args.on), workers=args.workers,
                    progress=lambda n: print(f"\r  … {n} accruals", end="", file=sys.stderr))
    print(f"\n{n} accruals booked (a replay books nothing).")
    return 0


def _expire(args) -> int:
    setup_django()
    from .services import expire_holds, expire_rights

    holds = expire_holds()
    rights = expire_rights(on=_day(args.on))
    print(f"{holds} expired holds released, {rights} accounts of finished periods expired.")
    return 0


def _rights(args) -> int:
    setup_django()
    from lifelong.people.models import Person

    from .selectors import balances_of, rights_of

    person = Person.objects.get(pk=args.person)
    on = _day(args.on)
    for right in rights_of(person, on):
        mark = "✓" if right.eligible else "✗"
        print(f"{mark} {right.name}: {right.amount} {right.unit}\n    {right.explanation()}")
    for b in balances_of(person=person, on=on):
        print(f"  {b.code:<26} {b.period_start}–{b.period_end}  available {b.available} held {b.held} "
              f"used {b.consumed} {b.unit}")
    return 0


def _federal_import(args) -> int:
    setup_django()
    from pathlib import Path

    from .federal import import_records

    report = import_records(Path(args.path))
    for line, rid, reasons in report.refused:
        print(f"refused {args.path}:{line} {rid or '(geen nummer)'}: {'; '.join(reasons)}", file=sys.stderr)
    for line, rid, note in report.notes:
        print(f"note {args.path}:{line} {rid}: {note}")
    print(report.summary())
    return 1 if report.refused else 0


def _federal_export(args) -> int:
    setup_django()
    from .federal import export_records

    text = export_records(since=date.fromisoformat(args.since) if args.since else None)
    with open(args.output, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    print(f"{max(text.count(chr(10)) - 1, 0)} records written to {args.output}")
    return 0


def register(sub) -> None:
    acc = sub.add_parser("accounts", help="learning and career account: schemes, accruals, expiries")
    asub = acc.add_subparsers(dest="accounts_command", required=True, metavar="ACTION")
    load = asub.add_parser("load-schemes", help="load the scheme data file (new versions only)")
    load.add_argument("path", nargs="?", help="JSON file (default: the packaged data/schemes.json)")
    load.add_argument("--voucher-period", choices=["calendar_year", "school_year"],
                      help="training vouchers per calendar year (default) or school year")
    load.set_defaults(func=_load)
    accrue = asub.add_parser("accrue", help="grant everyone's rights for the periods that a day falls in")
    accrue.add_argument("--on", help="YYYY-MM-DD (default today)")
    accrue.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1),
                        help="processes on PostgreSQL (default: the number of cores, at most 4; "
                             "SQLite always uses one)")
    accrue.set_defaults(func=_accrue)
    expire = asub.add_parser("expire", help="release expired holds; expire rights of finished periods")
    expire.add_argument("--on", help="YYYY-MM-DD (default today)")
    expire.set_defaults(func=_expire)
    rights = asub.add_parser("rights", help="a person's rights with explanations and balances")
    rights.add_argument("person", type=int)
    rights.add_argument("--on")
    rights.set_defaults(func=_rights)
    fin = asub.add_parser("federal-import", help="read training records of the federal training account (CSV)")
    fin.add_argument("path")
    fin.set_defaults(func=_federal_import)
    fout = asub.add_parser("federal-export", help="write confirmed bookings that used the federal right (CSV)")
    fout.add_argument("--output", required=True)
    fout.add_argument("--since", help="YYYY-MM-DD: only trainings ended on or after this day")
    fout.set_defaults(func=_federal_export)
