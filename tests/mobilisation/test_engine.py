"""The segment rule language, message templates and the effect with its interval (pure, no database)."""

from __future__ import annotations

import pytest

from lifelong.mobilisation import engine


def test_a_good_rule_passes_and_is_evaluated():
    rule = {"all": [{"fact": "age", "op": ">=", "value": 55},
                    {"any": [{"fact": "education_level", "op": "=", "value": "low"},
                             {"fact": "has_booking", "op": "=", "value": False}]}]}
    engine.validate(rule)
    assert engine.evaluate(rule, {"age": 60, "education_level": "high", "has_booking": False})
    assert not engine.evaluate(rule, {"age": 54, "education_level": "low", "has_booking": False})
    assert not engine.evaluate(rule, {"age": 60, "education_level": "high", "has_booking": True})


@pytest.mark.parametrize("rule, words", [
    ({"all": [{"fact": "shoe_size", "op": "=", "value": 42}]}, "onbekend gegeven 'shoe_size'"),
    ({"all": [{"fact": "age", "op": "in", "value": [1]}]}, "neemt de bewerkingen"),
    ({"all": [{"fact": "age", "op": ">=", "value": "55"}]}, "geheel getal"),
    ({"all": [{"fact": "has_plan", "op": "=", "value": "ja"}]}, "true of false"),
    ({"all": [{"fact": "education_level", "op": "=", "value": "phd"}]}, "'phd' is geen waarde"),
    ({"all": []}, "niet-lege lijst"),
    ({"fact": "age", "op": ">=", "value": 55, "extra": 1}, "onbekende sleutels"),
    ("age > 55", "verwacht"),
])
def test_a_bad_rule_is_refused_with_its_place_and_reason(rule, words):
    with pytest.raises(engine.RuleError) as exc:
        engine.validate(rule)
    assert words in str(exc.value)


def test_every_problem_is_listed_not_only_the_first():
    with pytest.raises(engine.RuleError) as exc:
        engine.validate({"any": [{"fact": "x", "op": "=", "value": 1}, {"fact": "age", "op": "<", "value": -3}]})
    assert len(exc.value.reasons) == 2 and "regel.any[1]" in exc.value.reasons[0]


def test_rights_expire_within_days_needs_a_right():
    rule = {"fact": "rights_expire_within_days", "op": "<=", "value": 60}
    assert engine.evaluate(rule, {"rights_expire_within_days": 26})
    assert not engine.evaluate(rule, {"rights_expire_within_days": 61})
    assert not engine.evaluate(rule, {"rights_expire_within_days": None})


def test_templates_know_two_variables():
    assert engine.template_problems("Dag {{ first_name }}, {{ link }}") == []
    assert "onbekende variabele '{{ naam }}'" in engine.template_problems("Dag {{ naam }}")[0]
    assert engine.template_problems("Dag {{ first_name }")
    assert engine.render("Dag {{first_name}}: {{ link }}", first_name="An", link="L") == "Dag An: L"


def test_effect_and_its_interval():
    e = engine.effect(acted=60, targeted=300, holdout_acted=3, holdout=60)
    assert e.difference == pytest.approx(0.15, abs=1e-4)
    lo, hi = e.ci95
    assert lo < 0.15 < hi and lo > 0.05 and hi < 0.25
    assert engine.effect(5, 100, 5, 100).ci95[0] < 0 < engine.effect(5, 100, 5, 100).ci95[1]
    assert engine.effect(3, 10, 0, 0) == engine.Effect(None, None)


def test_the_holdout_draw_is_stable_and_near_its_share():
    draws = [engine.in_holdout(pid, 7, 0.1) for pid in range(1, 20001)]
    assert 0.09 < sum(draws) / len(draws) < 0.11
    assert draws == [engine.in_holdout(pid, 7, 0.1) for pid in range(1, 20001)]
    assert not any(engine.in_holdout(pid, 7, 0.0) for pid in range(1, 1000))
