"""Synthetic Flanders is deterministic, plausible and clearly fictitious."""

from __future__ import annotations

from collections import Counter

import pytest

from lifelong.demo.synthetic import PROVINCE_WEIGHTS, generate


def test_same_seed_same_world_other_seed_other_world():
    assert generate("small", seed=7) == generate("small", seed=7)
    assert generate("small", seed=7).people != generate("small", seed=8).people


def test_unknown_scale_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown scale"):
        generate("huge")


def test_distributions_follow_the_published_shares():
    world = generate("medium", seed=1)
    n = len(world.people)
    shares = Counter(p.province for p in world.people)
    total_weight = sum(PROVINCE_WEIGHTS.values())
    for province, weight in PROVINCE_WEIGHTS.items():
        assert abs(shares[province] / n - weight / total_weight) < 0.02
    working_age = [p for p in world.people if 2026 - p.birth_year <= 64]
    low = sum(p.education_level == "low" for p in working_age) / len(working_age)
    assert 0.10 < low < 0.25
    employed = sum(p.labour_status in ("employed", "self_employed") for p in working_age) / len(working_age)
    assert 0.65 < employed < 0.85
    # employees work for an organisation of their sector
    orgs = {o.key: o for o in world.organisations}
    for p in world.people:
        if p.employer_key is not None:
            assert orgs[p.employer_key].nace_section == p.sector


def test_everything_is_marked_fictitious():
    world = generate("small")
    assert all("(fictief)" in o.name for o in world.organisations)
    assert all(o.enterprise_number.startswith("099") for o in world.organisations)
    assert all(97 - int(o.enterprise_number[:8]) % 97 == int(o.enterprise_number[8:]) for o in world.organisations)


@pytest.mark.django_db
def test_seeding_replaces_only_synthetic_records(esco):
    from lifelong.demo.services import seed_demo
    from lifelong.people.models import Person

    real = Person.objects.create(given_name="Echt", family_name="Persoon", birth_year=1980, sex="F",
                                 education_level="medium", labour_status="employed", province="BE21",
                                 postcode="2000")
    report = seed_demo(scale="small", seed=3)
    assert Person.objects.filter(is_synthetic=True).count() == report.people == 500
    seed_demo(scale="small", seed=3)
    assert Person.objects.filter(is_synthetic=True).count() == 500
    assert Person.objects.filter(pk=real.pk).exists()
