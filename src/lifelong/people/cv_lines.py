"""Reading a CV line by line before any skill extraction (pure Python, no Django).

Each line is one of: a ``heading`` ("Werkervaring"), ``contact`` details, a ``period`` (a dated line:
"2024-nu: assistent-boekhouder bij Demo NV.", "2019 – 2023", "sinds 2020"), an ``employer`` ("Demo NV",
"bij Colruyt"), a ``diploma`` ("Bachelor verpleegkunde": a qualification with its EQF level) or a
``skill`` line (what the person did or can do). Only skill lines, and the role left of a period line,
go to the skill extraction, and only after their dates and employer names are taken out: "nu" and
"Demo" are no competences. The diploma levels and the product names a CV uses ("Excel", "heftruck")
are data with their source: ``data/cv_reading_rules.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "cv_reading_rules.json"
KINDS = ("heading", "contact", "period", "employer", "diploma", "skill")

# Lines that only name a CV section, by the section they open.
SECTIONS = {
    "work": {"werkervaring", "beroepservaring", "ervaring", "loopbaan", "professionele ervaring", "werkgeschiedenis",
             "tewerkstelling", "jobs", "expérience professionnelle", "expériences professionnelles", "expérience",
             "parcours professionnel", "work experience", "experience", "employment", "employment history"},
    "education": {"opleiding", "opleidingen", "studies", "vorming", "opleiding en vorming", "diploma's",
                  "diploma's en getuigschriften", "onderwijs", "cursussen", "attesten", "formation", "formations",
                  "études", "diplômes", "education", "training", "qualifications"},
    "languages": {"talen", "taalkennis", "langues", "connaissances linguistiques", "languages"},
    "skills": {"vaardigheden", "competenties", "kennis", "computerkennis", "ict-kennis", "sterktes", "troeven",
               "attitudes", "compétences", "connaissances informatiques", "skills", "competences"},
    "other": {"curriculum vitae", "cv", "resume", "résumé", "persoonlijke gegevens", "contactgegevens", "contact",
              "hobby's", "hobbies", "interesses", "vrije tijd", "referenties", "profiel", "over mij",
              "coordonnées", "coördonnées", "données personnelles", "loisirs", "centres d'intérêt", "profil",
              "références", "interests", "references", "profile", "personal details", "about me"},
}
HEADINGS = {name: section for section, names in SECTIONS.items() for name in names}

CONTACT = re.compile(
    r"^(\S+@\S+|(\+|00)?[\d ./()-]{8,}|https?://\S+|www\.\S+|[\d ./-]+)$"
    r"|\S+@\S+\.\w+|(\+32|0032|\+33)[\d ./-]{7,}|\b0?4\d{2}[ /.]?\d{2}[ .]?\d{2}[ .]?\d{2}\b"
    r"|^(naam|adres|address|tel\.?|telefoon|gsm|e-?mail|geboren|geboortedatum|geboorteplaats|nationaliteit|"
    r"burgerlijke staat|rijksregisternummer|adresse|téléphone|né\(?e?\)? le|date de naissance|nationalité|"
    r"état civil|linkedin)\b",
    re.IGNORECASE)

ADDRESS = re.compile(r"\b\d{1,4}\w?(\s*(bus|/)\s*\w+)?\s*,?\s+[1-9]\d{3}\s+[A-ZÀ-Ý]")  # "Kerkstraat 12, 9000 Gent"
NAME_ONLY = re.compile(r"[A-ZÀ-Ý][\w'’-]+(\s+(van|de|der|den|le|la|du)?\s*[A-ZÀ-Ý][\w'’-]+){1,3}")  # "An Janssens"
_MONTHS = (r"zomer|winter|lente|herfst|été|hiver|printemps|automne|summer|jan(?:uari|vier)?|feb(?:ruari)?|févr(?:ier)?|maart|mrt|mars|apr(?:il)?|avr(?:il)?|mei|mai|jun[i]?|"
           r"juin|jul[i]?|juil(?:let)?|aug(?:ustus)?|août|sep(?:t(?:ember|embre)?)?|okt(?:ober)?|oct(?:obre)?|"
           r"nov(?:ember|embre)?|dec(?:ember)?|déc(?:embre)?")
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE = rf"(?:(?:\d{{1,2}}[/.-])?\d{{1,2}}[/.-]{_YEAR}|(?:{_MONTHS})\.?\s+{_YEAR}|{_YEAR}|'\d{{2}})"
_NOW = r"(?:nu|heden|vandaag|nog steeds|present|now|today|aujourd'hui|aujourd’hui|maintenant|actuellement|…|\.\.\.)"
_DASH = r"(?:-|–|—|/|tot(?:\s+en\s+met)?|t/m|tot\s+heden|à|au|to|until|>)"
PERIOD = re.compile(
    rf"(?:\b(?:van|vanaf|sinds|sedert|depuis|dès|de|du|since|from)\s+)?\b{_DATE}(?:\s*{_DASH}\s*(?:{_DATE}|{_NOW}))?"
    rf"|\b(?:sinds|sedert|vanaf|depuis|since)\s+{_DATE}",
    re.IGNORECASE)
LEGAL_FORMS = r"(?:NV|N\.V\.|BV|B\.V\.|BVBA|CVBA|CV|VZW|vzw|VOF|CommV|SA|S\.A\.|SRL|SPRL|SCRL|ASBL|asbl|Ltd|GmbH|Inc\.?|plc)"
_NAME_WORD = r"(?:[A-ZÀ-Ý0-9][\w&'’.-]*)"
_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|&|en|et|de|van|der|den|du|des|la|le))*"
# "Demo NV", "Colruyt Group NV"
WITH_LEGAL_FORM = re.compile(rf"\b{_NAME}\s+{LEGAL_FORMS}(?![\w])")
# "bij Colruyt", "chez Delhaize", "at Proximus", "voor Stad Gent" (a capitalised name after the word)
AT_EMPLOYER = re.compile(rf"\b(?:[Bb]ij|[Cc]hez|[Aa]t|[Vv]oor de|[Ii]n dienst van|[Aa]uprès de)\s+(?:de\s+|het\s+|la\s+|le\s+)?"
                         rf"({_NAME}(?:\s+{LEGAL_FORMS})?)(?=[\s,.;:)(]|$)")
ROLE_WORDS = 4  # a period line's rest longer than this says what was done, not only the job's name
_LEAD = " \t•*·-–—:;,|()[]"
_EDGE = " \t•*·-–—:;,|[]"


@dataclass
class Line:
    """One read CV line. ``skill_text`` is what the skill extraction gets ("" = nothing)."""

    text: str
    kind: str
    section: str = ""
    period: str = ""
    employer: str = ""
    role: str = ""
    qualification: dict | None = None
    skill_text: str = ""
    terms: list[dict] = field(default_factory=list)  # glossary hits: [{uri, label}]
    max_skills: int = 3  # suggestions kept from this line (a diploma's subject: one)


@lru_cache(maxsize=1)
def rules() -> dict:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    for rule in data["qualifications"]:
        rule["_re"] = re.compile(rule["pattern"], re.IGNORECASE)
        rule["_not"] = re.compile(rule["not"], re.IGNORECASE) if rule.get("not") else None
    for term in data["terms"]:
        term["_re"] = re.compile(term["pattern"], 0 if term.get("case") else re.IGNORECASE)
    return data


DIPLOMA_WORDS = re.compile(r"\b(diploma|getuigschrift|behaald|afgestudeerd|diplôme|diplômé|certificat|degree)\b",
                           re.IGNORECASE)


def qualification_of(text: str, section: str = "") -> dict | None:
    """The qualification a line names, with its EQF level and the rule's source, or None. Under work
    experience the line must say it is a diploma ("leerkracht in het secundair onderwijs" is a job)."""
    if section == "work" and not DIPLOMA_WORDS.search(text):
        return None
    data = rules()
    for rule in data["qualifications"]:
        if rule["_re"].search(text) and not (rule["_not"] and rule["_not"].search(text)):
            title = re.sub(r"^(diploma|getuigschrift|studiegetuigschrift|diplôme|certificat)\s*(van|de|d')?\s*:?\s*",
                           "", text, flags=re.IGNORECASE)
            title = clean(title).rstrip(".")
            source = data["qualification_sources"].get(rule["source"]) or {"name": "", "text": ""}
            return {"title": title or rule["label"], "level": rule["label"], "eqf": rule["eqf"],
                    "source": source["name"], "source_text": source["text"], "field": _field_of(title, rule)}
    return None


def _field_of(title: str, rule: dict) -> str:
    """The subject of a diploma ("boekhouden-informatica" of "Diploma secundair onderwijs, boekhouden-
    informatica"): the title without the qualification's own words, the school in brackets and "optie"."""
    rest = rule["_re"].sub(" ", title)
    rest = re.sub(r"\([^)]*\)", " ", rest)
    rest = re.sub(r"\b(diploma|getuigschrift|behaald|optie|richting|studierichting|afstudeerrichting|option|"
                  r"orientation|in de|in het|in|en|van|de|of|ingenieurs?)\b", " ", rest, flags=re.IGNORECASE)
    rest = clean(rest.split(",")[0] if len(clean(rest.split(",")[0])) > 2 else rest)
    return rest if len(rest) > 2 else ""


def terms_in(text: str) -> list[dict]:
    """Product and licence names of the glossary found in ``text``: [{uri, label}], each skill once."""
    found: dict[str, dict] = {}
    for term in rules()["terms"]:
        if term["_re"].search(text):
            found.setdefault(term["uri"], {"uri": term["uri"], "label": term["label"]})
    return list(found.values())


def heading_of(text: str) -> str | None:
    bare = text.strip().strip(_LEAD + ".").strip().lower()
    return HEADINGS.get(bare)


def tidy_period(text: str) -> str:
    """ "2024-nu" → "2024–nu", "van 2019 tot 2023" → "2019–2023"; "sinds 2020" stays."""
    text = re.sub(r"^(van|vanaf|de|du|from)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(rf"\s*(?:{_DASH})\s*", "–", text, count=1, flags=re.IGNORECASE) if not re.match(
        r"(sinds|sedert|depuis|since)\b", text, re.IGNORECASE) else text


def without_employers(text: str) -> tuple[str, str]:
    """(text without employer names, the first employer found or "")."""
    employer = ""
    m = AT_EMPLOYER.search(text) or WITH_LEGAL_FORM.search(text)
    if m:
        employer = (m.group(1) if m.re is AT_EMPLOYER else m.group(0)).strip(" .,")
    text = AT_EMPLOYER.sub(" ", text)
    text = WITH_LEGAL_FORM.sub(" ", text)
    return text, employer


def without_periods(text: str) -> tuple[str, list[str]]:
    periods = [m.group(0) for m in PERIOD.finditer(text)]
    return PERIOD.sub(" ", text), periods


def clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"[,;:]\s*\)", ")", text)
    text = re.sub(r"\(\s*[,;:]?\s*\)", " ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"([,;:])\s*(?=[,;:.]|$)", "", text)
    text = text.strip(_EDGE).strip()
    if text.startswith("(") and ")" not in text:
        text = text[1:].strip()
    if text.endswith(")") and "(" not in text:
        text = text[:-1].strip()
    return text


def _looks_like_employer(text: str, section: str) -> bool:
    """A short line that is only a company name: with its legal form, "bij X", or (under work experience)
    two to five capitalised words and perhaps a place ("Colruyt Group, Halle")."""
    bare = text.strip(_LEAD + ".")
    if not bare or len(bare.split()) > 6:
        return False
    if WITH_LEGAL_FORM.fullmatch(bare) or re.fullmatch(rf"{WITH_LEGAL_FORM.pattern}\s*,\s*{_NAME}", bare):
        return True
    m = AT_EMPLOYER.match(bare)
    if m and m.end() >= len(bare) - 1:
        return True
    if section == "work":
        words = re.split(r"[\s,]+", bare)
        return 2 <= len(words) <= 5 and all(w[:1].isupper() or w.lower() in {"&", "en", "de", "van"} for w in words)
    return False


def read_line(text: str, section: str = "") -> Line:
    """Classify one CV line; ``section`` is the heading it stands under (work, education, languages, …)."""
    stripped = text.strip()
    if (heading := heading_of(stripped)) is not None:
        return Line(stripped, "heading", section=heading)
    bare = clean(stripped)
    if PERIOD.fullmatch(bare):
        return Line(stripped, "period", section, period=tidy_period(bare))
    if CONTACT.search(bare) or ADDRESS.search(bare) or (section in ("", "other") and NAME_ONLY.fullmatch(bare)):
        return Line(stripped, "contact", section)
    rest, periods = without_periods(bare)
    at_start = bool(periods) and bool(PERIOD.match(bare.lstrip("(")))
    rest = clean(rest)
    qualification = qualification_of(rest, section)
    if qualification:
        # its subject says what the person learnt: read for one skill, the best ("boekhouden" → accounting)
        return Line(stripped, "diploma", section, period=tidy_period(periods[0]) if periods else "",
                    qualification=qualification, skill_text=qualification["field"], max_skills=1)
    role, employer = without_employers(rest)
    role = clean(role)
    if at_start or (periods and not role):
        line = Line(stripped, "period", section, period=tidy_period(periods[0]), employer=employer, role=role)
    elif _looks_like_employer(rest, section) and not terms_in(rest):
        return Line(stripped, "employer", section, employer=clean(employer or rest))
    else:
        line = Line(stripped, "skill", section, employer=employer)
    # a period line's role that only names a job ("assistent-boekhouder") is work experience, not a
    # competence: guessing skills from a job title gave "assist judge"; a role that tells what was done
    # ("magazijnier: ik reed met de heftruck …") is read for skills
    if line.kind == "skill" or len(role.split()) > ROLE_WORDS:
        line.skill_text = role
    line.terms = terms_in(role)
    return line


def read_lines(text: str) -> list[Line]:
    """Every non-empty line of a CV, classified, each knowing the section it stands under."""
    out, section = [], ""
    for raw in text.split("\n"):
        if not raw.strip():
            continue
        line = read_line(raw, section)
        if line.kind == "heading":
            section = line.section
        out.append(line)
    return out


def facts_of(lines: list[Line]) -> list[dict]:
    """What the CV says besides competences, for the reading's result: work (period, role, employer) and
    diplomas (title, EQF level, the rule's source). An employer on its own line completes the work entry
    above it when that one has none."""
    facts: list[dict] = []
    previous = None
    for line in lines:
        if (line.kind == "skill" and previous is not None and previous.kind == "period" and not previous.role
                and facts and facts[-1]["kind"] == "work" and len(line.text.split()) <= 4):
            facts[-1]["role"] = clean(line.text)[:120]  # "2019 – 2023" / "Magazijnier"
        previous = line
        if line.kind == "diploma":
            q = line.qualification or {}
            facts.append({"kind": "diploma", "title": q.get("title", "")[:200], "eqf": q.get("eqf"),
                          "source": q.get("source", ""), "period": line.period})
        elif line.kind == "period":
            facts.append({"kind": "work", "period": line.period, "role": line.role[:120],
                          "employer": line.employer[:120], "education": line.section == "education"})
        elif line.kind == "employer":
            if facts and facts[-1]["kind"] == "work" and not facts[-1]["employer"]:
                facts[-1]["employer"] = line.employer[:120]
            else:
                facts.append({"kind": "work", "period": "", "role": "", "employer": line.employer[:120],
                              "education": False})
    return facts
