"""`wfm-desktop accuracy`: compare a forecast with what happened.

    wfm-desktop accuracy forecast.csv actuals.xlsx -o accuracy.xlsx [--intraday intervals.csv]
    wfm-desktop accuracy march.wfmplan [actuals.xlsx] -o accuracy.xlsx [--snapshot NAME]

FORECAST is the daily forecast CSV (``queue,date,contacts[,aht_s]``) or the interval forecast CSV
(``queue,start,contacts[,aht_s]``) that `wfm-desktop forecast` writes, or a plan file: then one of
its forecast snapshots is compared (``--snapshot NAME``; default the latest taken), with ACTUALS, or
the actuals the plan keeps when ACTUALS is left out. ACTUALS is any file the importer reads.
Writes WAPE and bias of volume and AHT by month, week, day and interval (.xlsx, one sheet each
and a chart per queue, or one long .csv) and prints the summary per queue with its quality band.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import check_output_path


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "accuracy",
        help="compare a forecast (CSV, or a plan's snapshot) with actuals (WAPE and bias by month, week, day, interval)",
        description="Compare a forecast with actual volumes and handle times: WAPE and bias by month, week, day "
                    "and interval, per queue, with the worst days and intervals.",
    )
    parser.add_argument("forecast", help="forecast CSV: daily (queue,date,contacts,...) or intervals (queue,start,...); "
                                         "or a plan file (.wfmplan) with forecast snapshots")
    parser.add_argument("actuals", nargs="?", help="actual volumes (any file the importer reads); with a plan file, "
                                                   "default: the actuals the plan keeps")
    parser.add_argument("--snapshot", metavar="NAME", help="with a plan file: the snapshot to compare (default the "
                                                           "latest taken)")
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
    intro: list[str] = []
    if Path(args.forecast).suffix.lower() == ".wfmplan":
        if args.intraday:
            raise WfmError("--intraday is for a forecast CSV; a plan's snapshot holds its own interval forecast")
        daily, intervals, actuals, intro = _from_plan(args)
    else:
        if args.snapshot:
            raise WfmError("--snapshot chooses a snapshot of a plan file (FORECAST.wfmplan)")
        if not args.actuals:
            raise WfmError("give the ACTUALS file to compare the forecast CSV with")
        daily, intervals = read_forecast_csv(args.forecast)
        if args.intraday:
            _, intervals = read_forecast_csv(args.intraday)
            if intervals is None:
                raise WfmError(f"{args.intraday}: not an interval forecast (needs columns queue,start,contacts)")
        actuals = import_history(args.actuals).history
    report = accuracy_report(daily, actuals, forecast_intervals=intervals, worst=args.worst)
    report = replace(report, notes=tuple(intro) + report.notes)
    write_accuracy(report, args.output, force=args.force)
    print(f"Wrote the accuracy report to {args.output}")
    for line in intro:
        print(line)
    print(summary_text(report))
    for note in report.notes[len(intro):]:
        print(f"Note: {note}")
    return 0


def _from_plan(args):
    """(daily, intervals, actuals History, intro lines) for a plan file's snapshot."""
    from wfm_desktop.core.forecast.snapshots import actuals_from_input, choose_snapshot, snapshot_frames
    from wfm_desktop.core.importers import import_history
    from wfm_desktop.core.plan.saved import open_plan

    plan = open_plan(args.forecast)
    snapshots = plan.input("forecast/snapshots") or []
    snapshot = choose_snapshot(snapshots, args.snapshot)
    if args.actuals:
        actuals = import_history(args.actuals).history
        where = args.actuals
    else:
        actuals = actuals_from_input(plan.input("accuracy/actuals"))
        if actuals is None:
            raise WfmError(f"{args.forecast}: the plan keeps no actuals; give the ACTUALS file")
        where = f"the plan's actuals ({Path(actuals.source).name or 'imported in the app'})"
    daily, intervals = snapshot_frames(snapshot)
    others = [str(s["name"]) for s in snapshots if s is not snapshot]
    intro = [f"Forecast: snapshot {snapshot['name']!r} taken {snapshot.get('taken_at', '?')} UTC, "
             f"{snapshot.get('origin', '?')} to {snapshot.get('last_day', '?')}; actuals: {where}"]
    if others:
        intro.append("Other snapshots in the plan (--snapshot NAME): " + ", ".join(repr(n) for n in others))
    return daily, intervals, actuals, intro


def summary_text(report) -> str:
    lines = [f"{'queue':<20} {'days':>5} {'actual':>10} {'forecast':>10} {'WAPE':>7} {'bias':>7} "
             f"{'int WAPE':>8} {'AHT WAPE':>8} {'AHT bias':>8}  quality (daily / interval)"]
    for row in report.summary.itertuples(index=False):
        quality = " / ".join(b or "-" for b in (row.daily_band, row.interval_band))
        if "poor" in quality:
            quality += "  << POOR"
        lines.append(f"{str(row.queue)[:20]:<20} {row.days:>5d} {row.actual:>10,.0f} {row.forecast:>10,.0f} "
                     f"{_pct(row.wape):>7} {_pct(row.bias, sign=True):>7} {_pct(row.interval_wape):>8} "
                     f"{_pct(row.aht_wape):>8} {_pct(row.aht_bias, sign=True):>8}  {quality}")
    lines.append("Bands: daily WAPE < 10% excellent, 10-15% acceptable, > 15% poor; "
                 "interval WAPE < 15% excellent, 15-25% acceptable, > 25% poor.")
    return "\n".join(lines)


def _pct(value: float, sign: bool = False) -> str:
    if pd.isna(value):
        return "-"
    return f"{value:+.1%}" if sign else f"{value:.1%}"
