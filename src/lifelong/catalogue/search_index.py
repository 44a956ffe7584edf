"""The compass's search index in memory: every offer's facets and search tokens as numpy arrays, so that a
search over 100,000 offers (words, facets, place, start, price after rights, relevance) takes milliseconds.

The database stays the truth. The index is a snapshot of it, read from ``Offer``, ``OfferToken`` and the
offer–competence table, and stamped with (number of offers, latest ``updated_at``, highest id): every
write of an offer goes through ``Offer.save`` or ``bulk_create`` and so moves the stamp.

Freshness, per process:
- each search reads the stamp (one small query) and compares it with the snapshot's; a snapshot
  older than ``MAX_AGE_SECONDS`` counts as stale too;
- up to ``SYNC_LIMIT`` offers a stale snapshot is rebuilt before the search runs (well under a second),
  so a search always sees the latest committed offers (and, inside a transaction, its own);
- above it, the rebuild runs in a background thread, at most once per ``MIN_REBUILD_SECONDS``, and
  searches meanwhile use the previous snapshot (near real time, like a search engine's refresh
  interval). Until a first snapshot exists, ``current`` returns None and the search runs in SQL.

The same search is also written in SQL (``selectors``); ``tests/catalogue/test_search_index.py`` checks
that both give the same totals, facets and pages.
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from .engine import FACET_COLUMNS, FACETS, box

log = logging.getLogger(__name__)

SYNC_LIMIT = 20_000
MIN_REBUILD_SECONDS = 30
# rebuilt anyway after this long: a change whose transaction committed after a later change (so that
# it did not move the stamp) is never missed for longer
MAX_AGE_SECONDS = 600
NO_START = np.iinfo(np.int32).max  # an offer without a next start sorts last and never passes "start from"


@dataclass
class Page:
    combos: list[tuple[dict[str, str], int]]  # facet combination → offers (as ``selectors.facets.facet_rows``)
    total: int
    ids: list[int]  # the page's offer ids, in order
    scores: dict[int, int] = field(default_factory=dict)  # relevance per offer id (word searches)


@dataclass
class SearchIndex:
    stamp: tuple
    ids: np.ndarray  # offer ids, ascending; an offer's position in every array below is its row
    active: np.ndarray
    combo: np.ndarray  # row → index into ``combos``
    combos: list[dict[str, str]]  # the facet values of each combination (``scheme`` holds ",a,b,")
    category: np.ndarray  # row → index into ``category_sets``
    category_sets: list[frozenset[str]]  # the funding categories of each combination
    registered: np.ndarray  # the offer's provider is registered for the Flemish incentives
    price: np.ndarray
    start: np.ndarray  # date ordinal of the next start, NO_START when none
    lat: np.ndarray
    lon: np.ndarray
    title_rank: np.ndarray  # the row's place in ORDER BY title, id (the database's own collation)
    tokens: list[str]  # sorted
    token_pos: dict[str, int]
    starts: np.ndarray  # postings of tokens[i] are rows[starts[i]:starts[i + 1]]
    rows: np.ndarray
    weights: np.ndarray
    competence_rows: dict[str, np.ndarray]
    built_seconds: float = 0.0
    built_at: float = field(default_factory=time.monotonic)

    def fresh(self, stamp: tuple) -> bool:
        return self.stamp == stamp and time.monotonic() - self.built_at < MAX_AGE_SECONDS

    @property
    def size(self) -> int:
        return len(self.ids)

    def memory_bytes(self) -> int:
        arrays = [self.ids, self.active, self.combo, self.category, self.registered, self.price, self.start, self.lat, self.lon,
                  self.title_rank, self.starts, self.rows, self.weights, *self.competence_rows.values()]
        return sum(a.nbytes for a in arrays)

    # -- the pieces of a search ---------------------------------------------------------------------
    def _term_tokens(self, term: str, word: str, prefix: bool) -> set[int]:
        """Token positions a query word matches: its stem, the word itself, and (the last word) every
        token it begins (the SQL side: ``selectors.query.term_q``)."""
        out = {self.token_pos[t] for t in (term, word) if t in self.token_pos}
        if prefix:
            lo = bisect.bisect_left(self.tokens, word)
            hi = bisect.bisect_left(self.tokens, word + "\U0010ffff")
            out.update(range(lo, hi))
        return out

    def _postings(self, token_ids) -> tuple[np.ndarray, np.ndarray]:
        token_ids = sorted(token_ids)
        if not token_ids:
            return np.empty(0, np.int32), np.empty(0, np.int16)
        if len(token_ids) == 1:
            a, b = self.starts[token_ids[0]], self.starts[token_ids[0] + 1]
            return self.rows[a:b], self.weights[a:b]
        parts = [(self.starts[t], self.starts[t + 1]) for t in token_ids]
        return (np.concatenate([self.rows[a:b] for a, b in parts]),
                np.concatenate([self.weights[a:b] for a, b in parts]))

    def words(self, terms) -> tuple[np.ndarray, np.ndarray] | None:
        """(mask of offers that match every word, relevance = sum of the weights of their matching tokens);
        None without words."""
        if not terms:
            return None
        mask = np.ones(self.size, bool)
        every = set()
        for term in terms:
            token_ids = self._term_tokens(*term)
            every |= token_ids
            has = np.zeros(self.size, bool)
            has[self._postings(token_ids)[0]] = True
            mask &= has
        rows, weights = self._postings(every)
        score = np.bincount(rows, weights=weights, minlength=self.size)
        return mask, score

    def scheme_mask(self, code: str) -> np.ndarray:
        """The offers that list scheme ``code`` (as ``eligible_schemes LIKE '%,code,%'``)."""
        return self.combo_mask(lambda combo: f",{code}," in combo["scheme"])

    def combo_mask(self, test) -> np.ndarray:
        """The offers whose facet combination passes ``test``."""
        return np.array([bool(test(c)) for c in self.combos] or [False], bool)[self.combo]

    def category_mask(self, test) -> np.ndarray:
        """The offers whose set of funding categories passes ``test``."""
        return np.array([bool(test(c)) for c in self.category_sets] or [False], bool)[self.category]

    def competence_mask(self, *uris: str) -> np.ndarray:
        """The offers tagged with any of the competences."""
        mask = np.zeros(self.size, bool)
        for uri in uris:
            mask[self.competence_rows.get(uri, [])] = True
        return mask

    def start_mask(self, day) -> np.ndarray:
        """Offers whose next start is on or after ``day`` (an offer without a start never is)."""
        return (self.start >= day.toordinal()) & (self.start != NO_START)

    def price_mask(self, max_cents: int, limits=None) -> np.ndarray:
        """List price ≤ max; with a person's money rights (``selectors.PriceCeilings``), price ≤ the
        ceiling for the subset of their rights the offer lists and whether it is paid in full."""
        if limits is None:
            return self.price <= max_cents
        codes = limits.codes
        key = np.zeros(self.size, np.int64)
        for i, code in enumerate(codes):
            listed = self.scheme_mask(code)
            if code in getattr(limits, "registered_only", ()):  # pays only at a registered provider
                listed &= self.registered
            key |= listed.astype(np.int64) << (i + 1)
        if limits.full_support:
            key |= self.category_mask(lambda categories: categories & limits.full_support).astype(np.int64)
        ceiling = np.full(2 << len(codes), -1, np.int64)
        for i in range(1 << len(codes)):
            subset = frozenset(c for j, c in enumerate(codes) if i >> j & 1)
            for full_bit in (0, 1):
                ceiling[i << 1 | full_bit] = limits.ceilings.get((subset, bool(full_bit)), -1)
        return self.price <= ceiling[key]

    def near_mask(self, centre: tuple[float, float], km: int) -> np.ndarray:
        (lat_lo, lat_hi), (lon_lo, lon_hi) = box(centre, km)
        online = self.combo_mask(lambda combo: combo["mode"] == "online")
        with np.errstate(invalid="ignore"):
            inside = (self.lat >= lat_lo) & (self.lat <= lat_hi) & (self.lon >= lon_lo) & (self.lon <= lon_hi)
        return inside | online

    def search(self, *, base: np.ndarray, chosen: np.ndarray, score: np.ndarray | None, sort: str,
               offset: int, limit: int) -> Page:
        """Facet combinations of ``base`` (the offers that match all but the facets), and one page of the
        offers of ``base`` that are also ``chosen`` (the selected facet values), sorted as asked; ties by id."""
        counts = np.bincount(self.combo[base], minlength=len(self.combos))
        combos = [(self.combos[i], int(counts[i])) for i in np.flatnonzero(counts)]
        chosen = np.flatnonzero(base & chosen)
        total = len(chosen)
        if not total or limit <= 0:
            return Page(combos, total, [])
        scale = np.int64(self.size + 1)  # row order is id order: ``key * scale + row`` breaks ties by id
        if sort in ("price", "start", "title"):
            score = None  # (the relevance is given with the order it makes)
        if score is not None:
            key = -score[chosen].astype(np.int64) * scale + chosen
        elif sort == "price":
            key = self.price[chosen] * scale + chosen
        elif sort == "title":
            key = self.title_rank[chosen].astype(np.int64)
        else:
            key = self.start[chosen].astype(np.int64) * scale + chosen
        want = min(offset + limit, total)
        top = np.argpartition(key, want - 1)[:want] if want < total else np.arange(total)
        top = top[np.argsort(key[top], kind="stable")][offset:want]
        rows = chosen[top]
        ids = [int(i) for i in self.ids[rows]]
        scores = {int(i): int(s) for i, s in zip(ids, score[rows], strict=True)} if score is not None else {}
        return Page(combos, total, ids, scores)


# -- building ---------------------------------------------------------------------------------------------
def read_stamp() -> tuple:
    from .models import Offer

    with connection.cursor() as cursor:
        table = Offer._meta.db_table  # three subqueries: each is one index lookup (or SQLite's stored count)
        cursor.execute(f'SELECT (SELECT COUNT(*) FROM "{table}"), (SELECT MAX(updated_at) FROM "{table}"), '
                       f'(SELECT MAX(id) FROM "{table}")')
        n, latest, last_id = cursor.fetchone()
    return (int(n), str(latest), last_id)


def build() -> SearchIndex:
    """Read the catalogue into a new index (about 1 s per 30,000 offers)."""
    from .models import Offer, OfferToken

    t0 = time.perf_counter()
    stamp = read_stamp()
    offers = list(Offer.objects.order_by("id").values_list(
        "id", "is_active", *FACET_COLUMNS, "price_cents", "next_start", "latitude", "longitude",
        "funding_categories", "provider__quality_status"))
    n = len(offers)
    ids = np.fromiter((o[0] for o in offers), np.int64, n)
    combo_of: dict[tuple, int] = {}
    combo = np.fromiter((combo_of.setdefault(o[2:7], len(combo_of)) for o in offers), np.int32, n)
    combos = [dict(zip(FACETS, values, strict=True)) for values in combo_of]
    category_of: dict[str, int] = {}
    category = np.fromiter((category_of.setdefault(o[11], len(category_of)) for o in offers), np.int32, n)
    category_sets = [frozenset(c for c in text.split(",") if c) for text in category_of]
    title_order = list(Offer.objects.order_by("title", "id").values_list("id", flat=True))
    title_rank = np.empty(n, np.int32)
    title_rank[np.searchsorted(ids, np.array(title_order, np.int64))] = np.arange(n, dtype=np.int32)
    index = SearchIndex(
        stamp=stamp, ids=ids,
        active=np.fromiter((o[1] for o in offers), bool, n),
        combo=combo, combos=combos, category=category, category_sets=category_sets,
        registered=np.fromiter((o[12] == "registered" for o in offers), bool, n),
        price=np.fromiter((o[7] for o in offers), np.int64, n),
        start=np.fromiter((o[8].toordinal() if o[8] else NO_START for o in offers), np.int32, n),
        lat=np.fromiter((np.nan if o[9] is None else o[9] for o in offers), np.float64, n),
        lon=np.fromiter((np.nan if o[10] is None else o[10] for o in offers), np.float64, n),
        title_rank=title_rank, **_postings(ids, OfferToken._meta.db_table),
        competence_rows=_competences(ids, Offer))
    index.built_seconds = time.perf_counter() - t0
    return index


def _postings(ids: np.ndarray, table: str) -> dict:
    """Token rows grouped by token (sorted as Python sorts strings, for the prefix ranges)."""
    position: dict[str, int] = {}
    tok, off, wt = [], [], []
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT token, offer_id, weight FROM "{table}"')
        while chunk := cursor.fetchmany(100_000):
            tok.extend(position.setdefault(t, len(position)) for t, _o, _w in chunk)
            off.extend(o for _t, o, _w in chunk)
            wt.extend(w for _t, _o, w in chunk)
    tokens = sorted(position)
    rank = np.empty(len(position), np.int64)
    rank[[position[t] for t in tokens]] = np.arange(len(tokens))
    tok_rank = rank[np.array(tok, np.int64)] if tok else np.empty(0, np.int64)
    rows = np.searchsorted(ids, np.array(off, np.int64)).astype(np.int32)
    order = np.argsort(tok_rank, kind="stable")
    starts = np.zeros(len(tokens) + 1, np.int64)
    np.cumsum(np.bincount(tok_rank, minlength=len(tokens)), out=starts[1:])
    return {"tokens": tokens, "token_pos": {t: i for i, t in enumerate(tokens)}, "starts": starts,
            "rows": rows[order], "weights": np.array(wt, np.int16)[order]}


def _competences(ids: np.ndarray, offer_model) -> dict[str, np.ndarray]:
    through = offer_model.competences.through
    pairs = through.objects.values_list("concept__uri", "offer_id").order_by("concept__uri", "offer_id")
    out: dict[str, list[int]] = {}
    for uri, offer_id in pairs.iterator(chunk_size=20_000):
        out.setdefault(uri, []).append(offer_id)
    return {uri: np.searchsorted(ids, np.array(offer_ids, np.int64)) for uri, offer_ids in out.items()}


# -- the current snapshot of this process --------------------------------------------------------------
_lock = threading.Lock()
_current: SearchIndex | None = None
_building = False
_last_started = 0.0


def current() -> SearchIndex | None:
    """A snapshot fresh enough to search (see the module's doc), or None: search in SQL."""
    global _current
    stamp = read_stamp()
    index = _current
    if index is not None and index.fresh(stamp):
        return index
    if stamp[0] <= SYNC_LIMIT:
        with _lock:
            if _current is None or not _current.fresh(read_stamp()):
                _current = build()
            return _current
    refresh_in_background()
    return index


def refresh_in_background() -> None:
    """Start one rebuild in a thread of its own (with its own connection), unless one is running or the
    last one started less than ``MIN_REBUILD_SECONDS`` ago."""
    global _building, _last_started
    with _lock:
        if _building or (_current is not None and time.monotonic() - _last_started < MIN_REBUILD_SECONDS):
            return
        _building, _last_started = True, time.monotonic()
    threading.Thread(target=_rebuild, name="compass-search-index", daemon=True).start()


def _rebuild() -> None:
    global _current, _building
    from django.db import connections

    try:
        index = build()
        _current = index
        log.info("compass search index: %d offers in %.1f s", index.size, index.built_seconds)
    except Exception:  # the search keeps working in SQL; the next search tries again
        log.exception("compass search index could not be built")
    finally:
        _building = False
        connections.close_all()


def forget() -> None:
    """Drop this process's snapshot (tests; after restoring a database)."""
    global _current
    _current = None
