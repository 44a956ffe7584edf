"""``lifelong actionplan load``: load the action plan and the matrix (packaged seed by default); idempotent.
The indicators that measure the plan are the dashboard's: ``lifelong dashboard load-indicators``."""

from __future__ import annotations

from lifelong.cli import setup_django


def _load(args) -> int:
    setup_django()
    from .services import load_actionplan

    print(load_actionplan(path=args.path, matrix_path=args.matrix).summary())
    return 0


def register(sub) -> None:
    ap = sub.add_parser("actionplan", help="the action plan (LLL-matrix)")
    asub = ap.add_subparsers(dest="actionplan_command", required=True, metavar="ACTION")
    load = asub.add_parser("load", help="load the plan and the matrix (creates what is missing; never "
                                        "overwrites edits)")
    load.add_argument("path", nargs="?", help="actionplan.yaml (default: the packaged copy)")
    load.add_argument("--matrix", help="matrix.yaml (default: the packaged copy)")
    load.set_defaults(func=_load)
