"""JSON API of the competence language: /api/v1/skills, /api/v1/occupations."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import get_language
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from .models import ConceptType
from .selectors import concept_detail, search_concepts

router = Router(tags=["competence language (ESCO)"])


class SearchParams(Schema):
    q: str = Field("", max_length=200, description="words in Dutch, English or French")
    lang: str = Field("nl", pattern="^(nl|en|fr)$", description="language of the labels returned")
    limit: int = Field(10, ge=1, le=100)


class ConceptOut(Schema):
    uri: str
    label: str
    language: str = Field(description="language of `label`; English when there is no label in `lang`")
    score: float
    concept_type: str
    vocabulary: str = Field(description='"competent" when `label` is the VDAB Competent name (no ESCO label in `lang`)')


class CompetentOut(Schema):
    code: str = Field(description="VDAB Competent id, e.g. KN-10")
    name_nl: str
    name_fr: str
    relation: str = Field(description="SKOS relation as the ESCO–Competent crosswalk states it")


class RelatedOut(Schema):
    uri: str
    label: str
    language: str


class ConceptDetailOut(Schema):
    uri: str
    concept_type: str
    label: str
    language: str
    labels: dict[str, dict[str, list[str]]]
    description: str | None
    description_language: str | None
    broader: list[RelatedOut]
    narrower: list[RelatedOut]
    essential: list[RelatedOut]
    optional: list[RelatedOut]
    collections: list[str]
    competent: list[CompetentOut]


def _search(params: SearchParams, concept_type: str) -> list[dict]:
    if not params.q.strip():
        raise HttpError(400, "q is required: give one or more words")
    results = search_concepts(params.q, language=params.lang, limit=params.limit, concept_type=concept_type)
    return [r.__dict__ for r in results]


@router.get("/skills", response=list[ConceptOut], summary="Search ESCO skills and knowledge")
def skills(request, params: Query[SearchParams]):
    return _search(params, ConceptType.SKILL)


@router.get("/occupations", response=list[ConceptOut], summary="Search ESCO occupations")
def occupations(request, params: Query[SearchParams]):
    return _search(params, ConceptType.OCCUPATION)


def _rel(pairs) -> list[dict]:
    return [{"uri": c.uri, "label": str(label), "language": label.language} for c, label in pairs]


@router.get("/concepts", response=ConceptDetailOut, summary="One ESCO concept by URI")
def concept(request, uri: str, lang: str = Query("", pattern="^(|nl|en|fr)$")):
    detail = concept_detail(uri, lang or get_language() or "nl")
    if detail is None:
        raise Http404("unknown ESCO URI")
    return {
        "uri": detail.concept.uri,
        "concept_type": detail.concept.concept_type,
        "label": str(detail.label),
        "language": detail.label.language,
        "labels": detail.labels,
        "description": detail.description[1] if detail.description else None,
        "description_language": detail.description[0] if detail.description else None,
        "broader": _rel(detail.broader),
        "narrower": _rel(detail.narrower),
        "essential": _rel(detail.related["essential"]),
        "optional": _rel(detail.related["optional"]),
        "collections": detail.collections,
        "competent": detail.competent,
    }
