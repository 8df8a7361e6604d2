"""`wfm-desktop export PLAN.wfmplan -o OUT.xlsx`: the workbook of a saved plan, as the app writes it.

    wfm-desktop export march.wfmplan -o march.xlsx
    wfm-desktop plan --sample -o first.xlsx --save sample.wfmplan && wfm-desktop export sample.wfmplan -o again.xlsx

Opens the plan (one saved by the app or by ``plan --save``), brings it up to date the way the app
does — a forecast the plan had but did not keep is run again from its saved settings; staffing,
budget and export are recomputed from the saved inputs — and writes the same workbook as the app's
File ▸ Export to Excel. A saved schedule is exported as it was solved and never solved again; one
whose inputs changed since is left out, with a note. Changes of convention since the plan was
saved (a plan of an older release) are printed to stderr, one line each. The workbook is never written over an existing file without ``--force``.
"""

from __future__ import annotations

import argparse
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export",
        help="saved plan (.wfmplan) in, plan workbook (Excel) out",
        description="Write the Excel workbook of a saved plan: the same workbook as the app's File ▸ Export "
                    "to Excel (Summary, Assumptions, forecast, requirements, Weekly FTE, and the Schedule, "
                    "Coverage, Budget and Capacity plan sheets when the plan has them).",
        epilog="example:\n  wfm-desktop export march.wfmplan -o march.xlsx --force",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plan", metavar="PLAN.wfmplan", help="the plan file (saved by the app or by plan --save)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="the workbook to write")
    parser.add_argument("--force", action="store_true", help="overwrite the workbook if it exists")
    return parser


def run(args: argparse.Namespace) -> int:
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.export import write_plan_workbook
    from wfm_desktop.core.files import check_output_path
    from wfm_desktop.core.plan.model import OUT_OF_DATE
    from wfm_desktop.core.plan.saved import open_plan

    check_output_path(args.output, force=args.force)
    plan = open_plan(args.plan)
    for change in plan.convention_changes:
        print(f"note: computed differently since this plan was saved: {change}", file=sys.stderr)
    restored = list(plan.pending_restore)
    plan.refresh()
    if restored:
        print(f"restored {', '.join(restored)} from the plan's saved settings")
    data = plan.result("export")
    if data is None:
        raise WfmError(f"{args.plan}: nothing to export — {plan.state('export').reason}")
    for name in plan.graph.names:
        state = plan.state(name)
        if state.status == OUT_OF_DATE and name != "export":
            print(f"note: {plan.graph[name].title.lower()} is out of date ({state.reason}); "
                  f"{'it is left out of the workbook' if name in plan.graph['export'].fresh_only else 'exported as saved'}"
                  "; open the plan in the app to bring it up to date", file=sys.stderr)
    write_plan_workbook(data, args.output, force=args.force)
    sheets = ", ".join(part for part, value in (("budget", data.budget), ("schedule", data.schedule))
                       if value is not None) or "no schedule or budget"
    print(f"wrote {args.output} from {args.plan} (with {sheets})")
    return 0
