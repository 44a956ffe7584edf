"""Delphi expert panels: open a panel, invite experts, answer per round, close and summarise rounds."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from lifelong import errors
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import label_of

from ..engine import delphi
from ..models import Direction, FrozenRound, Panel, PanelAnswer, PanelItem, PanelRound, RoundStatus


class PanelRefused(errors.Refused):
    """A panel write that breaks a rule; the message is for the user (Dutch)."""


@transaction.atomic
def open_panel(*, title: str, concept_uris: list[str], experts=(), question: str = "", consensus_iqr: float = 10.0,
               horizon_months: int = 12, by=None, is_synthetic: bool = False) -> Panel:
    if not title.strip():
        raise PanelRefused("een titel is nodig")
    if consensus_iqr <= 0:
        raise PanelRefused("de consensusdrempel moet groter dan 0 zijn")
    concepts = {c.uri: c for c in Concept.objects.filter(
        uri__in=[u.strip() for u in concept_uris],
        concept_type__in=(ConceptType.SKILL, ConceptType.OCCUPATION))}
    unknown = [u for u in concept_uris if u.strip() not in concepts]
    if unknown:
        raise PanelRefused("geen ESCO-competentie of -beroep: " + ", ".join(unknown))
    if not concepts:
        raise PanelRefused("kies minstens één competentie of beroep")
    panel = Panel.objects.create(title=title.strip(), question=question, consensus_iqr=consensus_iqr,
                                 horizon_months=horizon_months, created_by=by, is_synthetic=is_synthetic)
    for uri in dict.fromkeys(u.strip() for u in concept_uris):
        PanelItem.objects.create(panel=panel, concept_uri=uri, label=str(label_of(concepts[uri], "nl")))
    panel.experts.set(experts)
    PanelRound.objects.create(panel=panel, number=1)
    return panel


def current_round(panel: Panel) -> PanelRound | None:
    return panel.rounds.order_by("-number").first()


def last_closed_round(panel: Panel) -> PanelRound | None:
    return panel.rounds.filter(status=RoundStatus.CLOSED).order_by("-number").first()


@transaction.atomic
def close_round(rnd: PanelRound) -> PanelRound:
    rnd = PanelRound.objects.select_for_update().get(pk=rnd.pk)
    if not rnd.is_open:
        raise PanelRefused(f"ronde {rnd.number} is al gesloten")
    rnd.status, rnd.closed_at = RoundStatus.CLOSED, timezone.now()
    rnd.save(update_fields=["status", "closed_at"])
    return rnd


@transaction.atomic
def open_next_round(panel: Panel) -> PanelRound:
    cur = current_round(panel)
    if cur is not None and cur.is_open:
        raise PanelRefused(f"ronde {cur.number} is nog open: sluit ze eerst")
    return PanelRound.objects.create(panel=panel, number=(cur.number + 1) if cur else 1)


def _validate(direction: str, change_pct, confidence, reason: str) -> tuple[str, float, int, str]:
    if direction not in Direction.values:
        raise PanelRefused("kies een richting: stijgt, blijft gelijk of daalt")
    try:
        change = float(str(change_pct).replace(",", "."))
    except ValueError:
        raise PanelRefused(f"'{change_pct}' is geen getal") from None
    if not 0 <= change <= 100:
        raise PanelRefused("de grootte van de verandering ligt tussen 0 en 100 %")
    if direction == Direction.STABLE and change != 0:
        raise PanelRefused("'blijft gelijk' past niet bij een verandering groter dan 0 %")
    if direction != Direction.STABLE and change == 0:
        raise PanelRefused("geef de grootte van de stijging of daling (meer dan 0 %)")
    try:
        conf = int(confidence)
    except (TypeError, ValueError):
        raise PanelRefused("zekerheid is een getal van 1 tot 5") from None
    if not 1 <= conf <= 5:
        raise PanelRefused("zekerheid is een getal van 1 tot 5")
    if not (reason or "").strip():
        raise PanelRefused("geef een reden: de andere experten lezen ze (anoniem)")
    return direction, change, conf, reason.strip()


def submit_answer(*, rnd: PanelRound, item: PanelItem, expert, direction: str, change_pct, confidence, reason: str,
                  update: bool = True) -> PanelAnswer:
    """Store an expert's answer in an open round. ``update=True`` (the web form) changes the own answer;
    ``update=False`` (a new answer, e.g. the API's POST) refuses a second answer with a clear error."""
    if item.panel_id != rnd.panel_id:
        raise PanelRefused("dit item hoort niet bij dit panel")
    if not rnd.panel.experts.filter(pk=expert.pk).exists():
        raise PanelRefused("je bent geen expert in dit panel")
    if not rnd.is_open:
        raise PanelRefused(f"ronde {rnd.number} is gesloten: de antwoorden liggen vast")
    direction, change, conf, reason = _validate(direction, change_pct, confidence, reason)
    try:
        with transaction.atomic():
            existing = PanelAnswer.objects.select_for_update().filter(round=rnd, item=item, expert=expert).first()
            if existing is not None:
                if not update:
                    raise PanelRefused(f"je antwoordde al in ronde {rnd.number} voor '{item.label}': "
                                       "pas je antwoord aan in plaats van opnieuw te antwoorden")
                existing.direction, existing.change_pct, existing.confidence, existing.reason = (
                    direction, change, conf, reason)
                existing.save()
                return existing
            return PanelAnswer.objects.create(round=rnd, item=item, expert=expert, direction=direction,
                                              change_pct=change, confidence=conf, reason=reason)
    except IntegrityError:
        raise PanelRefused(f"je antwoordde al in ronde {rnd.number} voor '{item.label}'") from None
    except FrozenRound:
        raise PanelRefused(f"ronde {rnd.number} is gesloten: de antwoorden liggen vast") from None


@dataclass
class ItemResult:
    item: PanelItem
    summary: delphi.ItemSummary
    reasons: list[str]


def round_results(rnd: PanelRound, *, with_reasons: bool = True) -> list[ItemResult]:
    """Anonymous per-item summary; the reasons in a shuffled order (stable per round), without names."""
    threshold = rnd.panel.consensus_iqr
    out = []
    answers = list(rnd.answers.all())
    for item in rnd.panel.items.all():
        mine = [a for a in answers if a.item_id == item.id]
        summary = delphi.summarise([a.signed_change for a in mine], [a.confidence for a in mine], threshold=threshold)
        reasons = []
        if with_reasons:
            reasons = [f"{a.get_direction_display()} {a.change_pct:g} %: {a.reason}" for a in mine]
            random.Random(rnd.id * 1009 + item.id).shuffle(reasons)
        out.append(ItemResult(item, summary, reasons))
    return out


def result_rows(panel: Panel) -> list[dict]:
    rows = []
    for rnd in panel.rounds.all():
        for r in round_results(rnd, with_reasons=False):
            rows.append({"panel_id": panel.id, "round": rnd.number, "round_status": rnd.status,
                         "concept_uri": r.item.concept_uri, "label": r.item.label, **r.summary.as_dict(),
                         "consensus_iqr_threshold": panel.consensus_iqr})
    return rows
