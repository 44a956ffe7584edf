"""14.1: the bridge-figure role, consent with scopes for guides, and the person's access log (API contract)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lifelong.guidance.models import SCOPES_BY_ROLE, AccessLog, Consent, Scope
from lifelong.guidance.selectors import NoConsent, require_access
from lifelong.guidance.services import revoke_consent

from .conftest import give, make_user

pytestmark = pytest.mark.django_db


def test_a_bridge_figure_gets_the_helping_scopes_but_never_confirms_checks_or_decides_evc(person, bridge):
    assert set(SCOPES_BY_ROLE["bridge"]) == {Scope.PROFILE, Scope.START_CHECK, Scope.PLAN, Scope.BOOK, Scope.RIGHTS,
                                             Scope.REFER}
    give(person, bridge, Scope.PLAN, Scope.BOOK)
    for scope in (Scope.CHECK, Scope.EVC):
        with pytest.raises(ValidationError):
            give(person, bridge, scope)
    with pytest.raises(ValidationError):
        give(person, make_user("employer"), Scope.PLAN)


def test_access_log_api_shows_every_act_and_refused_attempt_in_plain_dutch(client, learner, person, counsellor):
    give(person, counsellor, Scope.PROFILE)
    require_access(counsellor, person, scope=Scope.PROFILE, action="competentieoverzicht bekeken")
    with pytest.raises(NoConsent):
        require_access(counsellor, person, scope=Scope.PLAN, action="ontwikkelplan aangepast")
    client.force_login(learner)
    rows = client.get("/api/v1/people/me/access-log").json()
    assert [set(r) for r in rows] == [{"at", "actor", "actor_role", "action", "scope"}] * 2
    newest, oldest = rows
    assert (oldest["actor_role"], oldest["scope"], oldest["action"]) == ("counsellor", "profile",
                                                                          "competentieoverzicht bekeken")
    assert counsellor.display_name in oldest["actor"]
    assert newest["scope"] == "plan" and newest["action"].startswith("Geweigerd")
    page = client.get("/loopbaan/privacy/").content.decode()
    assert "Geweigerd:" in page and "geen toestemming, dus niet gelukt" in page


def test_the_access_log_api_is_the_persons_own(client, person, counsellor):
    client.force_login(counsellor)  # a counsellor has no person: nothing to show, and no one else's log
    assert client.get("/api/v1/people/me/access-log").status_code == 404
    client.logout()
    assert client.get("/api/v1/people/me/access-log").status_code in (401, 403)


def test_expired_and_revoked_consents_refuse_and_log(person, counsellor):
    (c,) = give(person, counsellor, Scope.PLAN)
    revoke_consent(person=person, consent_id=c.pk)
    with pytest.raises(NoConsent):
        require_access(counsellor, person, scope=Scope.PLAN, action="x")
    (c2,) = give(person, counsellor, Scope.PLAN)
    Consent.objects.filter(pk=c2.pk).update(valid_from=timezone.now() - timedelta(days=3),
                                            valid_until=timezone.now() - timedelta(days=1))
    with pytest.raises(NoConsent):
        require_access(counsellor, person, scope=Scope.PLAN, action="y")
    assert list(AccessLog.objects.filter(person=person).values_list("refused", flat=True)) == [True, True]


def test_other_roles_refusals_are_not_written_into_the_persons_log(person):
    employer = make_user("employer")
    with pytest.raises(NoConsent):
        require_access(employer, person, scope=Scope.PROFILE, action="probe")
    assert not AccessLog.objects.filter(person=person).exists()
