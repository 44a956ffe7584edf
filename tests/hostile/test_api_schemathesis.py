"""Property-based run of the served API (schemathesis): every operation, for a session of each role and without
one, never answers a server error (5xx). Bounded and deterministic: few examples per operation, derandomized."""

from __future__ import annotations

import re

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from lifelong.demo.forecasts import EXPERT_EMAIL, EXPERT_PASSWORD
from lifelong.demo.services import demo_password
from lifelong.users.models import Role

EXAMPLES_PER_OPERATION = 4
WHO = [r.value for r in Role] + ["expert", "anonymous"]  # "expert": the Delphi panel's demo expert


def _logged_in(base: str, who: str) -> requests.Session:
    """A browser-like session: logged in through the real login page, CSRF cookie and header set."""
    session = requests.Session()
    page = session.get(f"{base}/account/login/", timeout=30)
    token = session.cookies.get("csrftoken")
    if who != "anonymous":
        email, password = ((EXPERT_EMAIL, EXPERT_PASSWORD) if who == "expert"
                           else (f"{who}@demo.lifelong.test", demo_password(who)))
        form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        resp = session.post(f"{base}/account/login/", data={"username": email, "password": password,
                                                            "csrfmiddlewaretoken": form_token},
                            headers={"Referer": f"{base}/account/login/"}, allow_redirects=False, timeout=30)
        assert resp.status_code == 302, f"{who} could not log in ({resp.status_code})"
        token = session.cookies.get("csrftoken")
    session.headers.update({"X-CSRFToken": token or "", "Referer": f"{base}/"})
    return session


@pytest.fixture(scope="module")
def sessions(server_url):
    made = {who: _logged_in(server_url, who) for who in WHO}
    yield made
    for session in made.values():
        session.close()


def test_no_operation_answers_a_server_error(server_url, sessions):
    schema = schemathesis.openapi.from_url(f"{server_url}/api/openapi.json")
    failures: list[str] = []
    operations, calls = 0, []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def no_server_error(case):
            for who, session in sessions.items():
                response = case.call(session=session, timeout=60)
                calls.append(response.status_code)
                if response.status_code >= 500:
                    failures.append(f"{who}: {case.method} {case.formatted_path} → {response.status_code} "
                                    f"query={case.query} body={case.body!r}: {response.text[:300]}")

        no_server_error()
    assert operations >= 30 and len(calls) >= operations * len(WHO)
    assert failures == []
