"""Booking with rights: only compass offers, only the person, fresh password, all or nothing, confirm → used,
cancel → released."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from lifelong.accounts import services
from lifelong.accounts.models import Booking, BookingStatus, HoldStatus
from lifelong.accounts.selectors import balance_of
from lifelong.catalogue.booking import compass_offer
from lifelong.catalogue.models import Offer, Provider
from lifelong.users.models import Role, User

from .conftest import make_person

pytestmark = pytest.mark.django_db
PASSWORD = "leren-is-fijn-2026"
LASSEN = {"title": "Lassen TIG", "price_cents": 60000, "hours": 40,
          "eligible_schemes": ",vov,opleidingscheques,federaal_opleidingsrecht,"}


@pytest.fixture
def learner(schemes):
    user = User.objects.create_user(f"{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.LEARNER)
    person = make_person(user=user)
    today = timezone.localdate()
    services.accrue_year(on=today, person_ids=[person.pk])
    return user, person


@pytest.fixture
def provider():
    return Provider.objects.create(name="Testacademie", kind="private", province="BE21", postcode="2000",
                                   quality_status="registered")


@pytest.fixture
def provider_user(provider):
    user = User.objects.create_user(f"p-{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.PROVIDER)
    provider.staff.add(user)
    return user


def compass(provider=None, **values) -> Offer:
    """A real offer in the training compass (bookings are only of compass offers)."""
    provider = provider or Provider.objects.get(name="Testacademie")
    values = {**LASSEN, **values}
    offer, _new = Offer.objects.get_or_create(provider=provider, external_id=values["title"], defaults=values)
    return offer


def book(user, person, key="b1", password=PASSWORD, offer=None, address=None):
    offer = offer or compass()
    return services.book_offer(user=user, password=password, person=person,
                               offer=compass_offer(person, offer, timezone.localdate()), on=timezone.localdate(),
                               idempotency_key=key, client_address=address)


def vov(person):
    return balance_of(person=person, scheme_code="vov", on=timezone.localdate())


def test_booking_reserves_the_simulated_rights_and_notifies(learner, provider):
    user, person = learner
    booking = book(user, person)
    assert booking.net_cost_cents == 60000 - 12500 and booking.net_time_minutes == 0
    assert {h.scheme.code for h in booking.holds.all()} == {"vov", "opleidingscheques"}
    assert vov(person) == 7500 - 40 * 60
    assert person.account_notifications.filter(text__contains="Lassen TIG").exists()
    assert book(user, person).pk == booking.pk and vov(person) == 7500 - 40 * 60  # replay


def test_wrong_password_books_nothing(learner, provider):
    user, person = learner
    with pytest.raises(services.NotAllowed, match="wachtwoord"):
        book(user, person, password="wrong")
    assert not Booking.objects.filter(person=person).exists() and vov(person) == 7500


def test_nobody_else_can_book_with_my_rights(learner, provider_user):
    _user, person = learner
    provider_user.role = Role.LEARNER
    with pytest.raises(services.NotAllowed, match="persoon zelf"):
        book(provider_user, person)
    assert vov(person) == 7500


def test_confirm_consumes_and_cancel_releases(learner, provider_user):
    user, person = learner
    first = book(user, person, key="one")
    services.confirm_attendance(user=provider_user, booking=first)
    assert {h.status for h in first.holds.all()} == {HoldStatus.CONSUMED}
    with pytest.raises(services.NotAllowed):
        services.cancel_booking(user=user, booking=first)
    second = book(user, person, key="two", offer=compass(title="Excel", price_cents=10000, hours=32,
                                                         eligible_schemes=",vov,"))
    services.cancel_booking(user=user, booking=second)
    second.refresh_from_db()
    assert second.status == BookingStatus.CANCELLED and vov(person) == 7500 - 40 * 60
    with pytest.raises(services.NotAllowed):
        services.confirm_attendance(user=user, booking=second)  # a learner cannot confirm


def test_another_providers_staff_can_neither_see_nor_confirm(client, learner, provider_user):
    user, person = learner
    booking = book(user, person, key="mine")
    other = User.objects.create_user(f"o-{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.PROVIDER)
    Provider.objects.create(name="Andere academie", kind="private", province="BE21", postcode="2000").staff.add(other)
    with pytest.raises(services.NotAllowed):
        services.confirm_attendance(user=other, booking=booking)
    with pytest.raises(services.NotAllowed):
        services.cancel_booking(user=other, booking=booking)
    client.force_login(other)
    assert person.family_name not in client.get("/rekening/aanbieder/").content.decode()
    client.force_login(provider_user)
    assert "Lassen TIG" in client.get("/rekening/aanbieder/").content.decode()


def test_per_offer_cap_refuses_and_address_flag_marks(learner, provider, monkeypatch):
    user, person = learner
    monkeypatch.setitem(services.POLICY, "max_bookings_per_offer", 1)
    monkeypatch.setitem(services.POLICY, "address_people_24h", 1)
    first = book(user, person, key="a", address="10.0.0.9")
    assert "many_people_one_address" in first.flags
    with pytest.raises(services.NotAllowed, match="maximum"):
        book(user, person, key="b")


def test_pages_walk_the_booking(client, learner, provider_user):
    user, person = learner
    client.force_login(user)
    page = client.get("/rekening/")
    assert page.status_code == 200 and "Vlaams opleidingsverlof" in page.content.decode()
    provider = Provider.objects.get(name="Testacademie")
    form = {"title": "Lassen TIG", "price": "600", "hours": "40", "schemes": ["vov", "opleidingscheques"],
            "in_working_time": "on", "provider": provider.pk}
    free = client.post("/rekening/simuleren/", form)  # a free-form offer is only simulated: no booking form
    assert free.status_code == 200 and "475,00" in free.content.decode() and "book_form" not in free.context
    offer = compass(eligible_schemes=",vov,opleidingscheques,")
    sim = client.get(f"/rekening/simuleren/?aanbod={offer.pk}")
    assert sim.status_code == 200 and "475,00" in sim.content.decode()
    key = sim.context["book_form"].initial["idempotency_key"]
    wrong = client.post("/rekening/inschrijven/", {"aanbod": offer.pk, "idempotency_key": key, "password": "nope"})
    assert wrong.status_code == 400 and not Booking.objects.filter(person=person).exists()
    done = client.post("/rekening/inschrijven/", {"aanbod": offer.pk, "idempotency_key": key, "password": PASSWORD})
    assert done.status_code == 302
    booking = Booking.objects.get(person=person)
    client.force_login(provider_user)
    assert client.post(f"/rekening/inschrijving/{booking.pk}/aanwezig/").status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    client.force_login(user)
    assert "Lassen TIG" in client.get("/rekening/overzicht/").content.decode()


def test_a_provider_cannot_open_the_learner_pages(client, provider_user):
    client.force_login(provider_user)
    assert client.get("/rekening/").status_code == 403


def test_api_rights_simulate_and_book(client, learner, provider):
    user, person = learner
    client.force_login(user)
    rights = client.get("/api/v1/accounts/rights").json()
    assert any(r["code"] == "vov" and r["eligible"] for r in rights)
    offer = {"title": "Excel", "price_cents": 20000, "hours": 40, "eligible_schemes": ["opleidingscheques"]}
    sim = client.post("/api/v1/accounts/simulate", offer, content_type="application/json").json()
    assert sim["net_cost_cents"] == 10000
    excel = compass(title="Excel", price_cents=20000, hours=40, eligible_schemes=",opleidingscheques,")
    bad = client.post("/api/v1/accounts/bookings", {"offer": excel.pk, "password": "x", "idempotency_key": "k"},
                      content_type="application/json")
    assert bad.status_code == 403
    ok = client.post("/api/v1/accounts/bookings", {"offer": excel.pk, "password": PASSWORD, "idempotency_key": "k"},
                     content_type="application/json")
    assert ok.status_code == 201 and ok.json()["net_cost_cents"] == 10000
    assert (ok.json()["offer"], ok.json()["offer_ref"]) == (excel.pk, excel.reference)
    assert client.get("/api/v1/accounts/balances").status_code == 200
    assert len(client.get("/api/v1/accounts/statement").json()) >= 2


def test_api_needs_a_login(client):
    assert client.get("/api/v1/accounts/rights").status_code == 401
