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
    from .engine import SkillExtractor, load_esco

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


def _positive(value: str) -> int:
    k = int(value)
    if k < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return k
