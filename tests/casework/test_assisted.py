"""14.5 assisted mode: the short check (≤ 15 questions from the person's occupation), one question per screen,
check → plan → training; readability of every assisted-mode text; page weight; nothing cached; sign-out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lifelong.casework.assisted import ANSWERS, MAX_QUESTIONS
from lifelong.people.models import CompetenceCheck, DevelopmentPlan, WorkExperience

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "src/lifelong/casework/templates/casework/assisted"
STATIC = Path(__file__).resolve().parents[2] / "src/lifelong/casework/static/casework"


def assisted_texts() -> list[str]:
    """Every Dutch text of the assisted mode: the templates' translated strings and the answer buttons."""
    texts = []
    for path in sorted(TEMPLATES.glob("*.html")):
        source = path.read_text()
        texts += re.findall(r'{% translate "([^"]+)" %}', source)
        texts += [re.sub(r"{{[^}]+}}", "X", t) for t in
                  re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", source, re.S)]
    texts += [words for _r, _i, words in ANSWERS]
    return texts


def test_every_assisted_text_is_short_and_plain():
    texts = assisted_texts()
    assert len(texts) > 20
    sentences = [s for t in texts for s in re.split(r"[.!?:]+", t) if s.strip()]
    words = [re.sub(r"[^\w'-]", "", w) for s in sentences for w in s.split()]
    assert sum(len(s.split()) for s in sentences) / len(sentences) <= 12
    assert all(len(s.split()) <= 15 for s in sentences), [s for s in sentences if len(s.split()) > 15]
    assert not [w for w in words if len(w) > 20]


@pytest.fixture
def cook_person(learner, person, esco):
    from datetime import date

    from lifelong.taxonomy.models import Occupation

    WorkExperience.objects.create(person=person, occupation=Occupation.objects.get(label_en="cook"),
                                  started_on=date(2015, 1, 1))
    return learner, person


def test_check_plan_training_one_question_per_screen_at_most_15(client, cook_person):
    learner, person = cook_person
    client.force_login(learner)
    start = client.get("/begeleiden/eenvoudig/check/")
    assert start.status_code == 200 and "no-store" in start["Cache-Control"]
    html = start.content.decode()
    assert "<textarea" not in html and 'type="text"' not in html  # no free text
    occupation_id = re.search(r'name="occupation" value="(\d+)"', html).group(1)
    first = client.post("/begeleiden/eenvoudig/check/", {"occupation": occupation_id})
    check = CompetenceCheck.objects.get(person=person)
    assert first.status_code == 302 and check.answers.count() == MAX_QUESTIONS
    assert check.answers.filter(essential=True).count() == MAX_QUESTIONS  # a cook has more essentials than 15
    for i in range(MAX_QUESTIONS):
        page = client.get(f"/begeleiden/eenvoudig/check/{check.pk}/")
        assert f"Vraag {i + 1} van {MAX_QUESTIONS}" in page.content.decode()
        assert page.content.decode().count('name="rating"') == 5  # four answers and "Ik weet het niet"
        client.post(f"/begeleiden/eenvoudig/check/{check.pk}/", {"rating": str(1 + i % 4)})
    done = client.get(f"/begeleiden/eenvoudig/check/{check.pk}/")
    assert done.status_code == 302 and done.url.endswith("/klaar/")
    check.refresh_from_db()
    assert check.completed_at is not None
    result = client.get(done.url).content.decode()
    assert "Dit kan je nog leren" in result
    made = client.post(done.url)
    plan = DevelopmentPlan.objects.get(person=person)
    assert made.url.endswith(f"/eenvoudig/plan/{plan.pk}/")
    assert "Ja, dit is mijn plan" in client.get(made.url).content.decode()
    client.post(made.url)
    plan.refresh_from_db()
    assert plan.approved_at is not None


def test_every_assisted_page_weighs_under_100_kb_with_its_css_and_js(client, cook_person):
    learner, person = cook_person
    client.force_login(learner)
    css_js = sum((STATIC / name).stat().st_size for name in ("assisted.css", "assisted.js"))
    client.post("/begeleiden/eenvoudig/check/", {"occupation": str(
        WorkExperience.objects.get(person=person).occupation_id)})
    check = CompetenceCheck.objects.get(person=person)
    urls = ["/begeleiden/eenvoudig/", "/begeleiden/eenvoudig/check/", f"/begeleiden/eenvoudig/check/{check.pk}/"]
    for url in urls:
        html = client.get(url).content
        assert b"<script>" not in html and b" onclick=" not in html  # no inline script (a strict CSP is coming)
        assert b"/static/web/" not in html  # not the full site's CSS and htmx
        assert len(html) + css_js < 100_000, (url, len(html) + css_js)


def test_leaving_signs_out_and_only_learners_use_assisted_mode(client, cook_person):
    from .conftest import make_user

    learner, _person = cook_person
    client.force_login(learner)
    assert client.post("/begeleiden/eenvoudig/weg/", {"beacon": "1"}).status_code == 204
    assert client.get("/begeleiden/eenvoudig/").status_code == 302  # signed out: to the login page
    client.force_login(make_user("counsellor"))
    assert client.get("/begeleiden/eenvoudig/").status_code == 403
