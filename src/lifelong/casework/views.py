"""Pages of casework: the guide's caseload and a person's file; the person's own page for what a guide
prepared (confirm a booking, approve a plan, see referrals). Every refusal is a 403 and logged."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lifelong.guidance.models import GUIDE_ROLES
from lifelong.guidance.selectors import consents_of, scopes_in_force
from lifelong.people import services as people_services
from lifelong.people.models import CompetenceCheck, DevelopmentPlan, Person
from lifelong.people.selectors import own_person
from lifelong.people.services import approve_plan
from lifelong.users.models import Role, User
from lifelong.users.permissions import role_required

from . import login_codes, selectors, services
from .forms import (
    AppointmentForm,
    CancelAppointmentForm,
    CodeForm,
    CodeLoginForm,
    EmailForm,
    NewAccountForm,
    NoteForm,
    OwnConfirmForm,
    PlanActivityForm,
    PrepareForm,
    ReferralForm,
)
from .models import Appointment, AssistedAccount, PreparedBooking, PreparedStatus, Referral

GUIDES = GUIDE_ROLES


def _client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _case_person(request, pk: int, action: str) -> Person:
    person = Person.objects.filter(pk=pk).select_related("user").first()
    if person is None:
        raise PermissionDenied(_("Deze persoon hoort niet bij jouw caseload."))  # no existence oracle
    selectors.in_caseload(request.user, person, action=action)
    return person


PAGE_SIZE = 50


@role_required(*GUIDES)
def caseload(request):
    """The caseload, by name, one page of ``PAGE_SIZE`` at a time (``?p=``), optionally searched (``?q=``)."""
    search = request.GET.get("q", "").strip()[:100]
    total = selectors.caseload_size(request.user, search=search)
    pages = max(1, -(-total // PAGE_SIZE))
    page = request.GET.get("p", "1")
    page = min(max(int(page) if page.isdigit() else 1, 1), pages)
    rows = selectors.caseload(request.user, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, search=search)
    return render(request, "casework/caseload.html", {
        "rows": rows, "total": total, "page": page, "pages": pages, "search": search,
        "first": (page - 1) * PAGE_SIZE + 1 if rows else 0, "last": (page - 1) * PAGE_SIZE + len(rows),
        "received": selectors.referrals_received(request.user).filter(status__in=["sent", "accepted"])})


def _person_context(request, person, **extra):
    scopes = scopes_in_force(request.user, [person.pk]).get(person.pk, [])
    return {"person": person, "scopes": scopes,
            "rights": selectors.rights_of(request.user, person) if "rights" in scopes else None,
            "notes": selectors.notes_for(request.user, person),
            "appointments": selectors.appointments_for(request.user, person),
            "prepared": selectors.prepared_bookings_of(person).filter(prepared_by=request.user),
            "referrals": selectors.referrals_of(person),
            "plans": DevelopmentPlan.objects.filter(person=person).order_by("-updated_at")[:10],
            "checks": CompetenceCheck.objects.filter(person=person).select_related("occupation")
            .order_by("-started_at")[:5],
            "now": timezone.now(), "note_form": NoteForm(), "appointment_form": AppointmentForm(), "prepare_form": PrepareForm(),
            "referral_form": ReferralForm(), **extra}


@role_required(*GUIDES)
def person_file(request, pk: int):
    person = _case_person(request, pk, _("dossier geopend"))
    return render(request, "casework/person.html", _person_context(request, person))


@role_required(*GUIDES)
@require_POST
def add_note(request, pk: int):
    person = _case_person(request, pk, _("notitie schrijven"))
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(user=request.user, person=person, text=form.cleaned_data["text"])
            messages.success(request, _("De notitie is bewaard."))
        except services.Refused as exc:
            messages.error(request, exc.reason)
    return redirect("casework:person", pk=person.pk)


@role_required(*GUIDES)
@require_POST
def add_appointment(request, pk: int):
    person = _case_person(request, pk, _("afspraak maken"))
    form = AppointmentForm(request.POST)
    if not form.is_valid():
        return render(request, "casework/person.html", _person_context(request, person, appointment_form=form),
                      status=400)
    try:
        services.add_appointment(user=request.user, person=person, **form.cleaned_data)
        messages.success(request, _("De afspraak is bewaard."))
    except services.Refused as exc:
        messages.error(request, exc.reason)
    return redirect("casework:person", pk=person.pk)


def _appointment(request, pk: int, appointment_pk: int, action: str):
    person = _case_person(request, pk, action)
    appointment = get_object_or_404(Appointment.objects.select_related("person"), pk=appointment_pk, person=person)
    if appointment.guide_id != request.user.pk:
        raise PermissionDenied(_("Alleen wie de afspraak maakte, kan ze wijzigen of annuleren."))
    return person, appointment


@role_required(*GUIDES)
def edit_appointment(request, pk: int, appointment_pk: int):
    """Move or rename an appointment; cancel it (with a reason) from the same page."""
    person, appointment = _appointment(request, pk, appointment_pk, _("afspraak wijzigen"))
    initial = {"at": timezone.localtime(appointment.at).strftime("%Y-%m-%dT%H:%M"), "what": appointment.what,
               "place": appointment.place}
    form = AppointmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_appointment(user=request.user, appointment=appointment, **form.cleaned_data)
            messages.success(request, _("De afspraak is gewijzigd. De persoon ziet de wijziging."))
            return redirect(reverse("casework:person", args=[person.pk]) + "#appointments")
        except services.Refused as exc:
            form.add_error(None, exc.reason)
    return render(request, "casework/appointment.html", {
        "person": person, "appointment": appointment, "form": form, "cancel_form": CancelAppointmentForm(),
        "changes": appointment.changes.all()}, status=400 if form.errors else 200)


@role_required(*GUIDES)
@require_POST
def cancel_appointment(request, pk: int, appointment_pk: int):
    person, appointment = _appointment(request, pk, appointment_pk, _("afspraak annuleren"))
    form = CancelAppointmentForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_appointment(user=request.user, appointment=appointment, reason=form.cleaned_data["reason"])
            messages.success(request, _("De afspraak is geannuleerd. De persoon ziet waarom."))
            return redirect(reverse("casework:person", args=[person.pk]) + "#appointments")
        except services.Refused as exc:
            form.add_error(None, exc.reason)
    return render(request, "casework/appointment.html", {
        "person": person, "appointment": appointment, "form": AppointmentForm(), "cancel_form": form,
        "changes": appointment.changes.all()}, status=400)


@role_required(*GUIDES)
@require_POST
def prepare(request, pk: int):
    person = _case_person(request, pk, _("inschrijving klaarzetten"))
    form = PrepareForm(request.POST)
    if not form.is_valid():
        return render(request, "casework/person.html", _person_context(request, person, prepare_form=form),
                      status=400)
    try:
        prepared, code = services.prepare_booking(user=request.user, person=person, offer_id=form.cleaned_data["offer"])
    except services.Refused as exc:
        form.add_error(None, exc.reason)
        return render(request, "casework/person.html", _person_context(request, person, prepare_form=form),
                      status=400)
    return render(request, "casework/confirm.html", {"prepared": prepared, "code": code, "form": CodeForm()})


def _own_prepared(request, pk: int) -> PreparedBooking:
    prepared = get_object_or_404(PreparedBooking.objects.select_related("person", "offer"), pk=pk)
    if prepared.prepared_by_id != request.user.pk:
        raise PermissionDenied(_("Deze inschrijving zette iemand anders klaar."))
    return prepared


@role_required(*GUIDES)
def confirm(request, pk: int):
    """On the guide's screen: the person types the code shown here and their PIN."""
    prepared = _own_prepared(request, pk)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_with_code(user=request.user, prepared=prepared, code=form.cleaned_data["code"],
                                       pin=form.cleaned_data["pin"], client_address=_client_address(request))
            messages.success(request, _("De inschrijving is bevestigd door de persoon. De rechten zijn gereserveerd."))
            return redirect("casework:person", pk=prepared.person_id)
        except services.Refused as exc:
            form.add_error(None, exc.reason)
        prepared.refresh_from_db()
        return render(request, "casework/confirm.html", {"prepared": prepared, "form": form}, status=400)
    return render(request, "casework/confirm.html", {"prepared": prepared, "form": form})


@role_required(*GUIDES)
@require_POST
def renew(request, pk: int):
    prepared = _own_prepared(request, pk)
    try:
        code = services.renew_code(user=request.user, prepared=prepared)
    except services.Refused as exc:
        messages.error(request, exc.reason)
        return redirect("casework:person", pk=prepared.person_id)
    return render(request, "casework/confirm.html", {"prepared": prepared, "code": code, "form": CodeForm()})


@role_required(*GUIDES)
@require_POST
def refer(request, pk: int):
    person = _case_person(request, pk, _("doorverwijzen"))
    form = ReferralForm(request.POST)
    if form.is_valid():
        to_user = None
        if form.cleaned_data["to_email"]:
            to_user = User.objects.filter(email__iexact=form.cleaned_data["to_email"]).first()
        service = form.cleaned_data["to_service"]
        try:
            services.refer(user=request.user, person=person, reason=form.cleaned_data["reason"],
                           to_user_id=to_user.pk if to_user else (-1 if form.cleaned_data["to_email"] else None),
                           to_service_id=service.pk if service else None)
            messages.success(request, _("De doorverwijzing is verstuurd."))
            return redirect("casework:person", pk=person.pk)
        except services.Refused as exc:
            form.add_error(None, exc.reason)
    return render(request, "casework/person.html", _person_context(request, person, referral_form=form), status=400)


@role_required(*GUIDES, Role.PROVIDER, Role.LEARNER)
@require_POST
def referral_status(request, pk: int, status: str):
    referral = get_object_or_404(Referral, pk=pk)
    try:
        services.set_referral_status(user=request.user, referral=referral, status=status)
        messages.success(request, _("De doorverwijzing is bijgewerkt."))
    except services.Refused as exc:
        messages.error(request, exc.reason)
    if request.user.role == Role.LEARNER:
        return redirect("casework:mine")
    return redirect("casework:caseload")


@role_required(*GUIDES)
def plan(request, pk: int, plan_pk: int):
    """Co-edit a person's development plan (consent 'plan'): every change is marked with its author and waits
    for the person's approval."""
    person = _case_person(request, pk, _("ontwikkelplan geopend"))
    the_plan = get_object_or_404(DevelopmentPlan, pk=plan_pk, person=person)
    form = PlanActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        people_services.add_activity(user=request.user, plan=the_plan, **form.cleaned_data)  # 403 without 'plan'
        messages.success(request, _("De activiteit staat in het plan. De persoon keurt het plan goed."))
        return redirect("casework:plan", pk=person.pk, plan_pk=the_plan.pk)
    return render(request, "casework/plan.html", {
        "person": person, "plan": the_plan, "form": form, "changes": the_plan.changes.all()[:50],
        "activities": the_plan.activities.all()}, status=400 if form.errors else 200)


# -- the person's own side -------------------------------------------------------------------------------------
@role_required(Role.LEARNER)
def mine(request):
    person = own_person(request.user)
    return render(request, "casework/mine.html", {
        "prepared": selectors.prepared_bookings_of(person).filter(status=PreparedStatus.WAITING),
        "plans": DevelopmentPlan.objects.filter(person=person, approved_at__isnull=True, changes__by_person=False)
        .distinct(), "referrals": selectors.referrals_of(person), "consents": consents_of(person),
        "appointments": selectors.appointments_of_person(person),
        "form": OwnConfirmForm(), "has_email": login_codes.has_email(request.user)})


@role_required(Role.LEARNER)
@require_POST
def confirm_own(request, pk: int):
    person = own_person(request.user)
    prepared = get_object_or_404(PreparedBooking, pk=pk, person=person)
    form = OwnConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.confirm_own(user=request.user, prepared=prepared, password=form.cleaned_data["password"],
                                 client_address=_client_address(request))
            messages.success(request, _("Je bent ingeschreven. Je rechten zijn gereserveerd."))
        except services.Refused as exc:
            messages.error(request, exc.reason)
    else:
        messages.error(request, _("Vul je pincode of wachtwoord in."))
    return redirect("casework:mine")


@role_required(Role.LEARNER)
@require_POST
def cancel_own(request, pk: int):
    prepared = get_object_or_404(PreparedBooking, pk=pk, person=own_person(request.user))
    try:
        services.cancel_prepared(user=request.user, prepared=prepared)
        messages.success(request, _("Je zei nee. Er is niets ingeschreven."))
    except services.Refused as exc:
        messages.error(request, exc.reason)
    return redirect("casework:mine")


@role_required(Role.LEARNER)
@require_POST
def approve(request, pk: int):
    plan = get_object_or_404(DevelopmentPlan, pk=pk, person=own_person(request.user))
    approve_plan(user=request.user, plan=plan)
    messages.success(request, _("Je keurde je plan goed."))
    return redirect("casework:mine")


# -- accounts without an e-mail address ---------------------------------------------------------------------------
@role_required(*GUIDES)
def new_account(request):
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("pin_again")
        try:
            account = login_codes.create_account(by=request.user, **data)
        except services.Refused as exc:
            form.add_error(None, exc.reason)
        else:
            return render(request, "casework/account_made.html", {"account": account,
                                                                   "person": account.user.person})
    return render(request, "casework/new_account.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*GUIDES)
def login_sheet(request, pk: int):
    person = _case_person(request, pk, _("inlogblad afgedrukt"))
    account = get_object_or_404(AssistedAccount.objects.select_related("user__person"), user=person.user_id)
    pdf = login_codes.login_sheet_pdf(account, request.build_absolute_uri(reverse("casework:code_login")))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="inlogblad.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def code_login(request):
    """Log in with the code of the printed sheet and the PIN (for people without an e-mail address)."""
    form = CodeLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, login_code=form.cleaned_data["login_code"], pin=form.cleaned_data["pin"])
        if user is not None:
            login(request, user)
            request.session.set_expiry(15 * 60)  # often a shared computer: the session does not outlive a visit
            return redirect("casework:assisted_home")
        form.add_error(None, _("De code of de pincode klopt niet. Probeer opnieuw of vraag hulp."))
    return render(request, "casework/code_login.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.LEARNER)
def add_email(request):
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            login_codes.add_email(user=request.user, email=form.cleaned_data["email"])
            messages.success(request, _("Je e-mailadres is bewaard."))
            return redirect("casework:mine")
        except services.Refused as exc:
            form.add_error(None, exc.reason)
    return render(request, "casework/add_email.html", {"form": form}, status=400 if form.errors else 200)
