"""`wfm-desktop plan HISTORY -o PLAN.xlsx`: import → forecast → staffing → Excel workbook in one go.

    wfm-desktop plan calls.xlsx -o plan.xlsx --horizon-days 91 --sl 80/20 --shrinkage 0.3
    wfm-desktop plan --sample -o plan.xlsx
    wfm-desktop plan --sample -o plan.xlsx --templates shifts.csv --time-limit 30 --roster

``--sample`` gives the full workbook a first-time user should see: a budget with the default
costs and a schedule of the first week (templates following the opening hours, a
:data:`SAMPLE_TIME_LIMIT_S`-second limit, so the solve may be flagged with its gap); ``--no-budget``
and ``--no-schedule`` leave them out. With ``--templates`` the plan is also scheduled (docs/scheduling.md, "Scheduling
inside the plan"): the combined gross-for-scheduling requirement of every queue
(or ``--schedule-queue``'s) over ``--schedule-days`` days from the horizon's
start, solved by the shift-mix MILP; the workbook gets Schedule and Coverage
sheets (and Roster with ``--roster``/``--agents``). Every queue starts from the defaults the GUI
gives it (:func:`~wfm_desktop.core.staffing.queue_settings.default_queue_settings`: a queue named
Chat is a chat queue, 2 chats per agent; Email is deferred work) and the options given here change
every queue (the GUI sets them per queue). One contracted week (``--contract-hours-week``) serves
staffing FTE, the capacity plan and the budget. Prints
a short summary per queue and the forecast's notes; the workbook is never
written over an existing file without ``--force``.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from wfm_desktop.cli.patience_option import HISTORY, patience_value
from wfm_desktop.core.staffing.erlang import ServiceTarget
from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast.settings import METHODS as FORECAST_METHODS
from wfm_desktop.core.files import check_not_source, check_output_path
from wfm_desktop.core.staffing.queue_settings import QueueSettings
from wfm_desktop.core.staffing.rollups import horizon_fte
from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory, ShrinkageTable

QUEUE_DEFAULTS = QueueSettings()

METHODS = ("auto",) + FORECAST_METHODS
TIME_LIMIT_S = 60.0  # the schedule's default limit with --templates
SAMPLE_TIME_LIMIT_S = 10.0  # plan --sample's first-week schedule: a first look, kept short


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "plan",
        help="history file in, intraday staffing plan out (Excel workbook)",
        description="Import a history file, forecast it, compute the staffing requirement per queue and "
                    "interval (Erlang C, or Erlang A with --patience-s) with shrinkage and FTE, and write the "
                    "plan workbook (Summary, Assumptions, Daily forecast, Intraday requirements, Weekly FTE).",
        epilog="examples:\n  wfm-desktop plan calls.xlsx -o plan.xlsx\n"
               "  wfm-desktop plan calls.csv -o plan.xlsx --horizon-days 91 --interval-min 30 --sl 90/30 "
               "--max-occupancy 0.85 --shrinkage 0.32 --contract-hours-week 40\n"
               "  wfm-desktop plan --sample -o plan.xlsx --force      (every sheet: budget and a first-week "
               "schedule too)\n"
               "  wfm-desktop plan --sample -o plan.xlsx --templates shifts.csv --time-limit 30 --roster",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("history", nargs="?", metavar="HISTORY", help="history file (.xlsx .xls .ods .csv)")
    parser.add_argument("--sample", action="store_true", help="plan the bundled sample history instead of HISTORY")
    parser.add_argument("-o", "--output", required=True, metavar="PLAN.xlsx", help="the workbook to write")
    parser.add_argument("--horizon-days", type=int, default=91, metavar="N", help="days to plan (default 91 = 13 weeks)")
    parser.add_argument("--interval-min", type=int, choices=(15, 30, 60), metavar="15|30|60",
                        help="planning interval in minutes (default: the history's, or 30)")
    parser.add_argument("--sl", metavar="PCT/SECONDS",
                        help="service level target, e.g. 80/20 = 80%% answered within 20 s (default 80/20; "
                             "deferred queues have a response target instead)")
    parser.add_argument("--asa-s", type=float, metavar="S", help="ASA target in seconds (default: none)")
    parser.add_argument("--max-occupancy", type=float, metavar="F",
                        help=f"occupancy cap as a fraction (default {QUEUE_DEFAULTS.max_occupancy:g})")
    parser.add_argument("--shrinkage", type=float, metavar="F",
                        help="total shrinkage as a fraction, e.g. 0.3 (default: the typical table, 32.7%%, with "
                             "breaks modelled by the schedule)")
    parser.add_argument("--patience-s", type=patience_value, metavar="S|history",
                        help="average caller patience in seconds: use Erlang A (abandonment) instead of Erlang C; "
                             "'history': each queue's patience estimated from the history's waiting times or agents")
    parser.add_argument("--aht-s", type=float, metavar="S",
                        help="handle time in seconds to plan with for queues whose history has none "
                             "(the history's AHT is used wherever it has one)")
    parser.add_argument("--min-staff", type=int, metavar="N",
                        help="minimum agents in every interval with contacts (default 0)")
    parser.add_argument("--method", choices=METHODS, default="auto", help="forecasting method (default auto)")
    parser.add_argument("--confidence", type=float, metavar="C",
                        help="staff so that each day meets its targets on a share C of days, e.g. 0.9 = 'meet 80/20 "
                             "on 90%% of days' (each day staffed for its C quantile of volume from the forecast's "
                             "calibrated interval; default: the point forecast, about half the days)")
    parser.add_argument("--title", help="plan title shown in the workbook (default: the history file's name)")
    parser.add_argument("--save", metavar="PLAN.wfmplan", help="also save the plan file (open it in the app, or "
                        "export it again with `wfm-desktop export`)")
    parser.add_argument("--snapshot", nargs="?", const="", metavar="NAME",
                        help="with --save: keep the forecast in the plan as a named, dated snapshot, to compare with "
                             "actuals later (`wfm-desktop accuracy PLAN.wfmplan ACTUALS`); default name: the first "
                             "forecast day and the method")
    parser.add_argument("--force", action="store_true", help="overwrite the output workbook (and --save file) if "
                        "it exists")
    from wfm_desktop.cli.budget_cmd import add_budget_options, add_contract_week_option

    add_budget_options(parser)
    add_contract_week_option(parser)
    parser.add_argument("--week-start", choices=("Monday", "Sunday", "Saturday"), default="Monday",
                        help="the first day of the plan's weeks: Weekly FTE, capacity and budget weeks "
                             "(default Monday)")
    parser.add_argument("--no-budget", action="store_true",
                        help="with --sample: leave out the budget (the sample is priced with the default costs, "
                             "docs/budget.md, so a first look shows every sheet)")
    parser.add_argument("--capacity-period", choices=("week", "month"), default="month",
                        help="capacity plan by week or by month (with --sites or --budget; default month)")
    from wfm_desktop.cli.schedule_cmd import add_published_options, add_quality_options, add_roster_options

    s = parser.add_argument_group("schedule (shift mix on the plan's requirement; docs/scheduling.md)")
    s.add_argument("--templates", metavar="T", help="shift templates (.csv or .json), or 'auto' for templates that "
                   "follow the opening hours (a 24/7 queue gets 24/7 starts and a night template): also solve the "
                   "schedule and add the Schedule and Coverage sheets")
    s.add_argument("--time-limit", type=float, metavar="S",
                   help=f"schedule solver time limit in seconds (default {TIME_LIMIT_S:g}; "
                        f"{SAMPLE_TIME_LIMIT_S:g} for --sample's first-week schedule); the best schedule found by "
                        "then is kept, flagged with its gap when it may be poor")
    s.add_argument("--no-schedule", action="store_true",
                   help="with --sample: leave out the schedule (the sample is scheduled for its first week with "
                        "templates that follow the opening hours, so a first look shows the Schedule and Coverage "
                        "sheets)")
    s.add_argument("--schedule-days", type=int, default=7, metavar="N",
                   help="days to schedule from --schedule-start (default 7)")
    s.add_argument("--schedule-start", metavar="YYYY-MM-DD", help="first day to schedule (default: the horizon's "
                   "first day)")
    s.add_argument("--schedule-queue", metavar="QUEUE", help="schedule this queue only (default: every queue's "
                   "requirement summed per interval, one team serving all queues)")
    s.add_argument("--max-seats", type=int, metavar="N", help="most agents working at once (default: no limit)")
    add_quality_options(s)
    add_roster_options(parser)
    add_published_options(parser)
    return parser


def _settings(args: argparse.Namespace, queues, contract_hours_week: float, patience: dict | None = None):
    """Each queue's GUI defaults (:func:`default_queue_settings`), changed by the options given."""
    from dataclasses import replace

    from wfm_desktop.core.conventions import first_weekday
    from wfm_desktop.core.staffing.queue_settings import PlanSettings, default_queue_settings

    for name in ("max_occupancy", "shrinkage"):
        value = getattr(args, name)
        if value is not None and value > 1:
            raise WfmError(f"--{name.replace('_', '-')} {value:g}: give a fraction, not a percentage "
                           f"(e.g. 0.85, not 85)")
    changes: dict = {}
    live: dict = {}  # targets of queues that queue (voice, chat), not of deferred work
    if args.sl is not None:
        live["sl"], live["answer_s"] = ServiceTarget.parse_sl(args.sl)
    if args.asa_s is not None:
        live["asa_s"] = args.asa_s
    if args.patience_s is not None and args.patience_s != HISTORY:
        live["patience_s"] = args.patience_s
    if args.max_occupancy is not None:
        changes["max_occupancy"] = args.max_occupancy
    if args.min_staff is not None:
        changes["min_staff"] = args.min_staff
    if args.aht_s is not None:
        changes["aht_s"] = args.aht_s
    if args.shrinkage is not None:
        changes["shrinkage"] = ShrinkageTable(
            (ShrinkageCategory("shrinkage (all)", args.shrinkage),) if args.shrinkage else ())
    settings = {}
    for queue in queues:
        qs = default_queue_settings(queue)
        settings[queue] = replace(qs, **changes, **({} if qs.channel == "deferred" else live))
        if patience and queue in patience and qs.channel != "deferred":  # --patience-s history
            settings[queue] = replace(settings[queue], patience_s=patience[queue])
    return PlanSettings(queues=settings, title=args.title or "", contract_hours_week=contract_hours_week,
                        first_day=first_weekday(getattr(args, "week_start", "Monday")))


def run(args: argparse.Namespace) -> int:
    from wfm_desktop.cli.patience_option import estimated
    from wfm_desktop.core.export import build_plan_workbook
    from wfm_desktop.core.forecast import ForecastSettings
    from wfm_desktop.core.importers import import_history
    from wfm_desktop.core import limits
    from wfm_desktop.core.plan.pipeline import run_plan, source_info

    limits.check_max("--horizon-days", args.horizon_days, limits.MAX_HORIZON_DAYS, unit="days")
    limits.check_max("--schedule-days", args.schedule_days, limits.MAX_SCHEDULE_DAYS, unit="days")
    limits.check_max("--min-staff", args.min_staff, limits.MAX_AGENTS)
    limits.check_max("--aht-s", args.aht_s, limits.MAX_AHT_S, unit="s")
    limits.check_max("--time-limit", args.time_limit, limits.MAX_TIME_LIMIT_S, unit="s")
    limits.check_max("--max-seats", args.max_seats, limits.MAX_AGENTS)
    if args.sample == bool(args.history):
        raise WfmError("give either HISTORY or --sample (not both, not neither)")
    check_output_path(args.output, force=args.force)
    check_not_source(args.output, args.history, args.templates)
    if args.snapshot is not None and not args.save:
        raise WfmError("--snapshot keeps the forecast in the plan file: give --save PLAN.wfmplan too")
    if args.save:
        check_output_path(args.save, force=args.force)
        check_not_source(args.save, args.history, args.templates)
    if args.sl is not None:
        ServiceTarget.parse_sl(args.sl)  # a bad target fails before the slow steps
    if args.confidence is not None and not 0.5 <= args.confidence < 1:
        raise WfmError(f"--confidence {args.confidence:g}: give the share of days that must meet the target, "
                       "from 0.5 (the point forecast) to below 1, e.g. 0.9")
    from wfm_desktop.cli.budget_cmd import contract_week

    week = contract_week(args.contract_hours_week, args.budget)
    templates = schedule_settings = None
    if args.sample and not args.templates and not args.no_schedule:  # the full workbook for a first-time user
        from wfm_desktop.cli.schedule_cmd import AUTO

        args.templates = AUTO
        if args.time_limit is None:
            args.time_limit = SAMPLE_TIME_LIMIT_S
    if args.time_limit is None:
        args.time_limit = TIME_LIMIT_S
    if args.templates:
        from wfm_desktop.cli.schedule_cmd import AUTO, thresholds
        from wfm_desktop.core.scheduling.templates import load_templates

        from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings

        templates = AUTO if args.templates.lower() == AUTO else load_templates(args.templates)
        schedule_settings = ScheduleSettings(time_limit_s=args.time_limit, max_seats=args.max_seats,
                                             gap_warning=thresholds(args)[0])  # checked now
        if args.schedule_days < 1:
            raise WfmError(f"--schedule-days {args.schedule_days}: give 1 or more days")
    elif args.roster or args.agents is not None:
        raise WfmError("--roster and --agents need --templates (the shifts to roster)")
    elif args.report:
        raise WfmError("--report needs --templates (it reports the schedule's solve)")
    elif args.published or args.lock_weeks is not None:
        raise WfmError("--published and --lock-weeks need --templates (the shifts to re-plan after the published "
                       "weeks)")
    if args.report:
        check_output_path(args.report, force=args.force)
    budget_inputs = None
    if args.sites or args.budget:
        from wfm_desktop.cli.budget_cmd import load_budget_inputs

        budget_inputs = load_budget_inputs(args.sites, args.budget, contract_hours_week=week)
    elif args.sample and not args.no_budget:  # the full workbook for a first-time user: the default costs
        from wfm_desktop.core.budget.inputs import BudgetInputs

        budget_inputs = BudgetInputs(contract_hours_week=week)
    if args.sample:
        from wfm_desktop.core.history.sample import sample_history_path

        path = sample_history_path()
    else:
        path = Path(args.history)
    forecast_settings = ForecastSettings(method=args.method, horizon_days=args.horizon_days,
                                         interval_min=args.interval_min,
                                         percentile=args.confidence if args.confidence not in (None, 0.5) else None)
    clock = time.perf_counter()
    imported = import_history(path, interval_min=args.interval_min)
    history = imported.history
    source = source_info(path, history, sha256=imported.source_sha256)
    patience = estimated(history, history.queues, where=f"the history {path.name}") \
        if args.patience_s == HISTORY else None
    settings = _settings(args, history.queues, week, patience)
    title = settings.title or f"{path.stem} — {args.horizon_days} days"
    settings = replace(settings, title=title)
    t_import = time.perf_counter()
    plan = run_plan(history, settings, forecast_settings, source=source)
    t_plan = time.perf_counter()
    budget = None
    if budget_inputs is not None:
        from wfm_desktop.core.budget.monthly import budget_for_requirements

        budget = budget_for_requirements(plan.requirements, plan.interval_min, budget_inputs,
                                         kind=args.capacity_period, first_day=settings.first_day)
    t_schedule = time.perf_counter()
    schedule = roster = scheduled = None
    if templates is not None:
        schedule, roster, scheduled = _schedule(plan, templates, schedule_settings, args)
    t_schedule = time.perf_counter() - t_schedule
    simulation = _simulation(plan, schedule)
    t_plan_export = time.perf_counter()
    build_plan_workbook(plan, args.output, schedule=schedule, roster=roster, budget=budget, simulation=simulation,
                        force=args.force)
    t_export = time.perf_counter()
    if args.save:
        from wfm_desktop.cli.plan_save import build_plan, save_plan_file

        saved = build_plan(args, path=path, imported=imported, plan_result=plan, forecast_settings=forecast_settings,
                           schedule=scheduled, budget_inputs=budget_inputs)
        save_plan_file(saved, args.save, force=args.force)

    req = plan.requirements
    first, last = req["start"].min(), req["start"].max()
    print(f"plan: {len(history.queues)} queue(s), {first:%Y-%m-%d} to {last:%Y-%m-%d}, "
          f"{plan.interval_min}-minute intervals, {week:g}-hour contracted week")
    average = horizon_fte(plan.weekly)
    for queue, rows in plan.weekly.groupby("queue", sort=True):
        whole = rows[rows["days"] >= 7] if (rows["days"] >= 7).any() else rows  # as the workbook's Summary
        qs = settings.for_queue(queue)
        print(f"  {queue} ({qs.channel}{f', {qs.concurrency} at once' if qs.channel == 'chat' else ''}): "
              f"{rows['contacts'].sum():,.0f} contacts, average {average[queue]:.1f} FTE "
              f"(peak week {whole['fte'].max():.1f}), expected SL {_weighted(req[req['queue'] == queue]):.1%}")
    _print_confidence(plan, args.confidence, budget_inputs)
    for note in plan.notes:
        print(f"note: {note}")
    extra = f", schedule {t_schedule:.1f} s" if templates is not None else ""
    print(f"wrote {args.output} (import {t_import - clock:.1f} s, forecast and staffing {t_plan - t_import:.1f} s"
          f"{extra}, export {t_export - t_plan_export:.1f} s)")
    if args.save:
        print(f"saved the plan {args.save}")
    return 0


def _simulation(plan, schedule):
    """The plan's simulation stage as the app and `export` compute it: the workbook's Simulation, Confidence
    sheets when the plan is small enough to simulate by itself (else a note: `simulate PLAN.wfmplan`)."""
    from wfm_desktop.core.simulation.plan_stage import DEFAULT_SETTINGS, SETTINGS_KEY, compute_simulation, runs_by_itself

    reads = {"staffing": plan, "schedule": None if schedule is None else {"schedule": schedule},
             SETTINGS_KEY: dict(DEFAULT_SETTINGS)}
    if not runs_by_itself(reads):
        print("note: the plan is too large to simulate by itself (more than 2 million simulated contacts); "
              "`wfm-desktop simulate PLAN.wfmplan` simulates it (save it with --save)")
        return None
    simulation = compute_simulation(reads)
    for row in simulation.summary().itertuples(index=False):
        print(f"  {row.queue}: simulated service level {row.sim_service_level:.1%} [{row.sim_service_level_lo:.1%}, "
              f"{row.sim_service_level_hi:.1%}]" + (f", {row.days_under_target} of {row.days} days under target"
                                                    if row.target else ""))
    return simulation


def _print_confidence(plan, confidence, budget_inputs) -> None:
    """P(a day / a week meets its SL target) per queue, and what the chosen confidence costs over the point
    forecast (docs/simulation.md, "Service level as a probability")."""
    from wfm_desktop.core.budget.inputs import BudgetInputs
    from wfm_desktop.core.simulation.confidence import confidence_curve
    from wfm_desktop.core.simulation.plan_stage import sl_probabilities

    days, weeks = sl_probabilities(plan)
    if days.empty:
        return
    basis = "the point forecast" if confidence in (None, 0.5) else f"{confidence:.0%} confidence"
    for queue, rows in days.groupby("queue", sort=True):
        week = weeks[weeks["queue"] == queue]["probability"]
        print(f"  {queue}: P(a day meets {rows['target'].iloc[0]:.0%}) {rows['probability'].mean():.0%} on average "
              f"(lowest day {rows['probability'].min():.0%}); P(a week meets it) {week.mean():.0%} — staffed on {basis}")
    if confidence not in (None, 0.5):
        curve = confidence_curve(plan, levels=(0.5,))
        fte = float(horizon_fte(plan.weekly).sum())
        point_fte = float(curve["fte"].iloc[0])
        extra_hours = float((plan.requirements["agents_gross"].sum() * plan.interval_min / 60.0)
                            - curve["gross_hours"].iloc[0])
        wage, overhead = (budget_inputs or BudgetInputs()).in_house_rate()
        print(f"  price of {confidence:.0%} confidence: {fte - point_fte:+.1f} FTE ({fte:.1f} against {point_fte:.1f} "
              f"on the point forecast), {extra_hours:+,.0f} paid hours ≈ {extra_hours * wage * (1 + overhead):+,.0f} "
              f"at {wage * (1 + overhead):.2f} per paid hour (in-house wage and overhead)")


def _schedule(plan, templates, settings, args: argparse.Namespace):
    """Solve the schedule on the plan's gross-for-scheduling requirement; print it.

    Returns the schedule, its roster, and what a saved plan keeps of the solve (requirement, templates,
    result, roster)."""
    import pandas as pd

    from wfm_desktop.cli.schedule_cmd import AUTO, auto_templates, published_shifts, solve_and_roster
    from wfm_desktop.core.scheduling.from_plan import schedule_requirement

    frame = schedule_requirement(plan, days=args.schedule_days, start=args.schedule_start,
                                 queue=args.schedule_queue)
    first, last = pd.to_datetime(frame["start"]).min(), pd.to_datetime(frame["start"]).max()
    what = f"queue {args.schedule_queue}" if args.schedule_queue else "all queues summed"
    print(f"schedule: {first:%a %Y-%m-%d} to {last:%a %Y-%m-%d}, gross for scheduling of {what}")
    if templates == AUTO:
        templates = auto_templates(frame)
    locked = published_shifts(args, frame)
    result, roster = solve_and_roster(frame, templates, settings, args, roster_failure_ok=True, locked=locked)
    from wfm_desktop.cli.schedule_cmd import report_quality

    report_quality(result, args.report)
    return result, roster, {"requirement": frame, "templates": templates, "result": result, "roster": roster,
                            "locked": locked}


def _weighted(rows) -> float:
    ok = rows["service_level"].notna() & (rows["contacts"] > 0)
    weights = rows.loc[ok, "contacts"]
    return float((rows.loc[ok, "service_level"] * weights).sum() / weights.sum()) if weights.sum() else float("nan")
