"""The demo of issue 14: two bridge figures, a counsellor with a caseload of 30, a learner without e-mail."""

from __future__ import annotations

import pytest

from lifelong.casework.models import AssistedAccount, GuideProfile, ReferralService
from lifelong.demo.casework import NO_EMAIL_CODE, NO_EMAIL_PIN
from lifelong.users.models import User

pytestmark = pytest.mark.django_db


def test_demo_has_two_bridge_figures_a_caseload_of_30_and_a_learner_without_email(client, esco):
    assert User.objects.filter(role="bridge", email__endswith="@demo.lifelong.test").count() == 2
    assert GuideProfile.objects.filter(user__email__endswith="@demo.lifelong.test").count() == 3
    client.force_login(User.objects.get(email="counsellor@demo.lifelong.test"))
    assert len(client.get("/api/v1/guidance/caseload").json()) >= 30
    account = AssistedAccount.objects.get(login_code=NO_EMAIL_CODE)
    assert account.user.email.endswith(".invalid") and account.user.has_usable_password() and NO_EMAIL_PIN
    assert ReferralService.objects.filter(active=True).count() >= 5


def test_demo_employer_lets_the_demo_counsellor_look_along(client, esco):
    from lifelong.casework.models import OrganisationConsent

    counsellor = User.objects.get(email="counsellor@demo.lifelong.test")
    consent = OrganisationConsent.objects.get(guide=counsellor, revoked_at__isnull=True)
    client.force_login(counsellor)
    page = client.get(f"/begeleiden/organisaties/{consent.organisation_id}/").content.decode()
    assert "Digitale basisvaardigheden voor de ploeg" in page
