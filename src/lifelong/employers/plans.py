"""The organisation's competence check and its yearly training plan.

Coverage is only ever an aggregate: how many current staff claim a needed competence, and a count under
``MIN_CELL`` is shown as "fewer than 5" (no individual claim leaves the person's record). The plan's actions are
built from the gaps: a compass offer that teaches the competence when there is one, learning on the job otherwise."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from lifelong.accounts.services import NotAllowed, Refused
from lifelong.catalogue.models import Offer
from lifelong.organisations.models import (
    CompetenceNeed,
    EmployerTraining,
    Employment,
    Horizon,
    ItemKind,
    ItemStatus,
    PlanItem,
    TrainingPlan,
)
from lifelong.people.models import CompetenceClaim, Mastery
from lifelong.taxonomy.models import OccupationSkill
from lifelong.taxonomy.selectors import labels_of

MIN_CELL = 5  # cells with fewer people are suppressed


@dataclass
class Coverage:
    need: CompetenceNeed
    label: str
    covered: int | None  # None: fewer than MIN_CELL (suppressed)
    gap: bool


def _current_staff(organisation, on: date):
    return (Employment.objects.filter(organisation=organisation, start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on)).values("person_id"))


def suggested_skills(organisation, *, on: date, limit: int = 15) -> list[tuple[int, int]]:
    """(skill id, number of staff whose occupation needs it) from the ESCO essential skills of the staff's
    occupations, most common first, the skills already listed left out."""

    occupations = Counter(Employment.objects.filter(pk__in=Employment.objects.filter(
        organisation=organisation, occupation__isnull=False, start_date__lte=on).values("pk"))
        .values_list("occupation_id", flat=True))
    listed = set(organisation.competence_needs.values_list("skill_id", flat=True))
    counts: Counter = Counter()
    for occupation, skill in OccupationSkill.objects.filter(occupation_id__in=list(occupations),
                                                            relevance="essential").values_list("occupation_id", "skill_id"):
        if skill not in listed:
            counts[skill] += occupations[occupation]
    return counts.most_common(limit)


def coverage(organisation, *, on: date, language: str = "nl") -> list[Coverage]:
    needs = list(organisation.competence_needs.order_by("horizon", "id"))
    counts = dict(CompetenceClaim.objects.filter(person_id__in=_current_staff(organisation, on),
                                                 skill_id__in=[n.skill_id for n in needs],
                                                 level__gte=Mastery.ON_MY_OWN)  # can do it on their own
                  .values("skill_id").annotate(n=Count("person_id", distinct=True)).values_list("skill_id", "n"))
    labels = labels_of([n.skill_id for n in needs], language)
    out = []
    for need in needs:
        n = counts.get(need.skill_id, 0)
        shown = n if n >= MIN_CELL else None
        out.append(Coverage(need, labels.get(need.skill_id, ""), shown, gap=n < need.people_needed))
    return out


@transaction.atomic
def build_plan(organisation, *, year: int) -> TrainingPlan:
    """The year's plan (created when missing) with one action per competence gap not yet in it (idempotent)."""
    plan, _ = TrainingPlan.objects.get_or_create(organisation=organisation, year=year)
    planned = set(plan.items.values_list("skill_id", flat=True))
    for c in coverage(organisation, on=date(year, 1, 1)):
        if not c.gap or c.need.skill_id in planned:
            continue
        deadline = date(year, 6, 30) if c.need.horizon == Horizon.NOW else date(year, 12, 31)
        offer = (Offer.objects.filter(is_active=True, competences=c.need.skill_id).order_by("id").first())
        target = f"{c.need.people_needed} medewerker(s)"
        if offer is not None:
            PlanItem.objects.create(plan=plan, kind=ItemKind.COMPASS_OFFER, skill_id=c.need.skill_id, offer=offer,
                                    title=offer.title[:300], target_group=target, deadline=deadline)
        else:
            PlanItem.objects.create(plan=plan, kind=ItemKind.ON_THE_JOB, skill_id=c.need.skill_id,
                                    title=f"Leren op de werkvloer: {c.label}"[:300], target_group=target,
                                    deadline=deadline)
        planned.add(c.need.skill_id)
    return plan


def plan_of(organisation, year: int) -> TrainingPlan | None:
    return TrainingPlan.objects.filter(organisation=organisation, year=year).first()


@transaction.atomic
def complete_item(*, organisation, item: PlanItem, person_ids: list[int], minutes: int, on: date) -> int:
    """A plan action is done: it is marked done and, for each participant (staff of ``organisation`` that day),
    registered as an employer training of ``minutes``, so it counts toward their federal training days of that
    year (``selectors.training_right``). Once per participant (a repeat adds nothing). Returns how many were added."""
    if item.plan.organisation_id != organisation.pk:
        raise NotAllowed(_("Deze actie hoort niet bij het opleidingsplan van je organisatie."))
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 < minutes <= 60 * 24 * 40:
        raise Refused(_("Geef de duur in minuten (meer dan 0, hoogstens 40 dagen)."))
    contracts = {e.person_id: e for e in Employment.objects.filter(organisation=organisation, start_date__lte=on,
                                                                   person_id__in=person_ids)
                 .filter(Q(end_date__isnull=True) | Q(end_date__gte=on)).order_by("start_date")}
    outside = sorted(set(map(int, person_ids)) - set(contracts))
    if outside:
        raise NotAllowed(_("Deze mensen werken op %(day)s niet bij je organisatie: %(p)s")
                         % {"day": on.isoformat(), "p": ", ".join(map(str, outside))})
    done = set(EmployerTraining.objects.filter(plan_item=item).values_list("employment_id", flat=True))
    new = [EmployerTraining(employment=e, title=item.title[:200], on=on, minutes=minutes, plan_item=item)
           for e in contracts.values() if e.pk not in done]
    EmployerTraining.objects.bulk_create(new)
    PlanItem.objects.filter(pk=item.pk).update(status=ItemStatus.DONE)
    return len(new)
