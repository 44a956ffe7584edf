"""Competence suggestions for offers: the text → competence engine (``lifelong.extraction``, ``fast``
mode, pure Python) reads title + description and proposes ESCO skills, for one offer on its edit page
(``suggest_for_offer``) and for many offers at once in the background (``run_tagging``). Both go through
``suggest_many``, so the same text gets the same suggestions either way.

The suggestions go to ``Offer.suggested`` only: they stay proposals ("automatisch voorgesteld") until
the provider ticks them on the edit page. Confirmed competences are never proposed again. The fitted
extractor is the process's one (``lifelong.extraction.shared``, shared with the CV reader and the
vacancy pipeline: the first fit on a machine takes about a minute and is cached in ~/.cache/lifelong).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from lifelong.extraction import shared
from lifelong.jobs import enqueue_on_commit
from lifelong.taxonomy.models import Concept, ConceptType
from lifelong.taxonomy.selectors import prefer_named_uris

from .models import Offer, Provider, TaggingRun, TaggingStatus

BATCH = 500  # offers read per engine call (and per progress update)
KEEP = 8  # suggestions kept per offer, best first
ENGINE = "extraction/fast"


def extractor():
    """The process's fitted extractor, ranking only a few skills per text (the indexes are shared with the
    CV reader's; ranking 24 instead of 200 halves the time per offer)."""
    return shared.fitted("fast", KEEP * 3)


def offer_text(title: str, description: str) -> str:
    """What the engine reads of an offer (the same for a single edit and a bulk run)."""
    return f"{title}.\n{description}"


def offers_to_tag(*, provider: Provider | None = None, only_missing: bool = True):
    """Active offers (of the provider) to read; ``only_missing``: those without competences and without
    suggestions (e.g. just imported)."""
    qs = Offer.objects.filter(is_active=True)
    if provider is not None:
        qs = qs.filter(provider=provider)
    if only_missing:
        qs = qs.filter(competences__isnull=True).filter(Q(suggested=[]) | Q(suggested__isnull=True))
    return qs


def suggest_many(texts: list[str], languages: list[str | None], known: set[str] | None = None) -> list[list[str]]:
    """ESCO skill URIs per text, best first (at most ``KEEP``; only skills in the taxonomy: ``known``, or
    looked up when not given). A skill without a name in the text's language is replaced by its Dutch (or
    French) named equivalent where one exists (``taxonomy.selectors.prefer_named_uris``), as in checks and
    CV suggestions."""
    results = extractor().extract(texts, languages=languages)
    ranked = [list(dict.fromkeys(m.uri for m in result.skills)) for result in results]
    if known is None:
        known = set(Concept.objects.filter(concept_type=ConceptType.SKILL, uri__in={u for r in ranked for u in r})
                    .values_list("uri", flat=True))
    ranked = [[u for u in uris if u in known] for uris in ranked]
    # Dutch first (issue 18.5): a skill without a name in the offer's language gives way to its named equivalent
    ranked = prefer_named_uris(ranked, [result.language for result in results])
    return [uris[:KEEP] for uris in ranked]


def suggest_for_offer(title: str, description: str, language: str | None = None) -> list[str]:
    """ESCO skill URIs for one offer being edited, best first: the bulk run's answer for the same text."""
    return suggest_many([offer_text(title, description)], [language])[0]


def queue_tagging(*, provider: Provider | None = None, only_missing: bool = True) -> TaggingRun | None:
    """Create a tagging run and queue it for the background worker (after the transaction commits).
    None when there is nothing to tag."""
    total = offers_to_tag(provider=provider, only_missing=only_missing).count()
    if not total:
        return None
    run = TaggingRun.objects.create(provider=provider, only_missing=only_missing, total=total)
    enqueue_on_commit("lifelong.catalogue.tasks.tag_offers", run)
    return run


def run_tagging(run: TaggingRun, progress: Callable[[TaggingRun], None] | None = None) -> TaggingRun:
    """Read every offer of the run in batches; store the suggestions and the progress after each batch.
    A failure is recorded on the run and raised."""
    run.status = TaggingStatus.RUNNING
    run.save(update_fields=["status"])
    try:
        ids = list(offers_to_tag(provider=run.provider, only_missing=run.only_missing)
                   .order_by("id").values_list("id", flat=True).distinct())
        run.total, run.done, run.suggested = len(ids), 0, 0
        run.save(update_fields=["total", "done", "suggested"])
        known = set(Concept.objects.filter(concept_type=ConceptType.SKILL).values_list("uri", flat=True))
        through = Offer.competences.through
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            offers = list(Offer.objects.filter(id__in=batch).only("id", "title", "description", "language")
                          .order_by("id"))
            confirmed: dict[int, set[str]] = {}
            for oid, uri in through.objects.filter(offer_id__in=batch).values_list("offer_id", "concept__uri"):
                confirmed.setdefault(oid, set()).add(uri)
            found = suggest_many([offer_text(o.title, o.description) for o in offers],
                                 [o.language for o in offers], known)
            for offer, uris in zip(offers, found, strict=True):
                offer.suggested = [u for u in uris if u not in confirmed.get(offer.id, ())]
                run.suggested += bool(offer.suggested)
            Offer.objects.bulk_update(offers, ["suggested"], batch_size=BATCH)
            run.done += len(offers)
            run.save(update_fields=["done", "suggested"])
            if progress is not None:
                progress(run)
    except Exception as exc:
        TaggingRun.objects.filter(pk=run.pk).update(status=TaggingStatus.FAILED,
                                                    error=f"{type(exc).__name__}: {exc}"[:300],
                                                    finished_at=timezone.now())
        raise
    run.status, run.finished_at = TaggingStatus.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at"])
    return run


def latest_runs(providers) -> dict[int, TaggingRun]:
    """The newest tagging run per provider (for the provider page)."""
    out: dict[int, TaggingRun] = {}
    for run in TaggingRun.objects.filter(provider__in=list(providers)).order_by("-created_at", "-id"):
        out.setdefault(run.provider_id, run)
    return out
