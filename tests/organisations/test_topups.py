"""Top-ups by employers and sector funds (issue 13.6) and done plan actions counting toward federal days (13.3)."""

from __future__ import annotations

from datetime import date

import pytest

from lifelong.accounts.models import AccountKind, LedgerAccount, LedgerEntry
from lifelong.accounts.selectors import balance_of
from lifelong.accounts.services import NotAllowed, Refused
from lifelong.employers import plans, selectors, topups
from lifelong.organisations.models import Employment, OrganisationKind, PlanItem, TrainingPlan

from .conftest import make_org, make_person, make_user

DAY = date(2026, 3, 2)


def hire(org, n=1, committee=""):
    out = []
    for _ in range(n):
        person = make_person(user=make_user("learner"))
        Employment.objects.create(person=person, organisation=org, start_date=date(2020, 1, 1), fte_permille=1000,
                                  joint_committee=committee)
        out.append(person)
    return out


def test_employer_top_up_is_paid_in_then_shared(schemes, org, employer):
    a, b = hire(org, 2)
    t = topups.grant(user=employer, funder=org, group="all_staff", amount_cents=50_000, reason="digitale vaardigheden",
                     idempotency_key="t1", on=DAY)
    assert t.recipients == 2 and t.scheme_code == "employer_topup"
    for p in (a, b):
        assert balance_of(person=p, scheme_code="employer_topup", on=DAY) == 50_000
        memo = LedgerEntry.objects.filter(account__person=p).select_related("transaction").get().transaction.memo
        assert org.name in memo and "digitale vaardigheden" in memo  # who and why
    funder = LedgerAccount.objects.get(organisation=org, scheme__code="employer_topup", kind=AccountKind.AVAILABLE)
    assert funder.balance == 0  # everything paid in went out, nothing more
    again = topups.grant(user=employer, funder=org, group="all_staff", amount_cents=50_000, reason="digitale vaardigheden",
                         idempotency_key="t1", on=DAY)
    assert again.pk == t.pk and balance_of(person=a, scheme_code="employer_topup", on=DAY) == 50_000


def test_sector_fund_tops_up_its_joint_committee(schemes):
    fund = make_org(kind=OrganisationKind.SECTOR_FUND)
    fund_user = make_user("employer")
    fund.staff.add(fund_user)
    in_sector, = hire(make_org(), 1, committee="124")
    outside, = hire(make_org(), 1, committee="200")
    t = topups.grant(user=fund_user, funder=fund, group="joint_committee", joint_committee="124", amount_cents=20_000,
                     reason="bouwsector: veiligheid", idempotency_key="s1", on=DAY)
    in_committee = (Employment.objects.filter(joint_committee="124", start_date__lte=DAY)
                    .exclude(end_date__lt=DAY).values("person_id").distinct().count())
    assert t.scheme_code == "sector_topup" and t.recipients == in_committee  # the demo's 124 staff too
    assert balance_of(person=in_sector, scheme_code="sector_topup", on=DAY) == 20_000
    assert balance_of(person=outside, scheme_code="sector_topup", on=DAY) == 0


def test_top_up_refusals(schemes, org, employer):
    a, = hire(org)
    stranger = make_person()
    with pytest.raises(NotAllowed):
        topups.grant(user=employer, funder=org, group="people", person_ids=[a.pk, stranger.pk], amount_cents=100,
                     reason="x", idempotency_key="n1", on=DAY)
    with pytest.raises(Refused):
        topups.grant(user=employer, funder=org, group="all_staff", amount_cents=0, reason="x", idempotency_key="n2",
                     on=DAY)
    with pytest.raises(Refused):
        topups.grant(user=employer, funder=org, group="all_staff", amount_cents=100, reason=" ", idempotency_key="n3",
                     on=DAY)
    other = make_user("employer")
    with pytest.raises(NotAllowed):
        topups.grant(user=other, funder=org, group="all_staff", amount_cents=100, reason="x", idempotency_key="n4",
                     on=DAY)
    assert balance_of(person=a, scheme_code="employer_topup", on=DAY) == 0


def test_top_up_api(client, schemes, org, employer):
    a, = hire(org)
    client.force_login(employer)
    response = client.post(f"/api/v1/organisations/{org.pk}/top-ups",
                           {"group": "people", "persons": [a.pk], "amount_cents": 30_000, "reason": "Excel",
                            "idempotency_key": "api"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["recipients"] == 1
    assert [t["id"] for t in client.get(f"/api/v1/organisations/{org.pk}/top-ups").json()] == [response.json()["id"]]
    client.force_login(a.user)
    assert client.get(f"/api/v1/organisations/{org.pk}/top-ups").status_code == 403


def test_done_plan_action_counts_toward_federal_days(client, schemes, org, employer):
    a, b = hire(org, 2)
    year = date.today().year
    plan = TrainingPlan.objects.create(organisation=org, year=year)
    item = PlanItem.objects.create(plan=plan, kind="on_the_job", title="Leren lassen")
    client.force_login(employer)
    url = f"/api/v1/organisations/{org.pk}/training-plan/items/{item.pk}/done"
    response = client.post(url, {"persons": [a.pk], "minutes": 456, "on": f"{year}-02-01"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["registered"] == 1
    again = client.post(url, {"persons": [a.pk], "minutes": 456, "on": f"{year}-02-01"}, content_type="application/json")
    assert again.json()["registered"] == 0  # once per participant
    item.refresh_from_db()
    assert item.status == "done"
    right = {e.person: e for e in selectors.training_right(org, year).employees}
    assert right[a.pk].days_used == 1.0 and right[b.pk].days_used == 0.0
    assert right[a.pk].days_left == right[a.pk].days_due - 1.0
    stranger = make_person()
    with pytest.raises(NotAllowed):
        plans.complete_item(organisation=org, item=item, person_ids=[stranger.pk], minutes=60, on=date(year, 2, 1))
    other_org = make_org()
    assert client.post(f"/api/v1/organisations/{other_org.pk}/training-plan/items/{item.pk}/done",
                       {"persons": [a.pk], "minutes": 60}, content_type="application/json").status_code == 403


def test_the_demo_sector_fund_gave_the_demo_learner_a_top_up(db):
    from django.utils import timezone

    from lifelong.people.models import Person

    learner = Person.objects.get(user__email="learner@demo.lifelong.test")
    assert balance_of(person=learner, scheme_code="sector_topup", on=timezone.localdate()) == 25_000


def test_erasing_a_recipient_leaves_every_transaction_balanced(schemes, org, employer):
    from lifelong.accounts.models import LedgerTransaction
    from lifelong.accounts.services import reconcile_after_erasure

    a, b = hire(org, 2)
    topups.grant(user=employer, funder=org, group="all_staff", amount_cents=10_000, reason="x", idempotency_key="e1",
                 on=DAY)
    a.delete()
    reconcile_after_erasure()
    for tx in LedgerTransaction.objects.filter(idempotency_key__startswith=f"topup:{org.pk}:"):
        assert sum(tx.entries.values_list("amount", flat=True)) == 0, tx.idempotency_key
    assert balance_of(person=b, scheme_code="employer_topup", on=DAY) == 10_000
