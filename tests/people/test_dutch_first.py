"""Dutch first (issue 18.5): a Dutch reader is not asked about an English-only skill when a skill with a Dutch
(ESCO or Competent) name means the same or nearly so; CV suggestions follow the same rule."""

from __future__ import annotations

import pytest

from lifelong.people import cv_services, services
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import labels_of, named_equivalents

pytestmark = pytest.mark.django_db

HEFTRUCKCHAUFFEUR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"


def english_names(skill_ids, language="nl") -> list[str]:
    return [str(label) for label in labels_of(skill_ids, language).values() if label.fallback]


def test_the_heftruckchauffeur_check_asks_by_dutch_names(learner, person):
    occupation = Concept.objects.get(uri=HEFTRUCKCHAUFFEUR)
    before = list(occupation.skill_links.filter(skill__concept_type=ConceptType.SKILL).values_list("skill_id", flat=True))
    check = services.start_check(user=learner, person=person, occupation_uri=HEFTRUCKCHAUFFEUR)
    asked = list(check.answers.values_list("skill_id", flat=True))
    english_before, english_after = english_names(before), english_names(asked)
    print(f"\nheftruckchauffeur: {len(english_before)} of {len(before)} skills have English names only; "
          f"the check asks {len(english_after)} of {len(asked)} questions by English names")
    assert len(english_after) < len(english_before)
    asked_en = set(Concept.objects.filter(id__in=asked).values_list("label_en", flat=True))
    # the same or a close concept with a Dutch name is asked instead …
    assert {"work in teams", "company policies"} <= asked_en
    assert not {"work in a logistics team", "apply company policies"} & asked_en
    # … but never a look-alike that does something else ("use a telecine" for "use telescopic handlers")
    assert "use telescopic handlers" in asked_en and "use a telecine" not in asked_en
    # no English-only question is left that has a Dutch-named equivalent
    assert not named_equivalents(asked, "nl")
    # every essential skill is still asked about, by itself or by its Dutch-named equivalent
    swap = named_equivalents(before, "nl")
    essential = set(occupation.skill_links.filter(relevance="essential").values_list("skill_id", flat=True))
    assert {swap.get(s, s) for s in essential} <= set(check.answers.filter(essential=True).values_list("skill_id", flat=True))


def test_an_english_reader_gets_the_occupations_own_skills(learner, person):
    occupation = Concept.objects.get(uri=HEFTRUCKCHAUFFEUR)
    own = set(occupation.skill_links.filter(skill__concept_type=ConceptType.SKILL).values_list("skill_id", flat=True))
    check = services.start_check(user=learner, person=person, occupation_uri=HEFTRUCKCHAUFFEUR, language="en")
    assert set(check.answers.values_list("skill_id", flat=True)) == own


def test_cv_suggestions_prefer_the_dutch_named_equivalent():
    skills = Concept.objects.filter(concept_type=ConceptType.SKILL)
    english_only = [c for c in skills.filter(occupation_links__occupation__uri=HEFTRUCKCHAUFFEUR)
                    if labels_of([c.id], "nl")[c.id].fallback]
    swap = named_equivalents([c.id for c in english_only], "nl")
    assert swap, "the heftruckchauffeur has English-only skills with a Dutch-named equivalent"
    cid, named = next(iter(swap.items()))
    uri, named_uri = Concept.objects.get(id=cid).uri, Concept.objects.get(id=named).uri
    rows = [{"uri": uri, "score": 0.9, "evidence": "a"}, {"uri": named_uri, "score": 0.5, "evidence": "b"}]
    assert cv_services.prefer_named_suggestions(rows, "nl") == [{"uri": named_uri, "score": 0.9, "evidence": "a"}]
    assert cv_services.prefer_named_suggestions(rows, "en") == rows


def test_the_overview_suggests_the_dutch_named_equivalents_of_a_job(person):
    from datetime import date

    from lifelong.people.models import WorkExperience
    from lifelong.people.selectors import suggestions_from_experience

    occupation = Concept.objects.get(uri=HEFTRUCKCHAUFFEUR)
    experience = WorkExperience.objects.create(person=person, occupation=occupation, started_on=date(2020, 1, 1))
    essential = list(occupation.skill_links.filter(relevance="essential", skill__concept_type=ConceptType.SKILL)
                     .values_list("skill_id", flat=True))
    swap = named_equivalents(essential, "nl")
    shown = [skill.id for skill, _label, _occ in suggestions_from_experience(person, [experience], "nl", 100)]
    assert not named_equivalents(shown, "nl")  # nothing shown by an English name that has a Dutch-named equivalent
    assert {swap.get(s, s) for s in essential} == set(shown)
    assert len(english_names(shown)) == len(english_names(essential)) - len(swap)
