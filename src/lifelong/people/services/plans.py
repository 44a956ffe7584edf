"""Development plans: made by the person or a guide with consent (then approved by the person), from a
check's gaps, their competences and learning activities."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifelong.guidance.models import Scope

from ..models import (
    ActivityStatus,
    ClaimSource,
    CompetenceCheck,
    CompetenceClaim,
    DevelopmentPlan,
    LearningActivity,
    Mastery,
    PlanCompetence,
    Proof,
)
from ..selectors import check_result
from .base import Refused, concept_of, on_behalf, plan_changed, raise_claim, require_own
from .checks import complete_check


@transaction.atomic
def approve_plan(*, user, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The person agrees with the plan as it stands (changes by a guide need this again)."""
    require_own(user, plan.person)
    plan.approved_at = timezone.now()
    plan.save(update_fields=["approved_at", "updated_at"])
    return plan


@on_behalf(Scope.PLAN, gettext_lazy("ontwikkelplan gemaakt"), lambda kw: kw["person"])
def create_plan(*, user, person, title: str, goal: str = "") -> DevelopmentPlan:
    plan = DevelopmentPlan(person=person, title=title.strip(), goal=goal.strip())
    plan.full_clean()
    plan.save()
    plan_changed(plan, user, _("plan gemaakt: %(t)s") % {"t": plan.title})
    return plan


@on_behalf(Scope.PLAN, gettext_lazy("ontwikkelplan gemaakt uit een check"), lambda kw: kw["check"].person)
def create_plan_from_check(*, user, check: CompetenceCheck) -> DevelopmentPlan:
    """The gaps of a check (rated 'nog niet' or 'met hulp') become the competences to develop, and so do the
    essential skills left unanswered (possible gaps: their current level stays unknown)."""
    if not check.completed_at:
        complete_check(user=user, check=check)
    result = check_result(user, check)
    plan = DevelopmentPlan.objects.create(
        person=check.person, from_check=check, title=_("Groeien naar %(job)s") % {"job": result.occupation_label},
        goal=_("Ik wil de competenties leren die ik nog mis om als %(job)s te werken.")
        % {"job": result.occupation_label})
    PlanCompetence.objects.bulk_create([
        PlanCompetence(plan=plan, skill_id=g.skill_id, current_level=g.rating, target_level=Mastery.ON_MY_OWN)
        for g in result.score.gaps
    ] + [
        PlanCompetence(plan=plan, skill_id=g.skill_id, current_level=None, target_level=Mastery.ON_MY_OWN)
        for g in result.score.possible_gaps
    ])
    plan_changed(plan, user, _("plan gemaakt uit de check: %(t)s") % {"t": plan.title})
    return plan


@on_behalf(Scope.PLAN, gettext_lazy("competentie aan het ontwikkelplan toegevoegd"), lambda kw: kw["plan"].person)
def add_plan_competence(*, user, plan: DevelopmentPlan, skill_uri: str, target_level: int = Mastery.ON_MY_OWN):
    skill = concept_of(skill_uri)
    current = CompetenceClaim.objects.filter(person=plan.person, skill=skill).values_list("level", flat=True).first()
    pc, _created = PlanCompetence.objects.update_or_create(
        plan=plan, skill=skill, defaults={"target_level": target_level, "current_level": current})
    plan_changed(plan, user, _("competentie toegevoegd: %(s)s") % {"s": skill})
    return pc


@on_behalf(Scope.PLAN, gettext_lazy("activiteit aan het ontwikkelplan toegevoegd"), lambda kw: kw["plan"].person)
def add_activity(*, user, plan: DevelopmentPlan, kind: str, title: str, skill_uri: str = "",
                 offer_reference: str = "", deadline: date | None = None) -> LearningActivity:
    skill = concept_of(skill_uri) if skill_uri else None
    activity = LearningActivity(plan=plan, kind=kind, title=title.strip(), skill=skill,
                                offer_reference=offer_reference.strip(), deadline=deadline)
    activity.full_clean()
    activity.save()
    plan_changed(plan, user, _("activiteit toegevoegd: %(t)s") % {"t": activity.title})
    if skill and not plan.competences.filter(skill=skill).exists():
        add_plan_competence(user=user, plan=plan, skill_uri=skill.uri)
    return activity


@on_behalf(Scope.PLAN, gettext_lazy("activiteit bijgewerkt"), lambda kw: kw["activity"].plan.person)
def update_activity(*, user, activity: LearningActivity, status: str, progress: int | None = None):
    """Progress of an activity; finishing one puts its competence in the overview (self-declared)."""
    if status not in ActivityStatus.values:
        raise Refused(_("Kies een geldige status."))
    activity.status = status
    activity.progress = 100 if status == ActivityStatus.DONE else max(0, min(99, progress or activity.progress))
    activity.completed_on = timezone.localdate() if status == ActivityStatus.DONE else None
    activity.save(update_fields=["status", "progress", "completed_on"])
    plan_changed(activity.plan, user, _("activiteit '%(t)s': %(s)s") % {"t": activity.title,
                                                                       "s": activity.get_status_display()})
    if status == ActivityStatus.DONE and activity.skill_id:
        target = (PlanCompetence.objects.filter(plan=activity.plan, skill_id=activity.skill_id)
                  .values_list("target_level", flat=True).first()) or Mastery.ON_MY_OWN
        existing = CompetenceClaim.objects.filter(person=activity.plan.person, skill_id=activity.skill_id).first()
        raise_claim(person=activity.plan.person, skill=activity.skill, level=max(target, existing.level if existing else 0),
                    proof=Proof.SELF_DECLARED, source=ClaimSource.PLAN, note=activity.title)
    plan = activity.plan
    if not plan.activities.exclude(status=ActivityStatus.DONE).exists():
        plan.status = "done"
        plan.save(update_fields=["status", "updated_at"])
    elif plan.status == "done":
        plan.status = "active"
        plan.save(update_fields=["status", "updated_at"])
    return activity
