"""Demo vacancies: called by ``lifelong demo seed``. Runs the real pipeline on synthetic ads:
import (with cross-posted copies) → fast extraction → demand."""

from __future__ import annotations

import json
import logging
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.utils import timezone

from lifelong.extraction import load_esco
from lifelong.forecasts.models import DemandSeries
from lifelong.vacancies.models import Vacancy
from lifelong.vacancies.services import (
    DEMAND_SOURCE,
    compute_demand,
    import_vacancies,
    process_vacancies,
)

from . import vacancy_ads as synthetic

SCALE_PER_MONTH = synthetic.SCALES
log = logging.getLogger(__name__)


def seed_demo_vacancies(*, scale: str = "small", seed: int = 2026, end: date | None = None, months: int = 24) -> dict:
    """Replace the demo ads (sources ``demo-*``) with a fresh set ending last month, process them and
    recompute demand. Real ads are kept (and counted)."""
    end = end or (timezone.localdate().replace(day=1) - timedelta(days=1))
    occupations = synthetic.catalogue(load_esco())
    records = list(synthetic.ads(occupations, end=end, months=months, per_month=SCALE_PER_MONTH[scale], seed=seed))
    Vacancy.objects.filter(source__in=synthetic.BOARDS).delete()
    DemandSeries.objects.filter(source=DEMAND_SOURCE).delete()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo-vacancies.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        imported = import_vacancies(paths=[path])
    processed = process_vacancies(mode="fast", batch_size=100)
    demand = compute_demand()
    result = {"ads": imported.run.created, "copies": imported.run.duplicates, "refused": len(imported.refused),
              "processed": processed.processed, "demand_values": demand.written,
              "kept_other_source": demand.kept_other_source}
    log.info("demo vacancies: %(ads)s ads (%(copies)s cross-posted copies), %(processed)s processed (fast mode), "
             "%(demand_values)s monthly demand values (%(kept_other_source)s kept from another source)", result)
    return result
