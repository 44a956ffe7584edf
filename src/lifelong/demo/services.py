"""Loading Synthetic Flanders and the demo users into the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lifelong.catalogue.models import Provider
from lifelong.organisations.models import Organisation
from lifelong.people.models import Person
from lifelong.reference import FirmSize
from lifelong.users.models import Role, User

from .accounts import seed_demo_accounts
from .casework import seed_demo_casework
from .catalogue import seed_demo_offers
from .dashboard import compute_demo_indicators, seed_demo_dashboard
from .forecasts import clear_demo_forecasts, seed_demo_forecasts
from .mobilisation import seed_demo_mobilisation, send_demo_reminder
from .organisations import seed_demo_employments, seed_demo_top_ups
from .people import seed_demo_people
from .synthetic import generate
from .vacancies import seed_demo_vacancies

DEMO_DOMAIN = "demo.lifelong.test"


@dataclass
class SeedReport:
    scale: str
    organisations: int
    people: int
    providers: int


@transaction.atomic
def seed_demo(*, scale: str = "small", seed: int = 2026) -> SeedReport:
    """Replace the synthetic records with a fresh, deterministic set. Real records are never touched."""
    world = generate(scale, seed)
    Person.objects.filter(is_synthetic=True).delete()
    Provider.objects.filter(is_synthetic=True).delete()
    Organisation.objects.filter(is_synthetic=True).delete()
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=o.name, enterprise_number=o.enterprise_number, nace_section=o.nace_section,
                      employees=o.employees, size_class=FirmSize.of(o.employees), province=o.province,
                      postcode=o.postcode, is_synthetic=True) for o in world.organisations],
        batch_size=2000,
    )
    org_ids = {o.key: org.id for o, org in zip(world.organisations, orgs, strict=True)}
    if orgs and org_ids[world.organisations[0].key] is None:  # backends that return no ids
        org_ids = dict(Organisation.objects.filter(is_synthetic=True).values_list("enterprise_number", "id"))
        org_ids = {o.key: org_ids[o.enterprise_number] for o in world.organisations}
    Person.objects.bulk_create(
        [Person(given_name=p.given_name, family_name=p.family_name, birth_year=p.birth_year, sex=p.sex,
                education_level=p.education_level, labour_status=p.labour_status, province=p.province,
                postcode=p.postcode, sector=p.sector,
                employer_id=org_ids[p.employer_key] if p.employer_key is not None else None, is_synthetic=True)
         for p in world.people],
        batch_size=2000,
    )
    Provider.objects.bulk_create(
        [Provider(name=p.name, kind=p.kind, quality_status=p.quality_status, province=p.province,
                  postcode=p.postcode, is_synthetic=True) for p in world.providers],
        batch_size=2000,
    )
    # the demo users first: the domain seeds give the demo learner a job, rights and a consent
    create_demo_users()
    seed_demo_employments(today=timezone.localdate())  # before the rights: they read FTE and years worked
    seed_demo_offers(seed=seed)
    seed_demo_accounts()
    seed_demo_top_ups(today=timezone.localdate())  # a sector fund's budget: needs the schemes loaded above
    seed_demo_people()
    seed_demo_casework()
    seed_demo_dashboard()
    # measured first, forecasts from it: the vacancy pipeline writes the demand (source "vacancies"), then the
    # forecasts demo forecasts those series (with a labelled synthetic history before the ads, never in their
    # months). The old synthetic history goes first, so that it cannot stand in a month the new ads cover.
    clear_demo_forecasts()
    seed_demo_vacancies(scale=scale, seed=seed)
    seed_demo_forecasts(seed=seed)
    seed_demo_mobilisation(seed=seed)
    # last: the dashboard's platform indicators from everything seeded above (a fresh demo never shows 0 %)
    compute_demo_indicators()
    return SeedReport(scale, len(world.organisations), len(world.people), len(world.providers))


def demo_password(role: str) -> str:
    return f"demo-{role}-2026"


@transaction.atomic
def create_demo_users() -> list[tuple[str, str, str]]:
    """One demo user per role (demo only): returns (role, email, password)."""
    logins = []
    # the demo learner is an employee, so that most rights apply and the account has something to show
    first_person = (Person.objects.filter(is_synthetic=True, user__isnull=True, labour_status="employed",
                                          employer__employees__gte=20).order_by("id").first()
                    or Person.objects.filter(is_synthetic=True, user__isnull=True).order_by("id").first())
    for role in Role:
        email = f"{role.value}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, demo_password(role.value), role=role.value,
                                            display_name=f"Demo {role.label}")
        else:
            user.role = role.value
            user.set_password(demo_password(role.value))
            user.save()
        if role == Role.PROVIDER:
            synthetic = Provider.objects.filter(is_synthetic=True).order_by("id")  # a registered one: its offers
            provider = synthetic.filter(quality_status="registered").first() or synthetic.first()  # use rights
            if provider:
                provider.staff.add(user)
        if role == Role.LEARNER and first_person and not hasattr(user, "person"):
            first_person.user = user
            first_person.save(update_fields=["user"])
        logins.append((role.value, email, demo_password(role.value)))
    send_demo_reminder()  # now that the demo learner has a login, the reminder reaches them by e-mail
    return logins
