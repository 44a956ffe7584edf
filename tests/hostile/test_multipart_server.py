"""multipart/form-data without a boundary through a real `lifelong serve` process (issue 19.7): CSRF checked, the
server's own parsing; a 400 that says what is wrong, on pages and in the API. No test transaction: the server
process uses the same database."""

from __future__ import annotations

import os
import urllib.error
import urllib.request

import pytest

from tests.conftest import database_url_for_processes, running_server

from .test_refusals import NO_BOUNDARY


def test_on_a_real_server_a_post_without_a_boundary_is_a_400_with_the_reason(django_db_setup):
    """Through a real `lifelong serve` (CSRF checked, the WSGI server's own parsing)."""
    env = {**os.environ, "DATABASE_URL": database_url_for_processes(), "DEBUG": "1"}
    with running_server(env, "hostile-multipart") as base:
        for path in ("/account/login/", "/rekening/simuleren/", "/account/registreren/", "/api/v1/accounts/simulate",
                     "/api/v1/accounts/bookings"):
            for content_type in NO_BOUNDARY:
                request = urllib.request.Request(base + path, data=b"x=1", method="POST",
                                                 headers={"Content-Type": content_type})
                with pytest.raises(urllib.error.HTTPError) as answer:
                    urllib.request.urlopen(request, timeout=30)
                body = answer.value.read().decode()
                assert answer.value.code == 400, (path, content_type, answer.value.code, body[:300])
                assert "boundary" in body, (path, body[:300])
