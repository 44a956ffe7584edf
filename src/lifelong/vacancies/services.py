"""Writes of the vacancy pipeline: import (with near-duplicate links), extraction batches, demand."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from lifelong.forecasts.models import DemandSeries
from lifelong.jobs import enqueue_for
from lifelong.taxonomy.models import Concept

from . import dedup
from .ingest import Ad, Refusal, read_files
from .models import (
    ImportRun,
    ProcessingRun,
    RunStatus,
    Vacancy,
    VacancyOccupation,
    VacancySkill,
    VacancyState,
)

DEMAND_SOURCE = "vacancies"
CHUNK = 2000
FIELDS = ("title", "description", "employer_name", "postcode", "municipality", "country", "province",
          "nace_section", "language", "language_detected", "posted_on", "expires_on")


# -- import -------------------------------------------------------------------------------------------
@dataclass
class ImportReport:
    run: ImportRun
    refused: list[Refusal] = field(default_factory=list)

    def summary(self) -> str:
        r = self.run
        return (f"{r.created} new ({r.duplicates} linked to an earlier copy), {r.updated} updated, "
                f"{r.unchanged} unchanged, {len(self.refused)} refused")


def _entry(obj: Vacancy, sig) -> dedup.Entry:
    return dedup.Entry(obj, sig, dedup.employer_key(obj.employer_name), obj.province, obj.posted_on.toordinal())


def _index_of_stored(first: date, last: date) -> dedup.LshIndex:
    """LSH index of the stored canonical ads posted within the dedup window of the new ones."""
    index = dedup.LshIndex()
    window = timedelta(days=dedup.WINDOW_DAYS)
    qs = (Vacancy.objects.filter(duplicate_of__isnull=True, posted_on__gte=first - window, posted_on__lte=last + window)
          .only("id", "employer_name", "province", "posted_on", "signature").order_by("posted_on", "id"))
    for obj in qs.iterator(chunk_size=CHUNK):
        index.add(_entry(obj, dedup.from_bytes(obj.signature)))
    return index


def import_vacancies(*, paths: Iterable[str | Path], source: str | None = None,
                     progress: Callable[[str], None] | None = None) -> ImportReport:
    """Import ads from files; idempotent per (source, id). Refused records are reported, the rest goes in.

    A new ad that is a near-duplicate of a stored or earlier new ad (see ``dedup``) is stored with
    ``duplicate_of`` set to that first copy; it is not processed and not counted in demand.
    """
    paths = [str(p) for p in paths]
    run = ImportRun.objects.create(files=paths)
    report = ImportReport(run)
    ads: list[Ad] = []
    for item in read_files(paths, source):
        (report.refused if isinstance(item, Refusal) else ads).append(item)
    if progress:
        progress(f"{len(ads)} records read, {len(report.refused)} refused")
    new: list[tuple[Ad, Vacancy]] = []
    changed: list[Vacancy] = []
    for start in range(0, len(ads), CHUNK):
        chunk = ads[start : start + CHUNK]
        stored = {(v.source, v.external_id): v for v in Vacancy.objects.filter(
            source__in={a.source for a in chunk}, external_id__in={a.external_id for a in chunk})}
        for ad in chunk:
            text = dedup.normalise(ad.title, ad.description)
            values = {f: getattr(ad, f) for f in FIELDS}
            obj = stored.get((ad.source, ad.external_id))
            if obj is None:
                obj = Vacancy(source=ad.source, external_id=ad.external_id, fingerprint=dedup.fingerprint(text),
                              signature=dedup.to_bytes(dedup.signature(text)), import_run=run, **values)
                new.append((ad, obj))
            elif any(getattr(obj, f) != v for f, v in values.items()):
                if obj.fingerprint != dedup.fingerprint(text):  # the text changed: extract again
                    obj.fingerprint = dedup.fingerprint(text)
                    obj.signature = dedup.to_bytes(dedup.signature(text))
                    if obj.state == VacancyState.PROCESSED:
                        obj.state = VacancyState.PENDING
                for f, v in values.items():
                    setattr(obj, f, v)
                changed.append(obj)
            else:
                run.unchanged += 1
    canon, copies = _link_duplicates(new)
    with transaction.atomic():
        Vacancy.objects.bulk_create(canon, batch_size=CHUNK)
        for copy in copies:
            copy.duplicate_of_id = copy.duplicate_of.pk
        Vacancy.objects.bulk_create(copies, batch_size=CHUNK)
        if changed:
            reset = [v.pk for v in changed if v.state == VacancyState.PENDING]
            VacancySkill.objects.filter(vacancy_id__in=reset).delete()
            VacancyOccupation.objects.filter(vacancy_id__in=reset).delete()
            Vacancy.objects.bulk_update(changed, [*FIELDS, "fingerprint", "signature", "state", "updated_at"],
                                        batch_size=CHUNK)
        run.created, run.duplicates, run.updated = len(new), len(copies), len(changed)
        run.refusals = [r.as_dict() for r in report.refused]
        run.finished_at = timezone.now()
        run.save()
    return report


def _link_duplicates(new: list[tuple[Ad, Vacancy]]) -> tuple[list[Vacancy], list[Vacancy]]:
    """Split new ads into first copies and near-duplicates (earliest posting first, then file order)."""
    if not new:
        return [], []
    new = sorted(new, key=lambda pair: pair[0].posted_on)
    index = _index_of_stored(new[0][0].posted_on, new[-1][0].posted_on)
    canon, copies = [], []
    for _ad, obj in new:
        entry = _entry(obj, dedup.from_bytes(obj.signature))
        match = index.match(entry)
        if match is None:
            canon.append(obj)
            index.add(entry)
        else:
            first = match.key
            obj.duplicate_of = first.duplicate_of if first.duplicate_of_id else first
            obj.state = VacancyState.DUPLICATE
            copies.append(obj)
    return canon, copies


# -- extraction ------------------------------------------------------------------------------------
ExtractFn = Callable[[list[tuple[int, str, str | None]], str, int], list[tuple]]


@transaction.atomic
def store_batch(results: list[tuple], *, mode: str) -> int:
    """Write one batch's skills and occupations and mark its ads processed, in ONE transaction.

    A crash before the commit leaves the whole batch pending (nothing half-written); rerunning it
    replaces rows instead of adding to them, so an ad is never counted twice."""
    ids = [r[0] for r in results]
    VacancySkill.objects.filter(vacancy_id__in=ids).delete()
    VacancyOccupation.objects.filter(vacancy_id__in=ids).delete()
    VacancySkill.objects.bulk_create([VacancySkill(vacancy_id=rid, uri=uri, score=score, rank=rank)
                                      for rid, skills, _o in results for rank, (uri, score) in enumerate(skills, 1)],
                                     batch_size=CHUNK)
    VacancyOccupation.objects.bulk_create([VacancyOccupation(vacancy_id=rid, uri=uri, score=score, rank=rank)
                                           for rid, _s, occs in results for rank, (uri, score) in enumerate(occs, 1)],
                                          batch_size=CHUNK)
    return Vacancy.objects.filter(id__in=ids, state=VacancyState.PENDING).update(
        state=VacancyState.PROCESSED, processed_at=timezone.now(), mode=mode)


def _records(ids: list[int]) -> list[tuple[int, str, str]]:
    rows = Vacancy.objects.filter(id__in=ids).values_list("id", "title", "description", "language")
    return [(rid, f"{title}\n{description}", lang) for rid, title, description, lang in rows]


@dataclass
class ProcessReport:
    total: int = 0
    processed: int = 0
    batches: int = 0
    seconds: float = 0.0
    executor: str = "in-process"
    workers: list[dict] = field(default_factory=list)


def process_vacancies(*, mode: str = "fast", batch_size: int = 200, top_k: int = 20, workers: int | None = None,
                      scheduler: str | None = None, limit: int | None = None,
                      progress: Callable[[int, int], None] | None = None,
                      extract: ExtractFn | None = None) -> ProcessReport:
    """Extract skills and occupations for every pending first-copy ad, batch by batch.

    In-process by default; with ``workers`` (a local Dask cluster) or ``scheduler`` (an address such as
    ``tcp://host:8786``) the batches go to Dask workers running the same ``pipeline.extract_batch``;
    this process writes every result (``store_batch``). Resumable: a rerun takes what is still pending.
    """
    from .pipeline import extract_batch

    extract = extract or extract_batch
    ids = list(Vacancy.objects.filter(state=VacancyState.PENDING, duplicate_of__isnull=True)
               .order_by("id").values_list("id", flat=True)[:limit])
    batches = [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)]
    report = ProcessReport(total=len(ids))
    started = time.perf_counter()
    if progress:
        progress(0, report.total)

    def done(results) -> None:
        report.processed += store_batch(results, mode=mode)
        report.batches += 1
        if progress:
            progress(report.processed, report.total)

    if workers or scheduler:
        report.executor, report.workers = _run_on_dask(batches, extract, mode, top_k, workers, scheduler, done)
    else:
        for batch in batches:
            done(extract(_records(batch), mode, top_k))
    report.seconds = time.perf_counter() - started
    return report


def _run_on_dask(batches, extract, mode, top_k, workers, scheduler, done) -> tuple[str, list[dict]]:
    from distributed import Client, LocalCluster, as_completed

    from .pipeline import worker_info

    cluster = None
    if scheduler:
        client, label = Client(scheduler), f"dask {scheduler}"
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               memory_limit=0)
        client, label = Client(cluster), f"dask local {workers} workers"
    try:
        n_workers = max(len(client.scheduler_info().get("workers", {})), 1)
        pending = iter(batches)
        futures = as_completed()
        for batch in pending:  # keep about two batches per worker in flight: bounded memory
            futures.add(client.submit(extract, _records(batch), mode, top_k, pure=False))
            if futures.count() >= 2 * n_workers:
                break
        for future in futures:
            results = future.result()
            future.release()
            nxt = next(pending, None)
            if nxt is not None:
                futures.add(client.submit(extract, _records(nxt), mode, top_k, pure=False))
            done(results)
        info = list(client.run(worker_info).values()) if batches else []
        return label, info
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def request_processing(*, actor=None, mode: str = "fast") -> ProcessingRun:
    """Queue an extraction and demand run on the background worker; the run row shows its progress."""
    run = ProcessingRun.objects.create(requested_by=actor, mode=mode)
    enqueue_for("lifelong.vacancies.tasks.process_vacancies_task", run)
    run.refresh_from_db()  # an immediate task backend has run it already
    return run


def run_processing(run: ProcessingRun, *, batch_size: int = 200, **options) -> ProcessingRun:
    """Process pending ads and recompute demand, writing progress into ``run`` after every batch."""
    run.status, run.started_at = RunStatus.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])

    def progress(done: int, total: int) -> None:
        ProcessingRun.objects.filter(pk=run.pk).update(done=done, total=total, batches_done=done // max(batch_size, 1))

    try:
        report = process_vacancies(mode=run.mode, batch_size=batch_size, progress=progress, **options)
        run.done, run.total, run.batches_done, run.executor = report.processed, report.total, report.batches, \
            report.executor
        run.demand_rows = compute_demand().written
        run.status = RunStatus.DONE
    except Exception as exc:  # the run records the failure; the worker logs the traceback
        run.refresh_from_db(fields=["done", "total", "batches_done"])  # the progress written so far
        run.status, run.error = RunStatus.FAILED, f"{type(exc).__name__}: {exc}"
        raise
    finally:
        run.finished_at = timezone.now()
        run.save()
    return run


# -- demand ------------------------------------------------------------------------------------------
@dataclass
class DemandReport:
    months: list[str]
    written: int
    series: int
    kept_other_source: int = 0


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _months_between(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def demand_counts(*, first: str | None = None, last: str | None = None) -> tuple[dict[str, Counter], list[str]]:
    """Monthly counts of first-copy ads per series key (see docs/vacancies.md), and the months covered."""
    from .places import is_flemish

    ads = Vacancy.objects.filter(duplicate_of__isnull=True)
    if first:
        ads = ads.filter(posted_on__gte=date.fromisoformat(f"{first}-01"))
    if last:
        y, m = map(int, last.split("-"))
        ads = ads.filter(posted_on__lt=date(y + (m == 12), m % 12 + 1, 1))
    info = {rid: (_month(posted), prov, nace, state) for rid, posted, prov, nace, state in
            ads.values_list("id", "posted_on", "province", "nace_section", "state").iterator(chunk_size=10_000)}
    counts: dict[str, Counter] = defaultdict(Counter)
    for month, prov, nace, _state in info.values():
        if not prov or is_flemish(prov):
            counts["flanders:all"][month] += 1
        if prov:
            counts[f"province:{prov}"][month] += 1
        if nace:
            counts[f"sector:{nace}"][month] += 1
    processed = ads.filter(state=VacancyState.PROCESSED)
    for vid, uri in VacancySkill.objects.filter(vacancy__in=processed).values_list("vacancy_id", "uri") \
            .iterator(chunk_size=20_000):
        month, prov, _nace, _state = info[vid]
        counts[f"skill:{uri}"][month] += 1
        if prov:
            counts[f"skill:{uri}|{prov}"][month] += 1
    top = list(VacancyOccupation.objects.filter(vacancy__in=processed, rank=1).values_list("vacancy_id", "uri"))
    isco = dict(Concept.objects.filter(uri__in={u for _v, u in top}).values_list("uri", "isco_code"))
    for vid, uri in top:
        month = info[vid][0]
        counts[f"occupation:{uri}"][month] += 1
        code = (isco.get(uri) or "")[:4]
        if len(code) == 4:
            counts[f"isco:{code}"][month] += 1
    months = sorted({m for m, *_ in info.values()})
    if months:
        months = _months_between(first or months[0], last or months[-1])
    return counts, months


@transaction.atomic
def compute_demand(*, first: str | None = None, last: str | None = None) -> DemandReport:
    """Write the monthly counts into ``forecasts.DemandSeries`` (source "vacancies", freq M).

    The vacancy rows of the recomputed months are replaced (idempotent). A series starts in its
    first month with an ad; after that a month without ads is 0. A (key, period) already stored by
    another source is left as it is and counted in ``kept_other_source``."""
    counts, months = demand_counts(first=first, last=last)
    if not months:
        return DemandReport([], 0, 0)
    DemandSeries.objects.filter(source=DEMAND_SOURCE, freq="M", period__in=months).delete()
    taken = set(DemandSeries.objects.filter(period__in=months).exclude(source=DEMAND_SOURCE)
                .values_list("series_key", "period"))
    rows, kept = [], 0
    for key, by_month in counts.items():
        start = min(by_month)
        for month in months:
            if month < start:
                continue
            if (key, month) in taken:
                kept += 1
                continue
            rows.append(DemandSeries(series_key=key, freq="M", period=month, value=float(by_month.get(month, 0)),
                                     source=DEMAND_SOURCE))
    DemandSeries.objects.bulk_create(rows, batch_size=5000)
    return DemandReport(months, len(rows), len(counts), kept)
