"""Combining the three sources into one stated change and a demand-outlook label (pure Python).

For one competence or occupation and a 12-month horizon, each available source gives a signal ``g``
(expected change of demand, in %), clipped to ±cap:

* statistical: ``g_stat = 100 · (mean of the next 12 forecast months / mean of the last 12 observed − 1)``;
* survey: occupation — ``100 · (weighted expected hires in 12 months / demand observed in the last
  12 months − 1)``; competence — ``scale · (share of firms missing it − mean share over the survey's
  competences) · 100`` (percentage points above the survey average become % change);
* panel: the median signed change of the last closed Delphi round.

Weights: the rule's base weight per source; the statistical weight is multiplied by
``min(1, 1 / MASE)`` of the selected model's rolling-origin backtest: a model that beats the
seasonal-naive baseline (MASE < 1) keeps its base weight, a worse one loses weight in proportion.
Sources that are missing get no weight; the weights are renormalised to sum to 1:

    g = Σ_s w_s g_s / Σ_s w_s ,   contribution_s = w_s g_s / Σ w  (so Σ contributions = g)

Label: stijgend if g > band, dalend if g < −band, else stabiel. Confidence: the share of the weight on
sources that point the same way as the label (≥ 0.75 hoog, ≥ 0.5 middel, else laag); a single source
is at most middel, and laag when it is the statistical model with MASE > 1.

The headline must agree with the chart shown beside it (the statistical forecast and its intervals):
- when the statistical signal points another way than the label, the confidence is at most middel (laag
  when it points the opposite way: the chart rises where the label says dalend, or falls where it says
  stijgend);
- the chart's 80 % interval bounds the confidence: an interval wider than the forecast value
  (``interval_ratio`` = mean width / mean forecast > 1) gives laag, wider than half of it at most middel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Signal:
    source: str  # statistical | survey | panel
    change_pct: float
    base_weight: float
    provenance: dict
    mase: float | None = None


def direction(change: float, band: float) -> str:
    return "stijgend" if change > band else "dalend" if change < -band else "stabiel"


CONFIDENCE = ("laag", "middel", "hoog")


def lower(confidence: str, at_most: str) -> str:
    """The confidence, at most ``at_most``."""
    return CONFIDENCE[min(CONFIDENCE.index(confidence), CONFIDENCE.index(at_most))]


def clip(value: float, cap: float) -> float:
    return max(-cap, min(cap, value))


def combine(signals: list[Signal], *, cap: float, band: float) -> dict:
    usable = [s for s in signals if s.base_weight > 0]
    if not usable:
        raise ValueError("no source with a positive weight")
    raw = []
    for s in usable:
        w = s.base_weight
        if s.source == "statistical" and s.mase is not None and s.mase > 0:
            w *= min(1.0, 1.0 / s.mase)
        raw.append(w)
    total_w = sum(raw)
    if total_w <= 0:
        raise ValueError("all weights are zero")
    parts = []
    change = 0.0
    for s, w in zip(usable, raw, strict=True):
        g = clip(s.change_pct, cap)
        weight = w / total_w
        change += weight * g
        parts.append({"source": s.source, "signal_pct": round(g, 3), "raw_signal_pct": round(s.change_pct, 3),
                      "weight": round(weight, 4), "contribution_pct": round(weight * g, 3),
                      "provenance": s.provenance})
    label = direction(change, band)
    agree = sum(p["weight"] for p in parts if direction(p["signal_pct"], band) == label)
    conf = "hoog" if agree >= 0.75 else "middel" if agree >= 0.5 else "laag"
    if len(parts) == 1:
        only = usable[0]
        conf = "laag" if only.source == "statistical" and (only.mase or 0) > 1 else "middel"
    stat = next((s for s in usable if s.source == "statistical"), None)
    if stat is not None:
        chart = direction(clip(stat.change_pct, cap), band)
        if chart != label:
            conf = lower(conf, "laag" if "stabiel" not in (chart, label) else "middel")
        ratio = stat.provenance.get("interval_ratio")
        if ratio is not None:
            conf = lower(conf, "laag" if ratio > 1 else "middel" if ratio > 0.5 else "hoog")
    return {"change_pct": round(change, 3), "outlook": label, "confidence": conf, "contributions": parts,
            "agreement": round(agree, 4)}
