"""The employer portal (/werkgever/) and the learner's own employment (/mijn-werk/): thin, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.users.models import Role
from lifelong.users.permissions import role_required

from . import selectors, services
from .forms import CorrectionForm, EmploymentForm
from .models import Employment, Organisation


def _own(request, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not selectors.is_staff_of(request.user, organisation.pk):
        raise PermissionDenied
    return organisation


@role_required(Role.EMPLOYER)
def home(request):
    organisations = selectors.organisations_of(request.user)
    if len(organisations) == 1:
        return redirect("organisations:detail", pk=organisations[0].pk)
    return render(request, "organisations/home.html", {"organisations": organisations})


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
    return render(request, "organisations/detail.html", {
        "organisation": organisation, "year": year, "right": right, "totals": right.totals,
        "bars": [(e, round(100 * e.days_used / biggest), round(100 * e.days_left / biggest))
                 for e in right.employees],
        "staff": selectors.staff_of(organisation), "today": today,
        "corrections": selectors.open_corrections(organisation), "form": EmploymentForm(),
    })


@role_required(Role.EMPLOYER)
@require_POST
def add_employment(request, pk: int):
    organisation = _own(request, pk)
    form = EmploymentForm(request.POST)
    if form.is_valid():
        fte, why = services.fte_permille_of(form.cleaned_data["fte"])
        from lifelong.people.models import Person

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
    return render(request, "organisations/my_work.html", {
        "employments": selectors.employments_of_person(person), "form": CorrectionForm()})


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
