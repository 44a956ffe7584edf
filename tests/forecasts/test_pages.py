"""Analyst, employer and expert pages, exports and the API on the seeded demo (database)."""

from __future__ import annotations

import io

import pytest

from lifelong.demo.forecasts import EXPERT_EMAIL
from lifelong.forecasts.models import CombinedForecast, Panel, Survey
from lifelong.users.models import User

pytestmark = pytest.mark.django_db


def login(client, email):
    client.force_login(User.objects.get(email=email))
    return client


@pytest.fixture
def analyst(client, esco):
    return login(client, "analyst@demo.lifelong.test")


def test_demo_has_survey_panel_and_combined_forecasts(esco):
    survey = Survey.objects.get(is_synthetic=True)
    assert survey.status == "open" and 0 < survey.responses.count() < survey.invited.count()
    panel = Panel.objects.get(is_synthetic=True)
    assert [(r.number, r.status) for r in panel.rounds.all()] == [(1, "closed"), (2, "open")]
    assert CombinedForecast.objects.filter(series_key__startswith="skill:").exists()
    assert User.objects.get(email="employer@demo.lifelong.test").organisations.count() == 1


def test_roles_are_checked(client, esco):
    assert client.get("/voorspellingen/").status_code == 302
    login(client, "learner@demo.lifelong.test")
    assert client.get("/voorspellingen/").status_code == 403
    assert client.get("/voorspellingen/export/voorspellingen.csv").status_code == 403
    assert client.get("/api/v1/forecasts/combined").status_code == 403
    panel = Panel.objects.get(is_synthetic=True)
    assert client.get(f"/voorspellingen/expert/panel/{panel.pk}/").status_code == 403


def test_analyst_overview_series_and_sources(analyst):
    html = analyst.get("/voorspellingen/").content.decode()
    assert "Stijgende competenties" in html and 'id="rising"' in html
    c = CombinedForecast.objects.filter(series_key__startswith="skill:").order_by("id").first()
    page = analyst.get("/voorspellingen/reeks/", {"key": c.series_key}).content.decode()
    assert 'class="band95"' in page and 'class="band80"' in page and 'id="forecast-table"' in page
    assert "Expertpanel (Delphi)" in page and "Werkgeversenquête" in page and "MASE" in page
    assert analyst.get("/voorspellingen/", {"provincie": "BE21", "sector": "C"}).status_code == 200


def test_survey_page_shows_estimates_interval_and_response_rate(analyst):
    survey = Survey.objects.get(is_synthetic=True)
    html = analyst.get(f"/voorspellingen/enquetes/{survey.pk}/").content.decode()
    assert "uitgenodigde ondernemingen antwoordden" in html and "raking" in html and "SYNTHETISCH" in html


def test_exports_csv_and_parquet(analyst):
    import pyarrow.parquet as pq

    csv_text = analyst.get("/voorspellingen/export/voorspellingen.csv").content.decode()
    assert csv_text.startswith("run_id,series_key,period,model,forecast,lo80,hi80,lo95,hi95")
    survey = Survey.objects.get(is_synthetic=True)
    for what in ("gecombineerd", f"enquete-{survey.pk}", f"panel-{Panel.objects.get(is_synthetic=True).pk}"):
        resp = analyst.get(f"/voorspellingen/export/{what}.parquet")
        assert resp.status_code == 200
        table = pq.read_table(io.BytesIO(resp.content))
        assert table.num_rows > 0
    api = analyst.get("/api/v1/forecasts/export/gecombineerd", {"format": "parquet"})
    assert pq.read_table(io.BytesIO(api.content)).num_rows > 0
    assert analyst.get("/api/v1/forecasts/export/gecombineerd", {"format": "xml"}).status_code == 400
    assert analyst.get("/api/v1/forecasts/export/onbekend", {"format": "xml"}).status_code == 404
    rows = analyst.get(f"/api/v1/forecasts/surveys/{survey.pk}/estimates").json()
    assert rows and all("lo95" in r and "response_rate" in r for r in rows)


def test_outlook_api_and_badge_on_the_offer_and_plan_pages(client, esco):
    c = CombinedForecast.objects.filter(series_key__startswith="skill:").exclude(series_key__contains="|").first()
    body = client.get("/api/v1/forecasts/outlook", {"uri": c.concept_uri}).json()
    assert body["outlook"] in ("stijgend", "stabiel", "dalend") and body["confidence"] in ("hoog", "middel", "laag")
    assert client.get("/api/v1/forecasts/outlook", {"uri": "http://x.test/none"}).status_code == 404
    from lifelong.catalogue.models import Offer
    from lifelong.people.models import DevelopmentPlan, PlanCompetence
    from lifelong.taxonomy.models import Concept

    learner = User.objects.get(email="learner@demo.lifelong.test")
    plan = DevelopmentPlan.objects.create(person=learner.person, title="Test-POP")
    PlanCompetence.objects.create(plan=plan, skill=Concept.objects.get(uri=c.concept_uri))
    login(client, learner.email)
    html = client.get(f"/loopbaan/pop/{plan.pk}/").content.decode()
    assert f"outlook-{c.outlook}" in html
    offer = Offer.objects.order_by("id").first()
    offer.competences.add(Concept.objects.get(uri=c.concept_uri))
    html = client.get(f"/kompas/aanbod/{offer.pk}/").content.decode()
    assert f"outlook-{c.outlook}" in html


def test_expert_api_second_answer_is_a_conflict(client, esco):
    panel = Panel.objects.get(is_synthetic=True)
    login(client, "expert2@demo.lifelong.test")
    item = panel.items.first()
    payload = {"concept_uri": item.concept_uri, "direction": "up", "change_pct": 5, "confidence": 3, "reason": "x"}
    resp = client.post(f"/api/v1/forecasts/panels/{panel.pk}/answers", payload, content_type="application/json")
    assert resp.status_code == 409 and "al" in resp.json()["detail"]
    resp = client.put(f"/api/v1/forecasts/panels/{panel.pk}/answers", payload, content_type="application/json")
    assert resp.status_code == 200 and resp.json()["round"] == 2


def test_expert_sees_anonymous_feedback_of_the_closed_round(client, esco):
    panel = Panel.objects.get(is_synthetic=True)
    login(client, EXPERT_EMAIL)
    html = client.get(f"/voorspellingen/expert/panel/{panel.pk}/").content.decode()
    assert "Wat het panel zei in ronde 1" in html and "Mediaan" in html and "expert2@" not in html
    assert "Je schatting in ronde 2" in html
