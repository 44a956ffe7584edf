"""The search's facet counts (type, mode, province, language, scheme): one grouped query, cached briefly."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count

from .. import engine
from .query import Filters, filtered, price_q, text_match

FACETS, FACET_COLUMNS = engine.FACETS, engine.FACET_COLUMNS  # (the search index reads the same)
FACET_CACHE_SECONDS = 60
FACET_VERSION_KEY = "kompas-facets-version"


def selection(f: Filters) -> dict[str, str]:
    return {key: getattr(f, key) for key in FACETS}


def matches(combo: dict[str, str], selected: dict[str, str], skip: str = "") -> bool:
    for key, value in selected.items():
        if key == skip:
            continue
        if key == "scheme":
            if f",{value}," not in combo["scheme"]:
                return False
        elif combo[key] != value:
            return False
    return True


def facet_rows(base, f: Filters) -> list[tuple[dict[str, str], int]]:
    """Counts per combination of facet values (type, mode, province, language, schemes) over the offers
    that match everything but the facets: at most a few hundred rows, whatever the number of offers.
    Cached for ``FACET_CACHE_SECONDS`` per query (words, competence, place, start, price)."""
    import hashlib

    from django.core.cache import cache
    from django.core.exceptions import EmptyResultSet

    try:
        sql, params = base.values("id").query.sql_with_params()
    except EmptyResultSet:  # e.g. words that no offer has together: nothing to count
        return []
    version = cache.get_or_set(FACET_VERSION_KEY, 0, None)
    key = "kompas-facets:" + hashlib.sha1(f"{version}|{sql}|{params}".encode()).hexdigest()
    rows = cache.get(key)
    if rows is None:
        rows = [(dict(zip(FACETS, combo[:-1], strict=True)), combo[-1])
                for combo in base.order_by().values_list(*FACET_COLUMNS).annotate(n=Count("id"))]
        cache.set(key, rows, FACET_CACHE_SECONDS)
    return rows


def forget_facet_counts() -> None:
    """Called whenever an offer changes: cached facet counts of this process start over."""
    from django.core.cache import cache

    try:
        cache.incr(FACET_VERSION_KEY)
    except ValueError:
        cache.set(FACET_VERSION_KEY, 1, None)


def facets_from(rows, selected: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """Per facet, the count of each value with the other facets applied (the facet's own left out)."""
    out = {}
    for key in FACETS:
        counts: Counter = Counter()
        for combo, n in rows:
            if not matches(combo, selected, skip=key):
                continue
            values = [c for c in combo["scheme"].split(",") if c] if key == "scheme" else [combo[key]]
            for value in values:
                if value:
                    counts[value] += n
        out[key] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return out


def facet_counts(f: Filters, person=None) -> dict[str, list[tuple[str, int]]]:
    """Per facet, the count of each value with the other facets applied (the facet's own left out)."""
    base, _score = text_match(filtered(f, skip=FACETS), f.q)
    price = price_q(f, person)
    if price is not None:
        base = base.filter(price)
    return facets_from(facet_rows(base, f), {k: v for k, v in selection(f).items() if v})
