"""``lifelong vacancies …``: vacancy analysis from the command line.

``extract`` is a contract that tests outside the project rely on; it needs no
database (the engine reads the bundled ESCO files).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass

MAX_TEXT_CHARS = 100_000
LANGUAGES = ("nl", "fr", "en")
BATCH = 256  # records per extract() call: the fast mode scores a whole batch at once

EXTRACT_HELP = f"""\
Extract ESCO skills and occupations from job-ad texts (no database needed).

IN:  one JSON object per line:
     {{"id": str, "text": str, "language": "nl"|"fr"|"en" (optional; guessed when absent or null)}}
OUT: one JSON object per input record, in the same order:
     {{"id": str, "skills": [{{"uri": str, "label": str, "score": float}}, ...best first, up to K],
      "occupations": [same shape]}}
     URIs are ESCO concept URIs; labels are in the text's language when ESCO has one, else English.
     A text without a competence (or an empty text) gives empty lists.

Refused records: a record that cannot be read (malformed JSON, not an object,
invalid UTF-8, missing or non-string id or text, unknown language, text over
{MAX_TEXT_CHARS:,} characters, an id already seen in this batch) is reported on
stderr as "FILE:LINE: refused: REASON" and KEEPS ITS PLACE in OUT as
{{"id": <its id, or "" when unreadable>, "skills": [], "occupations": [], "error": REASON, "line": LINE}}.
The rest of the batch goes on. Blank lines are ignored. Exit status 0 when the
batch ran (even with refused records), 2 when the input cannot be opened.
"""


@dataclass
class Record:
    line: int
    id: str
    text: str = ""
    language: str | None = None
    error: str | None = None


def parse_line(raw: bytes, line: int, seen: dict[str, int]) -> Record | None:
    """One input line → a record to extract, or a refused record with its reason; None for a blank line."""
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Record(line, "", error=f"invalid UTF-8 at byte {exc.start}")
    if not decoded.strip():
        return None
    try:
        obj = json.loads(decoded)
    except json.JSONDecodeError as exc:
        return Record(line, "", error=f"malformed JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return Record(line, "", error=f"expected a JSON object, got {type(obj).__name__}")
    rid = obj.get("id")
    if not isinstance(rid, str) or not rid.strip():
        return Record(line, rid if isinstance(rid, str) else "", error="missing id (a non-empty string)")
    if rid in seen:
        return Record(line, rid, error=f"duplicate id {rid!r} (first on line {seen[rid]})")
    seen[rid] = line
    text = obj.get("text")
    if "text" not in obj or text is None:
        return Record(line, rid, error="missing text")
    if not isinstance(text, str):
        return Record(line, rid, error=f"text must be a string, got {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        return Record(line, rid, error=f"text too long: {len(text):,} characters (limit {MAX_TEXT_CHARS:,})")
    language = obj.get("language")
    if language is not None and language not in LANGUAGES:
        return Record(line, rid, error=f"unknown language {language!r} (expected nl, fr or en, or none)")
    return Record(line, rid, text, language)


def _matches(matches, evidence: bool, text: str) -> list[dict]:
    out = []
    for m in matches:
        item = {"uri": m.uri, "label": m.label, "score": m.score}
        if evidence and m.evidence is not None:
            item["evidence"] = {"start": m.evidence.start, "end": m.evidence.end, "text": m.evidence.of(text)}
        out.append(item)
    return out


def _extract(args) -> int:
    from lifelong.extraction import SkillExtractor, load_esco

    try:
        source = open(args.input, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        print(f"lifelong vacancies extract: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 2
    started = time.time()
    extractor = SkillExtractor(mode=args.mode, top_k=args.top_k).fit(load_esco())
    seen: dict[str, int] = {}
    done = refused = 0
    with source, open(args.output, "w", encoding="utf-8") as sink:
        pending: list[Record] = []

        def flush() -> None:
            ok = [r for r in pending if r.error is None]
            results = iter(extractor.extract([r.text for r in ok], [r.language for r in ok]))
            for r in pending:
                if r.error is not None:
                    obj = {"id": r.id, "skills": [], "occupations": [], "error": r.error, "line": r.line}
                else:
                    res = next(results)
                    obj = {"id": r.id, "skills": _matches(res.skills, args.evidence, r.text),
                           "occupations": _matches(res.occupations, args.evidence, r.text)}
                sink.write(json.dumps(obj, ensure_ascii=False) + "\n")
            pending.clear()

        for number, raw in enumerate(source, start=1):
            record = parse_line(raw.rstrip(b"\r\n"), number, seen)
            if record is None:
                continue
            if record.error:
                refused += 1
                print(f"{args.input}:{number}: refused: {record.error}", file=sys.stderr)
            else:
                done += 1
            pending.append(record)
            if len(pending) >= BATCH:
                flush()
        flush()
    print(f"lifelong vacancies extract: {done} extracted, {refused} refused, mode {args.mode}, "
          f"{time.time() - started:.1f}s", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    vacancies = subparsers.add_parser("vacancies", help="vacancy analysis: job ads → ESCO skills and occupations")
    sub = vacancies.add_subparsers(dest="vacancies_command", required=True, metavar="ACTION")
    extract = sub.add_parser("extract", help="extract ESCO skills and occupations from a JSONL file",
                             description=EXTRACT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    extract.add_argument("--input", required=True, metavar="IN.jsonl")
    extract.add_argument("--output", required=True, metavar="OUT.jsonl")
    extract.add_argument("--top-k", type=_positive, default=20, metavar="K", help="at most K skills and K occupations (default 20)")
    extract.add_argument("--mode", choices=("fast", "accurate"), default="accurate",
                         help="fast: lexical + ESCO word vectors (>1,000 sentences/s); accurate (default): adds e5-small")
    extract.add_argument("--evidence", action="store_true", help="add the evidence span (start, end, text) to every match")
    extract.set_defaults(func=_extract)

    imp = sub.add_parser("import", help="import job ads (JSONL, CSV, schema.org JobPosting JSON-LD or HTML pages)",
                         description="Import job ads into the database; idempotent per (source, id). Near-duplicates "
                         "(the same ad on several boards) are linked to their first copy. Every refused record is "
                         "reported as FILE:LINE: refused: REASON; the rest goes in.")
    imp.add_argument("files", nargs="+", metavar="FILE", help=".jsonl, .csv, .json/.jsonld (JobPosting) or .html")
    imp.add_argument("--source", help="source name for records without one (default: the file name)")
    imp.set_defaults(func=_import)

    proc = sub.add_parser("process", help="extract skills and occupations of the stored ads, then recompute demand",
                          description="Extract skills and occupations for every pending ad (first copies only), batch "
                          "by batch; each batch is written in one transaction, so a rerun resumes where a crash "
                          "stopped. In-process by default; --workers N starts a local Dask cluster, --scheduler "
                          "uses a running one (the workers need this package installed).")
    proc.add_argument("--mode", choices=("fast", "accurate"), default="fast")
    proc.add_argument("--batch-size", type=_positive, default=200, metavar="N")
    where = proc.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, metavar="N", help="local Dask cluster with N worker processes")
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="address of a running Dask scheduler")
    proc.add_argument("--limit", type=_positive, help="process at most this many ads")
    proc.add_argument("--no-demand", action="store_true", help="do not recompute demand afterwards")
    proc.set_defaults(func=_process)

    dem = sub.add_parser("demand", help="monthly demand from the ads as a long CSV (series_id,period,value)",
                         description="Write the stored monthly vacancy demand (the rows of forecasts' DemandSeries "
                         "with source 'vacancies') as series_id,period,value — the form `lifelong forecasts predict "
                         "--history` reads. Keys: skill:<uri>, skill:<uri>|<NUTS2>, occupation:<uri>, isco:<code>, "
                         "province:<NUTS2>, flanders:all, sector:<NACE section>.")
    dem.add_argument("--by", choices=tuple(BY_PREFIX), required=True)
    dem.add_argument("--from", dest="start", metavar="YYYY-MM")
    dem.add_argument("--to", dest="end", metavar="YYYY-MM")
    dem.add_argument("--output", required=True, metavar="FILE.csv")
    dem.add_argument("--with-provinces", action="store_true", help="--by skill: add the skill:<uri>|<NUTS2> series")
    dem.add_argument("--recompute", action="store_true", help="recompute the counts from the stored ads first")
    dem.set_defaults(func=_demand)


def _import(args) -> int:
    from lifelong.cli import setup_django

    setup_django()
    from .services import import_vacancies

    report = import_vacancies(paths=args.files, source=args.source,
                              progress=lambda s: print(f"  … {s}", file=sys.stderr, flush=True))
    for refusal in report.refused:
        print(refusal, file=sys.stderr)
    print(f"lifelong vacancies import: {report.summary()} (import run #{report.run.pk})")
    return 0


class ProgressLine:
    """One progress line on stderr, rewritten in place on a terminal ("\\r"), a line per 10 % otherwise."""

    def __init__(self, label: str, stream=None) -> None:
        self.label, self.stream, self.started, self.last = label, stream or sys.stderr, time.time(), -1

    def __call__(self, done: int, total: int) -> None:
        elapsed = max(time.time() - self.started, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0
        width = 30
        filled = int(width * done / total) if total else width
        line = (f"{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                f"({rate:.1f}/s, {elapsed:.0f}s, ETA {eta:.0f}s)")
        if self.stream.isatty():
            print("\r" + line, end="" if done < total else "\n", file=self.stream, flush=True)
        elif total and (done == total or done * 10 // total != self.last):
            self.last = done * 10 // total
            print(line, file=self.stream, flush=True)


def _process(args) -> int:
    from lifelong.cli import setup_django

    setup_django()
    from .services import compute_demand, process_vacancies

    report = process_vacancies(mode=args.mode, batch_size=args.batch_size, workers=args.workers,
                               scheduler=args.scheduler, limit=args.limit, progress=ProgressLine("extracting"))
    print(f"lifelong vacancies process: {report.processed} ads processed in {report.batches} batches, "
          f"{report.seconds:.1f}s, {report.executor}")
    if not args.no_demand:
        demand = compute_demand()
        print(f"demand: {demand.written} monthly values in {demand.series} series "
              f"({demand.months[0] if demand.months else '-'} .. {demand.months[-1] if demand.months else '-'})")
    return 0


BY_PREFIX = {"skill": ("skill:",), "occupation": ("occupation:", "isco:"), "province": ("province:", "flanders:all"),
             "sector": ("sector:",)}


def _demand(args) -> int:
    from lifelong.cli import setup_django

    setup_django()
    import csv

    from django.db.models import Q

    from lifelong.forecasts.models import DemandSeries

    from .services import DEMAND_SOURCE, compute_demand

    for value in (args.start, args.end):
        if value and not _is_month(value):
            print(f"lifelong vacancies demand: {value!r} is not a month (YYYY-MM)", file=sys.stderr)
            return 2
    if args.recompute:
        report = compute_demand(first=args.start, last=args.end)
        print(f"recomputed: {report.written} values in {report.series} series", file=sys.stderr)
    match = Q()
    for prefix in BY_PREFIX[args.by]:
        match |= Q(series_key__startswith=prefix)
    qs = DemandSeries.objects.filter(match, source=DEMAND_SOURCE, freq="M")
    if args.by == "skill" and not args.with_provinces:
        qs = qs.exclude(series_key__contains="|")
    if args.start:
        qs = qs.filter(period__gte=args.start)
    if args.end:
        qs = qs.filter(period__lte=args.end)
    n = 0
    with open(args.output, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["series_id", "period", "value"])
        for key, period, value in qs.order_by("series_key", "period").values_list("series_key", "period", "value"):
            writer.writerow([key, period, f"{value:g}"])
            n += 1
    print(f"lifelong vacancies demand: {n} rows written to {args.output}", file=sys.stderr)
    return 0


def _is_month(value: str) -> bool:
    return len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit() \
        and 1 <= int(value[5:]) <= 12


def _positive(value: str) -> int:
    k = int(value)
    if k < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return k
