"""`wfm-desktop reforecast`: add new actuals to a plan's history and forecast again from the day after them.

    wfm-desktop reforecast march.wfmplan april_actuals.xlsx -o april.wfmplan [--snapshot NAME] [--differences D.csv]

Opens the plan, adds ACTUALS (any file the importer reads; default: the actuals the plan keeps) to
its history — where both hold a queue and interval, the actuals win, and the rows that differ are
printed (the first 10) or written in full with ``--differences`` — drops a fixed forecast start so
the forecast begins the day after the actuals, runs the forecast again with the plan's settings,
and saves the plan as OUT (``--snapshot`` also keeps the new forecast as a snapshot). The plan's
earlier snapshots stay in it, to be compared with actuals later (`wfm-desktop accuracy`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import check_output_path

SHOWN = 10


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "reforecast",
        help="add new actuals to a plan's history and forecast again from the day after them",
        description="Add actuals to a saved plan's history (the actuals win where both hold an interval; the rows "
                    "that differ are reported), roll the forecast origin forward and forecast again.",
    )
    parser.add_argument("plan", metavar="PLAN.wfmplan", help="the plan file")
    parser.add_argument("actuals", nargs="?", help="actual volumes (any file the importer reads); default: the "
                                                   "actuals the plan keeps")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.wfmplan", help="the plan file to write")
    parser.add_argument("--snapshot", nargs="?", const="", metavar="NAME",
                        help="keep the new forecast as a snapshot (default name: its first day and method)")
    parser.add_argument("--differences", metavar="DIFF.csv", help="write every history row the actuals changed")
    parser.add_argument("--force", action="store_true", help="overwrite the output files if they exist")
    return parser


def run(args: argparse.Namespace) -> int:
    from wfm_desktop.core.files import write_atomic
    from wfm_desktop.core.forecast.snapshots import actuals_to_input, add_snapshot, take_snapshot
    from wfm_desktop.core.importers import import_history
    from wfm_desktop.core.plan.roll_forward import roll_forward
    from wfm_desktop.core.plan.saved import open_plan, save

    if Path(args.output).suffix.lower() != ".wfmplan":
        raise WfmError(f"{args.output}: the re-forecast plan is written as a .wfmplan file")
    check_output_path(args.output, force=args.force)
    if args.differences:
        check_output_path(args.differences, force=args.force)
    plan = open_plan(args.plan)
    actuals = None
    if args.actuals:
        imported = import_history(args.actuals)
        actuals = imported.history
        plan.inputs.set("accuracy/actuals", actuals_to_input(actuals, path=str(args.actuals),
                                                             sha256=getattr(imported, "source_sha256", "") or ""),
                        "Import actuals")
    merged = roll_forward(plan, actuals)
    for note in merged.notes:
        print(note)
    diff = merged.differences
    if len(diff):
        print(f"{'queue':<16} {'start':<16} {'column':<9} {'history':>10} {'actuals':>10}")
        for row in diff.head(SHOWN).itertuples(index=False):
            print(f"{str(row.queue)[:16]:<16} {row.start:%Y-%m-%d %H:%M} {row.column:<9} {row.history:>10,.1f} "
                  f"{row.actual:>10,.1f}")
        if len(diff) > SHOWN:
            print(f"... and {len(diff) - SHOWN:,} more" + ("" if args.differences else " (--differences DIFF.csv lists all)"))
    if args.differences:
        write_atomic(args.differences, lambda tmp: diff.to_csv(tmp, index=False), force=args.force)
        print(f"Wrote the {len(diff):,} changed value(s) to {args.differences}")
    forecast = plan.result("forecast")
    if args.snapshot is not None:
        plan.inputs.set("forecast/snapshots", add_snapshot(plan.input("forecast/snapshots"),
                                                           take_snapshot(forecast, args.snapshot or None)), "Keep")
    daily = forecast.daily
    print(f"Forecast again from {daily['date'].min():%Y-%m-%d} to {daily['date'].max():%Y-%m-%d} "
          f"({', '.join(sorted(set(daily['method'].astype(str))))})")
    plan.refresh()
    save(plan, args.output, force=True)
    print(f"Saved {args.output}")
    return 0
