"""`wfm-desktop scenarios PLAN.wfmplan`: whole-plan scenarios side by side, and the automation case.

    wfm-desktop scenarios march.wfmplan --scenario "Busy:volume=+10%,aht=-5,sl=0.85" \\
        --scenario "Bot:deflection=5%>10%>15%,licence=2000,implementation=30000" -o march.xlsx

Opens a saved plan, adds the ``--scenario`` ones (a scenario of the same name is replaced; without
any, the plan's own scenarios are shown), computes each with the plan's staffing and budget, prints
FTE, cost, service level and hires beside the base plan, and each automation's business case with
its payback month. ``-o`` writes the plan's workbook with its Scenarios sheet; ``--save`` keeps the
scenarios in a plan file. Keys of ``--scenario NAME:key=value,…``: volume, aht (seconds, or % with
a % sign), sl (0.85 or 85/20 for both targets), answer, asa, occupancy, shrinkage (the total),
wage, attrition, hires (extra classes, 8@2027-03-01>5@2027-05-03), deflection (a ramp by month,
5%>10%>15%), licence (a month), implementation.
"""

from __future__ import annotations

import argparse
import math
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "scenarios",
        help="whole-plan scenarios side by side, and the automation business case",
        description="Compare whole-plan scenarios with a saved plan: the plan's inputs with a few changes "
                    "(volume, AHT, targets, shrinkage, wages, hiring, a chatbot's deflection and costs), "
                    "computed by the same staffing and budget.",
        epilog="example:\n  wfm-desktop scenarios march.wfmplan --scenario \"Busy:volume=+10%,aht=-5,sl=0.85\" "
               "\\\n      --scenario \"Bot:deflection=5%>10%>15%,licence=2000,implementation=30000\" -o march.xlsx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("plan", metavar="PLAN.wfmplan", help="the plan file (saved by the app or by plan --save)")
    parser.add_argument("--scenario", action="append", default=[], metavar="NAME:key=value,...",
                        help="a scenario to add (repeat for several); replaces the plan's scenario of that name")
    parser.add_argument("--only", action="store_true", help="compare only the --scenario ones (drop the plan's own)")
    parser.add_argument("-o", "--output", metavar="OUT.xlsx", help="write the plan workbook with its Scenarios sheet")
    parser.add_argument("--save", metavar="PLAN.wfmplan", help="save the plan with these scenarios")
    parser.add_argument("--force", action="store_true", help="overwrite the workbook or plan file if it exists")
    return parser


def _money(value: float) -> str:
    return "" if math.isnan(value) else f"{value:,.0f}"


def run(args: argparse.Namespace) -> int:
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.files import check_output_path
    from wfm_desktop.core.plan.saved import open_plan, save
    from wfm_desktop.core.plan.scenario_spec import parse_scenario
    from wfm_desktop.core.plan.scenarios import SCENARIOS_KEY, scenario_to_dict, scenarios_from_list

    for target in (args.output, args.save):
        if target:
            check_output_path(target, force=args.force)
    added = [parse_scenario(spec) for spec in args.scenario]
    plan = open_plan(args.plan)
    for change in plan.convention_changes:
        print(f"note: computed differently since this plan was saved: {change}", file=sys.stderr)
    kept = [] if args.only else [s for s in scenarios_from_list(plan.input(SCENARIOS_KEY), args.plan)
                                 if s.name not in {a.name for a in added}]
    scenarios = scenarios_from_list([scenario_to_dict(s) for s in (*kept, *added)], "--scenario")
    if not scenarios:
        raise WfmError(f"{args.plan} has no scenarios: add one with --scenario NAME:volume=+10%,sl=0.85")
    plan.inputs.set(SCENARIOS_KEY, [scenario_to_dict(s) for s in scenarios], "Scenarios")
    plan.refresh()
    comparison = plan.result("scenarios")
    if comparison is None or comparison.empty:
        raise WfmError(f"{args.plan}: the scenarios could not be computed — {plan.state('scenarios').reason}")
    _print(comparison)
    if args.output:
        from wfm_desktop.core.export import write_plan_workbook

        write_plan_workbook(plan.result("export"), args.output, force=args.force)
        print(f"wrote {args.output} (with the Scenarios sheet)")
    if args.save:
        save(plan, args.save, force=True)
        print(f"saved the plan with {len(scenarios)} scenario(s) to {args.save}")
    return 0


def _print(comparison, stream=None) -> None:
    stream = stream if stream is not None else sys.stdout  # the stream of the moment (not of the import)
    cur = comparison.base.currency
    totals = comparison.totals()
    width = max(12, *(len(n) for n in totals["scenario"]))
    print(f"{'scenario':<{width}} {'avg FTE':>9} {'vs base':>8} {'hires':>6} {'total ' + cur:>14} "
          f"{'vs base':>12} {'SL':>6}", file=stream)
    for rec in totals.to_dict("records"):
        sl = "" if math.isnan(rec["service_level"]) else f"{rec['service_level']:.1%}"
        print(f"{rec['scenario']:<{width}} {rec['required_fte']:>9.1f} {rec['fte_vs_base']:>+8.1f} "
              f"{rec['hires']:>6.0f} {_money(rec['total_cost']):>14} {rec['cost_vs_base']:>+12,.0f} {sl:>6}",
              file=stream)
    for rec in totals.to_dict("records")[1:]:
        print(f"  {rec['scenario']}: {rec['changes']}", file=stream)
    for rec in totals.to_dict("records"):
        if rec["check"]:
            print(f"  check {rec['scenario']}: {rec['check']}", file=stream)
    for name, case in comparison.business_cases().items():
        print(f"\nAutomation business case — {name}: {case.sentence(cur)}", file=stream)
        print(f"  {'month':<8} {'deflect':>7} {'FTE saved':>9} {'cost saved':>11} {'automation':>11} "
              f"{'net':>10} {'cumulative':>11}", file=stream)
        for r in case.frame.itertuples(index=False):
            print(f"  {r.month:%Y-%m}  {r.deflection:>7.0%} {r.fte_saved:>9.1f} {r.cost_saved:>11,.0f} "
                  f"{r.automation_cost:>11,.0f} {r.net_saving:>10,.0f} {r.cumulative_net:>11,.0f}", file=stream)
