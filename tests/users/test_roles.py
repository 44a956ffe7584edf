"""Users log in by email and each role sees only what it may."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from lifelong.demo.services import DEMO_DOMAIN, demo_password
from lifelong.users.models import Role, User
from lifelong.users.permissions import role_required

pytestmark = pytest.mark.django_db


def test_there_is_one_demo_user_per_role(esco):
    for role in Role:
        user = User.objects.get(email=f"{role.value}@{DEMO_DOMAIN}")
        assert user.role == role.value
        assert user.check_password(demo_password(role.value))


def test_login_is_by_email(esco, client):
    response = client.post("/account/login/", {"username": f"learner@{DEMO_DOMAIN}",
                                               "password": demo_password("learner")})
    assert response.status_code == 302
    bad = client.post("/account/login/", {"username": f"learner@{DEMO_DOMAIN}", "password": "wrong"})
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()


def test_email_is_unique_regardless_of_case(db):
    User.objects.create_user("Someone@Example.test", "x-long-password")
    with pytest.raises(ValidationError):
        User.objects.create_user("someone@example.test", "x-long-password")


def test_an_unknown_role_is_refused(db):
    with pytest.raises(ValidationError):
        User.objects.create_user("odd@example.test", "x-long-password", role="king")


def test_only_the_secretariat_works_in_the_admin(esco, client):
    for role in Role:
        client.logout()
        client.login(email=f"{role.value}@{DEMO_DOMAIN}", password=demo_password(role.value))
        status = client.get("/admin/").status_code
        assert status == (200 if role == Role.SECRETARIAT else 302), role


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ANALYST])
def test_role_required_refuses_every_other_role(esco, role):
    @role_required(Role.ANALYST)
    def analyst_page(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/x")
    request.user = User.objects.get(email=f"{role.value}@{DEMO_DOMAIN}")
    with pytest.raises(PermissionDenied):
        analyst_page(request)
    request.user = User.objects.get(email=f"analyst@{DEMO_DOMAIN}")
    assert analyst_page(request).status_code == 200


def test_role_required_sends_anonymous_visitors_to_login(db):
    from django.contrib.auth.models import AnonymousUser

    @role_required(Role.ANALYST)
    def analyst_page(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/x")
    request.user = AnonymousUser()
    response = analyst_page(request)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
