"""Weighting employer-survey answers to the population of firms, with linearised variances.

Pure Python + numpy (no Django). Strata are cells ``(size_class, nace_section)``.

* **Post-stratification** when every population cell with firms has at least ``min_cell`` respondents
  (or all its firms answered): weight ``N_h / n_h``. Variance of a total (stratified SRS without
  replacement): ``V = Σ_h N_h² (1 − n_h/N_h) s_h² / n_h``.
* **Raking** (iterative proportional fitting on the size-class and NACE-section margins) otherwise.
  Margin categories without any respondent cannot be calibrated: the raking runs on the covered
  categories and the weights are then scaled to the whole population (the uncovered firms are
  represented by the others; reported in ``notes``). Variance: the GREG/linearisation
  approximation for SRS without replacement, ``V = N² (1 − n/N) s²(g·e) / n``, with ``e`` the
  residuals of the weighted regression of ``y`` on the margin dummies and ``g = w n / N``.

A census (every firm answered) gives zero variance under both methods (finite-population correction).
Intervals are normal: estimate ± 1.96 · s.e.; shares are clipped to [0, 1], totals to ≥ 0 when
every answer is ≥ 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

Z95 = 1.959963984540054
POSTSTRAT, RAKING = "post-stratificatie", "raking"


class WeightingError(ValueError):
    pass


@dataclass
class Weights:
    weights: np.ndarray
    cells: list[tuple[str, str]]
    population: dict[tuple[str, str], int]
    method: str
    notes: list[str] = field(default_factory=list)
    iterations: int = 0

    @property
    def n(self) -> int:
        return int(np.count_nonzero(self.weights))

    @property
    def population_total(self) -> int:
        return int(sum(self.population.values()))


@dataclass
class Estimate:
    n: int
    population: int
    total: float
    total_se: float
    total_lo95: float
    total_hi95: float
    mean: float
    mean_se: float
    mean_lo95: float
    mean_hi95: float
    method: str
    # False when the answers say nothing about the spread (every answer the same, and not every firm
    # answered): the interval is then unknown, not zero wide, and pages say so instead of "4 – 4"
    interval_known: bool = True

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def calibrate(population: dict[tuple[str, str], int], cells: Sequence[tuple[str, str]], *,
              min_cell: int = 3, max_iter: int = 200, tol: float = 1e-10) -> Weights:
    """Weights for respondents in ``cells`` so that they represent ``population`` (firms per cell)."""
    pop = {c: int(v) for c, v in population.items() if v > 0}
    if not pop:
        raise WeightingError("de populatie van ondernemingen is leeg")
    cells = [tuple(c) for c in cells]
    if not cells:
        raise WeightingError("geen antwoorden")
    notes: list[str] = []
    outside = sorted({c for c in cells if c not in pop})
    if outside:
        notes.append("antwoorden in cellen zonder ondernemingen in de populatie tellen niet mee: "
                     + ", ".join(f"{s}/{a}" for s, a in outside))
    inside = [c in pop for c in cells]
    if not any(inside):
        raise WeightingError("geen enkel antwoord valt in een cel van de populatie")
    n_h = Counter(c for c, ok in zip(cells, inside, strict=True) if ok)
    min_cell = max(2, int(min_cell))
    w = np.zeros(len(cells))
    if all(n_h.get(c, 0) >= min(min_cell, big_n) for c, big_n in pop.items()):
        for i, c in enumerate(cells):
            if inside[i]:
                w[i] = pop[c] / n_h[c]
        return Weights(w, cells, pop, POSTSTRAT, notes)
    small = sum(1 for c, big_n in pop.items() if n_h.get(c, 0) < min(min_cell, big_n))
    notes.append(f"{small} van {len(pop)} cellen (grootte × sector) hebben minder dan {min_cell} antwoorden: raking "
                 "op de marges grootte en sector")
    sizes = {s for s, _ in n_h}
    sectors = {a for _, a in n_h}
    covered = {c: v for c, v in pop.items() if c[0] in sizes and c[1] in sectors}
    big_n, big_n_cov = sum(pop.values()), sum(covered.values())
    if big_n_cov < big_n:
        notes.append(f"{big_n - big_n_cov} ondernemingen ({100 * (big_n - big_n_cov) / big_n:.1f} %) zitten in een "
                     "grootteklasse of sector zonder antwoord; de gewichten zijn daarna naar de hele populatie "
                     "opgeschaald (zij worden door de andere ondernemingen vertegenwoordigd)")
    margin_s = Counter()
    margin_a = Counter()
    for (s, a), v in covered.items():
        margin_s[s] += v
        margin_a[a] += v
    idx = np.array([i for i, ok in enumerate(inside) if ok])
    s_of = np.array([cells[i][0] for i in idx])
    a_of = np.array([cells[i][1] for i in idx])
    ww = np.full(len(idx), big_n_cov / len(idx))
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007
        for cat, target in margin_s.items():
            m = s_of == cat
            ww[m] *= target / ww[m].sum()
        for cat, target in margin_a.items():
            m = a_of == cat
            ww[m] *= target / ww[m].sum()
        err = max(abs(ww[s_of == cat].sum() - t) / t for cat, t in margin_s.items())
        if err < tol:
            break
    else:
        notes.append(f"raking niet volledig geconvergeerd na {max_iter} iteraties (afwijking {err:.2e})")
    ww *= big_n / ww.sum()
    w[idx] = ww
    return Weights(w, cells, pop, RAKING, notes, iterations)


def estimate(weights: Weights, values: Sequence[float]) -> Estimate:
    """Weighted total and mean of ``values`` (one per respondent, same order as the cells)."""
    y = np.asarray(values, dtype=float)
    w = weights.weights
    if y.shape != w.shape:
        raise WeightingError("één waarde per antwoord nodig")
    big_n = weights.population_total
    used = w > 0
    total = float(w @ y)
    pooled = float(np.var(y[used], ddof=1)) if used.sum() > 1 else 0.0
    if weights.method == POSTSTRAT:
        var = 0.0
        for c, big_nh in weights.population.items():
            m = used & np.array([cc == c for cc in weights.cells])
            nh = int(m.sum())
            if nh == 0 or nh >= big_nh or nh < 2:
                continue
            var += big_nh ** 2 * (1 - nh / big_nh) * float(np.var(y[m], ddof=1)) / nh
    else:
        n = int(used.sum())
        yy, ww = y[used], w[used]
        cats_s = sorted({weights.cells[i][0] for i in np.flatnonzero(used)})
        cats_a = sorted({weights.cells[i][1] for i in np.flatnonzero(used)})
        cs = [weights.cells[i] for i in np.flatnonzero(used)]
        x = np.array([[1.0 if c[0] == s else 0.0 for s in cats_s] + [1.0 if c[1] == a else 0.0 for a in cats_a]
                      for c in cs])
        beta = np.linalg.pinv(x.T @ (ww[:, None] * x)) @ (x.T @ (ww * yy))
        resid = yy - x @ beta
        u = ww * n / big_n * resid
        fpc = max(0.0, 1 - n / big_n)
        var = big_n ** 2 * fpc * float(np.var(u, ddof=1)) / n if n > 1 else 0.0
    n_used, census = int(used.sum()), int(used.sum()) >= big_n
    if var <= 0 and not census and n_used > 1:
        # the model explains every answer (one answer per cell or group): its residuals say nothing about the
        # spread, so the spread of all answers stands in (as a simple random sample), never "certain"
        var = big_n ** 2 * (1 - n_used / big_n) * pooled / n_used
    se = float(np.sqrt(max(var, 0.0)))
    lo, hi = total - Z95 * se, total + Z95 * se
    if (y[used] >= 0).all():
        lo = max(lo, 0.0)
    mean, mean_se = total / big_n, se / big_n
    mlo, mhi = lo / big_n, hi / big_n
    if ((y[used] == 0) | (y[used] == 1)).all():
        mlo, mhi = max(mlo, 0.0), min(mhi, 1.0)
    return Estimate(int(used.sum()), big_n, total, se, lo, hi, mean, mean_se, mlo, mhi, weights.method,
                    interval_known=census or se > 0)


def response_rate(responded: int, invited: int) -> float | None:
    return None if invited <= 0 else responded / invited
