"""Nobody but the person sees the person's data, except within a consent in force; every look is logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lifelong.guidance.models import Consent, Scope
from lifelong.guidance.services import grant_consent, revoke_consent
from lifelong.people import selectors
from lifelong.users.models import Role

from .conftest import make_person, make_user

OTHER_ROLES = [r.value for r in Role]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_user_without_consent_is_refused(person, role):
    other = make_user(role)
    if role == Role.LEARNER:
        make_person(other)  # a learner with their own record: still no access to this one
    with pytest.raises(PermissionDenied):
        selectors.overview(other, person)
    assert not person.access_logs.filter(refused=False).exists()
    # a guide's attempt is shown to the person as refused (issue 14); other roles' probes are not written
    assert person.access_logs.filter(refused=True).exists() == (role in ("counsellor", "bridge"))


def test_anonymous_is_refused(person):
    with pytest.raises(PermissionDenied):
        selectors.overview(AnonymousUser(), person)


def test_the_person_sees_their_own_data_without_a_log_line(learner, person):
    selectors.overview(learner, person)
    assert not person.access_logs.exists()


def test_counsellor_with_consent_sees_and_is_logged(person, counsellor, consent):
    selectors.overview(counsellor, person)
    log = person.access_logs.get()
    assert log.actor == counsellor and log.scope == Scope.PROFILE


def test_counsellor_with_expired_consent_is_refused(person, counsellor):
    past = timezone.now() - timedelta(days=40)
    grant_consent(person=person, grantee=counsellor, scopes=[Scope.PROFILE], days=30, start=past)
    with pytest.raises(PermissionDenied):
        selectors.overview(counsellor, person)


def test_counsellor_with_revoked_consent_is_refused(person, counsellor):
    (c,) = grant_consent(person=person, grantee=counsellor, scopes=[Scope.PROFILE], days=30)
    selectors.overview(counsellor, person)
    revoke_consent(person=person, consent_id=c.pk)
    with pytest.raises(PermissionDenied):
        selectors.overview(counsellor, person)


def test_consent_for_one_purpose_does_not_open_another(person, counsellor):
    grant_consent(person=person, grantee=counsellor, scopes=[Scope.CHECK], days=30)
    with pytest.raises(PermissionDenied):
        selectors.overview(counsellor, person)


@pytest.mark.parametrize("role", ["analyst", "partnership", "observer", "provider", "secretariat", "learner"])
def test_consent_cannot_be_given_to_roles_that_have_no_business_with_it(person, role):
    with pytest.raises(ValidationError):
        grant_consent(person=person, grantee=make_user(role), scopes=[Scope.PROFILE])


def test_employer_may_only_see_never_confirm_or_assess(person):
    employer = make_user("employer")
    with pytest.raises(ValidationError):
        grant_consent(person=person, grantee=employer, scopes=[Scope.EVC])
    grant_consent(person=person, grantee=employer, scopes=[Scope.PROFILE])
    selectors.overview(employer, person)
    # a consent row smuggled in for another scope is still not honoured for an employer
    now = timezone.now()
    Consent.objects.create(person=person, grantee=employer, scope=Scope.EVC, valid_from=now,
                           valid_until=now + timedelta(days=1))
    from lifelong.guidance.selectors import consent_in_force

    assert consent_in_force(grantee=employer, person=person, scope=Scope.EVC) is None


def test_role_change_ends_what_a_consent_allowed(person, counsellor, consent):
    counsellor.role = "analyst"
    counsellor.save()
    with pytest.raises(PermissionDenied):
        selectors.overview(counsellor, person)


# -- the same refusals through the pages and the API ------------------------------------------------------------
@pytest.mark.parametrize("role", ["learner", "employer", "provider", "counsellor", "analyst", "partnership",
                                  "observer"])
def test_pages_refuse_another_persons_overview(client, person, role):
    other = make_user(role)
    client.force_login(other)
    response = client.get(f"/loopbaan/begeleiding/persoon/{person.pk}/")
    assert response.status_code == 403
    api = client.get(f"/api/v1/people/{person.pk}/overview")
    assert api.status_code == 403


def test_anonymous_is_sent_to_login_and_the_api_says_401(client, person):
    assert client.get(f"/loopbaan/begeleiding/persoon/{person.pk}/").status_code == 302
    assert client.get(f"/api/v1/people/{person.pk}/overview").status_code == 401


def test_a_learner_cannot_open_another_learners_plan_or_check(client, learner, person):
    from lifelong.people import services

    plan = services.create_plan(user=learner, person=person, title="Privé")
    other = make_user("learner")
    make_person(other)
    client.force_login(other)
    assert client.get(f"/loopbaan/pop/{plan.pk}/").status_code == 404
    assert client.get("/loopbaan/").status_code == 200


def test_counsellor_page_with_consent_works_and_the_person_sees_the_log(client, learner, person, counsellor, consent):
    client.force_login(counsellor)
    assert client.get(f"/loopbaan/begeleiding/persoon/{person.pk}/").status_code == 200
    assert client.get(f"/api/v1/people/{person.pk}/overview").status_code == 200
    client.force_login(learner)
    page = client.get("/loopbaan/privacy/").content.decode()
    assert "competentieoverzicht bekeken" in page and str(counsellor) in page
