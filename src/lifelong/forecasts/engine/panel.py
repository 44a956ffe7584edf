"""Long table (series_id, period, value) → a right-aligned panel matrix, with validation per record.

Series travel as one long table; internally the models work on a matrix of shape
(series × time) whose rows end at the same column (each series' last observation),
padded on the left with NaN, so that every model is fitted over all series at once.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .periods import format_period, parse_period, season_length

FREQ_NAME = {"M": "monthly", "Q": "quarterly"}

# Series characteristics that trigger a fallback model instead of backtest selection.
ZERO_HEAVY_SHARE = 0.5  # at least half of the observations are zero
TINY = 5  # fewer observations than this: naive forecast only


@dataclass(frozen=True)
class InputError:
    """One refused record (``row`` is the 1-based line number in the file, header = 1) or series."""

    message: str
    row: int | None = None
    series_id: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.series_id:
            where.append(f"series {self.series_id!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Panel:
    """Series as a right-aligned matrix. ``Y[s, T-n[s]:]`` holds series ``s``; gaps interpolated."""

    ids: list[str]
    freq: str
    Y: np.ndarray  # (S, T) float, NaN left padding
    n: np.ndarray  # (S,) observations incl. interpolated gaps
    last: np.ndarray  # (S,) period index of the last observation
    n_missing: np.ndarray  # (S,) interpolated gaps
    flags: list[list[str]] = field(default_factory=list)

    @property
    def m(self) -> int:
        return season_length(self.freq)

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def first_col(self) -> np.ndarray:
        return self.Y.shape[1] - self.n

    def values(self, s: int) -> np.ndarray:
        return self.Y[s, self.Y.shape[1] - self.n[s]:]

    def filled(self) -> np.ndarray:
        """Y with the left padding replaced by each series' first value (a no-op for smoothing)."""
        T = self.Y.shape[1]
        first = self.Y[np.arange(self.size), np.minimum(self.first_col, T - 1)]
        cols = np.arange(T)[None, :]
        return np.where(cols < self.first_col[:, None], first[:, None], self.Y)

    def subset(self, rows) -> Panel:
        rows = np.asarray(rows, dtype=int)
        n = self.n[rows]
        width = int(n.max()) if len(rows) else 0
        return Panel(ids=[self.ids[r] for r in rows], freq=self.freq, Y=self.Y[rows][:, self.Y.shape[1] - width:],
                     n=n, last=self.last[rows], n_missing=self.n_missing[rows],
                     flags=[list(self.flags[r]) for r in rows])

    def truncate(self, cut: int) -> Panel:
        """The panel as it was ``cut`` periods earlier (series must keep at least one value)."""
        if cut == 0:
            return self
        n = self.n - cut
        if (n < 1).any():
            raise ValueError("truncate would empty a series")
        width = int(n.max())
        Y = self.Y[:, :-cut][:, -width:]
        return Panel(ids=self.ids, freq=self.freq, Y=Y, n=n, last=self.last - cut,
                     n_missing=self.n_missing, flags=self.flags)

    def future(self, horizon: int) -> np.ndarray:
        """Actual values of the ``horizon`` periods after a truncation (caller slices the original)."""
        return self.Y[:, -horizon:]

    def periods_after(self, s: int, horizon: int) -> list[str]:
        return [format_period(self.freq, int(self.last[s]) + h) for h in range(1, horizon + 1)]

    def to_long(self) -> list[tuple[str, str, float]]:
        rows = []
        for s, sid in enumerate(self.ids):
            start = int(self.last[s]) - int(self.n[s]) + 1
            for k, v in enumerate(self.values(s)):
                rows.append((sid, format_period(self.freq, start + k), float(v)))
        return rows


def _parse_value(raw) -> float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    else:
        text = (raw or "").strip() if isinstance(raw, str) else raw
        if text in ("", None):
            raise ValueError("empty value")
        try:
            value = float(text)
        except (TypeError, ValueError):
            raise ValueError(f"unparsable value {raw!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"value {raw!r} is not a finite number")
    return value


def build_panel(records: Iterable, freq: str | None = None) -> tuple[Panel, list[InputError]]:
    """Validate long records and build a panel of the valid series.

    ``records`` yields ``(row, series_id, period, value)`` or ``(series_id, period, value)``.
    Every refused record or series becomes an :class:`InputError`; the valid series are kept.
    Rules: a row needs a series id, a parsable period and a finite number; a series whose
    periods mix monthly and quarterly, or that repeats a period, is refused as a whole
    (which value is right cannot be known); the other rows of the other frequency are refused.
    """
    errors: list[InputError] = []
    parsed: list[tuple[int | None, str, str, int, float]] = []
    for i, rec in enumerate(records):
        row, sid, period, raw = rec if len(rec) == 4 else (i + 1, *rec)
        sid = (sid or "").strip()
        if not sid:
            errors.append(InputError("empty series_id", row))
            continue
        try:
            f, idx = parse_period(period)
            value = _parse_value(raw)
        except ValueError as exc:
            errors.append(InputError(str(exc), row, sid))
            continue
        parsed.append((row, sid, f, idx, value))

    if freq is None:
        counts = Counter(p[2] for p in parsed)
        freq = "M" if counts["M"] >= counts["Q"] else "Q"
    season_length(freq)  # validates

    freqs_of = defaultdict(set)
    for _row, sid, f, _idx, _v in parsed:
        freqs_of[sid].add(f)
    mixed = {sid for sid, fs in freqs_of.items() if len(fs) > 1}
    for sid in sorted(mixed):
        errors.append(InputError("mixes monthly and quarterly periods; series refused", None, sid))

    by_series: dict[str, dict[int, float]] = {}
    rows_of: dict[tuple[str, int], int | None] = {}
    duplicated: set[str] = set()
    for row, sid, f, idx, value in parsed:
        if sid in mixed:
            continue
        if f != freq:
            errors.append(InputError(f"{FREQ_NAME[f]} period but the data are {FREQ_NAME[freq]}", row, sid))
            continue
        series = by_series.setdefault(sid, {})
        if idx in series:
            first_row = rows_of[(sid, idx)]
            errors.append(InputError(f"duplicate period {format_period(freq, idx)} (first at row {first_row})",
                                     row, sid))
            duplicated.add(sid)
            continue
        series[idx] = value
        rows_of[(sid, idx)] = row
    for sid in sorted(duplicated):
        errors.append(InputError("has duplicate periods; series refused", None, sid))
        del by_series[sid]
    return _to_panel(by_series, freq), errors


def _to_panel(by_series: dict[str, dict[int, float]], freq: str) -> Panel:
    ids = list(by_series)
    spans = [(min(d), max(d)) for d in by_series.values()]
    n = np.array([hi - lo + 1 for lo, hi in spans], dtype=int)
    T = int(n.max()) if ids else 0
    Y = np.full((len(ids), T), np.nan)
    n_missing = np.zeros(len(ids), dtype=int)
    flags: list[list[str]] = []
    for s, (sid, (lo, _hi)) in enumerate(zip(ids, spans, strict=True)):
        data = by_series[sid]
        pos = np.array(sorted(data)) - lo
        vals = np.array([data[k] for k in sorted(data)])
        full = np.interp(np.arange(n[s]), pos, vals)  # linear interpolation over gaps
        Y[s, T - n[s]:] = full
        n_missing[s] = n[s] - len(vals)
        flags.append(_flags(vals, int(n_missing[s])))
    last = np.array([hi for _lo, hi in spans], dtype=int)
    return Panel(ids=ids, freq=freq, Y=Y, n=n, last=last, n_missing=n_missing, flags=flags)


def _flags(observed: np.ndarray, n_missing: int) -> list[str]:
    flags = []
    if n_missing:
        flags.append("gappy")
    if (observed < 0).any():
        flags.append("negative")
    if (observed == 0).mean() >= ZERO_HEAVY_SHARE:
        flags.append("zero_heavy")
    if len(observed) > 1 and np.ptp(observed) == 0:
        flags.append("constant")
    return flags
