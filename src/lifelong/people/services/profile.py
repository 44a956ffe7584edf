"""The person's own profile: competences they declare, diplomas and work experience."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from lifelong.taxonomy.models import ConceptType

from ..models import ClaimSource, CompetenceClaim, Mastery, Proof, Qualification, WorkExperience
from .base import Refused, concept_of, raise_claim, require_own


@transaction.atomic
def declare_competence(*, user, person, skill_uri: str, level: int, source: str = ClaimSource.SELF,
                       note: str = "") -> CompetenceClaim:
    require_own(user, person)
    if level not in Mastery.values or level == Mastery.NOT_YET:
        raise Refused(_("Kies een niveau."))
    return raise_claim(person=person, skill=concept_of(skill_uri), level=level, proof=Proof.SELF_DECLARED,
                       source=source, note=note)


@transaction.atomic
def add_qualification(*, user, person, title: str, awarded_by: str = "", awarded_on=None,
                      eqf_level: int | None = None) -> Qualification:
    require_own(user, person)
    q = Qualification(person=person, title=title.strip(), awarded_by=awarded_by.strip(), awarded_on=awarded_on,
                      eqf_level=eqf_level)
    q.full_clean()
    q.save()
    return q


@transaction.atomic
def add_experience(*, user, person, occupation_uri: str, started_on: date, ended_on: date | None = None,
                   employer_name: str = "") -> WorkExperience:
    require_own(user, person)
    if ended_on and ended_on < started_on:
        raise Refused(_("De einddatum ligt voor de begindatum."))
    w = WorkExperience(person=person, occupation=concept_of(occupation_uri, ConceptType.OCCUPATION),
                       started_on=started_on, ended_on=ended_on, employer_name=employer_name.strip())
    w.full_clean()
    w.save()
    return w
