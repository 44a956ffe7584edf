"""Reading a CV: from a pasted text or an uploaded file (text, PDF, Word) to suggested ESCO skills.

The file is recognised by its first bytes, never by its name. The text is read line by line first
(``cv_lines``: headings, contact details, periods, employers and diplomas are read as what they are); the
skills come from the text → competence engine (``lifelong.extraction``, ``fast`` mode), which runs in the
background worker: one fitted extractor per process (``extraction.shared``), kept for the process's life. A
suggestion is never a claim: the person confirms it first (``services.declare_competence`` with source
``cv``) or rejects it (``cv_services.reject_cv_suggestion``).
"""

from __future__ import annotations

import bisect
import contextlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from lifelong.extraction import shared

from . import cv_lines

CV_MAX_BYTES = 5 * 1024 * 1024
CV_MIN_CHARACTERS = 30
CV_MAX_CHARACTERS = 60_000
CV_MAX_PDF_PAGES = 40  # about twice the longest CV; a longer PDF is refused before any page is read
CV_MAX_DOCX_XML_BYTES = 8 * 1024 * 1024  # the unpacked text part of a .docx; a zip bomb stops here
PDF_MAX_STREAM_BYTES = 8 * 1024 * 1024  # one decompressed PDF content stream (pypdf's own limit is 75 MB)
SUGGESTIONS_KEPT = 25
EVIDENCE_CHARACTERS = 160
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class UnreadableCv(ValueError):
    """The CV could not be read; ``str(exc)`` says why in a plain sentence."""


def checked_upload(data: bytes) -> bytes:
    """The bytes of an uploaded CV if it can be stored for reading (not empty, at most 5 MB)."""
    if len(data) > CV_MAX_BYTES:
        raise UnreadableCv(_("Dit bestand is te groot (%(mb).1f MB). Het mag hoogstens 5 MB zijn.")
                           % {"mb": len(data) / 1024 / 1024})
    if not data.strip():
        raise UnreadableCv(_("Dit bestand is leeg."))
    if not data.startswith((b"%PDF-", b"PK\x03\x04")) and b"\x00" in data[:4096]:  # a picture, a program …
        raise UnreadableCv(_("Dit bestand kunnen we niet lezen. Gebruik een PDF, een Word-bestand (.docx) "
                             "of gewone tekst."))
    return data


def text_of_upload(data: bytes, filename: str = "") -> str:
    """The text of an uploaded CV (PDF, Word .docx or plain text), or ``UnreadableCv`` saying why not.
    Runs in the background worker; every step has a cap (bytes, pages, unpacked size, characters)."""
    checked_upload(data)
    if data.startswith(b"%PDF-"):
        text = _pdf_text(data)
    elif data.startswith(b"PK\x03\x04"):
        text = _docx_text(data)
    else:
        text = _plain_text(data)
    return checked_text(text)


def checked_text(text: str) -> str:
    """The CV text, tidied; ``UnreadableCv`` when it is too short or too long to be a CV."""
    text = re.sub(r"[ \t\u00a0]+", " ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(text) < CV_MIN_CHARACTERS:
        raise UnreadableCv(_("Er staat te weinig tekst in je cv om iets uit te halen. "
                             "Schrijf een paar zinnen over je werk en je opleiding."))
    if len(text) > CV_MAX_CHARACTERS:
        raise UnreadableCv(_("Je cv is te lang (%(n)s tekens). Hoogstens %(max)s tekens, ongeveer 20 bladzijden.")
                           % {"n": len(text), "max": CV_MAX_CHARACTERS})
    return text


def _pdf_text(data: bytes) -> str:
    from pypdf.errors import PyPdfError

    try:
        from pypdf import apply_configuration  # pypdf >= 7: limits per context
    except ImportError:  # older pypdf: the module-wide limit
        from pypdf import filters

        filters.ZLIB_MAX_OUTPUT_LENGTH = min(filters.ZLIB_MAX_OUTPUT_LENGTH, PDF_MAX_STREAM_BYTES)
        limits = contextlib.nullcontext()
    else:
        limits = apply_configuration(zlib_maximum_output_length=PDF_MAX_STREAM_BYTES)
    with limits:
        return _pdf_text_within_limits(data, PyPdfError)


def _pdf_text_within_limits(data: bytes, PyPdfError) -> str:  # noqa: N803 (the error class, passed in)
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableCv(_("Deze PDF is beveiligd met een wachtwoord. Maak een PDF zonder wachtwoord."))
        pages = len(reader.pages)
        if pages > CV_MAX_PDF_PAGES:
            raise UnreadableCv(_("Deze PDF heeft %(n)s bladzijden. Een cv van hoogstens %(max)s bladzijden kunnen we "
                                 "lezen.") % {"n": pages, "max": CV_MAX_PDF_PAGES})
        parts, read = [], 0
        for page in reader.pages:  # stop as soon as there is more text than a CV can have
            part = page.extract_text() or ""
            parts.append(part)
            read += len(part)
            if read > CV_MAX_CHARACTERS:
                break
        text = "\n".join(parts)
    except UnreadableCv:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            NotImplementedError, OverflowError, ZeroDivisionError) as exc:
        raise UnreadableCv(_("We kunnen deze PDF niet openen. Is hij beschadigd? Plak de tekst van je cv.")) from exc
    if len(text.strip()) < CV_MIN_CHARACTERS:
        raise UnreadableCv(_("In deze PDF staat geen tekst, misschien is het een scan of een foto. "
                             "Plak de tekst van je cv in het tekstvak."))
    return text


def _docx_text(data: bytes) -> str:
    unreadable = _("Dit bestand kunnen we niet lezen. Gebruik een PDF, een Word-bestand (.docx) of gewone tekst.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.flag_bits & 0x1:
                raise UnreadableCv(_("Dit Word-bestand is beveiligd met een wachtwoord. Bewaar het zonder "
                                     "wachtwoord of als PDF."))
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise UnreadableCv(unreadable)
            xml = _capped_read(archive, info)
        root = ElementTree.fromstring(xml)
    except UnreadableCv:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ElementTree.ParseError, NotImplementedError,
            RuntimeError, ValueError, OSError, EOFError) as exc:
        raise UnreadableCv(unreadable) from exc
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{WORD_NS}t")) for p in root.iter(f"{WORD_NS}p")]
    return "\n".join(paragraphs)


def _capped_read(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Unpack one part in chunks and stop at ``CV_MAX_DOCX_XML_BYTES``, whatever size the archive claims."""
    too_big = UnreadableCv(_("Dit Word-bestand is uitgepakt te groot om een cv te zijn. Bewaar het als PDF of "
                             "plak de tekst."))
    if info.file_size > CV_MAX_DOCX_XML_BYTES:
        raise too_big
    chunks, size = [], 0
    with archive.open(info) as part:
        while chunk := part.read(256 * 1024):
            size += len(chunk)
            if size > CV_MAX_DOCX_XML_BYTES:
                raise too_big
            chunks.append(chunk)
    return b"".join(chunks)


def _plain_text(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableCv(_("Dit bestand kunnen we niet lezen. Gebruik een PDF, een Word-bestand (.docx) "
                             "of gewone tekst."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableCv(_("De tekens in dit bestand kunnen we niet lezen. Bewaar het als UTF-8 of als PDF."))


# -- the engine ------------------------------------------------------------------------------------------------
def extractor():
    """The process's fitted ``fast`` extractor (``lifelong.extraction.shared``, also used by compass tagging
    and the vacancy pipeline; the first fit on a machine takes a minute or two and is cached on disk)."""
    return shared.fitted("fast", 200)


# The reading before the line reader (kept for ``benchmarks/bench_cv_lines.py``, to measure what ``cv_lines`` adds):
# lines that only name a CV section or hold contact details are dropped ("Curriculum vitae" would otherwise
# suggest curriculum design), everything else goes to the engine as written.
SECTION_HEADINGS = {
    "curriculum vitae", "cv", "resume", "résumé", "werkervaring", "beroepservaring", "ervaring", "opleiding",
    "opleidingen", "studies", "vorming", "talen", "taalkennis", "vaardigheden", "competenties", "kennis",
    "persoonlijke gegevens", "contactgegevens", "contact", "hobby's", "hobbies", "interesses", "referenties",
    "profiel", "over mij", "expérience professionnelle", "expérience", "formation", "langues", "compétences",
    "loisirs", "coordonnées", "work experience", "experience", "education", "languages", "skills", "interests",
    "references", "profile", "personal details",
}
NOT_ABOUT_COMPETENCES = re.compile(
    r"^(\S+@\S+|(\+|00)?[\d ./()-]{8,}|https?://\S+|www\.\S+|[\d ./-]+)$", re.IGNORECASE)
PER_SENTENCE = 3


def competence_lines(text: str) -> str:
    """The CV without its section headings and contact lines."""
    kept = []
    for line in text.split("\n"):
        bare = line.strip().strip(":-•*·").strip()
        if bare.lower() in SECTION_HEADINGS or NOT_ABOUT_COMPETENCES.match(bare):
            continue
        kept.append(line)
    return "\n".join(kept)


@dataclass
class Reading:
    language: str
    suggestions: list[dict]  # [{uri, score, evidence}], best first
    facts: list[dict]  # work (period, role, employer) and diplomas (title, EQF level, source): ``cv_lines.facts_of``
    lines: list = field(default_factory=list)  # the classified lines (``cv_lines.Line``)


def read(text: str, language: str | None = None) -> Reading:
    """Read a CV line by line (``cv_lines``): headings, contact details, periods, employers and diplomas are
    read as what they are; only what the person did goes to the extraction engine, without its dates and
    employer names. Product names of the glossary ("Excel", "heftruck") suggest their skill directly.
    The best skill of each CV sentence comes first, then the second best of each, … (at most three per
    sentence), so every line of the CV gets heard."""
    lines = cv_lines.read_lines(text)
    skill_lines = [line for line in lines if line.skill_text]
    rows, seen = [], set()
    for line in skill_lines:
        for term in line.terms:
            if term["uri"] not in seen:
                seen.add(term["uri"])
                rows.append({"uri": term["uri"], "score": 1.0, "confidence": GLOSSARY_CONFIDENCE,
                             "evidence": _short(line.text.strip())})
    offsets, cleaned, at = [], [], 0
    for line in skill_lines:
        offsets.append(at)
        cleaned.append(line.skill_text)
        at += len(line.skill_text) + 1
    found_language, extracted = _extracted("\n".join(cleaned), language, [(o, line) for o, line in
                                                                        zip(offsets, skill_lines, strict=True)])
    rows.extend(r for r in extracted if r["uri"] not in seen)
    return Reading(found_language, rows, cv_lines.facts_of(lines), lines)


GLOSSARY_CONFIDENCE = 5.0  # a product name of the glossary ("Excel") names its skill: always above the floor


def confidence(score: float, language: str) -> float:
    """A skill's score as a multiple of the engine's own floor for the text's language (1.0 = just kept by
    the engine). The engine's scales differ per language (Dutch scores run about twice as high as French
    ones), so ``settings.CV_SUGGESTION_FLOOR`` is set on this scale."""
    floors = extractor().min_score
    return round(float(score) / (floors.get(language) or min(floors.values())), 4)


def _short(sentence: str) -> str:
    if len(sentence) > EVIDENCE_CHARACTERS:
        sentence = sentence[:EVIDENCE_CHARACTERS - 1].rstrip() + "…"
    return sentence


def _extracted(text: str, language: str | None, origin: list | None = None) -> tuple[str, list[dict]]:
    """The engine's skills for ``text``, round-robin over its sentences. With ``origin`` ([(offset, line)]):
    the evidence of a sentence from a shortened line is the whole line as the person wrote it."""
    if not text.strip():
        return language or "nl", []
    [result] = extractor().extract([text], languages=[language] if language else None)
    per_sentence: dict[int, list] = {}
    for match in result.skills:  # best first
        per_sentence.setdefault(match.evidence.sentence, []).append(match)
    ordered = [matches[rank] for rank in range(PER_SENTENCE) for _, matches in sorted(
        per_sentence.items(), key=lambda item: -item[1][0].score) if rank < len(matches)]
    starts = [o for o, _ in origin] if origin else []
    rows, per_line = [], {}
    for match in ordered:
        sentence = text[match.evidence.start:match.evidence.end].strip()
        if origin:
            at = bisect.bisect_right(starts, match.evidence.start) - 1
            _, line = origin[at]
            per_line[at] = per_line.get(at, 0) + 1
            if per_line[at] > line.max_skills:
                continue
            if line.skill_text.strip() != line.text.strip():
                sentence = line.text.strip()
        rows.append({"uri": match.uri, "score": round(float(match.score), 4),
                     "confidence": confidence(match.score, result.language), "evidence": _short(sentence)})
    return result.language, rows
