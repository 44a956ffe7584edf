"""One root for every app's refusals, and the API answers each with its status and reason (never a 500)."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from lifelong.errors import Refused


def test_every_app_refuses_through_the_one_root():
    from lifelong.accounts.services import InvalidAmount
    from lifelong.accounts.services import Refused as AccountRefused
    from lifelong.actionplan.services import Refused as PlanRefused
    from lifelong.forecasts.services.panels import PanelRefused
    from lifelong.forecasts.services.surveys import SurveyRefused
    from lifelong.people.services import Refused as PeopleRefused

    for cls in (AccountRefused, InvalidAmount, PlanRefused, PanelRefused, SurveyRefused, PeopleRefused):
        assert issubclass(cls, Refused), cls
    assert issubclass(AccountRefused, ValueError)  # callers that catch ValueError keep working
    exc = InvalidAmount("Het bedrag moet positief zijn.")
    assert (exc.reason, exc.code, str(exc)) == ("Het bedrag moet positief zijn.", "invalid_amount",
                                                "Het bedrag moet positief zijn.")


@pytest.mark.parametrize("exc, status", [
    (Refused("Dat mag niet."), 400),
    (type("Conflict", (Refused,), {"status": 409, "code": "conflict"})("Al gebruikt."), 409),
])
def test_the_api_answers_a_refusal_with_its_status_and_reason(exc, status):
    from lifelong.config.api import api

    response = api.on_exception(RequestFactory().get("/api/v1/x"), exc)
    assert response.status_code == status
    body = json.loads(response.content)
    assert body["detail"] == exc.reason and body["code"] == exc.code
