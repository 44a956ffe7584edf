"""Demo data of casework (issue 14): two bridge figures, a counsellor with a caseload of 30, a learner without
an e-mail address, and the services one can refer to. Called by ``seed_demo`` after the demo users exist.

Deterministic and repeatable: a second run replaces what the first made.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lifelong.accounts.services import accrue_year
from lifelong.casework.login_codes import create_account
from lifelong.casework.models import (
    Appointment,
    AssistedAccount,
    CaseNote,
    GuideProfile,
    OrganisationComment,
    OrganisationConsent,
    OrganisationKind,
    ProposalStatus,
    ReferralService,
    ServiceKind,
)
from lifelong.guidance.models import Consent, Scope
from lifelong.people.models import Person
from lifelong.users.models import Role, User

DOMAIN = "demo.lifelong.test"
SECOND_BRIDGE = ("bridge2@" + DOMAIN, "demo-bridge2-2026")
NO_EMAIL_CODE, NO_EMAIL_PIN = "DEMA-7K4P", "246813"  # the demo learner without an e-mail address
CASELOAD = 30
SERVICES = [
    ("VDAB loopbaanbegeleiding", ServiceKind.COUNSELLING, "vdab.be/loopbaanbegeleiding"),
    ("Basiseducatie (Ligo)", ServiceKind.LANGUAGE, "ligo.be"),
    ("Huis van het Nederlands", ServiceKind.LANGUAGE, "huisvanhetnederlands.be"),
    ("Sociaal huis / OCMW", ServiceKind.SOCIAL, "je gemeente"),
    ("Digipunt in de bib", ServiceKind.DIGITAL, "je bibliotheek"),
]
GUIDE_ORGANISATIONS = {
    "counsellor@" + DOMAIN: (OrganisationKind.PUBLIC_SERVICE, "VDAB Gent"),
    "bridge@" + DOMAIN: (OrganisationKind.MUNICIPALITY, "Stad Gent — buurtwerk"),
    SECOND_BRIDGE[0]: (OrganisationKind.TRADE_UNION, "ACV Oost-Vlaanderen"),
}


def seed_demo_casework() -> dict:
    for name, kind, contact in SERVICES:
        ReferralService.objects.update_or_create(name=name, defaults={"kind": kind, "contact": contact,
                                                                     "active": True})
    second = User.objects.filter(email=SECOND_BRIDGE[0]).first() or User.objects.create_user(
        SECOND_BRIDGE[0], SECOND_BRIDGE[1], role=Role.BRIDGE, display_name="Demo Brugfiguur (vakbond)")
    for email, (kind, org) in GUIDE_ORGANISATIONS.items():
        user = User.objects.filter(email=email).first()
        if user is not None:
            GuideProfile.objects.update_or_create(user=user, defaults={"organisation_kind": kind,
                                                                       "organisation_name": org})
    counsellor = User.objects.filter(email="counsellor@" + DOMAIN).first()
    bridge = User.objects.filter(email="bridge@" + DOMAIN).first()
    made = 0
    if counsellor is not None:
        made = _caseload(counsellor)
    if bridge is not None:
        _learner_without_email(bridge)
    guided = _organisation_guidance(counsellor) if counsellor is not None else None
    return {"bridge_figures": 2 if bridge else 1, "caseload": made, "second_bridge": second.email,
            "guided_organisation": guided}


def _organisation_guidance(counsellor) -> str | None:
    """The demo employer's first organisation lets the demo counsellor look along (14.7), with one proposal."""
    employer = User.objects.filter(email="employer@" + DOMAIN).first()
    organisation = employer.organisations.order_by("id").first() if employer else None
    if organisation is None:
        return None
    OrganisationConsent.objects.filter(organisation=organisation, guide=counsellor).delete()
    OrganisationComment.objects.filter(organisation=organisation, author=counsellor).delete()
    now = timezone.now()
    OrganisationConsent.objects.create(organisation=organisation, guide=counsellor, given_by=employer,
                                       given_by_label=f"{employer} ({employer.get_role_display()})",
                                       valid_from=now - timedelta(days=5), valid_until=now + timedelta(days=360))
    OrganisationComment.objects.create(
        organisation=organisation, author=counsellor, author_label=f"{counsellor} ({counsellor.get_role_display()})",
        year=timezone.localdate().year, text="Jullie competentiecheck toont een tekort aan digitale vaardigheden.",
        proposal_title="Digitale basisvaardigheden voor de ploeg", status=ProposalStatus.PROPOSED)
    return organisation.name


def _caseload(counsellor) -> int:
    """Thirty synthetic people (those with a check first) gave the demo counsellor a consent; some have an
    appointment and a note."""
    now = timezone.now()
    Consent.objects.filter(grantee=counsellor, person__is_synthetic=True, person__user__isnull=True).delete()
    Appointment.objects.filter(guide=counsellor).delete()
    CaseNote.objects.filter(author=counsellor).delete()
    people = list(Person.objects.filter(is_synthetic=True, user__isnull=True).order_by("-checks__started_at", "id")
                  .distinct()[:CASELOAD])
    scopes = [Scope.PROFILE, Scope.START_CHECK, Scope.PLAN, Scope.BOOK, Scope.RIGHTS]
    Consent.objects.bulk_create([Consent(person=p, grantee=counsellor, scope=s, valid_from=now - timedelta(days=10),
                                         valid_until=now + timedelta(days=170)) for p in people for s in scopes])
    profile = GuideProfile.objects.filter(user=counsellor).first()
    key = profile.organisation_key if profile else f"user:{counsellor.pk}"
    Appointment.objects.bulk_create([Appointment(person=p, guide=counsellor, at=now + timedelta(days=2 + i),
                                                 what="Opvolging van het plan", place="VDAB Gent")
                                     for i, p in enumerate(people[::3])])
    CaseNote.objects.bulk_create([CaseNote(person=p, author=counsellor, author_label=str(counsellor),
                                           organisation_key=key, text="Eerste gesprek gehad; wil graag starten.")
                                  for p in people[:5]])
    return len(people)


def _learner_without_email(bridge) -> None:
    old = AssistedAccount.objects.filter(login_code=NO_EMAIL_CODE).select_related("user").first()
    if old is not None:
        Person.objects.filter(user=old.user).delete()
        old.user.delete()
    account = create_account(by=bridge, given_name="Samira", family_name="Demo (zonder e-mail)", birth_year=1975,
                             postcode="9000", education_level="low", labour_status="job_seeker", pin=NO_EMAIL_PIN,
                             scopes=[Scope.PROFILE, Scope.START_CHECK, Scope.PLAN, Scope.BOOK, Scope.REFER])
    AssistedAccount.objects.filter(pk=account.pk).update(login_code=NO_EMAIL_CODE)
    accrue_year(on=timezone.localdate(), person_ids=[account.user.person.pk])  # rights, to book with
