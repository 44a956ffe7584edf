"""Demo employment records: called by ``lifelong demo seed`` after the people and demo users, before the rights."""

from __future__ import annotations

from datetime import date

from lifelong.organisations.models import Employment, Organisation, Statute
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
    return {"firms": len(firms), "employments": len(records)}
