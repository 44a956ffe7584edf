"""Reading job-ad files: JSONL, CSV and schema.org ``JobPosting`` JSON-LD (pure, no Django).

``read_files(paths, source)`` yields ``Ad`` records and ``Refusal``s (file, line, id, reason); a bad
record never stops the rest. Field names (JSONL and CSV; JSON-LD uses schema.org's names):

=================  ==========================================================================
``id``             required; unique per source (``source`` field, else ``--source``, else the file name)
``title``          required
``description``    required (``text`` is accepted too); at most ``MAX_DESCRIPTION`` characters
``employer``       optional
``postcode``       optional Belgian postcode → NUTS-2 province; an unknown one is refused
``municipality``   optional; used for the province when there is no postcode
``country``        optional ISO code, default BE (a foreign ad keeps its postcode, no province)
``nace``           optional NACE Rev. 2 section letter (``C``) or code (``25.11`` → C)
``language``       optional nl, fr, en or de; detected when absent
``posted``         required date (YYYY-MM-DD or ISO date-time); ``expires`` optional
=================  ==========================================================================
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from html import unescape
from pathlib import Path

from lifelong.reference import NACE_SECTIONS

from .language import LANGUAGES, detect_language
from .places import postcode_of_municipality, region_of_postcode

MAX_DESCRIPTION = 100_000  # characters; a longer text is not an ad (and would slow every stage)
NACE_DIVISIONS = [(1, 3, "A"), (5, 9, "B"), (10, 33, "C"), (35, 35, "D"), (36, 39, "E"), (41, 43, "F"),
                  (45, 47, "G"), (49, 53, "H"), (55, 56, "I"), (58, 63, "J"), (64, 66, "K"), (68, 68, "L"),
                  (69, 75, "M"), (77, 82, "N"), (84, 84, "O"), (85, 85, "P"), (86, 88, "Q"), (90, 93, "R"),
                  (94, 96, "S")]


@dataclass
class Ad:
    file: str
    line: int
    source: str
    external_id: str
    title: str
    description: str
    employer_name: str
    postcode: str
    municipality: str
    country: str
    province: str
    nace_section: str
    language: str
    language_detected: bool
    posted_on: date
    expires_on: date | None


@dataclass
class Refusal:
    file: str
    line: int
    id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: refused{f' {self.id!r}' if self.id else ''}: {self.reason}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "id": self.id, "reason": self.reason}


class Invalid(ValueError):
    pass


_SURROGATE = re.compile("[\udc80-\udcff]")


# -- field rules ----------------------------------------------------------------------------------
def _text(value, name: str, required: bool = False, limit: int | None = None) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Invalid(f"missing {name}")
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise Invalid(f"{name} must be text, got {type(value).__name__}")
    value = value.strip()
    if limit and len(value) > limit:
        raise Invalid(f"{name} too long: {len(value):,} characters (limit {limit:,})")
    if _SURROGATE.search(value):  # bytes that were not UTF-8 (CSV is decoded with surrogateescape)
        raise Invalid(f"invalid UTF-8 in {name}")
    if "\x00" in value:  # PostgreSQL cannot store it
        raise Invalid(f"NUL character in {name}")
    return value


def _date(value, name: str, required: bool) -> date | None:
    text = _text(value, name, required)
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise Invalid(f"{name} {text!r} is not a date (YYYY-MM-DD)") from None


def nace_section(value: str) -> str:
    code = value.strip().upper()
    if not code:
        return ""
    if code in NACE_SECTIONS:
        return code
    match = re.match(r"^([A-U])?\s*(\d{2})", code)
    if match:
        if match.group(1) and match.group(1) in NACE_SECTIONS:
            return match.group(1)
        division = int(match.group(2))
        section = next((s for lo, hi, s in NACE_DIVISIONS if lo <= division <= hi), None)
        if section:
            return section
    raise Invalid(f"unknown NACE code {value!r} (a section letter A-S or a code like 25.11)")


_TAGS = re.compile(r"<(?:br|/p|/li|/h\d|/div)\s*/?>", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")


def html_to_text(value: str) -> str:
    """JSON-LD descriptions are HTML: keep the line structure (the engine splits on it), drop the tags."""
    if "<" not in value:
        return unescape(value)
    text = _ANY_TAG.sub(" ", _TAGS.sub("\n", value))
    return "\n".join(" ".join(line.split()) for line in unescape(text).splitlines() if line.strip())


def make_ad(raw: dict, *, file: str, line: int, source: str) -> Ad:
    """Validate one record (plain field names) into an ``Ad``; raises ``Invalid`` with the reason."""
    rid = _text(raw.get("id"), "id", required=True, limit=200)
    src = _text(raw.get("source"), "source", limit=100) or source
    title = _text(raw.get("title"), "title", required=True, limit=500)
    description = raw.get("description") if raw.get("description") is not None else raw.get("text")
    description = _text(description, "description (text)", required=True, limit=MAX_DESCRIPTION)
    employer = _text(raw.get("employer"), "employer", limit=300)
    postcode = _text(raw.get("postcode"), "postcode", limit=12)
    municipality = _text(raw.get("municipality"), "municipality", limit=120)
    country = (_text(raw.get("country"), "country", limit=60) or "BE").upper()
    country = {"BELGIUM": "BE", "BELGIE": "BE", "BELGIË": "BE", "BELGIQUE": "BE"}.get(country, country)
    if len(country) != 2:
        raise Invalid(f"country {country!r} is not a two-letter ISO code")
    province = ""
    if country == "BE":
        if postcode:
            province = region_of_postcode(postcode) or ""
            if not province:
                raise Invalid(f"unknown postcode {postcode!r} (a Belgian postcode has 4 digits, 1000-9999)")
        elif municipality:
            province = region_of_postcode(postcode_of_municipality(municipality) or "") or ""
    nace = nace_section(_text(raw.get("nace"), "nace", limit=20))
    language = _text(raw.get("language"), "language", limit=35).lower().replace("_", "-").split("-")[0]  # nl-BE → nl
    detected = not language
    if language and language not in LANGUAGES:
        raise Invalid(f"unknown language {language!r} (expected nl, fr, en or de, or none to detect it)")
    if detected:
        language = detect_language(f"{title}\n{description}")
    posted = _date(raw.get("posted"), "posting date (posted)", required=True)
    expires = _date(raw.get("expires"), "expiry date (expires)", required=False)
    if expires and expires < posted:
        raise Invalid(f"expires {expires} before it was posted ({posted})")
    return Ad(file, line, src, rid, title, description, employer, postcode, municipality, country, province, nace,
              language, detected, posted, expires)


# -- formats ----------------------------------------------------------------------------------------
def _jsonl(path: Path) -> Iterator[tuple[int, dict | None, str, str]]:
    """(line, record or None, id when known, reason when refused)."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, None, "", f"invalid UTF-8 at byte {exc.start}"
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, None, "", f"malformed JSON: {exc.msg} at column {exc.colno}"
                continue
            except RecursionError:
                yield number, None, "", TOO_DEEP
                continue
            if not isinstance(obj, dict):
                yield number, None, "", f"expected a JSON object, got {type(obj).__name__}"
                continue
            if obj.get("@type") == "JobPosting":
                obj = from_jobposting(obj)
            yield number, obj, "", ""


def _csv(path: Path) -> Iterator[tuple[int, dict | None, str, str]]:
    text = path.read_bytes().decode("utf-8-sig", errors="surrogateescape")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        yield 1, None, "", "empty CSV file (a header row is required)"
        return
    reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames]
    start = reader.line_num + 1
    for row in reader:
        if None in row:
            yield start, None, row.get("id") or "", "more cells than header columns"
        elif not any((v or "").strip() for v in row.values()):
            pass
        else:
            yield start, row, "", ""
        start = reader.line_num + 1


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


TOO_DEEP = "JSON nested too deeply (the record is refused, the rest is read)"


class _TooDeep:
    """Stands for a top-level item that was nested too deeply to read."""


def _end_of_value(text: str, pos: int) -> int:
    """The end of the JSON value starting at ``pos`` (brackets counted outside strings), without parsing it."""
    depth, in_string, escaped = 0, False, False
    for i in range(pos, len(text)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
    raise json.JSONDecodeError("unterminated value", text, pos)


def _json_items(text: str, base: int = 0) -> Iterator[tuple[int, object]]:
    """Top-level values of a JSON document with their offsets: the items of a list, else the value.
    An item nested too deeply to read comes as ``_TooDeep`` and the items after it are still read."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if text[pos : pos + 1] != "[":
        try:
            value = json.loads(text)
        except RecursionError:
            value = _TooDeep
        yield base + pos, value
        return
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            raise json.JSONDecodeError("unterminated list", text, pos)
        if text[pos] == "]":
            return
        try:
            value, end = decoder.raw_decode(text, pos)
        except RecursionError:
            value, end = _TooDeep, _end_of_value(text, pos)
        yield base + pos, value
        pos = end


def _postings(value, offset: int) -> Iterator[tuple[int, dict | None, str]]:
    """JobPosting objects in a JSON-LD value (object, list, ``@graph``), with a reason for others."""
    if isinstance(value, list):
        for item in value:
            yield from _postings(item, offset)
    elif isinstance(value, dict):
        if "@graph" in value:
            yield from _postings(value["@graph"], offset)
        elif value.get("@type") == "JobPosting" or value.get("@type") == ["JobPosting"]:
            yield offset, value, ""
        else:
            yield offset, None, f"not a JobPosting (@type {value.get('@type')!r})"
    else:
        yield offset, None, f"expected a JSON-LD object, got {type(value).__name__}"


def _jsonld(path: Path) -> Iterator[tuple[int, dict | None, str, str]]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        yield _line_of(path.read_bytes().decode("utf-8", errors="replace"), exc.start), None, "", \
            f"invalid UTF-8 at byte {exc.start} (the whole JSON file is refused)"
        return
    if path.suffix.lower() in (".html", ".htm"):
        blocks = [(m.start(1), m.group(1)) for m in re.finditer(
            r"<script[^>]*type=[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", text, re.S | re.I)]
        if not blocks:
            yield 1, None, "", "no <script type=\"application/ld+json\"> in the page"
    else:
        blocks = [(0, text)]
    for base, block in blocks:
        try:
            items = list(_json_items(block, base))
        except json.JSONDecodeError as exc:
            yield _line_of(text, base + exc.pos), None, "", f"malformed JSON: {exc.msg}"
            continue
        for pos, value in items:
            if value is _TooDeep:
                yield _line_of(text, pos), None, "", TOO_DEEP
                continue
            try:
                found = [(offset, from_jobposting(posting) if posting is not None else None, reason)
                         for offset, posting, reason in _postings(value, pos)]
            except RecursionError:
                found = [(pos, None, TOO_DEEP)]
            for offset, posting, reason in found:
                yield _line_of(text, offset), posting, "", reason


def _first(value):
    return value[0] if isinstance(value, list) and value else value


def from_jobposting(obj: dict) -> dict:
    """schema.org JobPosting → the plain field names of ``make_ad``."""
    ident = _first(obj.get("identifier"))
    if isinstance(ident, dict):
        source = ident.get("name") or ""
        ident = ident.get("value") or ident.get("@id")
    else:
        source = ""
    org = _first(obj.get("hiringOrganization")) or {}
    location = _first(obj.get("jobLocation")) or {}
    address = (location.get("address") if isinstance(location, dict) else None) or {}
    address = _first(address) if isinstance(address, list) else address
    country = address.get("addressCountry") if isinstance(address, dict) else None
    if isinstance(country, dict):
        country = country.get("name")
    industry = obj.get("industry")
    nace = industry if isinstance(industry, str) and re.match(r"^[A-Sa-s]$|^[A-Ua-u]?\s*\d{2}", industry) else None
    description = obj.get("description")
    return {
        "id": ident if ident is not None else obj.get("url") or obj.get("@id"),
        "source": source or None,
        "title": obj.get("title"),
        "description": html_to_text(description) if isinstance(description, str) else description,
        "employer": org.get("name") if isinstance(org, dict) else org,
        "postcode": address.get("postalCode") if isinstance(address, dict) else None,
        "municipality": address.get("addressLocality") if isinstance(address, dict) else None,
        "country": country,
        "nace": nace,
        "language": _first(obj.get("inLanguage")),
        "posted": obj.get("datePosted"),
        "expires": obj.get("validThrough"),
    }


def reader_for(path: Path):
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl
    if suffix == ".csv":
        return _csv
    if suffix in (".json", ".jsonld", ".html", ".htm"):
        return _jsonld
    return None


def read_files(paths: list[str | Path], source: str | None = None) -> Iterator[Ad | Refusal]:
    """Every record of every file, valid (``Ad``) or refused (``Refusal``), in file order.

    A repeated (source, id) within the run is refused with the line of its first occurrence."""
    seen: dict[tuple[str, str], str] = {}
    for p in paths:
        path = Path(p)
        name = str(p)
        read = reader_for(path)
        if read is None:
            yield Refusal(name, 0, "", f"unknown file type {path.suffix!r} (use .jsonl, .csv, .json, .jsonld or .html)")
            continue
        if not path.is_file():
            yield Refusal(name, 0, "", "cannot read the file (missing or not a file)")
            continue
        default_source = source or path.stem
        for line, raw, rid, reason in read(path):
            if raw is None:
                yield Refusal(name, line, rid, reason)
                continue
            try:
                ad = make_ad(raw, file=name, line=line, source=default_source)
            except Invalid as exc:
                rid = raw.get("id") if isinstance(raw.get("id"), str) else ""
                yield Refusal(name, line, rid, str(exc))
                continue
            except RecursionError:
                yield Refusal(name, line, "", TOO_DEEP)
                continue
            key = (ad.source, ad.external_id)
            if key in seen:
                yield Refusal(name, line, ad.external_id, f"duplicate id {ad.external_id!r} of source {ad.source!r} "
                                                          f"(first at {seen[key]})")
                continue
            seen[key] = f"{name}:{line}"
            yield ad
