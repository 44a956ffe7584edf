"""The portal's SME-wallet and budget pages and the employee's answer on /mijn-werk/."""

from __future__ import annotations

from django.urls import reverse

from lifelong.accounts.selectors import balance_of
from lifelong.organisations.models import WalletBooking

from .conftest import make_org, make_user
from .test_wallet import make_offer, staff


def test_employer_books_and_employee_accepts_on_the_pages(client, schemes, employer):
    org = employer.organisations.get()
    org.employees = 30
    org.save()
    a, b = staff(org)
    offer = make_offer()
    client.force_login(employer)
    page = client.get(reverse("organisations:wallet", args=[org.pk]))
    assert page.status_code == 200 and "KMO-portefeuille" in page.content.decode()
    response = client.post(reverse("organisations:wallet_book", args=[org.pk]),
                           {"offer": offer.pk, "person": [a.pk, b.pk], "key": "page-1"}, follow=True)
    assert "Geboekt voor 2 werknemer(s)" in response.content.decode()
    too_much = client.post(reverse("organisations:wallet_book", args=[org.pk]),
                           {"offer": make_offer(price_cents=3_000_000).pk, "person": [a.pk], "key": "page-2"},
                           follow=True)
    assert "te klein" in too_much.content.decode()
    booking = WalletBooking.objects.get(employment__person=a)
    client.force_login(a.user)
    mine = client.get(reverse("organisations:my_work")).content.decode()
    assert offer.title in mine and "Aanvaarden" in mine
    client.post(reverse("organisations:wallet_accept", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == "accepted"
    other = WalletBooking.objects.get(employment__person=b)
    assert client.post(reverse("organisations:wallet_decline", args=[other.pk])).status_code == 403


def test_budget_page_gives_a_top_up(client, schemes, employer):
    org = employer.organisations.get()
    a, = staff(org, 1)
    client.force_login(employer)
    assert client.get(reverse("organisations:budget", args=[org.pk])).status_code == 200
    response = client.post(reverse("organisations:budget_grant", args=[org.pk]),
                           {"group": "people", "people": str(a.pk), "amount": "150,50", "reason": "taalcursus",
                            "key": "b-1"}, follow=True)
    assert "1 persoon" in response.content.decode()
    from datetime import date

    assert balance_of(person=a, scheme_code="employer_topup", on=date.today()) == 15_050
    refused = client.post(reverse("organisations:budget_grant", args=[org.pk]),
                          {"group": "all_staff", "amount": "10", "reason": " ", "key": "b-2"}, follow=True)
    assert "Schrijf waarom" in refused.content.decode()
    bad = client.post(reverse("organisations:budget_grant", args=[org.pk]),
                      {"group": "all_staff", "amount": "tien", "reason": "x", "key": "b-3"}, follow=True)
    assert "geen getal" in bad.content.decode()


def test_other_employers_and_roles_are_refused(client, schemes, org):
    other = make_user("employer")
    make_org().staff.add(other)
    client.force_login(other)
    assert client.get(reverse("organisations:wallet", args=[org.pk])).status_code == 403
    assert client.get(reverse("organisations:budget", args=[org.pk])).status_code == 403
    client.force_login(make_user("learner"))
    assert client.get(reverse("organisations:wallet", args=[org.pk])).status_code == 403
