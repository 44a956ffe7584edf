"""Every page and API operation × the 8 roles and an anonymous visitor, against the table in
lifelong/users/access_rules.py; and the object-level rules (someone else's plan, booking, catalogue)."""

from __future__ import annotations

import base64
import uuid

import pytest
from django.test import Client

from lifelong.demo.services import DEMO_DOMAIN
from lifelong.users.access_rules import OBJECT_RULES, RULES
from lifelong.users.models import Role, User
from tests.accounts.conftest import make_person, schemes  # noqa: F401 - fixture

from .access_probe import api_routes, outcome, page_routes

pytestmark = pytest.mark.django_db
TABLE = "src/lifelong/users/access_rules.py"


def demo(role: str) -> User:
    return User.objects.get(email=f"{role}@{DEMO_DOMAIN}")


def request(client, route):
    if route.method == "GET":
        return client.get(route.path)
    return getattr(client, route.method.lower())(route.path, data="{}", content_type="application/json")


def test_every_route_has_a_rule_and_every_role_gets_what_the_rule_says(esco, settings):
    settings.CREDENTIAL_SIGNING_KEY = base64.b64encode(b"k" * 32).decode()  # the credential pages need a key
    routes = page_routes() + api_routes()
    missing = [f"{r.method} {r.path}  (name {r.name!r})" for r in routes if r.name not in RULES]
    assert not missing, (f"these URLs have no access rule; add a row to {TABLE}:\n  " + "\n  ".join(missing))
    stale = sorted(set(RULES) - {r.name for r in routes})
    assert not stale, f"rules for routes that no longer exist (remove them from {TABLE}): {stale}"

    clients = {"anonymous": Client()}
    for role in Role:
        clients[role.value] = Client()
        clients[role.value].force_login(demo(role.value))
    wrong = []
    for route in routes:
        rule = RULES[route.name]
        for who, client in clients.items():
            got = outcome(request(client, route))
            if got != rule.expected(who):
                wrong.append(f"{route.method} {route.path} ({route.name}) as {who}: expected {rule.expected(who)}, got {got}")
    assert not wrong, f"{len(wrong)} role × route results differ from {TABLE}:\n  " + "\n  ".join(wrong)


# -- objects that are not yours ---------------------------------------------------------------------------------
def _other_learner():
    user = User.objects.create_user(f"ander-{uuid.uuid4().hex[:8]}@example.test", "leren-is-fijn-2026",
                                    role=Role.LEARNER)
    person = make_person(user=user)
    return user, person


def _other_provider():
    from lifelong.catalogue.models import Provider

    return Provider.objects.create(name=f"Andere academie {uuid.uuid4().hex[:6]}", kind="private",
                                   province="BE21", postcode="2000", quality_status="registered")


def _booking_at_another_provider():
    from datetime import date

    from lifelong.accounts import services
    from lifelong.catalogue.booking import compass_offer
    from lifelong.catalogue.services import save_offer

    user, person = _other_learner()
    services.accrue_year(on=date.today(), person_ids=[person.pk])
    provider = _other_provider()
    staff = User.objects.create_user(f"p-{uuid.uuid4().hex[:8]}@example.test", "leren-is-fijn-2026",
                                     role=Role.PROVIDER)
    provider.staff.add(staff)
    offer = save_offer(user=staff, provider=provider, categories=[], competences=[], sessions=[],
                       schemes=["opleidingscheques"],
                       values={"title": "Lassen TIG", "postcode": "2000", "price_cents": 60000, "hours": 40})
    from tests.conftest import approved

    offer = approved(offer)
    return services.book_offer(user=user, password="leren-is-fijn-2026", person=person,
                               offer=compass_offer(person, offer, date.today()), on=date.today(),
                               idempotency_key=uuid.uuid4().hex)


def case_paths(case: str, route: str):
    """(method, path, check-after) for each object case in the table."""
    if case == "another learner's development plan":
        from lifelong.people import services

        user, person = _other_learner()
        plan = services.create_plan(user=user, person=person, title="Mijn plan")
        if route == "api:approve_plan":
            def not_approved():
                plan.refresh_from_db()
                assert plan.approved_at is None, "another learner's plan was approved"

            return "POST", f"/api/v1/people/plans/{plan.pk}/approve", not_approved
        if route in ("api:add_activity", "api:put_in_plan"):
            def no_activity():
                assert not plan.activities.exists(), "an activity was added to another learner's plan"

            if route == "api:put_in_plan":
                from lifelong.catalogue.models import Offer

                offer = Offer.objects.filter(is_active=True).first()
                return "POST", f"/api/v1/compass/recommendations/plans/{plan.pk}/offers/{offer.pk}", no_activity
            return ("POST", f"/api/v1/people/plans/{plan.pk}/activities", no_activity,
                    {"kind": "training", "title": "Iets leren"})
        return "GET", f"/loopbaan/pop/{plan.pk}/", None
    if case == "another learner's competence check":
        from lifelong.people import services
        from lifelong.people.models import CompetenceCheck
        from lifelong.taxonomy.models import OccupationSkill

        user, person = _other_learner()
        occupation = OccupationSkill.objects.filter(relevance="essential").select_related("occupation").first()
        check = services.start_check(user=user, person=person, occupation_uri=occupation.occupation.uri)

        def still_open():
            assert CompetenceCheck.objects.get(pk=check.pk).completed_at is None, "another learner's check finished"

        return "POST", f"/api/v1/people/checks/{check.pk}/finish", still_open
    if case == "another learner's evidence":
        from lifelong.people import services
        from lifelong.people.models import Evidence
        from lifelong.taxonomy.models import Concept

        user, person = _other_learner()
        skill = Concept.objects.filter(concept_type="skill").first()
        evidence = services.record_evidence(user=user, person=person, skill_uri=skill.uri, kind="witness",
                                            description="Twee jaar gedaan", witness_name="An")

        def still_there():
            assert Evidence.objects.filter(pk=evidence.pk).exists(), "another learner's evidence was removed"

        return "DELETE", f"/api/v1/people/evidence/{evidence.pk}", still_there
    if case == "a person who gave this counsellor no consent":
        _user, person = _other_learner()
        path = {"api:person_overview": f"/api/v1/people/{person.pk}/overview",
                "people:guide_person": f"/loopbaan/begeleiding/persoon/{person.pk}/"}[route]
        return "GET", path, None
    if case == "another provider's booking":
        booking = _booking_at_another_provider()
        path = {"accounts:confirm": f"/rekening/inschrijving/{booking.pk}/aanwezig/",
                "api:confirm": f"/api/v1/accounts/bookings/{booking.pk}/confirm"}[route]
        status = booking.status

        def unchanged():
            booking.refresh_from_db()
            assert booking.status == status, "another provider's booking changed"

        return "POST", path, unchanged
    if case == "another provider's catalogue":
        provider = _other_provider()
        if route == "api:provider_offers":
            return "GET", f"/api/v1/provider/providers/{provider.pk}/offers", None
        if route == "api:create_offer":
            def no_offer():
                assert not provider.offers.exists(), "an offer was added to another provider's catalogue"

            return "POST", f"/api/v1/provider/providers/{provider.pk}/offers", no_offer, {"title": "Lassen"}
        return "GET", f"/kompas/aanbieder/{provider.pk}/nieuw/", None
    raise AssertionError(f"no test case for {case!r}: add it to case_paths in {__file__}")


@pytest.mark.parametrize("rule", OBJECT_RULES, ids=lambda r: f"{r.route}-{r.actor}")
def test_objects_of_someone_else_are_refused_or_not_found(esco, schemes, rule):  # noqa: F811
    assert rule.route in RULES, f"object rule for an unknown route {rule.route}"
    method, path, after, *body = case_paths(rule.case, rule.route)
    client = Client()
    client.force_login(demo(rule.actor))
    response = client.get(path) if method == "GET" else getattr(client, method.lower())(
        path, data=body[0] if body else None, content_type="application/json")
    assert response.status_code in rule.expected, (rule.case, path, response.status_code)
    if after:
        after()
