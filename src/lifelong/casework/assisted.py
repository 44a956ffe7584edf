"""Assisted mode (14.5): a simple way through check → plan → training for people who read little or are new
to computers. One question per screen, big buttons with icons, read aloud (static/casework/assisted.js), no
free text, a check of at most 15 questions from the person's own occupation. On a shared computer nothing
stays behind: pages are not cached, the session ends after 15 idle minutes and when the page is left."""

from __future__ import annotations

from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lifelong.catalogue.selectors import Filters, search_offers
from lifelong.people import selectors as people_selectors
from lifelong.people import services as people_services
from lifelong.people.models import CompetenceCheck, DevelopmentPlan, Mastery, WorkExperience
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import labels_of
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

MAX_QUESTIONS = 15
IDLE_SECONDS = 15 * 60
# When the person has no work experience yet: common first jobs (ESCO labels), shown as big buttons.
STARTER_OCCUPATIONS = ["shop assistant", "cook", "kitchen porter", "warehouse worker", "cleaner", "nurse assistant",
                       "forklift operator", "truck driver"]
ANSWERS = [  # (rating, icon, words): short and concrete
    (Mastery.NOT_YET, "✗", "Nog niet"),
    (Mastery.WITH_HELP, "½", "Met hulp"),
    (Mastery.ON_MY_OWN, "✓", "Alleen"),
    (Mastery.CAN_TEACH, "★", "Ik kan het uitleggen"),
]


def assisted(view):
    """Learner only, never cached, a sliding 15-minute session."""

    @role_required(Role.LEARNER)
    @never_cache
    def wrapper(request, *args, **kwargs):
        request.session.set_expiry(IDLE_SECONDS)
        return view(request, people_selectors.own_person(request.user), *args, **kwargs)

    wrapper.__name__ = view.__name__
    return wrapper


@assisted
def home(request, person):
    check = CompetenceCheck.objects.filter(person=person).order_by("-started_at").first()
    plan = DevelopmentPlan.objects.filter(person=person).order_by("-updated_at").first()
    return render(request, "casework/assisted/home.html", {"check": check, "plan": plan})


def _occupations(person) -> list[tuple[int, str]]:
    ids = list(WorkExperience.objects.filter(person=person).order_by("-started_on")
               .values_list("occupation_id", flat=True)[:4])
    if not ids:
        ids = list(Concept.objects.filter(concept_type=ConceptType.OCCUPATION, label_en__in=STARTER_OCCUPATIONS)
                   .values_list("id", flat=True))
    labels = labels_of(ids, "nl")
    return [(i, str(labels[i])) for i in dict.fromkeys(ids)]


@assisted
def check_start(request, person):
    choices = _occupations(person)
    if request.method == "POST":
        chosen = request.POST.get("occupation", "")
        if chosen.isdigit() and int(chosen) in dict(choices):
            occupation = Concept.objects.get(pk=int(chosen))
            try:
                check = people_services.start_check(user=request.user, person=person, occupation_uri=occupation.uri,
                                                    max_questions=MAX_QUESTIONS)
            except people_services.Refused as exc:
                return render(request, "casework/assisted/occupation.html", {"choices": choices,
                                                                              "error": exc.reason}, status=400)
            return redirect("casework:assisted_question", pk=check.pk)
        return render(request, "casework/assisted/occupation.html",
                      {"choices": choices, "error": _("Kies een van de knoppen.")}, status=400)
    return render(request, "casework/assisted/occupation.html", {"choices": choices})


@assisted
def question(request, person, pk: int):
    check = get_object_or_404(CompetenceCheck, pk=pk, person=person)
    if request.method == "POST":
        answer = people_selectors.next_question(check)
        rating = request.POST.get("rating", "")
        if answer is not None and check.completed_at is None:
            people_services.answer_question(user=request.user, check=check, position=answer.position,
                                            rating=int(rating) if rating.isdigit() else None)
        return redirect("casework:assisted_question", pk=check.pk)
    answer = people_selectors.next_question(check)
    if answer is None:
        people_services.complete_check(user=request.user, check=check)
        return redirect("casework:assisted_result", pk=check.pk)
    total = check.answers.count()
    label = labels_of([answer.skill_id], "nl")[answer.skill_id]
    return render(request, "casework/assisted/question.html", {
        "check": check, "answer": answer, "label": str(label), "number": answer.position, "total": total,
        "answers": ANSWERS})


@assisted
def result(request, person, pk: int):
    check = get_object_or_404(CompetenceCheck, pk=pk, person=person)
    if request.method == "POST":
        plan = people_services.create_plan_from_check(user=request.user, check=check)
        return redirect("casework:assisted_plan", pk=plan.pk)
    outcome = people_selectors.check_result(request.user, check)
    strengths = [str(outcome.labels[s.skill_id]) for s in outcome.score.strengths][:5]
    gaps = [str(outcome.labels[g.skill_id]) for g in outcome.score.gaps][:5]
    return render(request, "casework/assisted/result.html", {"check": check, "job": outcome.occupation_label,
                                                             "strengths": strengths, "gaps": gaps})


@assisted
def plan(request, person, pk: int):
    the_plan = get_object_or_404(DevelopmentPlan, pk=pk, person=person)
    if request.method == "POST":
        people_services.approve_plan(user=request.user, plan=the_plan)
        return redirect("casework:assisted_plan", pk=the_plan.pk)
    skills = list(the_plan.competences.select_related("skill")[:3])
    labels = labels_of([c.skill_id for c in skills], "nl")
    rows = []
    for c in skills:
        offers = search_offers(Filters(competence=c.skill.uri), person=person, limit=2, facets=False).offers
        rows.append((str(labels[c.skill_id]), offers))
    return render(request, "casework/assisted/plan.html", {"plan": the_plan, "rows": rows})


@require_POST
def leave(request):
    """Sign out (the 'Ik ben klaar' button, or the page's pagehide beacon on a shared computer)."""
    logout(request)
    return HttpResponse(status=204) if request.POST.get("beacon") else redirect("casework:code_login")
