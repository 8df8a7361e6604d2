"""`wfm-desktop accuracy`: compare a forecast with what happened.

    wfm-desktop accuracy forecast.csv actuals.xlsx -o accuracy.xlsx [--intraday intervals.csv]

FORECAST is the daily forecast CSV (``queue,date,contacts[,aht_s]``) or the interval forecast CSV
(``queue,start,contacts[,aht_s]``) that `wfm-desktop forecast` writes; ACTUALS is any file the
importer reads. Writes WAPE and bias of volume and AHT by month, week, day and interval (.xlsx,
one sheet each, or one long .csv) and prints the summary per queue. A plan file's forecast
snapshots come with the plan model; until then give the forecast CSV.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import check_output_path


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "accuracy",
        help="compare a forecast with actuals (WAPE and bias by month, week, day, interval)",
        description="Compare a forecast with actual volumes and handle times: WAPE and bias by month, week, day "
                    "and interval, per queue, with the worst days and intervals.",
    )
    parser.add_argument("forecast", help="forecast CSV: daily (queue,date,contacts,...) or intervals (queue,start,...)")
    parser.add_argument("actuals", help="actual volumes (any file the importer reads)")
    parser.add_argument("--intraday", help="interval forecast CSV to compare as well (with a daily FORECAST)")
    parser.add_argument("--worst", type=int, default=10, help="worst days and intervals listed per queue (default 10)")
    parser.add_argument("-o", "--output", required=True, help="report to write: .xlsx or .csv")
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")
    return parser


def run(args: argparse.Namespace) -> int:
    from wfm_desktop.core.forecast.accuracy import accuracy_report, read_forecast_csv, write_accuracy
    from wfm_desktop.core.importers import import_history

    if Path(args.output).suffix.lower() not in (".xlsx", ".csv"):
        raise WfmError(f"{args.output}: write the accuracy report as .xlsx or .csv")
    check_output_path(args.output, force=args.force)
    daily, intervals = read_forecast_csv(args.forecast)
    if args.intraday:
        _, intervals = read_forecast_csv(args.intraday)
        if intervals is None:
            raise WfmError(f"{args.intraday}: not an interval forecast (needs columns queue,start,contacts)")
    actuals = import_history(args.actuals).history
    report = accuracy_report(daily, actuals, forecast_intervals=intervals, worst=args.worst)
    write_accuracy(report, args.output, force=args.force)
    print(f"Wrote the accuracy report to {args.output}")
    print(summary_text(report))
    for note in report.notes:
        print(f"Note: {note}")
    return 0


def summary_text(report) -> str:
    lines = [f"{'queue':<20} {'days':>5} {'actual':>10} {'forecast':>10} {'WAPE':>7} {'bias':>7} "
             f"{'30m WAPE':>8} {'AHT WAPE':>8} {'AHT bias':>8}".replace("30m WAPE", "int WAPE")]
    for row in report.summary.itertuples(index=False):
        lines.append(f"{str(row.queue)[:20]:<20} {row.days:>5d} {row.actual:>10,.0f} {row.forecast:>10,.0f} "
                     f"{_pct(row.wape):>7} {_pct(row.bias, sign=True):>7} {_pct(row.interval_wape):>8} "
                     f"{_pct(row.aht_wape):>8} {_pct(row.aht_bias, sign=True):>8}")
    return "\n".join(lines)


def _pct(value: float, sign: bool = False) -> str:
    if pd.isna(value):
        return "-"
    return f"{value:+.1%}" if sign else f"{value:.1%}"
