"""Every write to the action plan: one function per use case, actor first, a 'why' for each change."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from lifelong import errors
from lifelong.translations import drop_translations, refresh_translations, translations_from

from . import permissions
from .models import (
    Action,
    ActionStream,
    AdviceLink,
    Barrier,
    BudgetLine,
    ChangeRecord,
    Comment,
    Flagship,
    Level,
    Milestone,
    Plan,
    Source,
    Stakeholder,
    TargetGroup,
    WorkingGroup,
)

DATA = Path(__file__).resolve().parent / "data"
PLAN_FILE = DATA / "actionplan.yaml"
MATRIX_FILE = DATA / "matrix.yaml"

ACTION_FIELDS = ("title", "description", "goals", "status", "status_note", "wave", "procurement", "working_group")
ACTION_M2M = ("levels", "barriers", "target_groups", "owners", "partners")
BARRIER_FIELDS = ("name", "actor", "type", "description", "grounding")


class Refused(errors.Refused):
    """A write the rules do not allow; ``reason`` is for the person who asked."""


def _why(why: str) -> str:
    why = (why or "").strip()
    if not why:
        raise Refused(_("Geef aan waarom je dit wijzigt."))
    return why


def _plain(value):
    """A JSON-safe form of a field value for the history (objects by name, numbers and dates as text)."""
    if isinstance(value, Decimal | date):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(str(v) for v in value)
    return value


def record_change(*, actor, subject, verb: str, why: str, changes: dict, action: Action | None = None) -> ChangeRecord:
    """The history row of one change (called inside the service's transaction)."""
    label = f"{subject._meta.label_lower}:{subject.pk}"
    with translation.override("nl"):  # the history keeps objects by their Dutch names, whoever reads it
        plain = {k: [_plain(a), _plain(b)] for k, (a, b) in changes.items()}
    return ChangeRecord.objects.create(subject=label, action=action, verb=verb, actor=actor, why=_why(why),
                                       changes=plain)


def record_edit(*, actor, obj, values: dict, fields, m2m=(), why: str, verb: str = "update",
                action: Action | None = None, before_save=None, empty_as_none: bool = False) -> dict:
    """The audited field-by-field edit, inside the caller's transaction: compare ``values`` with the
    object's ``fields`` (and many-to-many ``m2m``); when anything differs, let ``before_save(obj, changes)``
    adjust the object, drop the stale translations, validate (``Refused`` with the model's messages),
    save, and keep the change with its 'why' (an empty old value kept as None with ``empty_as_none``).
    Returns the changes (empty: nothing was written)."""
    why = _why(why)
    changes = {}
    for name in fields:
        if name in values and getattr(obj, name) != values[name]:
            old = getattr(obj, name)
            changes[name] = (old or None if empty_as_none else old, values[name])
            setattr(obj, name, values[name])
    relations = {}
    for name in m2m:
        if name in values:
            before = set(getattr(obj, name).all()) if obj.pk else set()
            after = set(values[name])
            if before != after:
                changes[name] = (before, after)
                relations[name] = after
    if not changes:
        return changes
    if before_save:
        before_save(obj, changes)
    drop_translations(obj, changes)  # an English or French text of the old Dutch no longer fits
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise Refused("; ".join(exc.messages)) from exc
    obj.save()
    for name, objs in relations.items():
        getattr(obj, name).set(objs)
    record_change(actor=actor, subject=obj, verb=verb, why=why, changes=changes, action=action)
    return changes


@transaction.atomic
def update_action(*, actor, action: Action, why: str, **values) -> Action:
    """Change an action's fields and axes; a field the secretariat sets is no longer 'inferred'.
    Only the secretariat hands an action to another working group: a working group's edit keeps it."""
    if not permissions.can_edit_action(actor, action):
        raise Refused(_("Je mag deze actie niet wijzigen."))
    unknown = set(values) - set(ACTION_FIELDS) - set(ACTION_M2M)
    if unknown:
        raise ValueError(f"unknown action fields: {sorted(unknown)}")
    if not permissions.can_edit_plan(actor):
        values.pop("working_group", None)
    action = Action.objects.select_for_update().get(pk=action.pk)

    def no_longer_inferred(obj, changes):
        obj.inferred = [f for f in obj.inferred if f not in changes]

    record_edit(actor=actor, obj=action, values=values, fields=ACTION_FIELDS, m2m=ACTION_M2M, why=why,
                action=action, before_save=no_longer_inferred)
    return action


@transaction.atomic
def set_budget(*, actor, action: Action, year: int, planned_cents: int, committed_cents: int, spent_cents: int,
               why: str, note: str = "") -> BudgetLine:
    """Set the budget of one year of an action (euro cents); refused when it does not add up."""
    if not permissions.can_edit_action(actor, action):
        raise Refused(_("Je mag het budget van deze actie niet wijzigen."))
    why = _why(why)
    for amount in (planned_cents, committed_cents, spent_cents):
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise Refused(_("Bedragen zijn gehele aantallen eurocent."))
    line = BudgetLine.objects.filter(action=action, year=year).first() or BudgetLine(action=action, year=year)
    before = (line.planned_cents, line.committed_cents, line.spent_cents) if line.pk else (None, None, None)
    line.planned_cents, line.committed_cents, line.spent_cents = planned_cents, committed_cents, spent_cents
    line.note = note
    line.src = Source.SECRETARIAT
    try:
        line.full_clean()
    except ValidationError as exc:
        raise Refused("; ".join(exc.messages)) from exc
    line.save()
    names = ("planned_cents", "committed_cents", "spent_cents")
    record_change(actor=actor, subject=line, verb="budget", why=why, action=action,
                  changes={f"{year}.{n}": (b, a) for n, b, a in zip(names, before, (planned_cents, committed_cents,
                                                                                     spent_cents), strict=True)
                           if b != a})
    return line


@transaction.atomic
def stakeholders_named(*, actor, names: list[str]) -> list[Stakeholder]:
    """The owners or partners with these names, created when new (for the action form)."""
    if not permissions.can_read(actor):
        raise Refused(_("Je mag geen actoren toevoegen."))
    return [Stakeholder.objects.get_or_create(name=name[:200])[0] for name in names]


@transaction.atomic
def add_milestone(*, actor, action: Action, title: str, due: date | None, why: str) -> Milestone:
    if not permissions.can_edit_action(actor, action):
        raise Refused(_("Je mag deze actie niet wijzigen."))
    milestone = Milestone(action=action, title=title.strip(), due=due)
    try:
        milestone.full_clean()
    except ValidationError as exc:
        raise Refused("; ".join(exc.messages)) from exc
    milestone.save()
    record_change(actor=actor, subject=milestone, verb="milestone", why=why, action=action,
                  changes={"title": (None, milestone.title), "due": (None, str(due) if due else None)})
    return milestone


@transaction.atomic
def add_comment(*, actor, action: Action, text: str) -> Comment:
    if not permissions.can_comment(actor) and not permissions.can_edit_action(actor, action):
        raise Refused(_("Je mag geen opmerkingen plaatsen."))
    text = (text or "").strip()
    if not text:
        raise Refused(_("Een opmerking mag niet leeg zijn."))
    return Comment.objects.create(action=action, author=actor, text=text[:5000])


@transaction.atomic
def save_barrier(*, actor, why: str, fields: dict, barrier: Barrier | None = None) -> Barrier:
    """Add a barrier to the taxonomy or change one (the secretariat only); ``fields`` by model field name."""
    if not permissions.can_edit_plan(actor):
        raise Refused(_("Alleen het secretariaat wijzigt de drempels."))
    creating = barrier is None
    barrier = barrier or Barrier(src=Source.SECRETARIAT)

    def by_the_secretariat(obj, changes):
        if not creating and obj.src == Source.INFERRED:
            obj.src = Source.SECRETARIAT

    record_edit(actor=actor, obj=barrier, values=fields, fields=("code", *BARRIER_FIELDS), why=why,
                verb="create" if creating else "update", before_save=by_the_secretariat, empty_as_none=True)
    return barrier


# ---------------------------------------------------------------------------------------------
# Seed: the packaged actionplan.yaml (+ our matrix.yaml). Creates what is missing, never
# overwrites what exists (the secretariat's edits win), so a second load changes nothing; only the
# English and French texts (keys en/fr beside nl) are brought up to date, for a Dutch text still as in the file.


@dataclass
class LoadReport:
    created: dict = field(default_factory=dict)
    kept: int = 0
    translated: int = 0

    def add(self, kind: str, created: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        else:
            self.kept += 1

    def summary(self) -> str:
        made = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items())) or "niets nieuw"
        done = f"actieplan geladen: {made}; {self.kept} bestaande onderdelen ongewijzigd gelaten"
        return done + (f"; vertalingen bijgewerkt van {self.translated}" if self.translated else "")


def _code_and_name(item) -> tuple[str, str]:
    """A level or target group: a plain name (its own code) or ``{id, nl, en, fr}``."""
    if isinstance(item, dict):
        return item["id"], item.get("nl", item["id"])
    return item, item


def _src(item: dict, default: str = Source.SECRETARIAT) -> str:
    src = item.get("src", default)
    return src if src in Source.values else Source.INFERRED


def _get_or_create(report: LoadReport, kind: str, model, lookup: dict, defaults: dict, *, item=None,
                   translated: str = "name", keys: str = "{lang}"):
    """Get or create one row; its English and French text of ``translated`` come from ``item``'s
    ``keys`` (``en``/``fr`` beside ``nl``) and are refreshed on an existing row."""
    texts = translations_from(item, **{translated: keys})
    obj, created = model.objects.get_or_create(**lookup, defaults={**defaults, "translations": texts})
    report.add(kind, created)
    if not created and refresh_translations(obj, texts, {translated: defaults[translated]}):
        report.translated += 1
    return obj, created


@transaction.atomic
def load_actionplan(*, path: Path | str | None = None, matrix_path: Path | str | None = None) -> LoadReport:
    data = yaml.safe_load(Path(path or PLAN_FILE).read_text(encoding="utf-8"))
    matrix = yaml.safe_load(Path(matrix_path or MATRIX_FILE).read_text(encoding="utf-8"))
    report = LoadReport()
    p = data["plan"]
    target = p.get("headline_target") or {}
    plan, _c = _get_or_create(report, "plan", Plan, {"code": "lll-2021"}, {
        "title": p["title_nl"], "author": p.get("author", ""), "published": str(p.get("published", "")),
        "endorsed_on": p.get("endorsed_by_flemish_government"),
        "priority_actions_total": p.get("priority_actions_total"),
        "headline_target": f"{target.get('value')} % {target.get('measure', '')} in {target.get('year')}"
        if target else "", "src": _src(p)}, item=p, translated="title", keys="title_{lang}")

    dims = data["lll_matrix"]["dimensions"]
    streams_src = _src(dims["action_streams"])
    streams_by_flagship = {}
    for item in dims["action_streams"]["items"]:
        stream, _c = _get_or_create(report, "actiestromen", ActionStream, {"code": item["id"]},
                                    {"name": item["nl"], "src": streams_src}, item=item)
        for n in item.get("flagships", []):
            streams_by_flagship[n] = stream
    levels = {}
    for order, item in enumerate(dims["levels"]["items"]):
        code, name = _code_and_name(item)
        levels[code], _c = _get_or_create(report, "niveaus", Level, {"code": code},
                                          {"name": name, "order": order, "src": _src(dims["levels"])}, item=item)

    groups = {}
    for item in data.get("target_groups", []):
        code, name = _code_and_name(item)
        groups[code], _c = _get_or_create(report, "doelgroepen", TargetGroup, {"code": code}, {
            "name": name, "src": Source.VL, "rule_note": _("doelgroep op het niveau van het plan, geen persoonsregel")},
            item=item)
    for item in matrix.get("priority_groups", []):
        groups[item["code"]], _c = _get_or_create(report, "doelgroepen", TargetGroup, {"code": item["code"]}, {
            "name": item["nl"], "under_represented": True, "rule": item.get("rule") or {},
            "rule_note": item.get("note", ""), "src": Source.SERV}, item=item)
    barriers = {}
    for item in matrix.get("barriers", []):
        barriers[item["code"]], _c = _get_or_create(report, "drempels", Barrier, {"code": item["code"]}, {
            "name": item["nl"], "actor": item["actor"], "type": item["type"],
            "grounding": item.get("grounding", ""), "src": Source.INFERRED}, item=item)
    wgs = {}
    for item in matrix.get("working_groups", []):
        wg, _c = _get_or_create(report, "werkgroepen", WorkingGroup, {"code": item["code"]}, {"name": item["nl"]},
                                item=item)
        for n in item.get("flagships", []):
            wgs[n] = wg

    assignments = matrix.get("actions", {})
    for f in data["flagships"]:
        flagship, created = _get_or_create(report, "vlaggenschepen", Flagship, {"plan": plan, "number": f["n"]}, {
            "name": f["nl"], "stream": streams_by_flagship.get(f["n"]), "serv_ask": f.get("serv_ask", ""),
            "serv_priority": f.get("serv_priority", ""), "note": f.get("note", ""), "src": _src(f)}, item=f)
        if created and (f.get("serv_ask") or f.get("serv_priority")):
            AdviceLink.objects.create(flagship=flagship, council="SERV",
                                      title="SERV-advies over het Actieplan levenslang leren (februari 2022)",
                                      summary="\n".join(x for x in (f.get("serv_priority"), f.get("serv_ask")) if x))
        for position, a in enumerate(f.get("actions", []), start=1):
            _load_action(report, flagship, position, a, f, assignments.get(f"{f['n']}.{position}", {}),
                         levels, barriers, groups, wgs.get(f["n"]))
    return report


def _load_action(report, flagship, position, a, f, assigned, levels, barriers, groups, wg) -> None:
    code = f"VS{flagship.number}.{a['n']}" if a.get("n") else f"VS{flagship.number}.x{position}"
    inferred = [k.removesuffix("_assignment") for k in a if a[k] == "inferred" and k != "src"]
    wave = a.get("golf")
    if wave is not None and "golf_assignment" in a:
        inferred.append("wave")
    inferred = ["number" if k == "numbering" else k for k in inferred]
    if assigned:
        inferred += ["levels", "barriers", "target_groups"]
    if wg is not None:
        inferred.append("working_group")
    action, created = _get_or_create(report, "acties", Action, {"code": code}, {
        "flagship": flagship, "number": a.get("n"), "title": a["nl"], "status_note": a.get("status_note", ""),
        "wave": wave, "src": _src(a), "inferred": sorted(set(inferred)), "working_group": wg,
        "procurement": _("overheidsopdracht (SERV)") if "overheidsopdracht" in a["nl"] else ""},
        item=a, translated="title")
    if not created:
        return
    action.levels.set([levels[x] for x in assigned.get("levels", []) if x in levels])
    action.barriers.set([barriers[x] for x in assigned.get("barriers", []) if x in barriers])
    action.target_groups.set([groups[x] for x in assigned.get("target_groups", []) if x in groups])
