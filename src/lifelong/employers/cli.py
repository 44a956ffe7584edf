"""``lifelong organisations …``: the staff of an employer (employment records) from a CSV file."""

from __future__ import annotations

import sys
from pathlib import Path

from lifelong.cli import setup_django


def _import_staff(args) -> int:
    setup_django()
    from .staff_import import import_staff, organisation_by_kbo

    organisation = organisation_by_kbo(args.organisation)  # ValueError → "lifelong: error: …", exit 2
    report = import_staff(Path(args.path), organisation=organisation)
    for line, reasons in report.refused:
        print(f"regel {line}: geweigerd: {'; '.join(reasons)}", file=sys.stderr)
    print(report.summary())
    return 1 if report.refused else 0


def register(sub) -> None:
    org = sub.add_parser("organisations", help="organisations: employment records of their staff")
    osub = org.add_subparsers(dest="organisations_command", required=True, metavar="ACTION")
    imp = osub.add_parser("import-staff", help="read employment records (CSV) for one organisation")
    imp.add_argument("path", help="CSV: person,start_date,end_date,fte,statute,occupation,joint_committee,site")
    imp.add_argument("--organisation", required=True, help="the organisation's enterprise number (KBO)")
    imp.set_defaults(func=_import_staff)
