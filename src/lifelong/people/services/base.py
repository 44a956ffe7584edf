"""What the career platform's writes share: the refusal, who may act for a person, a known concept,
a plan's change log and the one way a claim is raised (its proof only goes up)."""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lifelong import errors
from lifelong.guidance.selectors import require_access
from lifelong.taxonomy.models import Concept, ConceptType

from ..models import CompetenceClaim, DevelopmentPlan, PlanChange


class Refused(errors.Refused):
    """A rule said no; ``str(exc)`` is a plain sentence for the person."""


def concept_of(uri_or_concept, kind=ConceptType.SKILL) -> Concept:
    if isinstance(uri_or_concept, Concept):
        concept = uri_or_concept
    else:
        concept = Concept.objects.filter(uri=uri_or_concept).first()
    if concept is None or concept.concept_type != kind:
        raise Refused(_("Deze competentie kennen we niet.") if kind == ConceptType.SKILL
                      else _("Dit beroep kennen we niet."))
    return concept


def require_own(user, person) -> None:
    if person.user_id is None or user is None or person.user_id != user.pk:
        raise PermissionDenied(_("Dit kan alleen de persoon zelf."))


def acts_for(user, person, *, scope: str, action) -> None:
    """The person themself, or a guide (counsellor, bridge figure) within a consent in force for ``scope``.

    An act on the person's behalf is written to their access log (``require_access``); without the consent
    it is refused (``NoConsent``, a 403) and the attempt is logged too."""
    if person.user_id is not None and user is not None and person.user_id == user.pk:
        return
    require_access(user, person, scope=scope, action=action)


def on_behalf(scope: str, action, person_of):
    """Gate first, outside the transaction (a refused attempt stays in the person's log), then run atomically."""

    def decorator(fn):
        @wraps(fn)
        def wrapper(*, user, **kwargs):
            acts_for(user, person_of(kwargs), scope=scope, action=action)
            with transaction.atomic():
                return fn(user=user, **kwargs)

        return wrapper

    return decorator


def plan_changed(plan: DevelopmentPlan, user, what: str) -> None:
    """Every change of a plan is marked with its author; a change by someone else waits for the person's approval."""
    PlanChange.objects.create(plan=plan, author=user, author_label=str(user)[:200], what=str(what)[:300],
                              by_person=user is not None and user.pk == plan.person.user_id)
    if user is None or user.pk != plan.person.user_id:
        DevelopmentPlan.objects.filter(pk=plan.pk).update(approved_at=None)
        plan.approved_at = None


def raise_claim(*, person, skill, level: int, proof: int, source: str, note: str = "", by=None,
                on: date | None = None) -> CompetenceClaim:
    """Create or strengthen a claim: the level becomes the new one, the proof never goes down."""
    on = on or timezone.localdate()
    claim = CompetenceClaim.objects.select_for_update().filter(person=person, skill=skill).first()
    if claim is None:
        claim = CompetenceClaim(person=person, skill=skill, level=level, proof=proof, source=source,
                                source_note=note[:300], proven_by=by, on=on)
    else:
        claim.level = level
        if proof >= claim.proof:
            claim.proof, claim.source, claim.source_note, claim.on = proof, source, note[:300], on
            claim.proven_by = by
    claim.full_clean()
    claim.save()
    return claim
