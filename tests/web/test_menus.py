"""The header's menu per role: every entry leads to a page of that role (200, not a refusal), and each role
finds its own pages (the provider its offers and bookings, the partnership the dashboard itself, the
secretariat an admin where it can manage the plan)."""

from __future__ import annotations

import re

import pytest

from lifelong.users.models import Role, User

pytestmark = pytest.mark.django_db

DEMO = "@demo.lifelong.test"


def _menu_links(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav class="main".*?</nav>', html, re.S).group(0)
    return [(href, re.sub(r"<[^>]+>", "", label).strip()) for href, label in
            re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', nav, re.S)]


def _user(role: str) -> User:
    return User.objects.filter(role=role, email__startswith=f"{role}@").order_by("id").first() or \
        User.objects.filter(role=role).order_by("id").first()


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_menu_entry_of_a_role_opens_a_page(client, role):
    user = _user(role)
    assert user is not None, f"no demo user for {role}"
    client.force_login(user)
    links = _menu_links(client.get("/").content.decode())
    assert links, role
    for href, label in links:
        response = client.get(href, follow=True)  # a page may send you on (one firm: straight to it)
        html = response.content.decode(errors="replace")
        assert response.status_code == 200, f"{role}: {label} → {href} gave {response.status_code}"
        assert "Je hebt geen toegang" not in html, f"{role}: {label} → {href} is a refusal"
        assert "permission to view or edit anything" not in html and "geen rechten" not in html.lower(), \
            f"{role}: {label} → {href} shows nothing to manage"


def _hrefs(client, role):
    client.force_login(_user(role))
    return {href for href, _ in _menu_links(client.get("/").content.decode())}


def test_the_provider_reaches_its_offers_import_and_bookings(client):
    hrefs = _hrefs(client, "provider")
    assert "/kompas/aanbieder/" in hrefs and "/rekening/aanbieder/" in hrefs
    html = client.get("/kompas/aanbieder/").content.decode()
    assert "/importeren/" in html  # the import is one step from "Mijn aanbod"


@pytest.mark.parametrize("role", ["partnership", "observer", "analyst", "secretariat"])
def test_the_dashboard_entry_opens_the_dashboard_for_its_readers(client, role):
    hrefs = _hrefs(client, role)
    assert "/dashboard/" in hrefs and "/dashboard/publiek/" not in hrefs


def test_visitors_and_learners_get_the_public_dashboard(client):
    assert "/dashboard/publiek/" in {h for h, _ in _menu_links(client.get("/").content.decode())}
    assert "/dashboard/publiek/" in _hrefs(client, "learner")


def test_the_secretariat_can_manage_the_plan_in_the_admin(client):
    user = _user("secretariat")
    assert user.is_staff and user.groups.filter(name="Secretariaat").exists()
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "/admin/actionplan/action/" in html and "/admin/dashboard/indicator/" in html
    assert client.get("/admin/actionplan/action/").status_code == 200
    assert client.get("/admin/people/person/").status_code == 403  # personal files stay out of the admin
    assert not user.has_perm("accounts.change_ledgertransaction")  # money changes only through the services


def test_a_new_secretariat_user_gets_the_rights_and_loses_them_with_the_role():
    user = User.objects.create_user("nieuw-secretariaat@example.test", "x-long-password-1", role="secretariat")
    assert user.is_staff and user.has_perm("actionplan.change_action")
    user = User.objects.get(pk=user.pk)
    user.role = "learner"
    user.save()
    user = User.objects.get(pk=user.pk)
    assert not user.groups.exists() and not user.has_perm("actionplan.change_action")


def test_the_secretariat_reaches_the_bookings_and_their_review_from_aanbieders(client):
    """Issue 16.17: the user guide sends the secretariat to "Inschrijvingen nakijken" from "Aanbieders"."""
    assert "/kompas/aanbieder/" in _hrefs(client, "secretariat")
    html = client.get("/kompas/aanbieder/").content.decode()
    assert 'href="/rekening/secretariaat/"' in html and 'href="/rekening/aanbieder/"' in html
    client.force_login(_user("provider"))
    assert 'href="/rekening/secretariaat/"' not in client.get("/kompas/aanbieder/").content.decode()
