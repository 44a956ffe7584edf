from __future__ import annotations

import pytest

from lifelong.extraction import SkillExtractor, load_esco


@pytest.fixture(scope="session")
def taxonomy():
    return load_esco()


@pytest.fixture(scope="session")
def fast(taxonomy):
    return SkillExtractor(mode="fast").fit(taxonomy)


@pytest.fixture(scope="session")
def accurate(taxonomy, fast):
    # shares the fitted state written to disk by the fast extractor
    return SkillExtractor(mode="accurate").fit(taxonomy)


@pytest.fixture(scope="session")
def uri_of(taxonomy):
    by_label = {c.label("en"): c.uri for c in (*taxonomy.skills, *taxonomy.occupations)}
    return by_label.__getitem__
