"""The employer portal (/werkgever/) and the learner's own employment (/mijn-werk/): thin, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.organisations import selectors as org_selectors
from lifelong.organisations import services
from lifelong.organisations.models import CompetenceNeed, Employment, Horizon, Organisation
from lifelong.people.models import Person
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import labels_of
from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from . import demand, plans, selectors, wallet
from .forms import CorrectionForm, EmploymentForm
from .plan_pdf import plan_pdf


def _own(request, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not org_selectors.is_staff_of(request.user, organisation.pk):
        raise PermissionDenied
    return organisation


@role_required(Role.EMPLOYER)
def home(request):
    organisations = org_selectors.organisations_of(request.user)
    if len(organisations) == 1:
        return redirect("organisations:detail", pk=organisations[0].pk)
    return render(request, "employers/home.html", {"organisations": organisations})


@role_required(Role.EMPLOYER)
def detail(request, pk: int):
    organisation = _own(request, pk)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("jaar") or today.year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    right = selectors.training_right(organisation, year)
    biggest = max((e.days_due for e in right.employees), default=0) or 1
    return render(request, "employers/detail.html", {
        "organisation": organisation, "year": year, "right": right, "totals": right.totals,
        "bars": [(e, round(100 * e.days_used / biggest), round(100 * e.days_left / biggest))
                 for e in right.employees],
        "staff": org_selectors.staff_of(organisation), "today": today,
        "corrections": org_selectors.open_corrections(organisation), "form": EmploymentForm(),
    })


@role_required(Role.EMPLOYER)
@require_POST
def add_employment(request, pk: int):
    organisation = _own(request, pk)
    form = EmploymentForm(request.POST)
    if form.is_valid():
        fte, why = services.fte_permille_of(form.cleaned_data["fte"])
        if not Person.objects.filter(pk=form.cleaned_data["person"]).exists():
            why = _("onbekende persoon: %(p)s") % {"p": form.cleaned_data["person"]}
        if why:
            messages.error(request, why)
        else:
            d = form.cleaned_data
            _record, reasons = services.save_employment(organisation=organisation, data=services.EmploymentInput(
                person_id=d["person"], start_date=d["start_date"], end_date=d["end_date"], fte_permille=fte,
                statute=d["statute"], joint_committee=d["joint_committee"], site=d["site"]))
            if reasons:
                messages.error(request, "; ".join(reasons))
            else:
                messages.success(request, _("De tewerkstelling is bewaard."))
    else:
        messages.error(request, _("Vul de verplichte velden juist in: %(f)s") % {"f": ", ".join(form.errors)})
    return redirect("organisations:detail", pk=organisation.pk)


@role_required(Role.LEARNER)
def my_work(request):
    person = getattr(request.user, "person", None)
    if person is None:
        raise Http404(_("Er is geen persoon aan je account gekoppeld."))
    return render(request, "employers/my_work.html", {
        "employments": org_selectors.employments_of_person(person), "form": CorrectionForm(),
        "wallet_bookings": wallet.bookings_for(request.user)})


@role_required(Role.LEARNER)
@require_POST
def ask_correction(request, pk: int):
    person = getattr(request.user, "person", None)
    employment = get_object_or_404(Employment, pk=pk)
    if person is None or employment.person_id != person.pk:
        raise PermissionDenied
    form = CorrectionForm(request.POST)
    if form.is_valid():
        services.request_correction(employment=employment, person=person, message=form.cleaned_data["message"])
        messages.success(request, _("Je vraag is naar je werkgever gestuurd."))
    else:
        messages.error(request, _("Schrijf wat er niet klopt."))
    return redirect("organisations:my_work")


def _plan_year(request) -> int:
    try:
        return min(max(int(request.GET.get("jaar") or request.POST.get("jaar") or timezone.localdate().year), 2000), 2100)
    except ValueError:
        return timezone.localdate().year


@role_required(Role.EMPLOYER)
def plan_page(request, pk: int):
    organisation = _own(request, pk)
    year = _plan_year(request)
    today = timezone.localdate()
    language = (request.LANGUAGE_CODE or "nl")[:2]
    suggestions = plans.suggested_skills(organisation, on=today)
    rising = demand.rising_suggestions(organisation, on=today)
    plan = plans.plan_of(organisation, year)
    items = list(plan.items.all()) if plan else []
    labels = labels_of([s for s, _n in suggestions] + [r.skill_id for r in rising]
                       + [i.skill_id for i in items if i.skill_id], language)
    outlooks = demand.outlooks_of_needs(organisation)
    return render(request, "employers/plan.html", {
        "organisation": organisation, "year": year, "plan": plan, "items": [(i, labels.get(i.skill_id, "")) for i in items],
        "coverage": [(c, outlooks.get(c.need.skill_id))
                     for c in plans.coverage(organisation, on=today, language=language)],
        "min_cell": plans.MIN_CELL, "suggestions": [(s, labels.get(s, ""), n) for s, n in suggestions],
        "rising": [(r, labels.get(r.skill_id, r.uri)) for r in rising], "sector": demand.sector_outlook(organisation),
    })


@role_required(Role.EMPLOYER)
@require_POST
def add_need(request, pk: int):

    organisation = _own(request, pk)
    ref = (request.POST.get("skill") or "").strip()
    skill = Concept.objects.filter(concept_type=ConceptType.SKILL).filter(
        pk=int(ref) if ref.isdigit() else None).first() or Concept.objects.filter(
        concept_type=ConceptType.SKILL, uri=ref).first()
    horizon = request.POST.get("horizon") or Horizon.NOW
    try:
        people = max(1, min(int(request.POST.get("people_needed") or 1), 10000))
    except ValueError:
        people = 1
    if skill is None or horizon not in Horizon.values:
        messages.error(request, _("Kies een competentie uit ESCO (een voorstel of de URI van de competentie)."))
    else:
        CompetenceNeed.objects.update_or_create(organisation=organisation, skill=skill, horizon=horizon,
                                                defaults={"people_needed": people})
        messages.success(request, _("De competentie staat in je competentiecheck."))
    return redirect("organisations:plan", pk=organisation.pk)


@role_required(Role.EMPLOYER)
@require_POST
def build_plan(request, pk: int):
    organisation = _own(request, pk)
    year = _plan_year(request)
    plans.build_plan(organisation, year=year)
    messages.success(request, _("Het opleidingsplan is aangevuld met acties voor de tekorten."))
    return redirect(reverse("organisations:plan", args=[organisation.pk]) + f"?jaar={year}")


@role_required(Role.EMPLOYER)
def plan_export(request, pk: int):
    organisation = _own(request, pk)
    year = _plan_year(request)
    plan = plans.plan_of(organisation, year)
    if plan is None:
        raise Http404(_("Er is nog geen opleidingsplan voor dit jaar."))
    labels = labels_of([i.skill_id for i in plan.items.all() if i.skill_id], "nl")
    body = plan_pdf(organisation=organisation, plan=plan, labels=labels,
                    coverage=plans.coverage(organisation, on=timezone.localdate()))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="opleidingsplan-{organisation.pk}-{year}.pdf"'
    return response
