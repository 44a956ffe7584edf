"""The action plan in the reader's language: English and French beside the Dutch source."""

from __future__ import annotations

import yaml
from django.utils import translation

from lifelong.actionplan.models import (
    Action,
    ActionStream,
    Barrier,
    ChangeRecord,
    Flagship,
    Level,
    Plan,
    TargetGroup,
    WorkingGroup,
)
from lifelong.actionplan.services import (
    MATRIX_FILE,
    PLAN_FILE,
    load_actionplan,
    save_barrier,
    update_action,
)
from lifelong.translations import localized


def test_flagships_actions_and_axes_follow_the_readers_language(action):
    flagship = Flagship.objects.get(number=1)
    with translation.override("en"):
        assert flagship.localized("name") == "Towards a knowledge agenda for LLL"
        assert action.localized("title") == "LLL dashboard"
        assert str(Level.objects.get(code="individu")) == "individual"
        assert str(ActionStream.objects.get(code="A")) == "A. building and sharing knowledge"
        assert Plan.objects.get().localized("title").startswith("Lifelong learning action plan")
    with translation.override("fr"):
        assert str(flagship) == "1. Vers un agenda de connaissances LLL"
        assert Barrier.objects.get(code="ind-cost").localized("name") == "Coût de la formation"
        assert TargetGroup.objects.get(code="ouderen").localized("name") == "travailleurs âgés (55+)"
    assert localized(flagship, "name") == "Naar een kennisagenda LLL"


def test_an_item_without_translation_shows_its_dutch_text(action):
    action.translations = {"en": {"title": "LLL dashboard"}}  # no French, no description in English
    with translation.override("fr"):
        assert action.localized("title") == action.title == "LLL-dashboard"
    with translation.override("en"):
        assert action.localized("description") == action.description


def test_a_new_dutch_title_drops_the_old_translations(users, action):
    assert action.translations["en"]["title"] == "LLL dashboard"
    with translation.override("en"):
        update_action(actor=users["secretariat"], action=action, why="titel nagekeken", title="LLL-dashboard (DWSE)",
                      levels=list(Level.objects.filter(code="individu")))
        assert Action.objects.get(pk=action.pk).localized("title") == "LLL-dashboard (DWSE)"
    # the history keeps Dutch names, also when the secretariat works in English
    change = ChangeRecord.objects.filter(action=action).first().changes
    assert change["levels"][1] == ["individu"]
    barrier = Barrier.objects.get(code="ind-cost")
    save_barrier(actor=users["secretariat"], why="scherper", fields={"name": "Prijs van de opleiding"}, barrier=barrier)
    with translation.override("en"):
        assert Barrier.objects.get(pk=barrier.pk).localized("name") == "Prijs van de opleiding"


def test_a_reload_refreshes_translations_and_an_untranslated_file_still_loads(action, tmp_path):
    Flagship.objects.filter(number=1).update(translations={})
    report = load_actionplan()
    assert report.created == {} and report.translated == 1
    with translation.override("en"):
        assert Flagship.objects.get(number=1).localized("name") == "Towards a knowledge agenda for LLL"
    assert load_actionplan().translated == 0  # idempotent

    plan, matrix = (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (PLAN_FILE, MATRIX_FILE))
    levels = plan["lll_matrix"]["dimensions"]["levels"]
    levels["items"] = [item["id"] for item in levels["items"]] + ["nieuw-niveau"]  # plain names, as before
    plan["flagships"][0]["actions"].append({"n": None, "nl": "een nieuwe actie zonder vertaling", "src": "serv"})
    for item in matrix["barriers"]:
        item.pop("en"), item.pop("fr")
    (tmp_path / "plan.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    (tmp_path / "matrix.yaml").write_text(yaml.safe_dump(matrix, allow_unicode=True), encoding="utf-8")
    report = load_actionplan(path=tmp_path / "plan.yaml", matrix_path=tmp_path / "matrix.yaml")
    assert report.created == {"niveaus": 1, "acties": 1}
    new = Action.objects.get(title="een nieuwe actie zonder vertaling")
    with translation.override("en"):
        assert new.localized("title") == "een nieuwe actie zonder vertaling"
        assert str(Level.objects.get(code="nieuw-niveau")) == "nieuw-niveau"
        assert Barrier.objects.get(code="ind-cost").localized("name") == "Cost of the training"  # none removed


def test_every_bundled_plan_item_has_english_and_french_texts():
    plan = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    matrix = yaml.safe_load(MATRIX_FILE.read_text(encoding="utf-8"))
    dims = plan["lll_matrix"]["dimensions"]
    items = [*dims["action_streams"]["items"], *dims["levels"]["items"], *plan["target_groups"],
             *plan["flagships"], *(a for f in plan["flagships"] for a in f.get("actions", [])),
             *matrix["barriers"], *matrix["priority_groups"], *matrix["working_groups"]]
    for item in items:
        assert isinstance(item, dict), f"{item!r} has no translations"
        for language in ("en", "fr"):
            assert str(item.get(language, "")).strip(), f"{item['nl']}: {language} is missing"
    for language in ("en", "fr"):
        assert plan["plan"][f"title_{language}"].strip()


def test_the_loaded_plan_is_translated_everywhere(action):
    for model in (Plan, ActionStream, Level, TargetGroup, Barrier, WorkingGroup, Flagship, Action):
        field = "title" if model in (Plan, Action) else "name"
        for obj in model.objects.all():
            for language in ("en", "fr"):
                assert obj.translations.get(language, {}).get(field), (model.__name__, str(obj), language)
