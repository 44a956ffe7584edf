"""``lifelong forecasts predict`` and ``lifelong forecasts backtest`` (no database needed)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

REQUIRED = ("series_id", "period", "value")

INPUT_HELP = """\
input (--history): a CSV file with the header series_id,period,value (more columns are ignored);
  period is YYYY-MM (monthly) or YYYY-Qn (quarterly); one row per series and period.
  The frequency is taken from --freq, or else from the periods (the majority form).

bad input: every refused record is reported on stderr as "row N, series 'X': reason"
  (N = line number, header = line 1) and the valid series are still forecast:
  - a row with an empty series_id, an unparsable period or a value that is not a finite
    number is refused (the series goes on without it; the hole is interpolated and flagged);
  - a row of the other frequency is refused; a series that mixes monthly and quarterly
    periods, or repeats a period (duplicate series,period), is refused as a whole;
  - a missing header, a missing file or a horizon out of range (1..36 months, 1..12
    quarters) stops the command before anything is written.
exit status: 0 forecasts written (refusals, if any, on stderr); 1 no valid series; 2 usage error.
Progress goes to stderr."""

PREDICT_HELP = """\
output (--output): a CSV file with the header series_id,period,forecast,lo80,hi80,lo95,hi95;
  N rows per series, for the N periods after the series' last period.
  lo/hi are the bounds of the 80 % and 95 % prediction intervals; series that never go
  below zero get bounds clipped at zero.
model choice (--model auto): per series, the model with the lowest MASE in rolling-origin
  backtests among theta, comb (SES+damped Holt+Theta), ses, holt_damped, arima and snaive
  (seasonal naive); short, gappy, zero-heavy, negative or constant series get a fixed fallback
  model and a flag instead. --provenance writes the model, its backtest accuracy and the flags
  of every series as JSON.
"""


def _read_history(path: str) -> list[tuple[int, str, str, str]]:
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"history file not found: {path}")
    with p.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        names = [h.strip().lower() for h in header] if header else []
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            raise ValueError(f"{path}: missing header column(s) {', '.join(missing)}; "
                             f"the first line must be series_id,period,value (got {','.join(header or [])!r})")
        pos = [names.index(c) for c in REQUIRED]
        records = []
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            get = [cells[i] if i < len(cells) else "" for i in pos]
            records.append((reader.line_num if reader.line_num else line, *get))
        return records


def _progress(msg: str) -> None:
    print(f"forecasts: {msg}", file=sys.stderr, flush=True)


def _report_errors(errors) -> None:
    for err in errors:
        print(f"forecasts: refused {err}", file=sys.stderr)
    if errors:
        print(f"forecasts: {len(errors)} record(s) or series refused", file=sys.stderr)


def _predict(args) -> int:
    from .engine import forecast

    records = _read_history(args.history)
    result = forecast(records, args.horizon, freq=args.freq, model=args.model, origins=args.origins,
                      progress=_progress)
    _report_errors(result.errors)
    if not result.rows:
        print("forecasts: error: no valid series to forecast", file=sys.stderr)
        return 1
    out = Path(args.output)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["series_id", "period", "forecast", "lo80", "hi80", "lo95", "hi95"])
        for r in result.rows:
            w.writerow([r["series_id"], r["period"],
                        *(f"{r[k]:.4f}" for k in ("forecast", "lo80", "hi80", "lo95", "hi95"))])
    tmp.replace(out)
    if args.provenance:
        Path(args.provenance).write_text(json.dumps(result.provenance, indent=1, ensure_ascii=False) + "\n")
    fallbacks = sum(1 for p in result.provenance if p.get("selection") == "fallback")
    _progress(f"wrote {len(result.rows)} rows for {len(result.provenance)} series to {out} "
              f"({fallbacks} with a fallback model)")
    return 0


def _table(rows: list[dict]) -> str:
    cols = ["model", "forecasts", "MASE", "sMAPE", "cov80", "cov95", "MASE_vs_snaive"]

    def fmt(v):
        if v is None:
            return "-"
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    cells = [[fmt(r.get(c)) for c in cols] for r in rows]
    width = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(width[i]) for i, c in enumerate(cols))]
    lines += ["  ".join(v.rjust(width[i]) if i else v.ljust(width[i]) for i, v in enumerate(row)) for row in cells]
    return "\n".join(lines)


def _backtest(args) -> int:
    from .engine import run_backtest

    if args.origins < 1:
        raise ValueError("--origins must be at least 1")
    records = _read_history(args.history)
    summary, meta, errors = run_backtest(records, args.horizon, origins=args.origins, freq=args.freq,
                                         progress=_progress)
    _report_errors(errors)
    if not summary:
        print("forecasts: error: no series long enough for a backtest at this horizon", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"summary": summary, **meta}, indent=1))
    else:
        print(f"rolling-origin backtest: horizon {meta['horizon']}, {meta['origins']} origin(s) "
              f"{meta['step']} period(s) apart, {meta['series_scored']} of {meta['series']} series scored "
              f"({meta['freq']})")
        print(_table(summary))
        print("MASE: mean absolute error / in-sample seasonal-naive MAE; sMAPE in %; cov80/cov95: share of "
              "actual values inside the 80 %/95 % intervals; auto = per-series selection (nested).")
    return 0


def _import_series(args) -> int:
    from lifelong.cli import setup_django

    records = _read_history(args.file)
    setup_django()
    from .services import import_series

    report = import_series(records=records, source=args.source or Path(args.file).name, freq=args.freq)
    _report_errors(report.refused)
    print(report.summary())
    return 0 if report.created or report.updated or not report.refused else 1


def _run(args) -> int:
    from lifelong.cli import setup_django

    setup_django()
    from .services import run_forecasts

    run = run_forecasts(horizon=args.horizon, freq=args.freq or "M", progress=_progress)
    print(f"forecast run {run.id}: {run.forecasts.count()} rows for {len(run.provenance)} series "
          f"({run.engine_version})")
    return 0


def _combine(args) -> int:
    from lifelong.cli import setup_django

    setup_django()
    from .services.combination import publish

    published = publish()
    counts = {}
    for c in published:
        counts[c.outlook] = counts.get(c.outlook, 0) + 1
    print(f"{len(published)} combined forecasts published ("
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")")
    return 0


def _import_answers(args) -> int:
    from lifelong.cli import setup_django

    setup_django()
    from .models import Survey
    from .services.surveys import SurveyRefused, import_answers

    survey = Survey.objects.filter(pk=args.survey).first()
    if survey is None:
        print(f"forecasts: error: no survey {args.survey}", file=sys.stderr)
        return 2
    try:
        report = import_answers(survey=survey, text=Path(args.file).read_text(encoding="utf-8-sig"),
                                source=f"csv:{Path(args.file).name}")
    except SurveyRefused as exc:
        print(f"forecasts: error: {exc}", file=sys.stderr)
        return 2
    for line, reason in report.refused:
        print(f"forecasts: refused line {line}: {reason}", file=sys.stderr)
    print(report.summary())
    return 0 if report.firms or not report.refused else 1


def _import_population(args) -> int:
    from lifelong.cli import setup_django

    setup_django()
    from .services.surveys import SurveyRefused, import_population

    try:
        stored, refused = import_population(text=Path(args.file).read_text(encoding="utf-8-sig"),
                                            source=args.source, is_synthetic=args.synthetic)
    except SurveyRefused as exc:
        print(f"forecasts: error: {exc}", file=sys.stderr)
        return 2
    for line, reason in refused:
        print(f"forecasts: refused line {line}: {reason}", file=sys.stderr)
    print(f"{stored} population cells stored, {len(refused)} lines refused")
    return 0 if stored else 1


def _freq(value: str) -> str:
    v = value.strip().upper()
    if v not in ("M", "Q"):
        raise argparse.ArgumentTypeError("--freq must be M (monthly) or Q (quarterly)")
    return v


def register(sub) -> None:
    fc = sub.add_parser("forecasts", help="demand forecasts (predict/backtest need no database), surveys, panels",
                        description="Statistical forecasts of demand series (long CSV in, long CSV out).")
    fsub = fc.add_subparsers(dest="forecasts_command", required=True, metavar="ACTION")
    fmt = argparse.RawDescriptionHelpFormatter

    p = fsub.add_parser("predict", help="forecast every series N periods ahead with 80/95 %% intervals",
                        formatter_class=fmt, epilog=PREDICT_HELP + "\n" + INPUT_HELP)
    p.add_argument("--history", required=True, metavar="H.csv", help="history: series_id,period,value")
    p.add_argument("--horizon", required=True, type=int, metavar="N", help="periods ahead (≤36 months, ≤12 quarters)")
    p.add_argument("--output", required=True, metavar="F.csv", help="forecast CSV to write")
    p.add_argument("--freq", type=_freq, metavar="M|Q", help="M or Q; inferred from the periods when absent")
    p.add_argument("--model", default="auto", help="auto (per-series selection) or one model name "
                   "(snaive, naive, ses, holt_damped, theta, arima, comb)")
    p.add_argument("--origins", type=int, default=3, help="backtest origins for the selection (default 3)")
    p.add_argument("--provenance", metavar="P.json", help="also write per-series provenance as JSON")
    p.set_defaults(func=_predict)

    b = fsub.add_parser("backtest", help="rolling-origin MASE, sMAPE and interval coverage per model",
                        formatter_class=fmt, epilog=INPUT_HELP)
    b.add_argument("--history", required=True, metavar="H.csv")
    b.add_argument("--horizon", required=True, type=int, metavar="N")
    b.add_argument("--origins", type=int, default=3, metavar="K", help="forecast origins (default 3)")
    b.add_argument("--freq", type=_freq, metavar="M|Q")
    b.add_argument("--json", action="store_true", help="print the summary as JSON")
    b.set_defaults(func=_backtest)

    i = fsub.add_parser("import-series", help="store official or derived demand series (long CSV) in the database",
                        formatter_class=fmt, epilog=INPUT_HELP.replace("--history", "FILE"))
    i.add_argument("file", metavar="FILE.csv", help="series_id,period,value (more columns ignored)")
    i.add_argument("--source", help="source label stored with every value (default: the file name)")
    i.add_argument("--freq", type=_freq, metavar="M|Q")
    i.set_defaults(func=_import_series)

    r = fsub.add_parser("run", help="forecast the stored series and store the forecasts with provenance")
    r.add_argument("--horizon", required=True, type=int, metavar="N")
    r.add_argument("--freq", type=_freq, metavar="M|Q", help="which stored series (default M)")
    r.set_defaults(func=_run)

    c = fsub.add_parser("combine", help="combine forecast, survey and panel per competence/occupation and publish")
    c.set_defaults(func=_combine)

    a = fsub.add_parser("import-answers", help="import employer-survey answers (long CSV) with a per-line report")
    a.add_argument("survey", type=int, metavar="SURVEY_ID")
    a.add_argument("file", metavar="FILE.csv", help="enterprise_number,kind,concept_uri,value")
    a.set_defaults(func=_import_answers)

    pp = fsub.add_parser("import-population", help="replace the firm population (size class × NACE section) "
                         "used to weight employer surveys")
    pp.add_argument("file", metavar="FILE.csv", help="size_class,nace_section,firms")
    pp.add_argument("--source", required=True, help="publisher and table, e.g. 'RSZ-ONSS, werkgevers 2025'")
    pp.add_argument("--synthetic", action="store_true", help="mark the counts as synthetic (not official)")
    pp.set_defaults(func=_import_population)
