"""The analyst page and the API over the demo ads (processed by the real pipeline during the seed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lifelong.demo.vacancy_ads import BOARDS
from lifelong.forecasts.models import DemandSeries
from lifelong.users.models import User
from lifelong.vacancies.models import ProcessingRun, RunStatus, Vacancy, VacancyState

pytestmark = pytest.mark.django_db
READERS = ["analyst", "partnership", "secretariat"]
OTHERS = ["learner", "employer", "provider", "counsellor", "observer"]


@pytest.fixture
def as_role(client, esco):
    def login(role):
        client.force_login(User.objects.get(email=f"{role}@demo.lifelong.test"))
        return client
    return login


def test_the_demo_seed_ran_the_pipeline():
    demo = Vacancy.objects.filter(source__in=BOARDS)
    assert demo.filter(state=VacancyState.PROCESSED).count() > 100
    assert demo.filter(state=VacancyState.DUPLICATE, duplicate_of__source=BOARDS[0]).exists()
    assert not demo.filter(state=VacancyState.PENDING).exists()
    months = {d.strftime("%Y-%m") for d in demo.filter(duplicate_of__isnull=True).values_list("posted_on", flat=True)}
    assert len(months) == 24
    # every demo month has its count, from the ads: the forecasts demo stores its synthetic history only
    # before the first month with ads, so it shadows none of them
    stored = DemandSeries.objects.filter(series_key="flanders:all", period__in=months)
    assert stored.count() == 24 and stored.filter(source="vacancies").count() == 24
    assert DemandSeries.objects.filter(source="vacancies", series_key__startswith="skill:").exists()


@pytest.mark.parametrize("role", READERS)
def test_readers_see_rising_and_falling_competences_with_a_chart_and_its_table(as_role, role):
    response = as_role(role).get(reverse("vacancies:analysis"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="rising"' in html and 'id="falling"' in html and "procentpunten" in html
    assert response.context["trends"]["rising"] and response.context["trends"]["falling"]
    assert '<svg' in html and 'role="img"' in html and 'id="trend-table"' in html
    assert 'id="run-status"' in html


@pytest.mark.parametrize("role", OTHERS)
def test_other_roles_are_refused(as_role, role):
    assert as_role(role).get(reverse("vacancies:analysis")).status_code == 403
    assert as_role(role).get("/api/v1/vacancies/trends").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("vacancies:analysis"))
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_filters_by_province_and_sector_narrow_the_counts(as_role):
    client = as_role("analyst")
    everything = client.get(reverse("vacancies:analysis")).context["trends"]["ads"]
    ict = client.get(reverse("vacancies:analysis"), {"sector": "J"}).context
    assert sum(ict["trends"]["ads"]) < sum(everything)
    assert ict["sector"] == "J"
    wrong = client.get(reverse("vacancies:analysis"), {"provincie": "XX", "sector": "?"}).context
    assert (wrong["province"], wrong["sector"]) == ("", "")


def test_trend_of_one_competence_counts_its_ads_per_month(as_role):
    rising = as_role("analyst").get(reverse("vacancies:analysis")).context["trends"]["rising"][0]
    context = as_role("analyst").get(reverse("vacancies:analysis"), {"competentie": rising.uri}).context
    assert context["uri"] == rising.uri
    assert sum(p["value"] for p in context["series"]) >= rising.recent + rising.previous
    assert all(0 <= p["share"] <= 100 for p in context["series"])


def test_api_demand_and_trends(as_role):
    client = as_role("analyst")
    rows = client.get("/api/v1/vacancies/demand", {"family": "flanders"}).json()
    expected = DemandSeries.objects.filter(source="vacancies", series_key="flanders:all").count()
    assert len(rows) == expected > 0 and all(r["series_id"] == "flanders:all" for r in rows)
    trends = client.get("/api/v1/vacancies/trends", {"sector": "J"}).json()
    assert trends["rising"] and trends["rising"][0]["change"] > 0
    assert client.get("/api/v1/vacancies/demand", {"family": "nope"}).status_code == 400


def test_starting_a_run_queues_a_background_job(as_role):
    response = as_role("analyst").post(reverse("vacancies:start_run"))
    assert response.status_code == 302
    run = ProcessingRun.objects.first()
    assert run.status == RunStatus.QUEUED and run.task_id
    assert as_role("partnership").post(reverse("vacancies:start_run")).status_code == 403


def test_the_background_job_processes_and_reports(as_role):
    from lifelong.vacancies.services import run_processing

    run = ProcessingRun.objects.create(mode="fast")
    run_processing(run)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.demand_rows > 0 and run.percent == 100
    body = as_role("secretariat").get("/api/v1/vacancies/runs/latest").json()
    assert body["status"] == "done" and body["id"] == run.pk


def test_a_failed_job_keeps_its_progress_and_reason(tmp_path):
    import json

    from lifelong.vacancies.services import import_vacancies, run_processing

    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"F{i}", "title": "Kok", "description": f"Je kookt gerecht {i}.",
                                          "posted": "2026-01-05", "employer": f"Resto {i}"}) for i in range(3)))
    import_vacancies(paths=[path], source="fail")
    run = ProcessingRun.objects.create(mode="slow")  # the engine refuses it on the first batch
    with pytest.raises(ValueError):
        run_processing(run, batch_size=1)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "unknown mode" in run.error and run.finished_at
    assert (run.done, run.total) == (0, 3)
