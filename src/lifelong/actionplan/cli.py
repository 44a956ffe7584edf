"""``lifelong actionplan …``: load the action plan (packaged seed by default); idempotent."""

from __future__ import annotations

from lifelong.cli import setup_django


def _load(args) -> int:
    setup_django()
    from .services import load_actionplan

    print(load_actionplan(path=args.path, matrix_path=args.matrix).summary())
    if not args.no_indicators:
        from lifelong.dashboard.services import import_indicators

        report = import_indicators()
        for line in report.refused:
            print(f"refused {line}")
        print(report.summary())
    return 0


def register(sub) -> None:
    ap = sub.add_parser("actionplan", help="the action plan (LLL-matrix) and its indicators")
    asub = ap.add_subparsers(dest="actionplan_command", required=True, metavar="ACTION")
    load = asub.add_parser("load", help="load the plan, the matrix and the official indicator series "
                                        "(creates what is missing; never overwrites edits)")
    load.add_argument("path", nargs="?", help="actionplan.yaml (default: the packaged copy)")
    load.add_argument("--matrix", help="matrix.yaml (default: the packaged copy)")
    load.add_argument("--no-indicators", action="store_true", help="only the plan, not the indicator series")
    load.set_defaults(func=_load)
