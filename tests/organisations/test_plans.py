"""Competence check (aggregates only, cells under 5 suppressed) and the training plan built from its gaps."""

from __future__ import annotations

from datetime import date

import pytest

from lifelong.employers import plans
from lifelong.organisations.models import CompetenceNeed, Employment, Horizon, ItemKind
from lifelong.users.models import Role

from .conftest import PASSWORD, make_org, make_person, make_user


def _skills(n):
    from lifelong.taxonomy.models import Concept, ConceptType

    return list(Concept.objects.filter(concept_type=ConceptType.SKILL).order_by("id")[:n])


def _staff(org, n, skill=None):
    from lifelong.people.models import CompetenceClaim

    people = []
    for _ in range(n):
        p = make_person(employer=org)
        Employment.objects.create(person=p, organisation=org, start_date=date(2020, 1, 1), fte_permille=1000)
        if skill is not None:
            CompetenceClaim.objects.create(person=p, skill=skill, level=3, on=date(2025, 1, 1))
            CompetenceClaim.objects.create(person=make_person(), skill=skill, level=4, on=date(2025, 1, 1))  # not on the staff
        people.append(p)
    return people


def test_coverage_suppresses_cells_under_five_and_builds_plan_from_gaps(org):
    from lifelong.catalogue.models import Offer

    taught, rare, common = _skills(3)
    _staff(org, 3, rare)  # 3 people: shown as "fewer than 5"
    _staff(org, 6, common)  # 6 people: shown
    CompetenceNeed.objects.create(organisation=org, skill=taught, horizon=Horizon.NOW, people_needed=2)
    CompetenceNeed.objects.create(organisation=org, skill=rare, horizon=Horizon.IN_3_YEARS, people_needed=4)
    CompetenceNeed.objects.create(organisation=org, skill=common, horizon=Horizon.NOW, people_needed=5)
    cov = {c.need.skill_id: c for c in plans.coverage(org, on=date(2026, 3, 1))}
    assert cov[taught.pk].covered is None and cov[taught.pk].gap
    assert cov[rare.pk].covered is None and cov[rare.pk].gap  # 3 < 4 needed, but the 3 is never shown
    assert cov[common.pk].covered == 6 and not cov[common.pk].gap

    offer = Offer.objects.filter(is_active=True).first()
    offer.competences.add(taught)
    plan = plans.build_plan(org, year=2026)
    items = {i.skill_id: i for i in plan.items.all()}
    assert set(items) == {taught.pk, rare.pk}
    assert items[taught.pk].kind == ItemKind.COMPASS_OFFER and items[taught.pk].offer == offer
    assert items[taught.pk].deadline == date(2026, 6, 30)
    assert items[rare.pk].deadline == date(2026, 12, 31)
    assert plans.build_plan(org, year=2026).items.count() == 2  # idempotent


def test_training_plan_api_and_pdf(client, org, employer):
    skill = _skills(1)[0]
    CompetenceNeed.objects.create(organisation=org, skill=skill, people_needed=1)
    client.login(email=employer.email, password=PASSWORD)
    url = f"/api/v1/organisations/{org.pk}/training-plan?year=2026"
    assert client.get(url).json() == {"year": 2026, "status": "none", "items": []}
    client.post(f"/werkgever/{org.pk}/opleidingsplan/maken/", {"jaar": "2026"})
    body = client.get(url).json()
    assert body["year"] == 2026 and body["status"] == "draft"
    assert [(i["skill"], i["status"], i["deadline"]) for i in body["items"]] == [(skill.pk, "planned", "2026-06-30")]
    pdf = client.get(f"/werkgever/{org.pk}/opleidingsplan/pdf/?jaar=2026")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = client.get(f"/werkgever/{org.pk}/opleidingsplan/?jaar=2026").content.decode()
    assert "Opleidingsplan 2026" in page and "minder dan 5" in page


def test_add_need_refuses_unknown_skill(client, org, employer):
    client.login(email=employer.email, password=PASSWORD)
    response = client.post(f"/werkgever/{org.pk}/opleidingsplan/competentie/", {"skill": "geen-uri"}, follow=True)
    assert "Kies een competentie uit ESCO" in response.content.decode()
    skill = _skills(1)[0]
    client.post(f"/werkgever/{org.pk}/opleidingsplan/competentie/", {"skill": skill.uri, "horizon": "3y",
                                                                      "people_needed": "3"})
    assert list(org.competence_needs.values_list("skill_id", "horizon", "people_needed")) == [(skill.pk, "3y", 3)]


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_plan_refused_to_everyone_but_its_staff(client, org, role):
    outsider = make_user(role)
    if role == Role.EMPLOYER:
        make_org().staff.add(outsider)
    client.login(email=outsider.email, password=PASSWORD)
    assert client.get(f"/api/v1/organisations/{org.pk}/training-plan?year=2026").status_code == 403
    assert client.get(f"/werkgever/{org.pk}/opleidingsplan/").status_code == 403
    assert client.post(f"/werkgever/{org.pk}/opleidingsplan/maken/", {"jaar": "2026"}).status_code == 403
    assert not org.training_plans.exists()


def _forecast(key, change, outlook="stijgend", confidence="middel"):
    import uuid as _uuid

    from lifelong.forecasts.models import CombinationRule, CombinedForecast

    rule = CombinationRule.objects.first() or CombinationRule.objects.create(name=f"r-{_uuid.uuid4().hex[:6]}")
    kind, _, rest = key.partition(":")
    uri, _, province = rest.partition("|")
    return CombinedForecast.objects.create(series_key=key, concept_uri=uri if kind == "skill" else "",
                                           province=province, horizon_months=12, change_pct=change, outlook=outlook,
                                           confidence=confidence, rule=rule)


def test_forecast_suggestions_beside_the_check(client, org):
    """Issue 13.4: suggestions from the forecasts — competences whose demand rises in the organisation's province
    (those its staff's occupations need first), with the numbers and certainty; the sector's outlook; the outlook
    beside each competence of the check."""
    from lifelong.employers import demand
    from lifelong.forecasts.models import CombinedForecast
    from lifelong.taxonomy.models import Concept, OccupationSkill

    CombinedForecast.objects.all().delete()  # only this test's forecasts
    listed, fast, slow, falling, elsewhere = _skills(5)
    link = OccupationSkill.objects.filter(relevance="essential").select_related("occupation").first()
    staff_skill = link.skill
    occupation = Concept.objects.get(pk=link.occupation_id)
    person = make_person(employer=org)
    Employment.objects.create(person=person, organisation=org, start_date=date(2020, 1, 1), fte_permille=1000,
                              occupation=occupation)
    CompetenceNeed.objects.create(organisation=org, skill=listed, horizon=Horizon.NOW, people_needed=2)
    p = org.province
    _forecast(f"skill:{listed.uri}|{p}", 9.0, confidence="hoog")
    _forecast(f"skill:{fast.uri}|{p}", 20.0)
    _forecast(f"skill:{slow.uri}|{p}", 5.0, confidence="laag")
    _forecast(f"skill:{staff_skill.uri}|{p}", 4.0)
    _forecast(f"skill:{falling.uri}|{p}", -8.0, outlook="dalend")
    _forecast(f"skill:{elsewhere.uri}|BE10", 30.0)  # another province
    _forecast(f"sector:{org.nace_section}", 6.5, confidence="hoog")

    got = demand.rising_suggestions(org, on=date(2026, 3, 1))
    assert [s.skill_id for s in got] == [staff_skill.pk, fast.pk, slow.pk]  # staff's first, then by change
    assert got[0].for_staff and not got[1].for_staff
    assert (got[1].change_pct, got[1].confidence, got[2].confidence_label, got[1].province) == (20.0, "middel",
                                                                                                 "laag", p)
    assert demand.outlooks_of_needs(org)[listed.pk].change_pct == 9.0

    boss = make_user(Role.EMPLOYER)
    org.staff.add(boss)
    client.login(email=boss.email, password=PASSWORD)
    html = client.get(f"/werkgever/{org.pk}/opleidingsplan/").content.decode()
    assert "+20,0 % over 12 maanden" in html or "+20.0 % over 12 maanden" in html
    assert "(zekerheid hoog)" in html  # the check's competence: its outlook beside its gap
    assert f"NACE {org.nace_section}" in html and ("6,5 %" in html or "6.5 %" in html)

    CombinedForecast.objects.filter(province=p).delete()  # nothing in the province: Flanders' forecasts
    _forecast(f"skill:{slow.uri}", 7.0)
    assert [s.skill_id for s in demand.rising_suggestions(org, on=date(2026, 3, 1))] == [slow.pk]
