"""Writes on employment records: one place that checks them (form, API and CSV import all come here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lifelong.taxonomy.models import Concept, ConceptType

from .models import CorrectionRequest, Employment, Organisation


@dataclass
class EmploymentInput:
    person_id: int
    start_date: date
    end_date: date | None
    fte_permille: int
    statute: str = "clerk"
    occupation_id: int | None = None
    joint_committee: str = ""
    site: str = ""


def fte_permille_of(text: str) -> tuple[int | None, str | None]:
    """'0,8' / '0.8' / '80%' → 800; or the reason it is refused (Dutch)."""
    raw = (text or "").strip().replace(",", ".")
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%").strip())
    except ValueError:
        return None, _("de tewerkstelling is geen getal: '%(v)s' (schrijf 0,8 voor 4/5)") % {"v": text}
    if percent:
        value /= 100
    if value > 1:
        return None, _("de tewerkstelling is meer dan voltijds (1): '%(v)s'") % {"v": text}
    if value <= 0:
        return None, _("de tewerkstelling moet meer dan 0 zijn: '%(v)s'") % {"v": text}
    permille = round(value * 1000)
    return max(permille, 1), None


def overlapping(organisation_id: int, data: EmploymentInput, *, exclude_id: int | None = None):
    """Another contract of the same person at the same organisation that overlaps these dates."""
    qs = Employment.objects.filter(organisation_id=organisation_id, person_id=data.person_id)
    if exclude_id:
        qs = qs.exclude(pk=exclude_id)
    if data.end_date is not None:
        qs = qs.filter(start_date__lte=data.end_date)
    return qs.exclude(end_date__lt=data.start_date).first()


def check(organisation_id: int, data: EmploymentInput, *, exclude_id: int | None = None) -> list[str]:
    """Every reason these employment facts are refused (empty: fine)."""

    reasons = []
    if data.occupation_id and not Concept.objects.filter(pk=data.occupation_id,
                                                         concept_type=ConceptType.OCCUPATION).exists():
        reasons.append(_("onbekend ESCO-beroep: %(o)s") % {"o": data.occupation_id})
    if not 1 <= data.fte_permille <= 1000:
        reasons.append(_("de tewerkstelling moet tussen 0 en 1 liggen (1 = voltijds)"))
    if data.end_date and data.end_date < data.start_date:
        reasons.append(_("de einddatum ligt voor de begindatum"))
    elif (other := overlapping(organisation_id, data, exclude_id=exclude_id)) is not None:
        until = other.end_date.isoformat() if other.end_date else _("nu")
        reasons.append(_("overlapt met een ander contract van deze persoon bij deze organisatie (%(start)s – %(end)s)")
                       % {"start": other.start_date.isoformat(), "end": until})
    return reasons


@transaction.atomic
def save_employment(*, organisation: Organisation, data: EmploymentInput,
                    employment: Employment | None = None) -> tuple[Employment | None, list[str]]:
    """Create (or update) an employment record after ``check``; returns (record, reasons refused)."""
    reasons = check(organisation.pk, data, exclude_id=employment.pk if employment else None)
    if reasons:
        return None, reasons
    record = employment or Employment(organisation=organisation)
    for name, value in vars(data).items():
        setattr(record, name, value)
    record.save()
    return record, []


def request_correction(*, employment: Employment, person, message: str) -> CorrectionRequest:
    """The employee asks the employer to correct a record; only the person the record is about may ask."""
    if employment.person_id != person.pk:
        raise PermissionError(_("Je kunt alleen een correctie vragen voor je eigen tewerkstelling."))
    message = (message or "").strip()
    if not message:
        raise ValueError(_("Schrijf wat er niet klopt."))
    return CorrectionRequest.objects.create(employment=employment, message=message[:2000])
