"""The action plan seed: idempotent, marks what is inferred, keeps the secretariat's edits."""

from __future__ import annotations

from lifelong.actionplan.models import (
    Action,
    ActionStream,
    Barrier,
    Flagship,
    Level,
    Source,
    TargetGroup,
)
from lifelong.actionplan.services import load_actionplan, update_action


def test_seed_holds_seven_flagships_five_streams_four_levels(action):
    assert Flagship.objects.count() == 7
    assert ActionStream.objects.count() == 5
    assert list(Level.objects.values_list("code", flat=True)) == ["individu", "organisatie", "aanbod", "samenleving"]
    assert Action.objects.filter(code="VS7.4", title__contains="federale").exists()


def test_what_the_sources_do_not_state_is_marked_inferred(action):
    assert set(ActionStream.objects.values_list("src", flat=True)) == {Source.INFERRED}
    assert set(Level.objects.values_list("src", flat=True)) == {Source.INFERRED}
    assert "number" in Action.objects.get(code="VS4.1").inferred  # numbering: inferred in the yaml
    assert "wave" in Action.objects.get(code="VS5.1").inferred  # golf_assignment: inferred
    assert "levels" in action.inferred and "barriers" in action.inferred
    assert Barrier.objects.filter(src=Source.INFERRED).count() == Barrier.objects.count() >= 10


def test_under_represented_groups_with_rules_over_person_facts(action):
    groups = {g.code: g for g in TargetGroup.objects.filter(under_represented=True)}
    assert set(groups) == {"kortgeschoolden", "ouderen", "digibeten", "kmos", "sectoren-in-transitie"}
    assert groups["kortgeschoolden"].rule == {"education_level": ["low"]}
    assert groups["digibeten"].rule == {} and "niet te berekenen" in groups["digibeten"].rule_note


def test_load_twice_changes_nothing_and_keeps_edits(users, action):
    update_action(actor=users["secretariat"], action=action, why="titel nagekeken", title="LLL-dashboard (DWSE)")
    before = Action.objects.count(), Barrier.objects.count()
    report = load_actionplan()
    assert report.created == {}
    assert (Action.objects.count(), Barrier.objects.count()) == before
    assert Action.objects.get(pk=action.pk).title == "LLL-dashboard (DWSE)"
