"""The learner's own profile: the competence overview, competences, diplomas and work experience."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lifelong.taxonomy.models import ConceptType
from lifelong.taxonomy.selectors import search_concepts
from lifelong.users.permissions import role_required

from .. import selectors, services
from ..forms import ExperienceForm, QualificationForm
from ..models import ClaimSource, Mastery
from .common import LEARNER, lang, levels, picked, refused


@role_required(*LEARNER)
def my_overview(request):
    person = selectors.own_person(request.user)
    data = selectors.overview(request.user, person, lang())
    return render(request, "people/overview.html", {"o": data, "levels": levels()})


def pick(request):
    """Search as you type: a list of radio buttons (skills or occupations) for the forms that need one."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    query = request.GET.get("q", "").strip()[:200]
    kind = ConceptType.OCCUPATION if request.GET.get("type") == "occupation" else ConceptType.SKILL
    results = search_concepts(query, language=lang(), limit=8, concept_type=kind) if query else []
    return render(request, "people/_pick.html", {"results": results, "query": query, "kind": kind})


@role_required(*LEARNER)
def declare(request):
    person = selectors.own_person(request.user)
    if request.method == "POST":
        try:
            level = int(request.POST.get("level", "0"))
            services.declare_competence(user=request.user, person=person, skill_uri=request.POST.get("uri", ""),
                                        level=level)
            messages.success(request, _("De competentie staat in je overzicht."))
            return redirect("people:overview")
        except (services.Refused, ValueError) as exc:
            refused(request, exc if isinstance(exc, services.Refused) else _("Kies een niveau."))
    return render(request, "people/declare.html", {"levels": levels(), "q": request.POST.get("q", ""),
                                                   "picked": picked(request)})


@role_required(*LEARNER)
def confirm_suggestion(request):
    person = selectors.own_person(request.user)
    if request.method != "POST":
        return redirect("people:overview")
    try:
        from_cv = request.POST.get("from") == "cv"
        services.declare_competence(user=request.user, person=person, skill_uri=request.POST.get("uri", ""),
                                    level=int(request.POST.get("level", Mastery.ON_MY_OWN)),
                                    source=ClaimSource.CV if from_cv else ClaimSource.EXPERIENCE,
                                    note=_("voorgesteld door je cv") if from_cv
                                    else _("voorgesteld door je werkervaring"))
        messages.success(request, _("Bevestigd: de competentie staat in je overzicht."))
    except (services.Refused, ValueError) as exc:
        refused(request, exc)
    if request.POST.get("next") == "cv":  # back to the CV's list: the other suggestions wait there
        return redirect(reverse("people:cv") + "#cv-suggest")
    return redirect("people:overview")


@role_required(*LEARNER)
def qualification(request):
    person = selectors.own_person(request.user)
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_qualification(user=request.user, person=person, **form.cleaned_data)
        messages.success(request, _("Je diploma of certificaat is toegevoegd."))
        return redirect("people:overview")
    return render(request, "people/form.html", {"form": form, "title": _("Diploma of certificaat toevoegen")})


@role_required(*LEARNER)
def experience(request):
    person = selectors.own_person(request.user)
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            d = form.cleaned_data
            services.add_experience(user=request.user, person=person, occupation_uri=request.POST.get("uri", ""),
                                    started_on=d["started_on"], ended_on=d["ended_on"],
                                    employer_name=d["employer_name"])
            messages.success(request, _("Je werkervaring is toegevoegd. Bekijk de voorgestelde competenties."))
            return redirect("people:overview")
        except services.Refused as exc:
            refused(request, exc)
    return render(request, "people/experience.html", {"form": form, "q": request.POST.get("q", ""),
                                                      "picked": picked(request)})
