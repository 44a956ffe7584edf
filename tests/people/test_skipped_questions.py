"""Issue 16.1: a skipped check question is unknown, not forgotten: the progress counts it apart, the result
lists it with a way to answer it later, and an essential skill left unanswered is a possible gap in the plan."""

from __future__ import annotations

from lifelong.people import selectors, services
from lifelong.people.models import CheckAnswer, Mastery


def _answer_all_but(learner, check, skipped: set[int]):
    for a in check.answers.order_by("position"):
        services.answer_question(user=learner, check=check, position=a.position,
                                 rating=None if a.position in skipped else Mastery.ON_MY_OWN)


def test_progress_counts_skipped_questions_apart(learner, person, cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    services.answer_question(user=learner, check=check, position=1, rating=4)
    services.answer_question(user=learner, check=check, position=2, rating=None)
    progress = selectors.check_progress(check)
    assert (progress["essential_answered"], progress["essential_skipped"], progress["essential_done"]) == (1, 1, 2)


def test_question_page_says_how_many_were_skipped(client, learner, person, cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    total = check.answers.filter(essential=True).count()
    services.answer_question(user=learner, check=check, position=1, rating=4)
    services.answer_question(user=learner, check=check, position=2, rating=None)
    client.force_login(learner)
    html = client.get(f"/loopbaan/check/{check.pk}/").content.decode()
    assert f"1 van {total} belangrijke vragen beantwoord, 1 overgeslagen" in html
    assert 'value="1"' in html.split("<progress", 1)[1].split(">", 1)[0]  # the bar shows answers only


def test_skipped_essential_skill_is_shown_as_unknown_and_becomes_a_possible_gap(client, learner, person, cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    essential = list(check.answers.filter(essential=True).order_by("position").values_list("position", "skill_id"))
    skipped_pos, skipped_skill = essential[0]
    _answer_all_but(learner, check, {skipped_pos})
    services.complete_check(user=learner, check=check)
    result = selectors.check_result(learner, check)
    assert [a.skill_id for a in result.score.possible_gaps] == [skipped_skill]
    assert skipped_skill not in {a.skill_id for a in result.score.strengths + result.score.gaps}

    client.force_login(learner)
    html = client.get(f"/loopbaan/check/{check.pk}/resultaat/").content.decode()
    assert "Nog niet beantwoord: onbekend" in html and "mogelijk leerpunt" in html
    assert str(result.labels[skipped_skill]) in html.split("Nog niet beantwoord", 1)[1]
    assert f"/loopbaan/check/{check.pk}/overgeslagen/" in html  # answer it later

    plan = services.create_plan_from_check(user=learner, check=check)
    row = plan.competences.get(skill_id=skipped_skill)
    assert row.current_level is None and row.target_level == Mastery.ON_MY_OWN


def test_skipped_questions_can_be_answered_later(client, learner, person, cook):
    check = services.start_check(user=learner, person=person, occupation_uri=cook.uri)
    _answer_all_but(learner, check, {2})
    services.complete_check(user=learner, check=check)
    client.force_login(learner)
    response = client.post(f"/loopbaan/check/{check.pk}/overgeslagen/")
    assert response["Location"] == f"/loopbaan/check/{check.pk}/"
    check.refresh_from_db()
    assert check.completed_at is None
    assert selectors.next_question(check).position == 2  # the skipped question comes back
    client.post(f"/loopbaan/check/{check.pk}/", {"action": "answer", "position": 2, "rating": 1})
    answer = CheckAnswer.objects.get(check_run=check, position=2)
    assert answer.rating == 1 and not answer.skipped
