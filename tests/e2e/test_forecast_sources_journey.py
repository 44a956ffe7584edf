"""Employer answers the survey, an expert answers a Delphi round, the analyst sees the weighted estimate
(interval, response rate), the combined forecast with its three sources, and exports."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lifelong.demo.forecasts import EXPERT_EMAIL, EXPERT_PASSWORD
from lifelong.demo.services import DEMO_DOMAIN, demo_password

pytestmark = pytest.mark.browser


def login(page, server_url, email, password):
    page.goto(server_url + "/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Password").or_(page.get_by_label("Wachtwoord")).fill(password)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_load_state()


@pytest.fixture
def demo(django_db_blocker):
    from lifelong.forecasts.models import CombinedForecast, Panel, Survey

    with django_db_blocker.unblock():
        survey = Survey.objects.get(is_synthetic=True)
        panel = Panel.objects.get(is_synthetic=True)
        key = (CombinedForecast.objects.filter(series_key__startswith="skill:", concept_uri__in=panel.items.values(
            "concept_uri")).exclude(series_key__contains="|").values_list("series_key", flat=True).first())
        return {"survey": survey.pk, "title": survey.title, "panel": panel.pk, "panel_title": panel.title, "key": key}


def test_survey_panel_and_combined_forecast_journey(server_url, browser, demo):
    # 1. the employer answers the open survey for their organisation
    employer = browser.new_context(locale="nl-BE").new_page()
    login(employer, server_url, f"employer@{DEMO_DOMAIN}", demo_password("employer"))
    employer.get_by_role("link", name="Enquêtes").click()
    employer.get_by_role("link", name=demo["title"]).click()
    numbers = employer.locator("input[type=number]")
    numbers.first.fill("9999")  # out of range: a clear error, nothing stored
    employer.get_by_role("button", name="Antwoorden versturen").click()
    expect(employer.locator("#answer-error")).to_contain_text("buiten het bereik")
    for i in range(numbers.count()):
        numbers.nth(i).fill(str(i + 1))
    for radio in employer.locator("input[type=radio][value='1']").all():
        radio.check()
    employer.get_by_role("button", name="Antwoorden versturen").click()
    expect(employer.locator("body")).to_contain_text("zijn bewaard")
    expect(employer.locator("body")).to_contain_text("al beantwoord")

    # 2. the expert sees round 1's anonymous feedback and answers round 2
    expert = browser.new_context(locale="nl-BE").new_page()
    login(expert, server_url, EXPERT_EMAIL, EXPERT_PASSWORD)
    expert.get_by_role("link", name="Expertpanels").click()
    expert.get_by_role("link", name=demo["panel_title"]).click()
    expect(expert.locator("body")).to_contain_text("Wat het panel zei in ronde 1")
    for fs in expert.locator("fieldset.panel-item").all():
        fs.get_by_label("stijgt").check()
        fs.get_by_label("Grootte van de verandering (%)").fill("8")
        fs.get_by_label("Reden (de andere experten lezen ze anoniem)").fill("Meer vraag door vergrijzing.")
    expert.get_by_role("button", name="Antwoorden bewaren").click()
    expect(expert.locator("body")).to_contain_text("zijn bewaard")

    # 3. the analyst: estimates with intervals and the response rate, the combined forecast, exports
    analyst = browser.new_context(locale="nl-BE", accept_downloads=True).new_page()
    login(analyst, server_url, f"analyst@{DEMO_DOMAIN}", demo_password("analyst"))
    analyst.get_by_role("link", name="Voorspellingen").click()
    analyst.get_by_role("link", name="Werkgeversenquêtes").click()
    analyst.get_by_role("link", name=demo["title"]).click()
    expect(analyst.locator("#response-rate")).to_contain_text("uitgenodigde ondernemingen antwoordden")
    assert analyst.locator("#estimates tbody tr").count() > 3 and " – " in analyst.locator("#estimates").inner_text()
    with analyst.expect_download() as dl:
        analyst.get_by_role("link", name="Parquet").click()
    assert dl.value.suggested_filename == f"survey-{demo['survey']}.parquet"

    analyst.get_by_role("link", name="Expertpanels (Delphi)").click()
    analyst.get_by_role("link", name=demo["panel_title"]).click()
    expect(analyst.locator("body")).to_contain_text("Ronde 2 (open)")
    expect(analyst.locator("body")).to_contain_text("5 van 6 experten antwoordden")

    analyst.goto(server_url + "/voorspellingen/")
    analyst.get_by_role("button", name="Gecombineerde voorspellingen opnieuw berekenen en publiceren").click()
    analyst.goto(server_url + "/voorspellingen/reeks/?key=" + demo["key"])
    assert analyst.locator("svg#forecast-chart polygon.band95").count() == 1
    sources = analyst.locator("#sources").inner_text()
    assert "Statistische voorspelling" in sources and "Expertpanel" in sources and "mediaan" in sources
    assert "MASE" in analyst.locator("#combined").inner_text()
    with analyst.expect_download() as dl:
        analyst.goto(server_url + "/voorspellingen/")
        analyst.get_by_role("link", name="CSV").first.click()
    assert dl.value.suggested_filename == "forecasts.csv"
