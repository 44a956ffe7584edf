"""A forecast chart as inline SVG: history, forecast and its 80 % / 95 % bands (pure Python)."""

from __future__ import annotations

import math
from html import escape


def _nice(span: float) -> float:
    raw = span / 5 if span > 0 else 1
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def forecast_svg(history: list[dict], forecast: list[dict], *, title: str, description: str,
                 chart_id: str = "forecast-chart", width: int = 760, height: int = 300) -> str:
    periods = [h["period"] for h in history] + [f["period"] for f in forecast]
    if not periods:
        return f'<p id="{chart_id}">(geen gegevens)</p>'
    values = [h["value"] for h in history] + [v for f in forecast for v in (f["lo95"], f["hi95"], f["forecast"])]
    lo, hi = min(0.0, min(values)), max(values) * 1.05 or 1.0
    step = _nice(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    ml, mr, mt, mb = 56, 16, 16, 40
    n = len(periods)

    def sx(i):
        return ml + (i / max(n - 1, 1)) * (width - ml - mr)

    def sy(v):
        return mt + (1 - (v - lo) / (hi - lo)) * (height - mt - mb)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart" role="img" '
           f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
           f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>']
    y = lo
    while y <= hi + 1e-9:
        out.append(f'<line x1="{ml}" y1="{sy(y):.1f}" x2="{width - mr}" y2="{sy(y):.1f}" stroke="#e3e7eb"/>'
                   f'<text x="{ml - 6}" y="{sy(y) + 4:.1f}" text-anchor="end" font-size="11">{y:g}</text>')
        y += step
    every = max(1, n // 8)
    for i, p in enumerate(periods):
        if i % every == 0:
            out.append(f'<text x="{sx(i):.1f}" y="{height - mb + 16}" text-anchor="middle" font-size="11">{p}</text>')
    k = len(history)
    if forecast:
        for lo_key, hi_key, colour, cls in (("lo95", "hi95", "#d6e4f5", "band95"), ("lo80", "hi80", "#a9c6ea", "band80")):
            # the band starts at the last observed value so it joins the history line
            top = [(sx(k + i), sy(f[hi_key])) for i, f in enumerate(forecast)]
            bottom = [(sx(k + i), sy(f[lo_key])) for i, f in enumerate(forecast)][::-1]
            if history:
                anchor = (sx(k - 1), sy(history[-1]["value"]))
                top, bottom = [anchor, *top], [*bottom, anchor]
            pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in top + bottom)
            out.append(f'<polygon class="{cls}" points="{pts}" fill="{colour}" stroke="none"/>')
    if history:
        pts = " ".join(f"{sx(i):.1f},{sy(h['value']):.1f}" for i, h in enumerate(history))
        out.append(f'<polyline class="history" points="{pts}" fill="none" stroke="#1f2d3d" stroke-width="2"/>')
    if forecast:
        start = [(sx(k - 1), sy(history[-1]["value"]))] if history else []
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in start + [(sx(k + i), sy(f["forecast"])) for i, f in enumerate(forecast)])
        out.append(f'<polyline class="forecast" points="{pts}" fill="none" stroke="#1f5aa6" stroke-width="2" '
                   'stroke-dasharray="6 4"/>')
    lx = ml + 8
    for label, colour in (("waargenomen", "#1f2d3d"), ("voorspelling", "#1f5aa6"), ("80 %", "#a9c6ea"),
                          ("95 %", "#d6e4f5")):
        out.append(f'<rect x="{lx}" y="{mt}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{lx + 16}" y="{mt + 10}" font-size="11">{label}</text>')
        lx += 110
    out.append("</svg>")
    return "".join(out)
