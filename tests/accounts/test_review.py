"""Issue 19.2: the secretariat's review queue of flagged bookings, and the reversal of a confirmed attendance
through the ledger's correction, with an audit trail (who, when, why)."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from lifelong.accounts import services
from lifelong.accounts.models import Booking, BookingStatus, LedgerTransaction, TxKind
from lifelong.accounts.selectors import balance_of
from lifelong.catalogue.booking import compass_offer
from lifelong.catalogue.models import Offer, Provider
from lifelong.users.models import Role, User

from .conftest import make_person

pytestmark = pytest.mark.django_db
PASSWORD = "leren-is-fijn-2026"


def user_of(role):
    return User.objects.create_user(f"{role}-{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=role)


def test_the_secretariat_sees_flags_and_reverses_a_confirmed_attendance(client, schemes, monkeypatch):
    monkeypatch.setitem(services.POLICY, "address_people_24h", 1)  # one learner from one address is enough here
    learner = user_of(Role.LEARNER)
    person = make_person(user=learner)
    today = timezone.localdate()
    services.accrue_year(on=today, person_ids=[person.pk])
    provider = Provider.objects.create(name="Nakijkacademie", kind="private", province="BE21", postcode="2000",
                                       quality_status="registered")
    staff = user_of(Role.PROVIDER)
    provider.staff.add(staff)
    offer = Offer.objects.create(provider=provider, external_id="r1", title="Heftruck rijden", price_cents=30000,
                                 hours=40, eligible_schemes=",vov,")
    booking = services.book_offer(user=learner, password=PASSWORD, person=person,
                                  offer=compass_offer(person, offer, today), on=today, idempotency_key="rev-1",
                                  client_address="10.9.9.9")
    assert booking.flags == ["many_people_one_address"]
    services.confirm_attendance(user=staff, booking=booking)
    assert balance_of(person=person, scheme_code="vov", on=today) == 7500 - 40 * 60

    secretary = user_of(Role.SECRETARIAT)
    client.force_login(staff)
    assert client.get("/rekening/secretariaat/").status_code == 403
    assert client.post(f"/rekening/inschrijving/{booking.pk}/terugdraaien/", {"reason": "x"}).status_code == 403
    with pytest.raises(services.NotAllowed):
        services.reverse_attendance(user=staff, booking=booking, reason="ik wil het")
    client.force_login(secretary)
    queue = client.get("/rekening/secretariaat/").content.decode()
    assert "Heftruck rijden" in queue and "veel lerenden van één adres" in queue
    no_reason = client.post(f"/rekening/inschrijving/{booking.pk}/terugdraaien/", {"reason": " "}, follow=True)
    assert "Geef een reden" in no_reason.content.decode()
    done = client.post(f"/rekening/inschrijving/{booking.pk}/terugdraaien/",
                       {"reason": "cursist was niet aanwezig (controle 3 mei)"}, follow=True)
    assert "teruggedraaid" in done.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REVERSED
    assert balance_of(person=person, scheme_code="vov", on=today) == 7500  # the rights are back
    correction = LedgerTransaction.objects.get(kind=TxKind.CORRECT, reverses=booking.holds.get().settle_tx)
    assert correction.actor == secretary and correction.created_at is not None
    assert "cursist was niet aanwezig" in correction.memo
    assert sum(e.amount for e in correction.entries.all()) == 0
    # twice is once; a reversed booking cannot be rated nor confirmed again
    services.reverse_attendance(user=secretary, booking=booking, reason="nog eens")
    assert LedgerTransaction.objects.filter(kind=TxKind.CORRECT, reverses=booking.holds.get().settle_tx).count() == 1
    with pytest.raises(services.NotAllowed):
        services.confirm_attendance(user=staff, booking=Booking.objects.get(pk=booking.pk))
    assert person.account_notifications.filter(text__contains="teruggedraaid").exists()


def test_only_a_registered_provider_s_offers_use_flemish_incentives(client, schemes):
    """Provider.quality_status is enforced: training leave and vouchers need a registered provider; the federal
    right does not. The simulation says why, the booking reserves accordingly."""
    learner = user_of(Role.LEARNER)
    person = make_person(user=learner)
    today = timezone.localdate()
    services.accrue_year(on=today, person_ids=[person.pk])
    results = {}
    for status in ("registered", "pending", "none"):
        provider = Provider.objects.create(name=f"Academie {status}", kind="private", province="BE21",
                                           postcode="2000", quality_status=status)
        offer = Offer.objects.create(provider=provider, external_id=status, title=f"Lassen ({status})",
                                     price_cents=40000, hours=40,
                                     eligible_schemes=",vov,opleidingscheques,federaal_opleidingsrecht,")
        booking = services.book_offer(user=learner, password=PASSWORD, person=person,
                                      offer=compass_offer(person, offer, today), on=today,
                                      idempotency_key=f"gate-{status}")
        results[status] = {h.scheme.code for h in booking.holds.all()}
        services.cancel_booking(user=learner, booking=booking)
    assert results["registered"] >= {"vov", "opleidingscheques"}
    assert "vov" not in results["pending"] and "opleidingscheques" not in results["pending"]
    assert results["none"] == results["pending"] and "federaal_opleidingsrecht" in results["none"]
    client.force_login(learner)
    page = client.get(f"/rekening/simuleren/?aanbod={Offer.objects.get(external_id='none').pk}").content.decode()
    assert "niet geregistreerd voor de Vlaamse opleidingsincentives" in page
