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


def test_the_provider_confirms_attendance_on_its_page(client, schemes, employer):
    """Issue 13.5: the provider of the course confirms on /kmo-portefeuille/aanbieder/ with the same service as the
    API; another provider does not find the booking (404); the employer and the employee cannot confirm."""
    from lifelong.accounts.models import AccountKind
    from lifelong.employers import wallet
    from lifelong.organisations.models import EmployerTraining

    from .test_wallet import balance

    org = employer.organisations.get()
    org.employees = 30
    org.save()
    a, b = staff(org)
    offer = make_offer(price_cents=100_000, hours=16)
    first, second = wallet.book(user=employer, organisation=org, offer=offer, person_ids=[a.pk, b.pk],
                                idempotency_key="prov-1")
    wallet.accept(user=a.user, booking=first)
    provider_user = make_user("provider")
    offer.provider.staff.add(provider_user)
    url = reverse("organisations:provider_wallet_confirm", args=[first.pk])

    others = make_user("provider")  # staff of another provider
    make_offer().provider.staff.add(others)
    client.force_login(others)
    assert a.family_name not in client.get(reverse("organisations:provider_wallet")).content.decode()
    assert client.post(url).status_code == 404
    for who in (employer, a.user):  # the employer and the employee are not the provider
        client.force_login(who)
        assert client.post(url).status_code == 403
    first.refresh_from_db()
    assert first.status == "accepted"

    client.force_login(provider_user)
    page = client.get(reverse("organisations:provider_wallet")).content.decode()
    assert a.family_name in page and b.family_name in page and url in page  # b's is shown, not yet confirmable
    assert reverse("organisations:provider_wallet_confirm", args=[second.pk]) not in page
    early = client.post(reverse("organisations:provider_wallet_confirm", args=[second.pk]), follow=True)
    assert "nog niet aanvaard" in early.content.decode()
    done = client.post(url, follow=True).content.decode()
    assert "Aanwezigheid bevestigd" in done
    first.refresh_from_db()
    assert first.status == "confirmed"
    assert balance(org, AccountKind.CONSUMED) == 30_000
    assert EmployerTraining.objects.get(wallet_booking=first).minutes == 16 * 60
    assert url not in done  # confirmed: no longer open
    assert client.post(url).status_code == 302  # a repeat changes nothing
    assert EmployerTraining.objects.filter(wallet_booking=first).count() == 1


def test_the_provider_menu_leads_to_the_wallet_page(client, db):
    provider_user = make_user("provider")
    client.force_login(provider_user)
    html = client.get("/").content.decode()
    assert reverse("organisations:provider_wallet") in html
    assert client.get(reverse("organisations:provider_wallet")).status_code == 200
