"""`wfm-desktop budget`: the capacity plan and the monthly budget from required staff.

Example::

    wfm-desktop budget requirements.csv --sites sites.csv --budget budget.json -o budget.xlsx

The input is either interval requirements (``start``, ``agents_gross`` …, as
the plan writes them) or a per-week/per-month table with ``required_fte`` or
``paid_hours``. See docs/budget.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from wfm_desktop.core.budget.monthly import Budget, compare, plan_budget
from wfm_desktop.core.budget.capacity import CapacityPlan
from wfm_desktop.core.budget.inputs import BudgetInputs, read_budget_json, read_sites_csv
from wfm_desktop.core.conventions import DEFAULT_CONTRACT_HOURS_WEEK, check_contract_hours
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import check_not_source, check_output_path, write_atomic
from wfm_desktop.core.formula_safety import write_csv
from wfm_desktop.core.budget.periods import read_periods

OUTPUT_SUFFIXES = (".csv", ".xlsx")


def add_contract_week_option(parser) -> None:
    """``--contract-hours-week``: the plan's one contracted week (``--hours-per-fte`` is an old name for it)."""
    parser.add_argument("--contract-hours-week", "--hours-per-fte", dest="contract_hours_week", type=float,
                        metavar="H", help=f"contracted hours per FTE per week, one for the whole plan: staffing FTE, "
                        f"capacity plan and budget (default {DEFAULT_CONTRACT_HOURS_WEEK:g}, or the --budget "
                        f"file's contract_hours_week)")


def add_budget_options(parser: argparse.ArgumentParser) -> None:
    """The cost options shared with `wfm-desktop plan` (``--sites``, ``--budget``)."""
    group = parser.add_argument_group("budget and capacity plan (docs/budget.md)")
    group.add_argument("--sites", metavar="SITES.csv",
                       help="sites and vendors: name,kind,share,hourly_wage,overhead,rate,rate_unit,licences "
                            "(default: one in-house site at $20/h with 30%% overhead)")
    group.add_argument("--budget", metavar="BUDGET.json",
                       help="currency, contracted week, licences, implementation, training and hiring settings "
                            "(default: the documented defaults)")


def contract_week(option: float | None, budget: str | None) -> float:
    """The plan's one contracted week: ``--contract-hours-week`` when given, else the ``--budget``
    file's ``contract_hours_week``, else the default; the two disagreeing is an error, not a choice."""
    own = None
    if budget:
        try:
            doc = json.loads(Path(budget).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            doc = {}  # read_budget_json reports it properly
        own = doc.get("contract_hours_week") if isinstance(doc, dict) else None
    if option is not None:
        week = check_contract_hours(option, "--contract-hours-week")
        if own is not None and isinstance(own, (int, float)) and float(own) != week:
            raise WfmError(f"{budget}: contract_hours_week is {own:g} but --contract-hours-week is {week:g}; "
                           "a plan has one contracted week — give one of them")
        return week
    if own is not None and isinstance(own, (int, float)) and not isinstance(own, bool):
        return check_contract_hours(own, f"{budget}: contract_hours_week")
    return DEFAULT_CONTRACT_HOURS_WEEK


def load_budget_inputs(sites: str | None, budget: str | None, *,
                       contract_hours_week: float | None = None) -> BudgetInputs:
    """BudgetInputs from the optional ``--sites`` CSV and ``--budget`` JSON, with the plan's contracted
    week (:func:`contract_week` of ``contract_hours_week`` and the JSON)."""
    site_list = read_sites_csv(sites) if sites else None
    if budget:
        inputs = read_budget_json(budget, sites=site_list)
    else:
        inputs = BudgetInputs(sites=site_list) if site_list else BudgetInputs()
    return inputs.with_(contract_hours_week=contract_week(contract_hours_week, budget))


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "budget",
        help="capacity (hiring) plan and monthly budget from required FTE or interval requirements",
        description="Price a staffing requirement month by month (wages, overhead, outsourcing, licences, "
                    "training, implementation) and plan hiring against attrition and a training ramp.",
    )
    p.add_argument("requirements", metavar="REQUIREMENTS_OR_FTE",
                   help=".csv/.xlsx: interval requirements (start, agents_gross[, contacts, aht_s]) or a "
                        "weekly/monthly table (week or month, required_fte or paid_hours[, contacts, handled_hours])")
    add_budget_options(p)
    add_contract_week_option(p)
    p.add_argument("--week-start", choices=("Monday", "Sunday", "Saturday"), default="Monday",
                   help="the first day of the weeks with --period week (default Monday)")
    p.add_argument("--period", choices=("week", "month"), default="month",
                   help="granularity of the capacity plan (the budget is always monthly; default: month)")
    p.add_argument("--no-suggestions", action="store_true",
                   help="do not suggest hiring classes; use only the planned hires")
    p.add_argument("--compare", metavar="BUDGET_B.json",
                   help="a second budget JSON (same sites unless --compare-sites) to show side by side")
    p.add_argument("--compare-sites", metavar="SITES_B.csv", help="sites for the --compare scenario")
    p.add_argument("-o", "--output", required=True, metavar="BUDGET.csv|.xlsx",
                   help=".xlsx: Budget, Capacity plan, Sites and Suggestions sheets; .csv: the monthly budget "
                        "(the capacity plan goes beside it as NAME.capacity.csv)")
    p.add_argument("--force", action="store_true", help="overwrite existing output files")
    return p


def run(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in OUTPUT_SUFFIXES:
        raise WfmError(f"{out}: the output must end in .csv or .xlsx")
    check_output_path(out, force=args.force)  # before the work, not after it
    check_not_source(out, args.requirements, args.sites, args.budget, args.compare, args.compare_sites)
    inputs = load_budget_inputs(args.sites, args.budget, contract_hours_week=args.contract_hours_week)
    from wfm_desktop.core.conventions import first_weekday

    first_day = first_weekday(args.week_start)
    periods = read_periods(args.requirements, kind=args.period, contract_hours_week=inputs.contract_hours_week,
                           first_day=first_day)
    plan, budget = plan_budget(periods, inputs, suggest=not args.no_suggestions)
    comparison = None
    if args.compare:
        other = load_budget_inputs(args.compare_sites or args.sites, args.compare,
                                   contract_hours_week=args.contract_hours_week)
        other_periods = read_periods(args.requirements, kind=args.period, contract_hours_week=other.contract_hours_week,
                                     first_day=first_day)
        _, other_budget = plan_budget(other_periods, other, suggest=not args.no_suggestions)
        comparison = compare(budget, other_budget, (Path(args.budget or "defaults").stem, Path(args.compare).stem + " (B)"))
    if out.suffix.lower() == ".csv":
        capacity_path = out.with_name(out.stem + ".capacity.csv")
        check_output_path(out, force=args.force)
        check_output_path(capacity_path, force=args.force)
        write_atomic(out, lambda tmp: write_csv(budget.frame, tmp, index=False, float_format="%.4f"), force=args.force)
        write_atomic(capacity_path, lambda tmp: write_csv(plan.frame, tmp, index=False, float_format="%.4f"),
                     force=args.force)
        written = [out, capacity_path]
    else:
        write_atomic(out, lambda tmp: write_plain_workbook(tmp, budget, plan, comparison), force=args.force)
        written = [out]
    print_summary(budget, plan, comparison, sys.stdout)
    for path in written:
        print(f"wrote {path}")
    return 0


def print_summary(budget: Budget, plan: CapacityPlan, comparison, stream) -> None:
    cur = budget.currency
    t = budget.totals()
    first, last = budget.frame["month"].iloc[0], budget.frame["month"].iloc[-1]
    print(f"Budget {first:%Y-%m} to {last:%Y-%m} ({cur})", file=stream)
    for key in ("wages", "overhead", "outsourcing", "licences", "training", "implementation", "total"):
        print(f"  {key:<15}{t[key]:>16,.2f}", file=stream)
    print(f"  {'paid hours':<15}{t['paid_hours']:>16,.1f}", file=stream)
    print(f"  {'average FTE':<15}{t['required_fte']:>16,.1f}", file=stream)
    if pd.notna(t["cost_per_contact"]):
        print(f"  {'per contact':<15}{t['cost_per_contact']:>16,.2f}", file=stream)
    if pd.notna(t["cost_per_handled_hour"]):
        print(f"  {'per handled h':<15}{t['cost_per_handled_hour']:>16,.2f}", file=stream)
    print(f"Capacity plan by {plan.kind}: {int(plan.frame['hires'].sum())} hires "
          f"({int(plan.frame['planned_hires'].sum())} planned, {int(plan.frame['suggested_hires'].sum())} suggested); "
          f"largest shortfall {min(0.0, plan.frame['gap_fte'].min()):.1f} FTE", file=stream)
    for s in plan.suggestions:
        print(f"  suggest {s.count} hire{'s' if s.count != 1 else ''} starting {s.start:%Y-%m-%d}: {s.reason}", file=stream)
    for note in plan.notes + budget.notes:
        print(f"  note: {note}", file=stream)
    if comparison is not None:
        a, b = comparison.names
        items = comparison.items.set_index("item")
        print(f"Scenario comparison: {a} vs {b}", file=stream)
        print(f"  total {items.loc['total', a]:,.2f} vs {items.loc['total', b]:,.2f} "
              f"(difference {items.loc['total', 'difference']:+,.2f})", file=stream)


def write_plain_workbook(path: Path, budget: Budget, plan: CapacityPlan, comparison=None) -> None:
    """A values-only workbook of the budget results (the plan workbook has the live-formula version)."""
    month_fmt = {"month": "%Y-%m"}
    from wfm_desktop.core.formula_safety import XLSXWRITER_OPTIONS, quote_xlsxwriter_text

    with pd.ExcelWriter(path, engine="xlsxwriter", engine_kwargs={"options": XLSXWRITER_OPTIONS}) as writer:
        frames = {
            "Budget": budget.frame.assign(month=budget.frame["month"].dt.strftime(month_fmt["month"])),
            "Capacity plan": plan.frame.assign(period=plan.frame["period"].dt.strftime("%Y-%m-%d")),
            "Sites": budget.sites.assign(month=budget.sites["month"].dt.strftime("%Y-%m")),
            "Suggestions": pd.DataFrame(
                [{"start": f"{s.start:%Y-%m-%d}", "hires": s.count, "for": f"{s.for_period:%Y-%m-%d}", "why": s.reason}
                 for s in plan.suggestions],
                columns=["start", "hires", "for", "why"],
            ),
        }
        if comparison is not None:
            frames["Comparison"] = comparison.items
            frames["Comparison by month"] = comparison.totals.assign(month=comparison.totals["month"].dt.strftime("%Y-%m"))
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            quote_xlsxwriter_text(writer, name, frame)
            ws = writer.sheets[name]
            ws.freeze_panes(1, 1)
            ws.set_column(0, len(frame.columns), 14)
