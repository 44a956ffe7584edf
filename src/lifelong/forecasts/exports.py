"""CSV and Parquet of forecasts, combined outlooks, survey estimates and panel results."""

from __future__ import annotations

import csv
import io

from lifelong.numbers import plain


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or (list(rows[0]) if rows else [])
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: "" if r.get(k) is None else plain(r.get(k)) for k in columns})
    return out.getvalue()


def to_parquet(rows: list[dict], columns: list[str] | None = None, *, metadata: dict | None = None) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = columns or (list(rows[0]) if rows else [])
    table = pa.Table.from_pydict({c: [r.get(c) for r in rows] for c in columns})
    if metadata:
        table = table.replace_schema_metadata({k: str(v) for k, v in metadata.items()})
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()
