"""`wfm-desktop forecast`: forecast daily contacts (and intervals) from a history file.

    wfm-desktop forecast calls.csv --horizon-days 91 --country US -o forecast.csv --intraday intervals.csv

Writes the daily forecast (``queue,date,contacts,lower,upper,aht_s,method``),
optionally the interval forecast (``queue,start,contacts,aht_s``), and prints
the backtest table (WAPE and bias per queue and method) and any notes.
"""

from __future__ import annotations

import argparse
import datetime as dt

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import check_not_source, check_output_path
from wfm_desktop.core.forecast import METHOD_CHOICES, ForecastResult, ForecastSettings, read_events_csv, run_forecast
from wfm_desktop.core.forecast.output import write_daily_csv, write_intraday_csv
from wfm_desktop.core.history.table import History


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "forecast",
        help="forecast daily contacts, intraday shape and handle time",
        description=(
            "Forecast contacts per queue and day from a history file, with prediction intervals, "
            "public holidays and events, growth, deflection and overrides. Prints the backtest table."
        ),
    )
    parser.add_argument("history", help="history file (CSV or spreadsheet the importer understands)")
    parser.add_argument("--horizon-days", type=int, required=True, help="days to forecast (1-364)")
    parser.add_argument("--method", choices=METHOD_CHOICES, default="auto", help="forecasting method (default: auto, the best backtest WAPE per queue; combo = the mean of the "
        "two single methods with the best backtest)")
    parser.add_argument("--start", type=_date, help="first forecast day YYYY-MM-DD (default: the day after the history)")
    parser.add_argument("--country", help="public-holiday calendar, e.g. US, GB, DE, US-CA")
    parser.add_argument("--events", help="events CSV: date,type,factor,label[,queue] (type closed or factor)")
    parser.add_argument("--overrides", help="overrides CSV: queue,date,contacts (replaces those days' forecasts)")
    parser.add_argument("--level", type=float, default=0.8, help="prediction interval coverage as a fraction (default 0.8)")
    parser.add_argument("--percentile", type=float, help="staff on this percentile of the forecast, e.g. 0.7")
    parser.add_argument("--weeks", type=int, default=6, help="weeks averaged by weekday_avg (default 6)")
    parser.add_argument("--folds", type=int, default=4, help="backtest folds (default 4; 0 = none)")
    parser.add_argument("--growth", type=float, default=0.0, help="volume growth as a fraction, e.g. 0.05 for +5%%")
    parser.add_argument("--deflection", type=float, default=0.0, help="share of contacts deflected, e.g. 0.1")
    parser.add_argument("--profile-weeks", type=int, default=26, help="most weeks the intraday and AHT profiles use (default 26; a backtest may choose fewer for the shape)")
    parser.add_argument("--interval", type=int, choices=(15, 30, 60), help="planning interval in minutes for --intraday")
    parser.add_argument("--no-clean", action="store_true",
                        help="keep abnormal days and weeks (festivals, outages) in the fitting; by default they are "
                             "found, listed and left out")
    parser.add_argument("--keep", action="append", type=_period, default=[], metavar="START:END[:QUEUE]",
                        help="keep a detected abnormal period in (repeatable), e.g. 2024-04-08:2024-04-12")
    parser.add_argument("--exclude", action="append", type=_period, default=[], metavar="START:END[:QUEUE]",
                        help="leave a period of your own out of the fitting and profiles (repeatable)")
    parser.add_argument("-o", "--output", required=True, help="daily forecast CSV to write")
    parser.add_argument("--intraday", help="interval forecast CSV to write")
    parser.add_argument("--force", action="store_true", help="overwrite existing output files")
    return parser


def run(args: argparse.Namespace) -> int:
    check_output_path(args.output, force=args.force)
    check_not_source(args.output, args.history, args.events, args.overrides)
    check_not_source(args.intraday or args.output, args.history, args.events, args.overrides)
    if args.intraday:
        check_output_path(args.intraday, force=args.force)
    for name in ("level", "percentile", "deflection", "growth"):
        value = getattr(args, name)
        if value is not None and abs(value) > 1:
            raise WfmError(f"--{name} {value:g}: give a fraction, not a percentage (e.g. 0.8, not 80)")
    history = read_history(args.history, args.interval)
    settings = ForecastSettings(
        method=args.method,
        horizon_days=args.horizon_days,
        start=args.start,
        level=args.level,
        weeks=args.weeks,
        folds=args.folds,
        country=args.country,
        events=read_events_csv(args.events) if args.events else (),
        growth=args.growth,
        deflection=args.deflection,
        overrides=read_overrides_csv(args.overrides) if args.overrides else {},
        profile_weeks=args.profile_weeks,
        percentile=args.percentile,
        interval_min=args.interval,
        clean_history=not args.no_clean,
        keep_periods=tuple(args.keep),
        exclude_periods=tuple(args.exclude),
    )
    result = run_forecast(history, settings)
    if args.intraday and result.intraday.empty:
        raise WfmError(f"{args.history}: holds daily totals only, so there is no intraday forecast to write")
    write_daily_csv(result, args.output, force=args.force)
    print(f"Wrote {len(result.daily)} daily rows to {args.output}")
    if args.intraday:
        write_intraday_csv(result, args.intraday, force=args.force)
        print(f"Wrote {len(result.intraday)} interval rows ({result.interval_min}-minute) to {args.intraday}")
    print()
    print(backtest_table(result))
    special = result.adjustments[result.adjustments["kind"].isin(["holiday", "holiday period", "event"])]
    if not special.empty:
        print()
        print("Special days (factor applied to the forecast; 0 = closed)")
        for row in special.itertuples(index=False):
            print(f"  {row.date:%Y-%m-%d} {row.queue}: {row.label} -> x{row.value:g}")
    if not result.findings.empty:
        print()
        print(findings_table(result))
    for note in result.notes:
        print(f"Note: {note}")
    return 0


def backtest_table(result: ForecastResult) -> str:
    """The backtest as a plain-text table: WAPE and bias in percent, * marks the method used."""
    table = result.backtest
    if table.empty:
        return "Backtest: none (too little history or --folds 0)."
    lines = [f"Backtest ({result.settings.folds} folds of {result.settings.fold_days} days; * = method used)"]
    width = max(15, max(len(str(m)) for m in table["method"]) + 1)  # combo(a+b) names its members
    lines.append(f"{'queue':<20} {'method':<{width}} {'WAPE':>7} {'bias':>7} {'folds':>5} {'days':>5}")
    for row in table.itertuples(index=False):
        mark = "*" if row.chosen else " "
        lines.append(
            f"{str(row.queue)[:20]:<20} {row.method + mark:<{width}} {row.wape:>7.1%} {row.bias:>+7.1%} "
            f"{row.folds:>5d} {row.days:>5d}"
        )
    return "\n".join(lines)


def findings_table(result: ForecastResult) -> str:
    """Abnormal periods found in the history (and the planner's), one line each."""
    lines = ["Abnormal periods in the history (change = volume against a normal day; x = left out)"]
    for row in result.findings.itertuples(index=False):
        change = "" if pd.isna(row.change) else f"{row.change:+.0%}"
        mark = "x" if row.excluded else " "
        lines.append(f"  {mark} {row.queue}: {row.start} to {row.end} ({row.days} days) {row.kind} {change} {row.note}".rstrip())
    return "\n".join(lines)


def _period(text: str):
    from wfm_desktop.core.forecast.cleaning import Period

    parts = text.split(":", 2)
    if len(parts) < 2:
        raise argparse.ArgumentTypeError(f"{text!r}: give START:END[:QUEUE], e.g. 2024-04-08:2024-04-12")
    try:
        return Period(dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[1]), parts[2] if len(parts) > 2 else None)
    except (ValueError, WfmError) as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from exc


def read_overrides_csv(path) -> dict[tuple[str, dt.date], float]:
    """Overrides file: columns ``queue,date,contacts``."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError as exc:
        raise WfmError(f"{path}: overrides file not found") from exc
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("queue", "date", "contacts") if c not in frame.columns]
    if missing:
        raise WfmError(f"{path}: overrides file needs columns queue,date,contacts (missing {', '.join(missing)})")
    out = {}
    for i, row in enumerate(frame.to_dict("records"), start=2):
        try:
            day = pd.Timestamp(row["date"].strip()).date()
        except (ValueError, TypeError) as exc:
            raise WfmError(f"{path}, row {i}, column date: {row['date']!r} is not a date (use YYYY-MM-DD)") from exc
        try:
            contacts = float(row["contacts"])
        except ValueError as exc:
            raise WfmError(f"{path}, row {i}, column contacts: {row['contacts']!r} is not a number") from exc
        out[(row["queue"].strip(), day)] = contacts
    return out


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from exc


def read_history(path, interval_min: int | None = None) -> History:
    """The history in `path`, read by the importers (any file they understand).

    Interval history is rolled up to `interval_min` (15, 30 or 60) with the
    importers' roll-up when given; daily totals are never split into intervals.
    """
    from wfm_desktop.core.importers import import_history, rollup  # only when the command runs

    history = import_history(path).history
    if interval_min is not None and not history.is_daily and history.interval_min != interval_min:
        history = rollup(history, interval_min)
    return history
