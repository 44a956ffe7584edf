"""Demo employment records: called by ``lifelong demo seed`` after the people and demo users, before the rights."""

from __future__ import annotations

from datetime import date

from lifelong.employers.topups import grant
from lifelong.organisations.models import Employment, Organisation, OrganisationKind, Statute
from lifelong.people.models import Person
from lifelong.reference import FirmSize
from lifelong.users.models import User

FTE_CYCLE = [1000, 1000, 800, 1000, 500, 1000, 600, 1000]  # about a third part-time
FIRMS_PER_SIZE = 3


def seed_demo_employments(*, today: date) -> dict:
    """Employment records for every synthetic employee of a few firms of each size class (part-timers among them);
    one firm has two sites; the demo employer answers for the demo learner's firm; the demo learner works 4/5."""

    learner = Person.objects.filter(user__email="learner@demo.lifelong.test").select_related("employer").first()
    firms: list[Organisation] = []
    if learner and learner.employer_id:
        firms.append(learner.employer)
    for size in (FirmSize.MICRO, FirmSize.SMALL, FirmSize.MEDIUM, FirmSize.LARGE):
        picked = (Organisation.objects.filter(is_synthetic=True, size_class=size, employees_set__isnull=False)
                  .exclude(pk__in=[f.pk for f in firms]).distinct().order_by("id")[:FIRMS_PER_SIZE])
        firms.extend(picked)
    records = []
    for n, firm in enumerate(firms):
        two_sites = n == 0
        people = Person.objects.filter(employer=firm, labour_status="employed").order_by("id")
        for i, person in enumerate(people):
            fte = 800 if learner and person.pk == learner.pk else FTE_CYCLE[(person.pk + n) % len(FTE_CYCLE)]
            records.append(Employment(
                person=person, organisation=firm, fte_permille=fte,
                start_date=date(today.year - 1 - (person.pk % 12), 1 + person.pk % 12, 1),
                statute=Statute.WORKER if person.pk % 3 == 0 else Statute.CLERK,
                joint_committee="124" if person.pk % 3 == 0 else "200",
                site=("Gent" if i % 2 else "Antwerpen") if two_sites else ""))
    Employment.objects.bulk_create(records, batch_size=1000)
    employer = User.objects.filter(email="employer@demo.lifelong.test").first()
    if employer and firms:
        employer.organisations.add(firms[0])
    if firms:
        _second_employee_login(firms[0], learner)
    return {"firms": len(firms), "employments": len(records)}


COLLEAGUE_EMAIL = "werknemer@demo.lifelong.test"
COLLEAGUE_PASSWORD = "demo-werknemer-2026"  # demo only, like the other demo logins


def _second_employee_login(firm: Organisation, learner: Person | None) -> None:
    """A second employee with a login at the demo employer's firm (besides the demo learner), so that the employer
    can book a training for two employees with the SME wallet and both can accept it (issue 13's "Done when")."""
    others = Person.objects.filter(employments__organisation=firm, user__isnull=True)
    if learner is not None:
        others = others.exclude(pk=learner.pk)
    colleague = others.order_by("id").first()
    if colleague is None:
        return
    user = User.objects.filter(email=COLLEAGUE_EMAIL).first()
    if user is None:
        user = User.objects.create_user(COLLEAGUE_EMAIL, COLLEAGUE_PASSWORD, role="learner",
                                        display_name="Demo werknemer")
    elif hasattr(user, "person"):
        return
    colleague.user = user
    colleague.save(update_fields=["user"])


SECTOR_FUND_KBO8 = "08880001"  # the synthetic firms use 099…: this one is apart; check digits computed below
SECTOR_FUND_USER = "sectorfonds@demo.lifelong.test"


def seed_demo_top_ups(*, today: date) -> dict:
    """A demo sector fund (its own organisation kind, with a login of its staff) that gives € 250 of extra
    training budget to everyone working today in the demo learner's joint committee (or 200). Runs after the
    schemes are loaded (``seed_demo_accounts``)."""
    learner = Person.objects.filter(user__email="learner@demo.lifelong.test").first()
    job = Employment.objects.filter(person=learner).exclude(joint_committee="").first() if learner else None
    committee = job.joint_committee if job else "200"
    fund = Organisation.objects.create(
        name=f"Demo-opleidingsfonds PC {committee}", kind=OrganisationKind.SECTOR_FUND,
        enterprise_number=f"{SECTOR_FUND_KBO8}{97 - int(SECTOR_FUND_KBO8) % 97:02d}", nace_section="S",
        employees=12, province="BE21", postcode="1000", is_synthetic=True)
    user = User.objects.filter(email=SECTOR_FUND_USER).first()
    if user is None:
        user = User.objects.create_user(SECTOR_FUND_USER, None, role="employer", display_name="Demo sectorfonds")
        user.set_unusable_password()
        user.save()
    fund.staff.add(user)
    top_up = grant(user=user, funder=fund, group="joint_committee", joint_committee=committee, amount_cents=25_000,
                   reason="opleidingen in de sector (demo)", idempotency_key=f"demo-{today.isoformat()}-{fund.pk}",
                   on=today)
    return {"sector_fund": fund.pk, "recipients": top_up.recipients}
