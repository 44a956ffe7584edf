from lifelong.people.engine import Answer, score_check


def test_match_percent_counts_only_essential_skills_mastered_on_your_own():
    score = score_check([Answer(1, True, 4), Answer(2, True, 3), Answer(3, True, 2), Answer(4, True, None, True),
                         Answer(5, False, 4)])
    assert score.essential_total == 4
    assert score.essential_strong == 2
    assert score.match_percent == 50
    assert [a.skill_id for a in score.strengths] == [1, 2, 5]
    assert [a.skill_id for a in score.gaps] == [3]
    assert [a.skill_id for a in score.unanswered] == [4]


def test_gaps_list_essential_and_weakest_first():
    score = score_check([Answer(1, False, 1), Answer(2, True, 2), Answer(3, True, 1)])
    assert [a.skill_id for a in score.gaps] == [3, 2, 1]


def test_an_occupation_without_essential_skills_has_no_match_percent():
    assert score_check([Answer(1, False, 4)]).match_percent is None
    assert score_check([]).match_percent is None
