"""CSV import of an organisation's staff: one employment record per line; every refused line with its reasons.

Columns (UTF-8, comma or semicolon; a header line):

    person,start_date,end_date,fte,statute,occupation,joint_committee,site,enterprise_number

* ``person``: the e-mail address of the person's login, or ``person:<id>``.
* ``fte``: the share of a full-time job, ``0,8`` / ``0.8`` / ``80%``; more than 0, at most 1.
* ``end_date`` empty: the contract runs. ``statute``: worker, clerk, civil_servant, contract, temporary,
  student, other (or arbeider / bediende). ``occupation``: an ESCO URI or code (optional).
* ``enterprise_number`` (optional): must be the organisation's own, with valid check digits.

The good lines are kept; a line is refused for an unknown person, an FTE above 1 or not above 0, an end before
its start, a contract that overlaps another contract of the same person at this organisation (already stored
or earlier in the file), an unknown statute or occupation, a bad enterprise number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from lifelong.accounts.federal import read_day
from lifelong.organisations import kbo
from lifelong.organisations.models import Employment, Organisation, Statute
from lifelong.organisations.services import fte_permille_of
from lifelong.people.models import Person
from lifelong.taxonomy.models import Concept, ConceptType

REQUIRED = ["person", "start_date", "fte"]
OPTIONAL = ["end_date", "statute", "occupation", "joint_committee", "site", "enterprise_number"]
STATUTE_WORDS = {**{s.value: s.value for s in Statute}, "arbeider": "worker", "bediende": "clerk",
                 "ambtenaar": "civil_servant", "contractueel": "contract", "uitzendkracht": "temporary",
                 "jobstudent": "student", "ander": "other"}


@dataclass
class StaffReport:
    organisation: str
    created: int = 0
    refused: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, reasons)

    def summary(self) -> str:
        return _("%(org)s: %(n)s tewerkstellingen toegevoegd, %(r)s regels geweigerd") % {
            "org": self.organisation, "n": self.created, "r": len(self.refused)}


def organisation_by_kbo(number: str) -> Organisation:
    """The organisation with this enterprise number; ValueError (Dutch) when the number or the organisation fails."""
    if not kbo.is_valid(number):
        raise ValueError(_("Het ondernemingsnummer %(n)s klopt niet: 10 cijfers, de laatste twee zijn "
                           "97 min (de eerste acht modulo 97).") % {"n": number})
    wanted = kbo.normalise(number)
    for org in Organisation.objects.filter(enterprise_number__in=[wanted, number.strip()]):
        return org
    raise ValueError(_("Er is geen organisatie met ondernemingsnummer %(n)s.") % {"n": number})


def _reader(text: str):
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    headers = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = headers
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        raise ValueError(_("Deze kolommen ontbreken: %(cols)s (verwacht: %(all)s)")
                         % {"cols": ", ".join(missing), "all": ",".join(REQUIRED + OPTIONAL)})
    return reader


def _people(refs: set[str]) -> dict[str, int]:
    ids = {r: int(r[7:]) for r in refs if r.startswith("person:") and r[7:].isdigit()}
    found = set(Person.objects.filter(pk__in=ids.values()).values_list("pk", flat=True))
    out = {r: pk for r, pk in ids.items() if pk in found}
    emails = [r.lower() for r in refs if "@" in r]
    for i in range(0, len(emails), 900):
        for email, pk in Person.objects.filter(user__email__in=emails[i:i + 900]).values_list("user__email", "pk"):
            out[email.lower()] = pk
    return out


def _occupations(refs: set[str]) -> dict[str, int]:

    out: dict[str, int] = {}
    refs = sorted(refs)
    for i in range(0, len(refs), 900):
        part = refs[i:i + 900]
        for pk, uri in Concept.objects.filter(concept_type=ConceptType.OCCUPATION, uri__in=part).values_list("pk", "uri"):
            out[uri] = pk
        for pk, code in (Concept.objects.filter(concept_type=ConceptType.OCCUPATION, code__in=part)
                         .values_list("pk", "code")):
            out[code] = pk
    return out


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return (a_end is None or a_end >= b_start) and (b_end is None or b_end >= a_start)


def import_staff(source: Path | str, *, organisation: Organisation) -> StaffReport:
    """Read a staff CSV (a path, or the text itself) into employment records of ``organisation``."""
    text = Path(source).read_text(encoding="utf-8-sig") if isinstance(source, Path) else source
    rows = [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for reader in [_reader(text)]
            for row in reader]
    report = StaffReport(organisation.name)
    people = _people({r.get("person", "") for _, r in rows} - {""})
    occupations = _occupations({r.get("occupation", "") for _, r in rows} - {""})
    taken: dict[int, list[tuple[date, date | None]]] = {}
    for pid, start, end in Employment.objects.filter(organisation=organisation).values_list(
            "person_id", "start_date", "end_date"):
        taken.setdefault(pid, []).append((start, end))
    new: list[Employment] = []
    for line, row in rows:
        reasons: list[str] = []
        ref = row.get("person", "")
        person_id = people.get(ref.lower() if "@" in ref else ref)
        if not ref:
            reasons.append(_("de persoon ontbreekt"))
        elif person_id is None:
            reasons.append(_("onbekende persoon: '%(p)s' (geen login met dat e-mailadres of geen person:<nummer>)")
                           % {"p": ref})
        start = read_day(row.get("start_date", ""), _("de begindatum"), reasons)
        if not row.get("start_date"):
            reasons.append(_("de begindatum ontbreekt"))
        end = read_day(row.get("end_date", ""), _("de einddatum"), reasons)
        if start and end and end < start:
            reasons.append(_("de einddatum ligt voor de begindatum"))
        fte, why = fte_permille_of(row.get("fte", ""))
        if why:
            reasons.append(why)
        statute = STATUTE_WORDS.get((row.get("statute") or "clerk").lower())
        if statute is None:
            reasons.append(_("onbekend statuut: '%(s)s'") % {"s": row.get("statute")})
        occupation = None
        if row.get("occupation"):
            occupation = occupations.get(row["occupation"])
            if occupation is None:
                reasons.append(_("onbekend ESCO-beroep: '%(o)s'") % {"o": row["occupation"]})
        number = row.get("enterprise_number", "")
        if number:
            if not kbo.is_valid(number):
                reasons.append(_("het ondernemingsnummer '%(n)s' klopt niet (controlegetal)") % {"n": number})
            elif kbo.normalise(number) != kbo.normalise(organisation.enterprise_number):
                reasons.append(_("het ondernemingsnummer '%(n)s' is niet dat van %(org)s")
                               % {"n": number, "org": organisation.name})
        if not reasons and person_id is not None and start is not None:
            clash = next(((s, e) for s, e in taken.get(person_id, []) if _overlaps(start, end, s, e)), None)
            if clash:
                reasons.append(_("overlapt met een ander contract van deze persoon bij deze organisatie "
                                 "(%(start)s – %(end)s)") % {"start": clash[0].isoformat(),
                                                             "end": clash[1].isoformat() if clash[1] else _("nu")})
        if reasons:
            report.refused.append((line, reasons))
            continue
        taken.setdefault(person_id, []).append((start, end))
        new.append(Employment(person_id=person_id, organisation=organisation, start_date=start, end_date=end,
                              fte_permille=fte, statute=statute, occupation_id=occupation,
                              joint_committee=row.get("joint_committee", "")[:10], site=row.get("site", "")[:100]))
    with transaction.atomic():
        Employment.objects.bulk_create(new, batch_size=1000)
    report.created = len(new)
    return report
