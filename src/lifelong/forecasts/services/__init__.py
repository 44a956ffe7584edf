"""Every write of the forecasts app, one module per source of a forecast:

- :mod:`.series` — demand series in, statistical forecast runs (the pure engine in ``engine/``);
- :mod:`.surveys` — employer surveys: questions, answers, the firm population, weighted estimates;
- :mod:`.panels` — Delphi expert panels and their rounds;
- :mod:`.combination` — the published combination of the three sources.
"""

from .series import ImportReport, import_series, run_forecasts

__all__ = ["ImportReport", "import_series", "run_forecasts"]
