"""Demo rights for Synthetic Flanders: called by ``lifelong demo seed`` after the people are (re)created."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from lifelong.accounts.services import accrue, accrue_year, load_schemes, reconcile_after_erasure
from lifelong.people.models import Person


def seed_demo_accounts(*, on: date | None = None) -> dict:
    """Load the schemes, grant this year's rights to every synthetic person and a few employer top-ups."""
    on = on or timezone.localdate()
    removed = reconcile_after_erasure()  # the previous synthetic people were just deleted
    load_schemes()
    ids = list(Person.objects.filter(is_synthetic=True).values_list("id", flat=True))
    booked = accrue_year(on=on, person_ids=ids)
    topped = 0
    for person in Person.objects.filter(is_synthetic=True, labour_status="employed",
                                        employer__employees__gte=50).order_by("id")[:25]:
        accrue(person=person, scheme_code="employer_topup", amount=20000, on=on, memo="demo: opleidingsbudget werkgever",
               idempotency_key=f"demo-topup:{person.pk}:{on.year}")
        topped += 1
    return {"removed": removed, "accruals": booked, "top_ups": topped}
