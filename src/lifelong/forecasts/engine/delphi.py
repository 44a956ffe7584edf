"""Delphi round summaries (pure Python + numpy): anonymous median, quartiles, IQR and consensus.

Quartiles use linear interpolation between order statistics (numpy's default, Hyndman & Fan type 7).
Consensus: at least ``min_answers`` answers and IQR ≤ the panel's threshold (percentage points).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class ItemSummary:
    n: int
    median: float | None
    q1: float | None
    q3: float | None
    iqr: float | None
    mean_confidence: float | None
    consensus: bool

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def summarise(changes: Sequence[float], confidences: Sequence[int] = (), *, threshold: float,
              min_answers: int = 3) -> ItemSummary:
    x = np.asarray(changes, dtype=float)
    if x.size == 0:
        return ItemSummary(0, None, None, None, None, None, False)
    q1, med, q3 = (float(v) for v in np.quantile(x, [0.25, 0.5, 0.75]))
    iqr = q3 - q1
    conf = float(np.mean(confidences)) if len(confidences) else None
    return ItemSummary(int(x.size), med, q1, q3, iqr, conf, bool(x.size >= min_answers and iqr <= threshold))
