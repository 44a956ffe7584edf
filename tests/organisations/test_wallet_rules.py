"""The SME wallet's themed shares and its 14-day application deadline (scheme ``kmo_portefeuille``; source:
vlaio.be, "Kmo-portefeuille: steun voor opleiding en advies"): 45 % / 35 % for an offer in the themes
"duurzaamheid – energie-efficiëntie" and "digitalisering – cybersecurity"; an application later than 14 days
after the training starts is refused, nothing reserved."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lifelong.accounts.models import AccountKind, LedgerTransaction
from lifelong.accounts.services import Refused
from lifelong.catalogue.models import Session
from lifelong.employers import wallet
from lifelong.organisations.models import WalletBooking

from .conftest import make_offer, make_org, staff
from .test_wallet import DAY, balance


@pytest.mark.parametrize("category, employees, share", [
    ("sustainability_energy", 30, 45), ("digital_cybersecurity", 30, 45),
    ("sustainability_energy", 120, 35), ("digital_cybersecurity", 120, 35),
    ("vks_max_4", 30, 30), ("vks_max_4", 120, 20),  # another category: the base share
])
def test_the_share_by_theme(schemes, category, employees, share):
    offer = make_offer(price_cents=100_000)
    offer.funding_categories = f",{category},"
    offer.save()
    q = wallet.quote(organisation=make_org(employees=employees), offer=offer, on=DAY)
    assert (q.share_pct, q.subsidy_cents) == (share, 100_000 * share // 100)
    assert q.theme == (category if share in (45, 35) else "")


def test_a_themed_booking_reserves_the_higher_share(schemes, small_org, boss):
    a, b = staff(small_org)
    offer = make_offer(price_cents=100_000)
    offer.funding_categories = ",digital_cybersecurity,"
    offer.save()
    bookings = wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[a.pk, b.pk],
                           idempotency_key="theme", on=DAY)
    assert [(x.share_pct, x.subsidy_cents) for x in bookings] == [(45, 45_000)] * 2
    assert balance(small_org, AccountKind.HELD) == 90_000


def test_an_application_later_than_14_days_after_the_start_is_refused(schemes, small_org, boss):
    a, = staff(small_org, 1)
    offer = make_offer()
    offer.next_start = DAY - timedelta(days=15)
    offer.save()
    with pytest.raises(Refused, match=r"Te laat voor de KMO-portefeuille: de opleiding begon op "
                                      r"15/02/2026\. Je vraagt de steun aan ten laatste 14 dagen"):
        wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[a.pk], idempotency_key="late",
                    on=DAY)
    assert not WalletBooking.objects.filter(organisation=small_org).exists()
    assert not LedgerTransaction.objects.filter(entries__account__organisation=small_org).exists()  # nothing, not
    # even the year's ceiling

    offer.next_start = DAY - timedelta(days=14)  # the 14th day after the start: still in time
    offer.save()
    assert len(wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[a.pk],
                           idempotency_key="in-time", on=DAY)) == 1


def test_a_later_session_is_still_open(schemes, small_org, boss):
    """The first session began long ago, the next one starts later: the booking is for that one."""
    a, = staff(small_org, 1)
    offer = make_offer()
    offer.next_start = DAY - timedelta(days=60)
    offer.save()
    Session.objects.create(offer=offer, start_date=DAY - timedelta(days=60))
    with pytest.raises(Refused, match="Te laat"):
        wallet.quote(organisation=small_org, offer=offer, on=DAY)
    Session.objects.create(offer=offer, start_date=DAY + timedelta(days=30))
    assert wallet.quote(organisation=small_org, offer=offer, on=DAY).share_pct == 30
    assert wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[a.pk], idempotency_key="s",
                       on=DAY)


def test_the_refusal_shows_on_the_page(client, schemes, small_org, boss):
    a, = staff(small_org, 1)
    offer = make_offer()
    offer.next_start = DAY - timedelta(days=400)
    offer.save()
    client.force_login(boss)
    page = client.get(f"/werkgever/{small_org.pk}/kmo-portefeuille/?aanbod={offer.pk}")
    assert page.status_code == 200
    assert "Te laat voor de KMO-portefeuille" in page.content.decode()
    response = client.post(f"/werkgever/{small_org.pk}/kmo-portefeuille/boeken/",
                           {"offer": offer.pk, "person": [a.pk], "key": "page-late"}, follow=True)
    assert "Te laat voor de KMO-portefeuille" in response.content.decode()
    assert not WalletBooking.objects.filter(organisation=small_org).exists()


def test_from_the_compass_to_the_wallet_page(client, schemes, small_org, boss):
    offer = make_offer()
    client.force_login(boss)
    assert "Boeken voor je werknemers met de KMO-portefeuille" in client.get(f"/kompas/aanbod/{offer.pk}/").content.decode()
    response = client.get(f"/werkgever/kmo-portefeuille/?aanbod={offer.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/werkgever/{small_org.pk}/kmo-portefeuille/?aanbod={offer.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "De KMO-portefeuille betaalt 30 %" in page and f'value="{offer.pk}"' in page
