"""The casework pages: who may open which (403 for every other role, logged for the person when a guide asks
about someone outside their caseload), and the journey guide → person on the pages."""

from __future__ import annotations

import re

import pytest

from lifelong.accounts.models import Booking
from lifelong.casework.models import PreparedBooking, PreparedStatus, ReferralService
from lifelong.guidance.models import AccessLog, Scope

from .conftest import PASSWORD, give, make_person, make_user

pytestmark = pytest.mark.django_db
OTHER_ROLES = ["learner", "employer", "provider", "analyst", "partnership", "secretariat", "observer"]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_guide_pages_refuse_every_other_role(client, person, role):
    client.force_login(make_user(role))
    for url in ("/begeleiden/", f"/begeleiden/persoon/{person.pk}/"):
        assert client.get(url).status_code == 403, (role, url)
    for url in (f"/begeleiden/persoon/{person.pk}/notitie/", f"/begeleiden/persoon/{person.pk}/inschrijving/",
                f"/begeleiden/persoon/{person.pk}/afspraak/", f"/begeleiden/persoon/{person.pk}/doorverwijzen/"):
        assert client.post(url, {"text": "x", "offer": 1}).status_code == 403, (role, url)


@pytest.mark.parametrize("role", ["counsellor", "bridge"])
def test_a_guide_opening_a_file_outside_the_caseload_gets_403_and_it_is_logged(client, person, role):
    guide = make_user(role)
    client.force_login(guide)
    assert client.get(f"/begeleiden/persoon/{person.pk}/").status_code == 403
    assert AccessLog.objects.filter(person=person, actor=guide, refused=True).exists()
    assert client.get("/begeleiden/persoon/999999999/").status_code == 403  # no existence oracle


def test_pages_need_a_login(client, person):
    assert client.get("/begeleiden/").status_code == 302
    assert client.get("/begeleiden/voor-mij/").status_code == 302


def test_guide_prepares_on_the_page_and_the_person_confirms_with_the_code_on_the_guides_screen(client, person,
                                                                                                counsellor, offer):
    give(person, counsellor, Scope.PROFILE, Scope.BOOK)
    client.force_login(counsellor)
    assert person.family_name in client.get("/begeleiden/").content.decode()
    page = client.post(f"/begeleiden/persoon/{person.pk}/inschrijving/", {"offer": offer.pk})
    assert page.status_code == 200
    code = re.search(r'data-testid="code">(\d{6})<', page.content.decode()).group(1)
    prepared = PreparedBooking.objects.get(person=person)
    wrong = client.post(f"/begeleiden/klaargezet/{prepared.pk}/", {"code": code, "pin": "nope"})
    assert wrong.status_code == 400 and "pincode" in wrong.content.decode()
    done = client.post(f"/begeleiden/klaargezet/{prepared.pk}/", {"code": code, "pin": PASSWORD})
    assert done.status_code == 302
    assert Booking.objects.filter(person=person).count() == 1
    again = client.post(f"/begeleiden/klaargezet/{prepared.pk}/", {"code": code, "pin": PASSWORD})
    assert again.status_code == 400 and "al gebruikt" in again.content.decode()


def test_another_guide_cannot_use_someone_elses_prepared_booking(client, person, counsellor, offer):
    give(person, counsellor, Scope.BOOK)
    from lifelong.casework.services import prepare_booking

    prepared, code = prepare_booking(user=counsellor, person=person, offer_id=offer.pk)
    other = make_user("counsellor")
    give(person, other, Scope.BOOK)
    client.force_login(other)
    assert client.post(f"/begeleiden/klaargezet/{prepared.pk}/", {"code": code, "pin": PASSWORD}).status_code == 403
    prepared.refresh_from_db()
    assert prepared.status == PreparedStatus.WAITING


def test_the_person_confirms_or_declines_from_their_own_page(client, learner, person, bridge, offer):
    give(person, bridge, Scope.BOOK)
    from lifelong.casework.services import prepare_booking

    first, _ = prepare_booking(user=bridge, person=person, offer_id=offer.pk)
    second, _ = prepare_booking(user=bridge, person=person, offer_id=offer.pk)
    client.force_login(learner)
    page = client.get("/begeleiden/voor-mij/").content.decode()
    assert page.count("Nederlands op het werk") == 2
    client.post(f"/begeleiden/voor-mij/inschrijving/{second.pk}/nee/")
    client.post(f"/begeleiden/voor-mij/inschrijving/{first.pk}/", {"password": PASSWORD})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (PreparedStatus.CONFIRMED, PreparedStatus.CANCELLED)
    assert Booking.objects.filter(person=person).count() == 1
    other = make_user("learner")
    make_person(other)
    client.force_login(other)  # someone else's prepared booking is not theirs to confirm
    assert client.post(f"/begeleiden/voor-mij/inschrijving/{second.pk}/", {"password": PASSWORD}).status_code == 404


def test_referral_to_a_service_that_does_not_exist_is_refused_and_both_sides_see_a_real_one(client, learner, person,
                                                                                          bridge, counsellor):
    give(person, bridge, Scope.PROFILE, Scope.REFER)
    client.force_login(bridge)
    bad = client.post(f"/begeleiden/persoon/{person.pk}/doorverwijzen/",
                      {"to_email": "niemand@nergens.test", "reason": "begeleiding"})
    assert bad.status_code == 400 and "We vinden geen" in bad.content.decode()
    gone = ReferralService.objects.create(name="Oude dienst", kind="social", active=False)
    assert client.post(f"/begeleiden/persoon/{person.pk}/doorverwijzen/",
                       {"to_service": gone.pk, "reason": "x"}).status_code == 400
    ok = client.post(f"/begeleiden/persoon/{person.pk}/doorverwijzen/",
                     {"to_email": counsellor.email, "reason": "Loopbaanbegeleiding"})
    assert ok.status_code == 302
    client.force_login(counsellor)
    assert person.family_name in client.get("/begeleiden/").content.decode()
    client.force_login(learner)
    assert "Loopbaanbegeleiding" in client.get("/begeleiden/voor-mij/").content.decode()
    other = make_user("bridge")
    give(person, other, Scope.PROFILE)  # without 'refer' a guide cannot refer: 403, logged
    client.force_login(other)
    assert client.post(f"/begeleiden/persoon/{person.pk}/doorverwijzen/",
                       {"to_email": counsellor.email, "reason": "x"}).status_code == 403
    assert AccessLog.objects.filter(person=person, actor=other, refused=True, scope=Scope.REFER).exists()


def test_a_guide_co_edits_the_plan_on_the_page_marked_with_the_author_and_refused_without_plan(client, learner,
                                                                                              person, counsellor):
    from lifelong.people import services as people_services

    plan = people_services.create_plan(user=learner, person=person, title="Mijn plan")
    give(person, counsellor, Scope.PROFILE)
    client.force_login(counsellor)
    url = f"/begeleiden/persoon/{person.pk}/plan/{plan.pk}/"
    assert client.post(url, {"kind": "training", "title": "Basiscursus"}).status_code == 403  # no 'plan' scope
    assert not plan.activities.exists()
    give(person, counsellor, Scope.PLAN)
    assert client.post(url, {"kind": "training", "title": "Basiscursus"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Basiscursus" in page and counsellor.display_name in page and "wacht op goedkeuring" in page
