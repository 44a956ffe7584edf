"""``lifelong taxonomy import``, ``lifelong skills search``, ``lifelong occupations search``."""

from __future__ import annotations

import json
import sys

from lifelong.cli import setup_django


def _import(args) -> int:
    setup_django()
    from .esco_files import BUNDLED
    from .services import import_esco

    path = args.path or str(BUNDLED)
    report = import_esco(
        path=path, version=args.esco_version, languages=args.languages.split(","),
        progress=lambda step: print(f"  … {step}", file=sys.stderr, flush=True),
    )
    for refusal in report.refused[: args.show_refused]:
        print(f"refused {refusal}", file=sys.stderr)
    if len(report.refused) > args.show_refused:
        print(f"… and {len(report.refused) - args.show_refused} more refused rows", file=sys.stderr)
    if not args.no_embeddings:
        from .selectors import build_index

        print("  … label embeddings (cached; only new labels are encoded)", file=sys.stderr, flush=True)
        build_index(progress=lambda done, total: print(f"\r    {done}/{total}", end="", file=sys.stderr))
    print(report.summary())
    return 0


def _search(concept_type: str):
    def run(args) -> int:
        setup_django()
        from .selectors import search_concepts

        results = search_concepts(args.query, language=args.lang, limit=args.limit, concept_type=concept_type)
        if args.json:
            print(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=2))
        else:
            if not results:
                print("(niets gevonden)")
            for r in results:
                mark = f" [{r.language}]" if r.language != args.lang else ""
                print(f"{r.score:6.3f}  {r.label}{mark}  <{r.uri}>")
        return 0

    return run


def register(sub) -> None:
    taxonomy = sub.add_parser("taxonomy", help="the ESCO competence language")
    tsub = taxonomy.add_subparsers(dest="taxonomy_command", required=True, metavar="ACTION")
    imp = tsub.add_parser("import", help="import an ESCO CSV package (default: the bundled copy)")
    imp.add_argument("path", nargs="?", help="folder with en/, nl/, fr/, relations/ (official layout)")
    imp.add_argument("--esco-version", help="version label (default: the folder name, e.g. v1.1.1)")
    imp.add_argument("--languages", default="en,nl,fr")
    imp.add_argument("--show-refused", type=int, default=50, metavar="N", help="print the first N refused rows")
    imp.add_argument("--no-embeddings", action="store_true", help="skip building the semantic search vectors")
    imp.set_defaults(func=_import)

    for name, ctype in (("skills", "skill"), ("occupations", "occupation")):
        p = sub.add_parser(name, help=f"find ESCO {name}")
        psub = p.add_subparsers(dest=f"{name}_command", required=True, metavar="ACTION")
        s = psub.add_parser("search", help=f"search {name} by words in Dutch, English or French")
        s.add_argument("query")
        s.add_argument("--lang", choices=["nl", "en", "fr"], default="nl")
        s.add_argument("--limit", type=int, default=10)
        s.add_argument("--json", action="store_true", help="a JSON list of {uri, label, score, …}")
        s.set_defaults(func=_search(ctype))
