"""14.7: guidance for organisations. A guide sees an employer's competence check (aggregates only) and training
plan on the employer's consent, comments and proposes actions; the employer decides, sees every look in the log and
revokes. No individual's data without that individual's consent; refusals are 403 and logged for the organisation."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lifelong.casework import org_guidance
from lifelong.casework.models import OrganisationAccessLog, OrganisationConsent, ProposalStatus
from lifelong.guidance.models import AccessLog
from lifelong.guidance.selectors import NoConsent
from lifelong.organisations.models import (
    CompetenceNeed,
    Employment,
    Horizon,
    Organisation,
    PlanItem,
    TrainingPlan,
)

from .conftest import make_person, make_user

pytestmark = pytest.mark.django_db
OTHER_ROLES = ["learner", "provider", "analyst", "partnership", "secretariat", "observer"]


def _kbo() -> str:
    first8 = f"0{uuid.uuid4().int % 10**7:07d}"
    return f"{first8}{97 - int(first8) % 97:02d}"


@pytest.fixture
def org(esco):
    from lifelong.people.models import CompetenceClaim
    from lifelong.taxonomy.models import Concept, ConceptType

    org = Organisation.objects.create(name=f"Bakkerij {uuid.uuid4().hex[:6]}", enterprise_number=_kbo(),
                                      nace_section="C", employees=25, province="BE23", postcode="9000")
    common, rare = Concept.objects.filter(concept_type=ConceptType.SKILL).order_by("id")[:2]
    for i in range(7):
        p = make_person(family_name=f"Medewerker{i}{uuid.uuid4().hex[:4]}")
        Employment.objects.create(person=p, organisation=org, start_date=date(2020, 1, 1), fte_permille=1000)
        CompetenceClaim.objects.create(person=p, skill=common if i < 6 else rare, level=3, on=date(2025, 1, 1))
    CompetenceNeed.objects.create(organisation=org, skill=common, horizon=Horizon.NOW, people_needed=4)
    CompetenceNeed.objects.create(organisation=org, skill=rare, horizon=Horizon.IN_3_YEARS, people_needed=3)
    plan = TrainingPlan.objects.create(organisation=org, year=timezone.localdate().year)
    PlanItem.objects.create(plan=plan, kind="on_the_job", title="Leren op de werkvloer: deeg kneden",
                            target_group="3 medewerker(s)")
    return org


@pytest.fixture
def boss(org):
    user = make_user("employer")
    org.staff.add(user)
    return user


def test_with_the_employers_consent_the_guide_sees_aggregates_and_the_plan_and_it_is_logged(client, org, boss,
                                                                                          counsellor):
    client.force_login(counsellor)
    assert client.get(f"/begeleiden/organisaties/{org.pk}/").status_code == 403  # no consent yet: refused, logged
    assert OrganisationAccessLog.objects.filter(organisation=org, actor=counsellor, refused=True).count() == 1
    org_guidance.grant(by=boss, organisation_id=org.pk, guide_email=counsellor.email.upper(), days=90)
    assert org.name in client.get("/begeleiden/organisaties/").content.decode()
    page = client.get(f"/begeleiden/organisaties/{org.pk}/").content.decode()
    assert "Leren op de werkvloer: deeg kneden" in page
    assert ">6<" in page and "minder dan 5" in page  # 6 can do the common skill; the single other one is hidden
    for employment in Employment.objects.filter(organisation=org).select_related("person"):
        assert employment.person.family_name not in page  # no individual's data
    assert OrganisationAccessLog.objects.filter(organisation=org, actor=counsellor, refused=False,
                                                action="competentiecheck en opleidingsplan bekeken").exists()
    # and the organisation's consent opens no staff member's file
    someone = Employment.objects.filter(organisation=org).first().person
    assert client.get(f"/begeleiden/persoon/{someone.pk}/").status_code == 403
    assert AccessLog.objects.filter(person=someone, actor=counsellor, refused=True).exists()


def test_the_guide_proposes_the_employer_takes_it_into_the_plan_or_not_and_sees_the_log(client, org, boss, bridge,
                                                                                       offer):
    org_guidance.grant(by=boss, organisation_id=org.pk, guide_email=bridge.email)
    client.force_login(bridge)
    url = f"/begeleiden/organisaties/{org.pk}/opmerking/"
    assert client.post(url, {"text": "Goed plan. Denk aan de nieuwe oven.", "proposal_title": "Opleiding oven",
                             "offer_id": offer.pk, "deadline": "2030-06-30"}).status_code == 302
    assert client.post(url, {"text": "Nog een idee", "proposal_title": "Peter en meter op de werkvloer"}
                       ).status_code == 302
    assert client.post(url, {"text": "Niet bestaand", "proposal_title": "x", "offer_id": 999999999}).status_code == 400
    assert client.post(url, {"text": ""}).status_code == 400
    first, second = sorted(org.guide_comments.all(), key=lambda c: c.pk)
    client.force_login(boss)
    page = client.get("/begeleiden/onze-organisatie/").content.decode()
    assert "Opleiding oven" in page and "actie voorgesteld" in page and str(bridge) in page
    assert client.post(f"/begeleiden/onze-organisatie/voorstel/{first.pk}/opnemen/").status_code == 302
    assert client.post(f"/begeleiden/onze-organisatie/voorstel/{second.pk}/niet/").status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (ProposalStatus.TAKEN, ProposalStatus.DECLINED)
    item = PlanItem.objects.get(pk=first.plan_item_id)
    assert (item.title, item.offer_id, item.kind, item.deadline) == ("Opleiding oven", offer.pk, "offer",
                                                                     date(2030, 6, 30))
    with pytest.raises(org_guidance.Refused, match="al beslist"):
        org_guidance.decide_proposal(by=boss, comment_id=first.pk, take=True)
    assert PlanItem.objects.filter(plan__organisation=org).count() == 2


def test_revoked_or_expired_consent_refuses_and_logs(client, org, boss, counsellor):
    consent = org_guidance.grant(by=boss, organisation_id=org.pk, guide_email=counsellor.email, days=30)
    client.force_login(boss)
    assert client.post(f"/begeleiden/onze-organisatie/toestemming/{consent.pk}/intrekken/").status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None and str(boss) in consent.revoked_by_label
    with pytest.raises(NoConsent):
        org_guidance.organisation_file(counsellor, org.pk)
    with pytest.raises(NoConsent):
        org_guidance.add_comment(user=counsellor, organisation_id=org.pk, text="mag niet")
    assert not org.guide_comments.exists()
    again = org_guidance.grant(by=boss, organisation_id=org.pk, guide_email=counsellor.email, days=30)
    OrganisationConsent.objects.filter(pk=again.pk).update(valid_from=timezone.now() - timedelta(days=40),
                                                           valid_until=timezone.now() - timedelta(days=10))
    with pytest.raises(NoConsent):
        org_guidance.organisation_file(counsellor, org.pk)
    assert OrganisationAccessLog.objects.filter(organisation=org, actor=counsellor, refused=True).count() == 3
    assert "Geweigerd" in client.get("/begeleiden/onze-organisatie/").content.decode()


def test_only_the_organisations_own_staff_gives_revokes_and_decides(client, org, boss, counsellor):
    stranger = make_user("employer")  # an employer of another organisation
    with pytest.raises(org_guidance.NotYours):
        org_guidance.grant(by=stranger, organisation_id=org.pk, guide_email=counsellor.email)
    consent = org_guidance.grant(by=boss, organisation_id=org.pk, guide_email=counsellor.email)
    client.force_login(stranger)
    assert client.post(f"/begeleiden/onze-organisatie/{org.pk}/toestemming/",
                       {f"o{org.pk}-guide_email": counsellor.email, f"o{org.pk}-days": 30}).status_code == 403
    assert client.post(f"/begeleiden/onze-organisatie/toestemming/{consent.pk}/intrekken/").status_code == 403
    comment = org_guidance.add_comment(user=counsellor, organisation_id=org.pk, text="x", proposal_title="y")
    assert client.post(f"/begeleiden/onze-organisatie/voorstel/{comment.pk}/opnemen/").status_code == 403
    consent.refresh_from_db(), comment.refresh_from_db()
    assert consent.revoked_at is None and comment.status == ProposalStatus.PROPOSED
    assert org.name not in client.get("/begeleiden/onze-organisatie/").content.decode()


def test_a_consent_goes_to_a_guide_only_and_for_at_most_two_years(org, boss, counsellor):
    for email in ("niemand@nergens.test", make_user("learner").email, make_user("provider").email):
        with pytest.raises(org_guidance.Refused):
            org_guidance.grant(by=boss, organisation_id=org.pk, guide_email=email)
    with pytest.raises(org_guidance.Refused):
        org_guidance.grant(by=boss, organisation_id=org.pk, guide_email=counsellor.email, days=731)
    assert not OrganisationConsent.objects.filter(organisation=org).exists()


@pytest.mark.parametrize("role", OTHER_ROLES + ["employer"])
def test_guide_pages_refuse_every_other_role(client, org, boss, counsellor, role):
    org_guidance.grant(by=boss, organisation_id=org.pk, guide_email=counsellor.email)
    client.force_login(boss if role == "employer" else make_user(role))
    assert client.get("/begeleiden/organisaties/").status_code == 403
    assert client.get(f"/begeleiden/organisaties/{org.pk}/").status_code == 403
    assert client.post(f"/begeleiden/organisaties/{org.pk}/opmerking/", {"text": "x"}).status_code == 403
    assert not org.guide_comments.exists()


@pytest.mark.parametrize("role", OTHER_ROLES + ["counsellor", "bridge"])
def test_employer_pages_refuse_every_other_role(client, org, role):
    client.force_login(make_user(role))
    assert client.get("/begeleiden/onze-organisatie/").status_code == 403
    assert client.post(f"/begeleiden/onze-organisatie/{org.pk}/toestemming/", {}).status_code == 403


def test_an_unknown_organisation_is_403_for_a_guide_like_one_without_consent(client, counsellor):
    client.force_login(counsellor)
    assert client.get("/begeleiden/organisaties/999999999/").status_code == 403


def test_an_organisation_without_check_or_plan_shows_so(client, counsellor, esco):
    bare = Organisation.objects.create(name="Leeg bv", enterprise_number=_kbo(), nace_section="G", employees=3,
                                       province="BE21", postcode="2000")
    boss = make_user("employer")
    bare.staff.add(boss)
    org_guidance.grant(by=boss, organisation_id=bare.pk, guide_email=counsellor.email)
    client.force_login(counsellor)
    page = client.get(f"/begeleiden/organisaties/{bare.pk}/").content.decode()
    assert "nog geen competentiecheck" in page and "nog geen opleidingsplan" in page
    client.force_login(boss)
    page = client.get("/begeleiden/onze-organisatie/").content.decode()
    assert "Leeg bv" in page and "Intrekken" in page and "competentiecheck en opleidingsplan bekeken" in page
