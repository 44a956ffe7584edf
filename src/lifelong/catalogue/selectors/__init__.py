"""Every non-trivial read of the training compass, one module per use case: search with facets (``query``,
``facets``, ``search``), competences from typed words (``skills``), net price after rights (``prices``),
recommendations, supply against demand (``demand``), an offer's rating and competences (``offers``).
``lifelong.catalogue.selectors`` names them all, for the many callers that use it."""

from .demand import Gap, OfferScore, demand_of, gaps, provider_scores, series_key
from .facets import FACET_COLUMNS, FACETS, facet_counts, forget_facet_counts
from .offers import offer_labels, rating_of
from .prices import (
    as_engine_offer,
    in_development_plan,
    net_price,
    net_prices,
    offers_in_development_plan,
    price_ceilings,
    rights_of,
)
from .query import SORTS, Filters, SearchResult, query_skills
from .recommendations import recommendations
from .search import search_offers
from .skills import resolve_skill, skill_choices, typed_skills

__all__ = [
    "FACETS", "FACET_COLUMNS", "SORTS", "Filters", "Gap", "OfferScore", "SearchResult", "as_engine_offer",
    "demand_of", "facet_counts", "forget_facet_counts", "gaps", "in_development_plan", "net_price", "net_prices",
    "offer_labels", "offers_in_development_plan", "price_ceilings", "provider_scores", "query_skills", "rating_of",
    "recommendations", "resolve_skill", "rights_of", "search_offers", "series_key", "skill_choices",
    "typed_skills",
]
