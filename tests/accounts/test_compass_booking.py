"""Booking an offer of the training compass with one's rights: the offer's data come from the compass (not from
the form), the kind of training decides full support, the booking carries the offer's reference, so that after
confirmed attendance the learner may rate it."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from lifelong.accounts import services
from lifelong.accounts.models import Booking, BookingStatus
from lifelong.catalogue import selectors
from lifelong.catalogue.models import Offer, Provider
from lifelong.catalogue.services import NotAllowed, rate_offer, save_offer
from lifelong.users.models import Role, User
from tests.conftest import approved

from .conftest import make_person

pytestmark = pytest.mark.django_db
PASSWORD = "leren-is-fijn-2026"


@pytest.fixture
def learner(schemes):
    user = User.objects.create_user(f"{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.LEARNER)
    person = make_person(user=user, education_level="low")
    services.accrue_year(on=timezone.localdate(), person_ids=[person.pk])
    return user, person


@pytest.fixture
def provider_user():
    provider = Provider.objects.create(name="Kompasacademie", kind="adult_education", province="BE23",
                                       postcode="9000", quality_status="registered")
    user = User.objects.create_user(f"p-{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.PROVIDER)
    provider.staff.add(user)
    return user, provider


def offer_of(provider_user, title: str, categories=(), price_cents=20000) -> Offer:
    user, provider = provider_user
    return approved(save_offer(user=user, provider=provider, categories=list(categories),
                               values={"title": title, "postcode": "9000", "price_cents": price_cents, "hours": 40},
                               competences=[], schemes=["opleidingscheques"], sessions=[]))


def test_the_kind_of_training_decides_full_support(learner, provider_user):
    _user, person = learner
    plain = offer_of(provider_user, "Boekhouden")
    dutch = offer_of(provider_user, "Nederlands op het werk", categories=["dutch_second_language"])
    assert dutch.category_codes == ["dutch_second_language"]
    # vouchers: the government pays half of a plain course, all of Dutch as a second language
    assert selectors.net_price(person, plain) == 10000  # €200 of vouchers, the government pays half
    assert selectors.net_price(person, dutch) == 0
    assert selectors.net_prices(person, [plain, dutch]) == {plain.id: 10000, dutch.id: 0}
    with pytest.raises(ValueError, match="Onbekende soorten opleiding"):
        offer_of(provider_user, "Iets anders", categories=["hobby"])


def test_a_compass_offer_is_booked_confirmed_and_then_rated(client, learner, provider_user):
    user, person = learner
    staff, provider = provider_user
    offer = offer_of(provider_user, "Nederlands op het werk", categories=["dutch_second_language"], price_cents=24000)
    client.force_login(user)
    detail = client.get(f"/kompas/aanbod/{offer.pk}/").content.decode()
    assert f"/rekening/simuleren/?aanbod={offer.pk}" in detail
    sim = client.get(f"/rekening/simuleren/?aanbod={offer.pk}")
    assert sim.status_code == 200 and "Nederlands op het werk" in sim.content.decode()
    assert sim.context["sim"].net_cost_cents == 0  # vouchers pay all of it
    key = sim.context["book_form"].initial["idempotency_key"]
    # the price and the rest come from the compass: a posted price is ignored, a wrong password books nothing
    wrong = client.post("/rekening/inschrijven/", {"aanbod": offer.pk, "idempotency_key": key, "password": "x"})
    assert wrong.status_code == 400 and not Booking.objects.filter(person=person).exists()
    done = client.post("/rekening/inschrijven/", {"aanbod": offer.pk, "idempotency_key": key, "password": PASSWORD,
                                                  "price": "1", "title": "iets anders"})
    assert done.status_code == 302
    booking = Booking.objects.get(person=person)
    assert (booking.offer_ref, booking.offer_title, booking.price_cents, booking.provider_id) == (
        offer.reference, "Nederlands op het werk", 24000, provider.pk)
    assert booking.net_cost_cents == 0
    # the learner may rate only after the provider confirmed attendance
    with pytest.raises(NotAllowed):
        rate_offer(user=user, offer=offer, stars=5)
    client.force_login(staff)
    assert client.post(f"/rekening/inschrijving/{booking.pk}/aanwezig/").status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    client.force_login(user)
    assert "Geef een score" in client.get(f"/kompas/aanbod/{offer.pk}/").content.decode()
    assert client.post(f"/kompas/aanbod/{offer.pk}/score/", {"stars": "4"}).status_code == 302
    assert selectors.rating_of(offer) == {"average": 4.0, "count": 1}


def test_an_unknown_or_inactive_offer_cannot_be_booked(client, learner, provider_user):
    user, _person = learner
    offer = offer_of(provider_user, "Weg")
    Offer.objects.filter(pk=offer.pk).update(is_active=False)
    client.force_login(user)
    assert client.get(f"/rekening/simuleren/?aanbod={offer.pk}").status_code == 404
    assert client.get("/rekening/simuleren/?aanbod=abc").status_code == 404
    assert client.post("/rekening/inschrijven/", {"aanbod": offer.pk, "idempotency_key": "k1",
                                                  "password": PASSWORD}).status_code == 404


def test_a_highly_educated_learner_uses_vouchers_only_for_offers_in_their_plan(provider_user, schemes):
    """Lists, the offer page and the booking agree: vouchers pay for an offer in the learner's POP only."""
    from lifelong.people import services as people

    user = User.objects.create_user(f"{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.LEARNER)
    person = make_person(user=user, education_level="high")
    plan = people.create_plan(user=user, person=person, title="Bijscholen")
    services.accrue_year(on=timezone.localdate(), person_ids=[person.pk])  # a POP: vouchers are granted
    in_plan = offer_of(provider_user, "Projectbeheer")
    elsewhere = offer_of(provider_user, "Projectbeheer (ander centrum)")
    people.add_activity(user=user, plan=plan, kind="training", title=in_plan.title,
                        offer_reference=in_plan.reference)
    assert selectors.offers_in_development_plan(person) == {in_plan.id}
    prices = selectors.net_prices(person, [in_plan, elsewhere])
    assert prices == {in_plan.id: 10000, elsewhere.id: 20000}  # half of €200 by vouchers, or nothing
    assert selectors.net_price(person, in_plan) == 10000


def test_only_a_learner_can_book_a_compass_offer(client, provider_user):
    """Provider staff (and a visitor) see no booking button and are refused at the booking pages."""
    staff, _provider = provider_user
    offer = offer_of(provider_user, "Alleen voor lerenden")
    client.force_login(staff)
    assert "/rekening/simuleren/?aanbod=" not in client.get(f"/kompas/aanbod/{offer.pk}/").content.decode()
    assert client.get(f"/rekening/simuleren/?aanbod={offer.pk}").status_code == 403
    assert client.post("/rekening/inschrijven/", {"aanbod": offer.pk, "idempotency_key": "k2",
                                                  "password": PASSWORD}).status_code == 403
    client.logout()
    assert "/rekening/simuleren/?aanbod=" not in client.get(f"/kompas/aanbod/{offer.pk}/").content.decode()
    to_login = client.get(f"/rekening/simuleren/?aanbod={offer.pk}")
    assert to_login.status_code == 302 and "/account/login/" in to_login["Location"]
    assert not Booking.objects.filter(offer_ref=offer.reference).exists()


# -- issue 19.1: a booking cannot name its own price, hours, schemes, kinds, provider or development plan ----------
def excel_with_leave_only(provider_user) -> Offer:
    """The compass's real 'Excel voor de boekhouding': 32 hours, training leave only."""
    user, provider = provider_user
    return approved(save_offer(user=user, provider=provider, categories=[],
                               values={"title": "Excel voor de boekhouding", "postcode": "9000",
                                       "price_cents": 30000, "hours": 32},
                               competences=[], schemes=["vov"], sessions=[]))


@pytest.fixture
def worker(schemes):
    """A learner in private-sector work: training leave and career vouchers on the account."""
    user = User.objects.create_user(f"{uuid.uuid4().hex[:8]}@example.test", PASSWORD, role=Role.LEARNER)
    person = make_person(user=user)
    services.accrue_year(on=timezone.localdate(), person_ids=[person.pk])
    return user, person


def test_the_api_refuses_a_booking_that_names_its_own_hours_and_schemes(client, worker, provider_user):
    user, person = worker
    excel = excel_with_leave_only(provider_user)
    client.force_login(user)
    made_up = {"offer": excel.pk, "hours": 85, "eligible_schemes": ["vov", "loopbaancheques"],
               "password": PASSWORD, "idempotency_key": "excel-85"}
    refused = client.post("/api/v1/accounts/bookings", made_up, content_type="application/json")
    assert refused.status_code == 422 and "hours" in refused.content.decode()
    assert not Booking.objects.filter(person=person).exists()
    ok = client.post("/api/v1/accounts/bookings", {"offer": excel.pk, "password": PASSWORD,
                                                   "idempotency_key": "excel"}, content_type="application/json")
    assert ok.status_code == 201
    body = ok.json()
    assert (body["offer"], body["hours"], body["offer_title"]) == (excel.pk, 32, "Excel voor de boekhouding")
    booking = Booking.objects.get(person=person)
    assert {(h.scheme.code, h.amount) for h in booking.holds.all()} == {("vov", 32 * 60)}  # no career vouchers


def test_the_page_ignores_posted_offer_facts(client, worker, provider_user):
    user, person = worker
    excel = excel_with_leave_only(provider_user)
    client.force_login(user)
    done = client.post("/rekening/inschrijven/", {
        "aanbod": excel.pk, "idempotency_key": "page-excel", "password": PASSWORD, "title": "Iets anders",
        "hours": "85", "price": "25000", "schemes": ["vov", "loopbaancheques", "opleidingscheques"],
        "categories": ["basic_skills"], "in_pop": "on"})
    assert done.status_code == 302
    booking = Booking.objects.get(person=person)
    assert (booking.offer_title, booking.hours, booking.price_cents) == ("Excel voor de boekhouding", 32, 30000)
    assert {h.scheme.code for h in booking.holds.all()} == {"vov"}


def test_a_made_up_offer_cannot_be_booked_on_the_page_in_the_api_or_the_service(client, learner, provider_user):
    """The issue's €25,000 'basic skills' course that nobody offers: refused everywhere, nothing reserved."""
    from lifelong.accounts import engine

    user, person = learner
    _staff, provider = provider_user
    client.force_login(user)
    made_up = {"title": "Basisvaardigheden", "price": "25000", "hours": "40", "provider": provider.pk,
               "schemes": ["opleidingscheques"], "categories": ["basic_skills"], "in_working_time": "on"}
    page = client.post("/rekening/inschrijven/", {**made_up, "idempotency_key": "fake", "password": PASSWORD})
    assert page.status_code == 400 and "opleidingskompas" in page.content.decode()
    api = client.post("/api/v1/accounts/bookings", {
        "title": "Basisvaardigheden", "price_cents": 2_500_000, "hours": 40, "provider_id": provider.pk,
        "eligible_schemes": ["opleidingscheques"], "categories": ["basic_skills"], "password": PASSWORD,
        "idempotency_key": "fake-api"}, content_type="application/json")
    assert api.status_code == 422
    assert client.post("/api/v1/accounts/bookings", {"offer": 10**9, "password": PASSWORD, "idempotency_key": "n"},
                       content_type="application/json").status_code == 404
    fake = engine.Offer("Basisvaardigheden", 2_500_000, 40, provider.name, frozenset({"opleidingscheques"}),
                        frozenset({"basic_skills"}))
    with pytest.raises(services.Refused, match="opleidingskompas"):
        services.book_offer(user=user, password=PASSWORD, person=person, offer=fake, on=timezone.localdate(),
                            idempotency_key="fake-service")
    assert not Booking.objects.filter(person=person).exists()
    assert not person.holds.exists()


def test_the_provider_sees_offer_hours_and_rights_before_confirming(client, worker, provider_user):
    user, person = worker
    staff, _provider = provider_user
    excel = excel_with_leave_only(provider_user)
    client.force_login(user)
    client.post("/rekening/inschrijven/", {"aanbod": excel.pk, "idempotency_key": "see", "password": PASSWORD})
    client.force_login(staff)
    page = client.get("/rekening/aanbieder/").content.decode()
    assert f'href="/kompas/aanbod/{excel.pk}/"' in page
    row = page[page.index("<tbody>"):]
    row = row[:row.index("</tr>")]
    assert "<td>32</td>" in row and "Vlaams opleidingsverlof: 32 uur" in row and "Aanwezigheid bevestigen" in row


def test_a_reused_key_with_another_offer_is_refused_409(client, worker, provider_user):
    """Issue 19.9: the same key and body give the first booking; the same key for another offer is a 409."""
    user, person = worker
    excel = excel_with_leave_only(provider_user)
    other = offer_of(provider_user, "Boekhouden", price_cents=20000)
    client.force_login(user)
    body = {"offer": excel.pk, "password": PASSWORD, "idempotency_key": "once"}
    first = client.post("/api/v1/accounts/bookings", body, content_type="application/json")
    again = client.post("/api/v1/accounts/bookings", body, content_type="application/json")
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    clash = client.post("/api/v1/accounts/bookings", {**body, "offer": other.pk}, content_type="application/json")
    assert clash.status_code == 409 and "idempotency_conflict" in clash.json()["detail"]
    assert "andere inschrijving" in clash.json()["detail"]
    page = client.post("/rekening/inschrijven/", {"aanbod": other.pk, "idempotency_key": "once",
                                                  "password": PASSWORD})
    assert page.status_code == 409 and "andere inschrijving" in page.content.decode()
    assert list(Booking.objects.filter(person=person).values_list("offer_ref", flat=True)) == [excel.reference]


def test_attendance_is_not_confirmed_before_the_course_starts(client, learner, provider_user):
    """Issue 16.4: before the start nobody attended, so nothing is used and the learner cannot rate yet."""
    from datetime import timedelta

    user, person = learner
    staff, provider = provider_user
    starts = timezone.localdate() + timedelta(days=10)
    offer = approved(save_offer(user=staff, provider=provider, categories=[],
                                values={"title": "Start volgende week", "postcode": "9000", "price_cents": 20000,
                                        "hours": 40},
                                competences=[], schemes=["opleidingscheques"], sessions=[starts]))
    client.force_login(user)
    assert client.post("/rekening/inschrijven/", {"aanbod": offer.pk, "idempotency_key": "later",
                                                  "password": PASSWORD}).status_code == 302
    booking = Booking.objects.get(person=person)
    assert booking.starts_on == starts
    assert booking.holds.get().expires_at.date() > starts  # the reservation outlives the wait for the start
    client.force_login(staff)
    page = client.post(f"/rekening/inschrijving/{booking.pk}/aanwezig/", follow=True)
    assert f"De opleiding begint pas op {starts:%d-%m-%Y}" in page.content.decode()
    api = client.post(f"/api/v1/accounts/bookings/{booking.pk}/confirm")
    assert api.status_code == 403 and "begint pas op" in api.json()["detail"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RESERVED and booking.holds.get().status == "active"
    with pytest.raises(NotAllowed):
        rate_offer(user=user, offer=offer, stars=5)
    Booking.objects.filter(pk=booking.pk).update(starts_on=timezone.localdate())  # the first lesson has come
    services.confirm_attendance(user=staff, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert rate_offer(user=user, offer=offer, stars=5).stars == 5
