"""Charts as data: Vega-Lite specs (a test reads them) and a small server-side SVG renderer.

The renderer understands the subset the dashboard writes: a layered chart whose layers are
``line`` (grouped by ``color`` and ``detail``: one polyline per series segment, so no line is
drawn across a series break), ``point`` and ``rule`` (vertical on ``x``: a break; horizontal on
``y``: a target). No JavaScript, no CDN. Pure Python, no Django import.
"""

from __future__ import annotations

import math
from html import escape

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
PALETTE = ["#1f5aa6", "#b3541e", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037"]


def trend_spec(*, title: str, description: str, points: list[dict], breaks: list[dict], targets: list[dict],
               y_title: str) -> dict:
    """points: {series, year, value, segment, flag}; breaks: {year, series}; targets: {label, year, value}."""
    layers = [{
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "year", "type": "quantitative", "title": "jaar", "axis": {"format": "d"}},
            "y": {"field": "value", "type": "quantitative", "title": y_title},
            "color": {"field": "series", "type": "nominal", "title": "reeks"},
            "detail": {"field": "segment", "type": "nominal"},
            "tooltip": [{"field": "series"}, {"field": "year"}, {"field": "value"}, {"field": "flag"}],
        },
    }]
    if breaks:
        layers.append({"data": {"values": breaks}, "mark": {"type": "rule", "strokeDash": [4, 3]},
                       "encoding": {"x": {"field": "year", "type": "quantitative"},
                                    "tooltip": [{"field": "series"}, {"field": "year"}]},
                       "description": "breuk in de reeks"})
    if targets:
        layers.append({"data": {"values": targets}, "mark": {"type": "point", "shape": "diamond", "size": 90},
                       "encoding": {"x": {"field": "year", "type": "quantitative"},
                                    "y": {"field": "value", "type": "quantitative"},
                                    "tooltip": [{"field": "label"}, {"field": "value"}]},
                       "description": "doel"})
    return {"$schema": SCHEMA, "title": title, "description": description, "width": 760, "height": 300,
            "data": {"values": points}, "layer": layers}


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def render_svg(spec: dict, *, chart_id: str = "chart", empty: str = "(geen gegevens)") -> str:
    """Render a trend spec as inline SVG (role=img, with title and description)."""
    width, height = spec.get("width", 760), spec.get("height", 300)
    ml, mr, mt, mb = 48, 240, 16, 36
    main = spec["data"]["values"]
    layers = spec["layer"]
    xs, ys = [p["year"] for p in main], [p["value"] for p in main if p["value"] is not None]
    for layer in layers[1:]:
        for v in layer["data"]["values"]:
            xs.append(v["year"])
            if "value" in v:
                ys.append(v["value"])
    if not xs:
        return f'<p id="{chart_id}">{escape(empty)}</p>'
    x0, x1 = min(xs), max(xs)
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = max(ys or [1]) * 1.1
    y1 = y1 if y1 > 0 else 1  # a series of zeros (or negatives) still gets an axis, not a division by zero
    ystep = _nice_step(y1)
    y1 = math.ceil(y1 / ystep) * ystep

    def sx(x):
        return ml + (x - x0) / (x1 - x0) * (width - ml - mr)

    def sy(y):
        return mt + (1 - y / y1) * (height - mt - mb)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart" role="img" '
           f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d">',
           f'<title id="{chart_id}-t">{escape(spec.get("title", ""))}</title>',
           f'<desc id="{chart_id}-d">{escape(spec.get("description", ""))}</desc>']
    # axes
    out.append(f'<line x1="{ml}" y1="{sy(0):.1f}" x2="{width - mr}" y2="{sy(0):.1f}" stroke="#555"/>')
    y = 0.0
    while y <= y1 + 1e-9:
        out.append(f'<line x1="{ml}" y1="{sy(y):.1f}" x2="{width - mr}" y2="{sy(y):.1f}" stroke="#e3e7eb"/>'
                   f'<text x="{ml - 6}" y="{sy(y) + 4:.1f}" text-anchor="end" font-size="11">{y:g}</text>')
        y += ystep
    xstep = max(1, int(_nice_step(x1 - x0, 6)))
    for x in range(int(x0), int(x1) + 1):
        if x % xstep == 0:
            out.append(f'<text x="{sx(x):.1f}" y="{height - mb + 16}" text-anchor="middle" font-size="11">{x}</text>')
    series = sorted({p["series"] for p in main})
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    # breaks (vertical dashed rules) and targets (diamonds)
    for layer in layers[1:]:
        mark = layer["mark"]["type"]
        if mark == "rule":  # one dashed rule per break year, whichever series break there
            for year in sorted({v["year"] for v in layer["data"]["values"]}):
                x = sx(year)
                out.append(f'<line class="break" x1="{x:.1f}" y1="{mt}" x2="{x:.1f}" y2="{sy(0):.1f}" '
                           f'stroke="#8a8a8a" stroke-dasharray="4 3"/><text x="{x - 3:.1f}" y="{mt + 2}" '
                           f'font-size="10" fill="#555" text-anchor="end" transform="rotate(-90 {x - 3:.1f} '
                           f'{mt + 2})">breuk {year}</text>')
            continue
        for v in layer["data"]["values"]:
            if mark == "point":
                cx, cy = sx(v["year"]), sy(v["value"])
                out.append(f'<path class="target" d="M{cx:.1f},{cy - 7:.1f} L{cx + 7:.1f},{cy:.1f} '
                           f'L{cx:.1f},{cy + 7:.1f} L{cx - 7:.1f},{cy:.1f} Z" fill="#c62828"/>'
                           f'<text x="{cx - 9:.1f}" y="{cy - 9:.1f}" text-anchor="end" font-size="11">'
                           f'{escape(str(v.get("label", "")))}</text>')
    # lines: one polyline per (series, segment)
    groups: dict[tuple, list] = {}
    for p in main:
        if p["value"] is not None:
            groups.setdefault((p["series"], p["segment"]), []).append(p)
    for (name, _seg), pts in sorted(groups.items(), key=lambda kv: str(kv[0])):
        pts.sort(key=lambda p: p["year"])
        coords = " ".join(f"{sx(p['year']):.1f},{sy(p['value']):.1f}" for p in pts)
        out.append(f'<polyline class="segment" fill="none" stroke="{colour[name]}" stroke-width="2" '
                   f'points="{coords}"/>')
        for p in pts:
            out.append(f'<circle cx="{sx(p["year"]):.1f}" cy="{sy(p["value"]):.1f}" r="2.5" fill="{colour[name]}"/>')
    for i, name in enumerate(series):
        ly = mt + 14 + i * 18
        out.append(f'<rect x="{width - mr + 10}" y="{ly - 9}" width="12" height="4" fill="{colour[name]}"/>'
                   f'<text x="{width - mr + 26}" y="{ly}" font-size="11">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)
