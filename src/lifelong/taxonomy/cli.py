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
    _print_refused(report, args.show_refused)
    if not args.no_competent:
        from .competent import BUNDLED_CROSSWALK, import_competent

        print("  … VDAB Competent crosswalk", file=sys.stderr, flush=True)
        competent = import_competent(path=args.competent or BUNDLED_CROSSWALK)
        _print_refused(competent, args.show_refused)
        print(competent.summary())
    if not args.no_embeddings:
        from .selectors import build_index

        print("  … label embeddings (cached; only new labels are encoded)", file=sys.stderr, flush=True)
        build_index(progress=lambda done, total: print(f"\r    {done}/{total}", end="", file=sys.stderr))
    print(report.summary())
    return 0


def _print_refused(report, limit: int) -> None:
    for refusal in report.refused[:limit]:
        print(f"refused {refusal}", file=sys.stderr)
    if len(report.refused) > limit:
        print(f"… and {len(report.refused) - limit} more refused rows", file=sys.stderr)


def _stats(args) -> int:
    setup_django()
    from .selectors import taxonomy_stats

    stats = taxonomy_stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
        return 0
    print(f"ESCO {stats['version'] or '(niet ingeladen)'}: {stats['skills']:,} competenties, "
          f"{stats['occupations']:,} beroepen")
    for lang, counts in stats["labels"].items():
        print(f"  namen in {lang}: {counts['skills']:,} competenties ({counts['skills'] / max(stats['skills'], 1):.1%}), "
              f"{counts['occupations']:,} beroepen")
    c = stats["competent"]
    print(f"VDAB Competent: {c['competences']:,} competenties, gekoppeld aan {c['linked_skills']:,} ESCO-competenties")
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
    imp.add_argument("--competent", metavar="CSV", help="ESCO–VDAB Competent crosswalk (default: the bundled 3.8 copy)")
    imp.add_argument("--no-competent", action="store_true", help="skip the VDAB Competent crosswalk")
    imp.set_defaults(func=_import)
    stats = tsub.add_parser("stats", help="counts of concepts, names per language and Competent links")
    stats.add_argument("--json", action="store_true", help='{"version", "skills", "occupations", "labels", "competent"}')
    stats.set_defaults(func=_stats)

    for name, ctype in (("skills", "skill"), ("occupations", "occupation")):
        p = sub.add_parser(name, help=f"find ESCO {name}")
        psub = p.add_subparsers(dest=f"{name}_command", required=True, metavar="ACTION")
        s = psub.add_parser("search", help=f"search {name} by words in Dutch, English or French")
        s.add_argument("query")
        s.add_argument("--lang", choices=["nl", "en", "fr"], default="nl")
        s.add_argument("--limit", type=int, default=10)
        s.add_argument("--json", action="store_true", help="a JSON list of {uri, label, score, …}")
        s.set_defaults(func=_search(ctype))
