"""Every change is versioned (who, when, why); each role may do only its part."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from lifelong.actionplan.models import (
    ActionStatus,
    Barrier,
    BudgetLine,
    ChangeRecord,
    Level,
    WorkingGroup,
)
from lifelong.actionplan.services import (
    Refused,
    add_comment,
    save_barrier,
    set_budget,
    update_action,
)


def test_secretariat_edit_writes_who_when_why(users, action):
    society = Level.objects.get(code="samenleving")
    individual = Level.objects.get(code="individu")
    update_action(actor=users["secretariat"], action=action, why="DWSE bevestigt de status",
                  status=ActionStatus.RUNNING, levels=[society, individual])
    record = ChangeRecord.objects.filter(action=action).first()
    assert record.actor == users["secretariat"] and record.why == "DWSE bevestigt de status" and record.at
    assert record.changes["status"] == ["unknown", "running"]
    assert set(record.changes["levels"][1]) == {"individu", "samenleving"}
    action.refresh_from_db()
    assert "levels" not in action.inferred  # confirmed by a person now


def test_change_without_why_is_refused(users, action):
    with pytest.raises(Refused, match="waarom"):
        update_action(actor=users["secretariat"], action=action, why="  ", title="x")


@pytest.mark.parametrize("role", ["partnership", "observer", "analyst", "learner", "employer", "provider",
                                  "counsellor"])
def test_only_the_secretariat_edits_an_action_outside_a_working_group(users, action, role):
    action.working_group = None
    action.save()
    with pytest.raises(Refused):
        update_action(actor=users[role], action=action, why="poging", title="x")


def test_working_group_member_edits_own_actions_only(users, action):
    from lifelong.actionplan.models import Action

    member = users["partnership"]
    wg = WorkingGroup.objects.get(code="wg-kennisagenda")
    wg.members.add(member)
    assert action.working_group == wg
    update_action(actor=member, action=action, why="werkgroep vult doelen in", goals="Een dashboard in 2026")
    other = Action.objects.get(code="VS6.x1")
    with pytest.raises(Refused):
        update_action(actor=member, action=other, why="niet mijn actie", goals="x")
    with pytest.raises(Refused):  # a learner in the group is still no partnership member
        learner = users["learner"]
        wg.members.add(learner)
        update_action(actor=learner, action=action, why="x", goals="y")


def test_budget_that_does_not_add_up_is_refused_with_reason(users, action):
    with pytest.raises(Refused, match="Uitgegeven"):
        set_budget(actor=users["secretariat"], action=action, year=2026, planned_cents=100_00,
                   committed_cents=50_00, spent_cents=60_00, why="test")
    with pytest.raises(Refused, match="eurocent"):
        set_budget(actor=users["secretariat"], action=action, year=2026, planned_cents=1.5,
                   committed_cents=0, spent_cents=0, why="test")
    line = set_budget(actor=users["secretariat"], action=action, year=2026, planned_cents=100_00,
                      committed_cents=50_00, spent_cents=20_00, why="begroting 2026")
    assert ChangeRecord.objects.filter(subject=f"actionplan.budgetline:{line.pk}", why="begroting 2026").exists()


def test_database_refuses_a_budget_that_does_not_add_up(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(action=action, year=2027, planned_cents=1, committed_cents=5, spent_cents=0)


@pytest.mark.parametrize("role,allowed", [("partnership", True), ("observer", True), ("secretariat", True),
                                          ("analyst", False), ("learner", False), ("employer", False)])
def test_who_comments(users, action, role, allowed):
    if allowed:
        assert add_comment(actor=users[role], action=action, text="Graag cijfers per provincie").pk
    else:
        with pytest.raises(Refused):
            add_comment(actor=users[role], action=action, text="x")


def test_barrier_taxonomy_is_editable_by_the_secretariat_only(users):
    b = save_barrier(actor=users["secretariat"], why="uit de OESO-studie", fields={
        "code": "ind-childcare", "name": "Geen kinderopvang", "actor": "individual", "type": "situational"})
    assert Barrier.objects.get(code="ind-childcare").src == "secretariat"
    assert ChangeRecord.objects.filter(subject=f"actionplan.barrier:{b.pk}", verb="create").exists()
    with pytest.raises(Refused):
        save_barrier(actor=users["partnership"], why="x", barrier=b, fields={"name": "y"})
    with pytest.raises(Refused):  # invalid actor is refused, not stored
        save_barrier(actor=users["secretariat"], why="x", barrier=b, fields={"actor": "martians"})
