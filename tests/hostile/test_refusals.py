"""Requests that used to end in a 500 are refused with a 4xx and a reason (issue 19.7)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_revoking_an_unknown_consent_is_a_404_with_a_reason(as_role):
    client = as_role("learner")
    resp = client.post("/loopbaan/privacy/toestemming/987654321/intrekken/")
    assert resp.status_code == 404


def test_vacancy_analysis_of_an_unknown_competence_answers(as_role):
    client = as_role("analyst")
    resp = client.get("/vacatures/analyse/?competentie=x")
    assert resp.status_code == 200


@pytest.mark.parametrize("limit", ["-1", "0", "99999999999999999999"])
def test_vacancy_demand_with_a_bad_limit_is_refused(as_role, limit):
    client = as_role("analyst")
    resp = client.get(f"/api/v1/vacancies/demand?limit={limit}")
    assert resp.status_code in (400, 422) and resp.json()["detail"]


@pytest.mark.parametrize("role,method,path", [
    ("learner", "post", "/api/v1/accounts/simulate"),
    ("learner", "post", "/api/v1/accounts/bookings"),
    ("expert", "post", "/api/v1/forecasts/panels/1/answers"),
    ("expert", "put", "/api/v1/forecasts/panels/1/answers"),
])
def test_multipart_without_a_boundary_is_refused(as_role, role, method, path):
    client = as_role(role)
    resp = getattr(client, method)(path, b"x=1", content_type="multipart/form-data")
    assert 400 <= resp.status_code < 500 and resp.json()["detail"]


def test_nul_in_a_query_string_is_refused_with_a_reason(as_role):
    client = as_role("learner")
    resp = client.get("/api/v1/skills?q=a%00b")
    assert resp.status_code == 400 and "NUL" in resp.json()["detail"]
    resp = client.get("/kompas/?q=a%00b")
    assert resp.status_code == 400 and "NUL" in resp.content.decode()


def test_nul_in_a_json_body_is_refused_with_a_reason(as_role):
    client = as_role("learner")
    resp = client.post("/api/v1/accounts/simulate", {"title": "a\x00b"}, content_type="application/json")
    assert resp.status_code == 400 and "NUL" in resp.json()["detail"]


# -- multipart/form-data without a boundary (issue 19.7): a 400 that says what is wrong, pages and API alike ------
NO_BOUNDARY = ["multipart/form-data", "multipart/form-data; charset=utf-8", "multipart/form-data; boundary="]


@pytest.mark.parametrize("content_type", NO_BOUNDARY)
@pytest.mark.parametrize("role,path", [
    ("learner", "/rekening/simuleren/"),
    ("learner", "/loopbaan/cv/"),
    ("provider", "/kompas/aanbieder/1/importeren/"),
    ("secretariat", "/kompas/secretariaat/"),
    ("learner", "/api/v1/accounts/bookings"),
])
def test_a_page_or_api_post_without_a_boundary_is_a_400_that_names_it(as_role, role, path, content_type):
    client = as_role(role)
    resp = client.generic("POST", path, b"x=1", content_type=content_type)
    assert resp.status_code == 400
    reason = resp.json()["detail"] if path.startswith("/api/") else resp.content.decode()
    assert "multipart/form-data" in reason and "boundary" in reason


def test_a_broken_multipart_body_with_a_boundary_is_a_400_with_a_reason(as_role):
    client = as_role("learner")
    resp = client.generic("POST", "/rekening/simuleren/", b"--xyz\r\nnot a part",
                          content_type="multipart/form-data; boundary=xyz")
    assert resp.status_code in (200, 400)  # Django reads what it can; never a 500
    resp = client.generic("POST", "/api/v1/accounts/simulate", b"--xyz\r\nnot a part",
                          content_type="multipart/form-data; boundary=xyz")
    assert 400 <= resp.status_code < 500
