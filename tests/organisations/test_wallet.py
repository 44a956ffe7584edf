"""SME-wallet bookings (issue 13.5): the share by firm size, the yearly ceiling, refusals with nothing reserved,
replays, the employee's acceptance, the provider's confirmation and the proofs under concurrency."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connections

from lifelong.accounts.models import AccountKind, LedgerAccount, LedgerTransaction
from lifelong.accounts.services import InsufficientBalance, NotAllowed, Refused
from lifelong.employers import selectors, wallet
from lifelong.organisations.models import EmployerTraining, WalletBooking, WalletStatus

from .conftest import make_offer, make_org, make_person, make_user, staff

DAY = date(2026, 3, 2)


def balance(org, kind):
    account = LedgerAccount.objects.filter(scheme__code="kmo_portefeuille", organisation=org, kind=kind).first()
    return account.balance if account else 0


def test_share_by_firm_size_and_scope(schemes, small_org):
    offer = make_offer(price_cents=100_000)
    assert wallet.quote(organisation=small_org, offer=offer, on=DAY).subsidy_cents == 30_000  # small: 30 %
    assert wallet.quote(organisation=make_org(employees=120), offer=offer, on=DAY).subsidy_cents == 20_000  # 20 %
    with pytest.raises(Refused, match="minder dan 250"):
        wallet.quote(organisation=make_org(employees=250), offer=offer, on=DAY)
    with pytest.raises(Refused, match="niet geregistreerd"):
        wallet.quote(organisation=small_org, offer=make_offer(registered=False), on=DAY)
    with pytest.raises(Refused, match="minder dan"):
        wallet.quote(organisation=small_org, offer=make_offer(price_cents=5_000), on=DAY)


def test_booking_reserves_the_share_in_the_firms_ledger(schemes, small_org, boss):
    a, b = staff(small_org)
    offer = make_offer(price_cents=100_000)
    bookings = wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[a.pk, b.pk],
                           idempotency_key="k1", on=DAY)
    assert [x.status for x in bookings] == [WalletStatus.PROPOSED] * 2
    assert balance(small_org, AccountKind.HELD) == 60_000
    assert balance(small_org, AccountKind.AVAILABLE) == 750_000 - 60_000
    # a replay books nothing more and returns the same bookings
    again = wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[a.pk, b.pk], idempotency_key="k1",
                        on=DAY)
    assert [x.pk for x in again] == [x.pk for x in bookings]
    assert balance(small_org, AccountKind.HELD) == 60_000
    # the employees' own rights are untouched
    assert not LedgerAccount.objects.filter(person__in=[a, b]).exists()


def test_refusals_reserve_nothing(schemes, small_org, boss):
    a, = staff(small_org, 1)
    stranger = make_person()
    with pytest.raises(NotAllowed, match="eigen personeel"):
        wallet.book(user=boss, organisation=small_org, offer=make_offer(), person_ids=[a.pk, stranger.pk],
                    idempotency_key="r1", on=DAY)
    with pytest.raises(InsufficientBalance):  # 30 % of € 30.000 = € 9.000 > the € 7.500 ceiling
        wallet.book(user=boss, organisation=small_org, offer=make_offer(price_cents=3_000_000), person_ids=[a.pk],
                    idempotency_key="r2", on=DAY)
    with pytest.raises(Refused, match="niet geregistreerd"):
        wallet.book(user=boss, organisation=small_org, offer=make_offer(registered=False), person_ids=[a.pk],
                    idempotency_key="r3", on=DAY)
    other_boss = make_user("employer")
    make_org().staff.add(other_boss)
    with pytest.raises(NotAllowed):
        wallet.book(user=other_boss, organisation=small_org, offer=make_offer(), person_ids=[a.pk],
                    idempotency_key="r4", on=DAY)
    assert not WalletBooking.objects.filter(organisation=small_org).exists()
    assert balance(small_org, AccountKind.HELD) == 0


def test_the_yearly_ceiling_holds_across_bookings(schemes, small_org, boss):
    people = staff(small_org, 3)
    offer = make_offer(price_cents=1_000_000)  # 30 % = € 3.000 each: two fit under € 7.500, the third not
    wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[people[0].pk], idempotency_key="c1", on=DAY)
    wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[people[1].pk], idempotency_key="c2", on=DAY)
    with pytest.raises(InsufficientBalance):
        wallet.book(user=boss, organisation=small_org, offer=offer, person_ids=[people[2].pk], idempotency_key="c3",
                    on=DAY)
    assert balance(small_org, AccountKind.AVAILABLE) == 150_000


def test_accept_confirm_and_federal_days(client, schemes, small_org, boss):
    a, b = staff(small_org)
    offer = make_offer(price_cents=100_000, hours=16)
    provider_user = make_user("provider")
    offer.provider.staff.add(provider_user)
    client.force_login(boss)
    response = client.post(f"/api/v1/organisations/{small_org.pk}/wallet-bookings",
                           {"offer": offer.pk, "persons": [a.pk, b.pk], "idempotency_key": "api-1"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    first, second = response.json()
    assert first["subsidy_cents"] == 30_000 and first["rule"] == "kmo_portefeuille v1"
    replay = client.post(f"/api/v1/organisations/{small_org.pk}/wallet-bookings",
                         {"offer": make_offer().pk, "persons": [a.pk, b.pk], "idempotency_key": "api-1"},
                         content_type="application/json")
    assert replay.status_code == 409
    client.force_login(provider_user)
    early = client.post(f"/api/v1/wallet-bookings/{first['id']}/confirm")
    assert early.status_code == 403 and "aanvaard" in early.json()["detail"]
    client.force_login(b.user)  # someone else cannot accept a's booking
    assert client.post(f"/api/v1/wallet-bookings/{first['id']}/accept").status_code == 403
    assert client.post(f"/api/v1/wallet-bookings/{second['id']}/decline").json()["status"] == "declined"
    client.force_login(a.user)
    assert [x["id"] for x in client.get("/api/v1/wallet-bookings/mine").json()] == [first["id"]]
    assert client.post(f"/api/v1/wallet-bookings/{first['id']}/accept").json()["status"] == "accepted"
    client.force_login(boss)  # the employer is not the provider
    assert client.post(f"/api/v1/wallet-bookings/{first['id']}/confirm").status_code == 403
    client.force_login(provider_user)
    assert client.post(f"/api/v1/wallet-bookings/{first['id']}/confirm").json()["status"] == "confirmed"
    assert client.post(f"/api/v1/wallet-bookings/{first['id']}/confirm").json()["status"] == "confirmed"  # once
    assert balance(small_org, AccountKind.CONSUMED) == 30_000
    assert balance(small_org, AccountKind.HELD) == 0
    assert balance(small_org, AccountKind.AVAILABLE) == 750_000 - 30_000
    assert EmployerTraining.objects.get(wallet_booking_id=first["id"]).minutes == 16 * 60
    right = {e.person: e for e in selectors.training_right(small_org, date.today().year).employees}
    assert right[a.pk].days_used == round(16 * 60 / 456, 2)
    client.force_login(boss)
    overview = client.get(f"/api/v1/organisations/{small_org.pk}/wallet").json()
    assert overview["cap_cents"] == 750_000 and len(overview["bookings"]) == 2


def test_other_roles_are_refused(client, schemes, small_org, boss):
    a, = staff(small_org, 1)
    client.force_login(make_user("learner"))
    response = client.post(f"/api/v1/organisations/{small_org.pk}/wallet-bookings",
                           {"offer": make_offer().pk, "persons": [a.pk], "idempotency_key": "x"},
                           content_type="application/json")
    assert response.status_code == 403
    assert client.get(f"/api/v1/organisations/{small_org.pk}/wallet").status_code == 403
    client.logout()
    assert client.get(f"/api/v1/organisations/{small_org.pk}/wallet").status_code == 401


def _run_threads(n, target):
    results, errors = [], []
    start = threading.Barrier(n)

    def worker(i):
        try:
            start.wait()
            results.append(target(i))
        except Refused as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_concurrent_bookings_never_pass_the_ceiling(committed_firm, django_db_blocker):
    org, boss, people, offer = committed_firm
    with django_db_blocker.unblock():
        def book(i):
            return wallet.book(user=boss, organisation=org, offer=offer, person_ids=[people[i].pk],
                               idempotency_key=f"cc-{i}", on=DAY)

        done, refused = _run_threads(12, book)
        assert len(done) == 2 and len(refused) == 10
        assert all(isinstance(e, InsufficientBalance) for e in refused)
        assert balance(org, AccountKind.AVAILABLE) == 150_000 and balance(org, AccountKind.HELD) == 600_000
        assert LedgerTransaction.objects.filter(idempotency_key=f"kmo-cap:{org.pk}:{DAY.year}").count() == 1


def test_concurrent_replays_of_one_key_book_once(committed_firm, django_db_blocker):
    org, boss, people, offer = committed_firm
    with django_db_blocker.unblock():
        def book(_i):
            return [b.pk for b in wallet.book(user=boss, organisation=org, offer=offer, person_ids=[people[0].pk],
                                              idempotency_key="same", on=DAY)]

        done, refused = _run_threads(8, book)
        assert refused == [] and len({tuple(d) for d in done}) == 1
        assert WalletBooking.objects.filter(organisation=org).count() == 1
        assert balance(org, AccountKind.HELD) == 300_000


