"""``lifelong dashboard load-indicators``: the indicator definitions, the official series and the targets
(packaged copies); idempotent, refused records printed one per line. Load the action plan first."""

from __future__ import annotations

from lifelong.cli import setup_django


def _load_indicators(args) -> int:
    setup_django()
    from .services import import_indicators

    report = import_indicators()
    for line in report.refused:
        print(f"refused {line}")
    print(report.summary())
    return 0


def register(sub) -> None:
    dash = sub.add_parser("dashboard", help="the LLL-dashboard's indicators")
    dsub = dash.add_subparsers(dest="dashboard_command", required=True, metavar="ACTION")
    load = dsub.add_parser("load-indicators", help="load the indicator definitions, the official series and "
                                                   "the targets (creates what is missing; never overwrites edits)")
    load.set_defaults(func=_load_indicators)
