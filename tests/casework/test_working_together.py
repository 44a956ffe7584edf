"""14.3: within the consent's scope a guide starts a check, co-edits the plan (author marked, the person approves)
and prepares a booking; rights are only spent when the person confirms (one-time code or own login)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from lifelong.accounts.models import Booking, Hold
from lifelong.casework import services
from lifelong.casework.models import PreparedBooking, PreparedStatus
from lifelong.guidance.models import AccessLog, Scope
from lifelong.guidance.selectors import NoConsent
from lifelong.people import services as people_services
from lifelong.people.models import PlanChange

from .conftest import PASSWORD, give, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cook_uri(esco):
    from lifelong.taxonomy.models import Occupation

    return Occupation.objects.get(label_en="cook").uri


def test_a_guide_starts_and_answers_a_check_with_the_person_within_scope(person, bridge, cook_uri):
    with pytest.raises(NoConsent):
        people_services.start_check(user=bridge, person=person, occupation_uri=cook_uri)
    give(person, bridge, Scope.START_CHECK)
    check = people_services.start_check(user=bridge, person=person, occupation_uri=cook_uri)
    people_services.answer_question(user=bridge, check=check, position=1, rating=3)
    people_services.complete_check(user=bridge, check=check)
    actions = list(AccessLog.objects.filter(person=person, actor=bridge, refused=False).values_list("action", flat=True))
    assert {"competentiecheck gestart", "vraag van de check beantwoord", "competentiecheck afgerond"} <= set(actions)
    assert person.claims.count() == 1  # the answer rated 'zelfstandig' is in the person's overview


def test_co_editing_the_plan_marks_each_author_and_waits_for_the_persons_approval(learner, person, counsellor):
    give(person, counsellor, Scope.PLAN)
    plan = people_services.create_plan(user=counsellor, person=person, title="Naar de keuken")
    people_services.add_activity(user=learner, plan=plan, kind="informal", title="Meekoken in het buurthuis")
    people_services.add_activity(user=counsellor, plan=plan, kind="training", title="Basiscursus koken")
    changes = list(PlanChange.objects.filter(plan=plan).order_by("id").values_list("author_id", "by_person"))
    assert changes == [(counsellor.pk, False), (learner.pk, True), (counsellor.pk, False)]
    plan.refresh_from_db()
    assert plan.approved_at is None
    with pytest.raises(PermissionDenied):  # only the person approves
        people_services.approve_plan(user=counsellor, plan=plan)
    people_services.approve_plan(user=learner, plan=plan)
    plan.refresh_from_db()
    assert plan.approved_at is not None
    people_services.add_activity(user=counsellor, plan=plan, kind="training", title="Hygiëne in de keuken")
    plan.refresh_from_db()
    assert plan.approved_at is None  # the guide's change needs a new approval


def test_plan_edits_beyond_scope_are_refused_and_nothing_changes(person, counsellor):
    give(person, counsellor, Scope.PROFILE)  # may look, not edit
    with pytest.raises(NoConsent):
        people_services.create_plan(user=counsellor, person=person, title="x")
    assert not person.development_plans.exists()
    assert AccessLog.objects.filter(person=person, refused=True, scope=Scope.PLAN).exists()


def _prepared(person, guide, offer):
    give(person, guide, Scope.BOOK)
    return services.prepare_booking(user=guide, person=person, offer_id=offer.pk)


def test_a_prepared_booking_spends_nothing_until_the_person_types_the_code(person, counsellor, offer):
    prepared, code = _prepared(person, counsellor, offer)
    assert len(code) == 6 and prepared.code_hash and code not in prepared.code_hash
    assert not Booking.objects.filter(person=person).exists() and not Hold.objects.filter(person=person).exists()
    services.confirm_with_code(user=counsellor, prepared=prepared, code=code, pin=PASSWORD)
    prepared.refresh_from_db()
    booking = Booking.objects.get(person=person)
    assert Hold.objects.filter(person=person, booking=booking).exists()  # the rights are reserved now
    assert prepared.status == PreparedStatus.CONFIRMED and prepared.booking_id == booking.pk
    assert booking.booked_by_id == person.user_id and booking.offer_ref == offer.reference
    with pytest.raises(services.Refused, match="al gebruikt"):  # reuse refused
        services.confirm_with_code(user=counsellor, prepared=prepared, code=code, pin=PASSWORD)
    assert Booking.objects.filter(person=person).count() == 1


def test_three_wrong_tries_void_the_code_and_nothing_is_booked(person, counsellor, offer):
    prepared, code = _prepared(person, counsellor, offer)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(services.Refused, match="nog 2 keer"):
        services.confirm_with_code(user=counsellor, prepared=prepared, code=wrong, pin=PASSWORD)
    with pytest.raises(services.Refused, match="pincode"):  # right code, wrong PIN: a try too
        services.confirm_with_code(user=counsellor, prepared=prepared, code=code, pin="9999")
    with pytest.raises(services.Refused, match="vervallen"):
        services.confirm_with_code(user=counsellor, prepared=prepared, code=wrong, pin=PASSWORD)
    with pytest.raises(services.Refused, match="vervallen"):  # even the right code now
        services.confirm_with_code(user=counsellor, prepared=prepared, code=code, pin=PASSWORD)
    prepared.refresh_from_db()
    assert prepared.status == PreparedStatus.VOID and prepared.attempts == 3
    assert not Booking.objects.filter(person=person).exists()


def test_a_guide_without_the_book_scope_cannot_prepare_or_confirm(person, counsellor, offer):
    give(person, counsellor, Scope.PROFILE, Scope.PLAN)
    with pytest.raises(NoConsent):
        services.prepare_booking(user=counsellor, person=person, offer_id=offer.pk)
    assert not PreparedBooking.objects.exists()
    prepared, code = _prepared(person, make_user("bridge"), offer)
    with pytest.raises(NoConsent):  # another guide, without 'book', cannot use the code
        services.confirm_with_code(user=counsellor, prepared=prepared, code=code, pin=PASSWORD)


def test_the_person_confirms_later_from_their_own_login(learner, person, bridge, offer):
    prepared, _code = _prepared(person, bridge, offer)
    with pytest.raises(services.NotAGuide):
        services.confirm_own(user=bridge, prepared=prepared, password=PASSWORD)
    services.confirm_own(user=learner, prepared=prepared, password=PASSWORD)
    assert Booking.objects.filter(person=person).count() == 1


def test_a_prepared_booking_of_an_offer_that_does_not_exist_is_refused(person, counsellor, offer):
    give(person, counsellor, Scope.BOOK)
    with pytest.raises(services.Refused, match="bestaat niet"):
        services.prepare_booking(user=counsellor, person=person, offer_id=offer.pk + 10_000)


def _acts(person, offer, cook):
    from lifelong.casework import selectors
    from lifelong.people.selectors import overview

    return {
        Scope.PROFILE: lambda u: overview(u, person, "nl"),
        Scope.START_CHECK: lambda u: people_services.start_check(user=u, person=person, occupation_uri=cook),
        Scope.PLAN: lambda u: people_services.create_plan(user=u, person=person, title="x"),
        Scope.BOOK: lambda u: services.prepare_booking(user=u, person=person, offer_id=offer.pk),
        Scope.RIGHTS: lambda u: selectors.rights_of(u, person),
        Scope.REFER: lambda u: services.refer(user=u, person=person, reason="x", to_service_id=1),
    }


@pytest.mark.parametrize("role", ["counsellor", "bridge"])
@pytest.mark.parametrize("scope", [Scope.PROFILE, Scope.START_CHECK, Scope.PLAN, Scope.BOOK, Scope.RIGHTS,
                                   Scope.REFER])
def test_every_scope_is_needed_for_its_act_refused_and_logged_without_it(person, offer, cook_uri, role, scope):
    from lifelong.guidance.models import SCOPES_BY_ROLE

    guide = make_user(role)
    give(person, guide, *[s for s in SCOPES_BY_ROLE[role] if s != scope])
    with pytest.raises(NoConsent):
        _acts(person, offer, cook_uri)[scope](guide)
    assert AccessLog.objects.filter(person=person, actor=guide, refused=True, scope=scope).count() == 1
    give(person, guide, scope)
    try:  # with the scope, the gate passes (the act itself may still refuse for its own reason)
        _acts(person, offer, cook_uri)[scope](guide)
    except services.Refused:
        assert scope == Scope.REFER  # service 1 may not exist in this database
    assert AccessLog.objects.filter(person=person, actor=guide, refused=False, scope=scope).exists()


@pytest.mark.parametrize("role", ["learner", "employer", "provider", "analyst", "partnership", "secretariat",
                                  "observer"])
def test_no_other_role_can_act_on_a_persons_behalf_even_with_a_consent_row(person, offer, cook_uri, role):
    from django.utils import timezone

    from lifelong.guidance.models import Consent

    other = make_user(role)
    now = timezone.now()
    for scope in (Scope.START_CHECK, Scope.PLAN, Scope.BOOK, Scope.RIGHTS, Scope.REFER):  # forced in, past the rules
        Consent.objects.create(person=person, grantee=other, scope=scope, valid_from=now,
                               valid_until=now + timezone.timedelta(days=1))
    for scope, act in _acts(person, offer, cook_uri).items():
        if scope == Scope.PROFILE:
            continue
        with pytest.raises((NoConsent, services.NotAGuide)):
            act(other)
    assert not PreparedBooking.objects.filter(person=person).exists() and not person.development_plans.exists()
