def test_seed_gives_synthetic_people_claims_checks_plans_and_evidence(db, esco):
    from lifelong.people.models import (
        CompetenceCheck,
        CompetenceClaim,
        DevelopmentPlan,
        Evidence,
        Person,
    )

    synthetic = Person.objects.filter(is_synthetic=True)
    assert CompetenceClaim.objects.filter(person__in=synthetic).count() > 100
    assert CompetenceCheck.objects.filter(person__in=synthetic, completed_at__isnull=False).count() > 10
    assert DevelopmentPlan.objects.filter(person__in=synthetic).exists()
    assert Evidence.objects.filter(claim__person__in=synthetic).exists()
    first = synthetic.order_by("id").first()
    assert first.experiences.exists() and not first.checks.exists()  # the demo learner runs the check


def test_api_schema_lists_the_career_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/people/me/overview" in paths
    assert "/api/v1/credentials/{credential_id}/verification" in paths
