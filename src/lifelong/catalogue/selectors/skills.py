"""Competences from what a reader types: an ESCO URI or a few words, with the other choices."""

from __future__ import annotations

from lifelong.taxonomy.models import Concept, ConceptType, LocalLabel
from lifelong.taxonomy.selectors import labels_of, search_concepts


def resolve_skill(text: str, language: str = "nl") -> Concept | None:
    """An ESCO skill from its URI, or the best hit of the taxonomy search for a few words."""
    text = (text or "").strip()
    if not text:
        return None
    if text.startswith("http"):
        return Concept.objects.filter(uri=text, concept_type=ConceptType.SKILL).first()
    hits = search_concepts(text, language=language, limit=1)
    return Concept.objects.filter(uri=hits[0].uri).first() if hits else None


SKILL_CHOICES = 5


def skill_choices(text: str, language: str = "nl", limit: int = SKILL_CHOICES) -> list:
    """The taxonomy search's best skills for a few typed words (``taxonomy.selectors.SearchResult``: uri,
    label in the reader's language or its fallback), best first: the first is what ``resolve_skill`` picks,
    the others let the reader choose what they meant."""
    text = (text or "").strip()
    return search_concepts(text, language=language, limit=limit) if text and not text.startswith("http") else []


TYPED_LINES = 10


def typed_skills(text: str, picks: dict[str, str] | None = None, language: str = "nl") -> list[dict]:
    """The recommendations' typed competences, one per line (at most ``TYPED_LINES``): for each line the
    competence it is matched to (``uri``, ``label`` a ``LocalLabel`` that knows an English fallback) and the
    other ``choices`` the reader may pick instead (``picks``: line → chosen URI). A line that is an ESCO URI is
    taken as it is. Shared by the page and the API, so both match the same words to the same competence."""
    picks = picks or {}
    out = []
    for line in [x.strip() for x in (text or "").splitlines() if x.strip()][:TYPED_LINES]:
        if line.startswith("http"):
            skill = resolve_skill(line, language)
            label = skill and labels_of([skill.id], language)[skill.id]
            out.append({"line": line, "uri": skill.uri if skill else "", "label": label, "choices": []})
            continue
        choices = skill_choices(line, language)
        chosen = next((c for c in choices if c.uri == picks.get(line)), choices[0] if choices else None)
        out.append({"line": line, "uri": chosen.uri if chosen else "", "choices": choices,
                    "label": chosen and LocalLabel(chosen.label, chosen.language, chosen.language != language)})
    return out
