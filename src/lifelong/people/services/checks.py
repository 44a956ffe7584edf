"""The competence check: its questions from an occupation's skills, the answers, finishing it, a
counsellor's confirmation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifelong.guidance.models import Scope
from lifelong.guidance.selectors import require_access
from lifelong.taxonomy.models import ConceptType, OccupationSkill
from lifelong.taxonomy.selectors import named_equivalents

from ..models import CheckAnswer, ClaimSource, CompetenceCheck, CompetenceClaim, Mastery, Proof
from .base import Refused, concept_of, on_behalf, raise_claim, require_own


@on_behalf(Scope.START_CHECK, gettext_lazy("competentiecheck gestart"), lambda kw: kw["person"])
def start_check(*, user, person, occupation_uri: str, max_questions: int | None = None,
                language: str = "nl") -> CompetenceCheck:
    """Snapshot the occupation's skills as questions: essential ones first, optional ones after.

    A reader of ``language`` (Dutch by default) is never asked about a skill that has no name in it when a
    skill with a name means the same or nearly so (``taxonomy.selectors.named_equivalents``): that one is
    asked instead (once, as essential when either is).

    ``max_questions`` (the assisted mode's short check): essential skills the person has no claim for yet
    come first, then those they claim already, then optional ones; only the first ``max_questions`` are asked."""
    occupation = concept_of(occupation_uri, ConceptType.OCCUPATION)
    links = list(OccupationSkill.objects.filter(occupation=occupation, skill__concept_type=ConceptType.SKILL)
                 .order_by("relevance", "skill_id").values_list("skill_id", "relevance"))
    links = prefer_named_skills(links, language)
    if not any(rel == "essential" for _, rel in links):
        raise Refused(_("Voor dit beroep zijn nog geen essentiële competenties bekend. Kies een ander of "
                        "verwant beroep."))
    check = CompetenceCheck.objects.create(person=person, occupation=occupation)
    ordered = sorted(links, key=lambda pair: pair[1] != "essential")  # stable: essential, then optional
    if max_questions:
        known = set(CompetenceClaim.objects.filter(person=person).values_list("skill_id", flat=True))
        ordered = sorted(ordered, key=lambda pair: (pair[1] != "essential", pair[0] in known))[:max_questions]
    CheckAnswer.objects.bulk_create([
        CheckAnswer(check_run=check, skill_id=skill_id, essential=rel == "essential", position=i + 1)
        for i, (skill_id, rel) in enumerate(ordered)
    ])
    return check


def prefer_named_skills(links: list[tuple[int, str]], language: str) -> list[tuple[int, str]]:
    """``(skill_id, relevance)`` pairs with every skill that has no name in ``language`` replaced by its named
    equivalent where there is one; a skill that then appears twice is kept once, at its first place, as
    essential when either was."""
    swap = named_equivalents([sid for sid, _ in links], language)
    merged: dict[int, str] = {}
    for sid, relevance in links:
        sid = swap.get(sid, sid)
        if merged.get(sid) != "essential":
            merged[sid] = "essential" if "essential" in (relevance, merged.get(sid)) else relevance
    return list(merged.items())


@on_behalf(Scope.START_CHECK, gettext_lazy("vraag van de check beantwoord"), lambda kw: kw["check"].person)
def answer_question(*, user, check: CompetenceCheck, position: int, rating: int | None) -> CheckAnswer:
    """Save one answer at once (nothing is lost when the check is left halfway); ``None`` skips."""
    if check.completed_at:
        raise Refused(_("Deze check is al afgerond. Start een nieuwe check om opnieuw te antwoorden."))
    answer = CheckAnswer.objects.select_for_update().filter(check_run=check, position=position).first()
    if answer is None:
        raise Refused(_("Deze vraag bestaat niet."))
    if rating is not None and rating not in Mastery.values:
        raise Refused(_("Kies een van de vier antwoorden, of sla de vraag over."))
    answer.rating, answer.skipped, answer.answered_at = rating, rating is None, timezone.now()
    answer.save(update_fields=["rating", "skipped", "answered_at"])
    return answer


@on_behalf(Scope.START_CHECK, gettext_lazy("competentiecheck afgerond"), lambda kw: kw["check"].person)
def complete_check(*, user, check: CompetenceCheck) -> CompetenceCheck:
    """Close the check; what you rated 'met hulp' or higher appears in your overview as self-declared."""
    if check.completed_at:
        return check
    for a in check.answers.filter(rating__gte=Mastery.WITH_HELP).select_related("skill"):
        raise_claim(person=check.person, skill=a.skill, level=a.rating, proof=Proof.SELF_DECLARED,
                    source=ClaimSource.CHECK, note=str(check.occupation))
    check.completed_at = timezone.now()
    check.save(update_fields=["completed_at"])
    return check


@transaction.atomic
def answer_skipped_later(*, user, check: CompetenceCheck) -> int:
    """Put the skipped questions back in the check, to answer them now; a finished check opens again
    (finishing it again raises the claims of the new answers). A check a counsellor confirmed stays as it
    is: start a new one. Returns how many questions came back."""
    require_own(user, check.person)
    if check.confirmed_at:
        raise Refused(_("Een begeleider heeft deze check al bevestigd. Start een nieuwe check om opnieuw te "
                        "antwoorden."))
    n = check.answers.filter(skipped=True).update(skipped=False, answered_at=None)
    if n and check.completed_at:
        check.completed_at = None
        check.save(update_fields=["completed_at"])
    return n


@transaction.atomic
def confirm_check(*, counsellor, check: CompetenceCheck) -> int:
    """A counsellor confirms a finished check (consent 'check' needed): its claims count as checked."""
    require_access(counsellor, check.person, scope=Scope.CHECK, action=gettext_lazy("competentiecheck bevestigd"))
    if counsellor.pk == check.person.user_id:
        raise PermissionDenied(_("Je kan je eigen check niet bevestigen."))
    if not check.completed_at:
        raise Refused(_("Deze check is nog niet afgerond."))
    n = 0
    for a in check.answers.filter(rating__gte=Mastery.WITH_HELP).select_related("skill"):
        raise_claim(person=check.person, skill=a.skill, level=a.rating, proof=Proof.CHECKED, source=ClaimSource.CHECK,
                    note=_("bevestigd door %(name)s") % {"name": counsellor}, by=counsellor)
        n += 1
    check.confirmed_by, check.confirmed_at = counsellor, timezone.now()
    check.save(update_fields=["confirmed_by", "confirmed_at"])
    return n
