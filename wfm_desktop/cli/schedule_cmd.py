"""`wfm-desktop schedule`: shift mix (and optionally a weekly roster) for a requirement file.

    wfm-desktop schedule REQUIREMENTS.csv --templates shifts.csv -o schedule.xlsx
    wfm-desktop schedule req.xlsx --templates shifts.json --time-limit 30 --roster --agents 40 -o s.xlsx

The summary (objective, MIP gap, solve time, over/under hours) goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wfm_desktop.core.errors import WfmError


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "schedule",
        help="choose the shifts that cover a requirement (and roster them to agents)",
        description="Solve the shift mix that covers the agents required per interval at least cost "
                    "(docs/scheduling.md), optionally roster the shifts to agents, and write the result.",
    )
    p.add_argument("requirements", metavar="REQUIREMENTS", help="requirement file (.csv or .xlsx): start and "
                   "agents_schedule / agents_gross / agents_net / required per interval")
    p.add_argument("--templates", required=True, metavar="T", help="shift templates (.csv or .json), or 'auto' for "
                   "templates that follow the requirement's opening hours (24/7: starts round the clock and a night "
                   "template)")
    p.add_argument("-o", "--output", required=True, metavar="SCHEDULE", help="output .xlsx (Schedule, Coverage, "
                   "Roster, Summary sheets) or .csv (the shift list)")
    p.add_argument("--force", action="store_true", help="overwrite the output if it exists")
    p.add_argument("--sheet", help="sheet of an .xlsx requirement file (default: the first)")
    p.add_argument("--queue", help="schedule this queue only (default: all queues summed)")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="S", help="solver time limit in seconds "
                   "(default 60); the best schedule found by then is returned")
    p.add_argument("--max-seats", type=int, help="most agents working at once")
    p.add_argument("--under-penalty", type=float, default=100.0, metavar="COST",
                   help="cost of one agent-hour of under-coverage (default 100)")
    p.add_argument("--over-cost", type=float, default=1.0, metavar="COST",
                   help="cost of one agent-hour of over-coverage on top of wages (default 1)")
    p.add_argument("--shrinkage-unmodelled", type=float, metavar="F", help="shrinkage the schedule does not model "
                   "(fraction, e.g. 0.12), to turn scheduled agents into net agents for the service level")
    p.add_argument("--coverage-csv", metavar="PATH", help="also write the coverage per interval as CSV")
    add_quality_options(p)
    add_roster_options(p)
    add_published_options(p)
    return p


def add_published_options(parser) -> None:
    """``--published`` and ``--lock-weeks`` (shared by ``schedule`` and ``plan --templates``)."""
    g = parser.add_argument_group("published weeks (keep them, re-plan the rest; docs/scheduling.md)")
    g.add_argument("--published", metavar="SCHEDULE", help="a schedule already given to agents: the shift list "
                   "written by `schedule -o SCHEDULE.csv` (or its .xlsx). Its shifts on the first --lock-weeks "
                   "weeks from the first day to schedule are kept exactly (with their agents and breaks), and "
                   "only the days after them are solved and rostered")
    g.add_argument("--lock-weeks", type=int, metavar="N", help="with --published: how many weeks to keep "
                   "(default: every whole week of the published schedule from the first day to schedule)")


def published_shifts(args: argparse.Namespace, frame):
    """The locked shifts of ``--published`` on the requirement `frame`'s first weeks (None without it)."""
    if getattr(args, "lock_weeks", None) is not None and not getattr(args, "published", None):
        raise WfmError("--lock-weeks needs --published SCHEDULE (the schedule whose weeks are kept)")
    if not getattr(args, "published", None):
        return None
    import pandas as pd

    from wfm_desktop.core.scheduling.published import read_published

    first = pd.to_datetime(frame["start"]).min().normalize()
    locked = read_published(args.published, first_day=first, weeks=args.lock_weeks)
    print(f"published: {len(locked)} shifts kept from {args.published} "
          f"({first:%a %Y-%m-%d} to {pd.Timestamp(locked['day'].max()):%a %Y-%m-%d})")
    return locked


AUTO = "auto"


def auto_templates(frame, queue: str | None = None):
    """Templates that follow the requirement's opening hours; their rows are printed so the run can be repeated."""
    from wfm_desktop.core.scheduling.default_templates import templates_for_hours
    from wfm_desktop.core.scheduling.demand import prepare_requirement

    templates = templates_for_hours(prepare_requirement(frame, queue=queue))
    for t in templates:
        print(f"template (auto, from the opening hours): {t.name} starts {_clock(t.start_earliest_min)} to "
              f"{_clock(t.start_latest_min)} "
              f"every {t.start_step_min} min, {t.paid_length_min} paid min")
    return templates


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def add_quality_options(parser) -> None:
    """``--report`` and the flag thresholds (shared by ``schedule`` and ``plan --templates``)."""
    parser.add_argument("--report", metavar="FILE.json", help="also write the solve's quality as JSON: status, gap, "
                        "bound, over_h, under_h, scheduled_h, required_h, efficiency, solve_s, gap_warning, "
                        "under_warning, warning (null or the sentence that flags the schedule)")
    parser.add_argument("--gap-threshold", type=float, metavar="PCT",
                        help="flag the schedule when its optimality gap (how much more it may cost than the best "
                        "possible) is above PCT percent (default 5)")
    parser.add_argument("--under-threshold", type=float, metavar="PCT",
                        help="flag the schedule when it leaves more than PCT percent of the required agent-hours "
                        "uncovered (default 2)")
    parser.add_argument("--gap-warning", type=float, metavar="F",
                        help="the gap threshold as a fraction (0.05 = 5%%); --gap-threshold in percent is the same")


def thresholds(args: argparse.Namespace) -> tuple[float, float]:
    """(gap, under-coverage) flag thresholds as fractions from the options (defaults 5% and 2%)."""
    from wfm_desktop.core.scheduling.result import GAP_WARNING, UNDER_WARNING, check_thresholds

    if args.gap_threshold is not None and args.gap_warning is not None:
        raise WfmError("give --gap-threshold PCT or --gap-warning F, not both (they are the same setting)")
    gap = GAP_WARNING if args.gap_threshold is None and args.gap_warning is None else \
        (args.gap_warning if args.gap_threshold is None else args.gap_threshold / 100.0)
    under = UNDER_WARNING if args.under_threshold is None else args.under_threshold / 100.0
    for option, value, given in (("--gap-threshold", gap, args.gap_threshold), ("--under-threshold", under,
                                                                               args.under_threshold)):
        if given is not None and not 0 < value < 1:
            raise WfmError(f"{option} {given:g}: give a percentage above 0 and below 100 (e.g. 5 for 5%)")
    check_thresholds(gap, under)
    return gap, under


def report_quality(result, report_path) -> None:
    """Warn on stderr when the schedule is flagged, and write the JSON report when asked."""
    import json

    from wfm_desktop.core.scheduling.result import schedule_report

    warning = result.summary.get("warning")
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    if report_path:
        Path(report_path).write_text(json.dumps(schedule_report(result.summary), indent=2) + "\n", encoding="utf-8")
        print(f"written: {report_path}")


def add_roster_options(parser: argparse.ArgumentParser) -> None:
    """The roster options (shared by ``schedule`` and ``plan --templates``)."""
    r = parser.add_argument_group("roster (assign the shifts to agents)")
    r.add_argument("--roster", action="store_true", help="build a weekly roster (implied by --agents)")
    r.add_argument("--agents", metavar="N|FILE", help="number of agents, or an agents file (.csv/.xlsx: name, "
                   "contract, min_hours, max_hours, time_off, unavailable, preferred_start, preferred_days_off; "
                   "or one name per line) (default: the fewest that can work all shifts)")
    r.add_argument("--max-days", type=int, default=5, help="most working days per week (default 5)")
    r.add_argument("--min-days", type=int, default=0, help="fewest working days per week (default 0)")
    r.add_argument("--days-off", type=int, default=2, help="consecutive days off per week (default 2)")
    r.add_argument("--min-rest-h", type=float, default=11.0, help="minimum rest between shifts in hours (default 11)")
    r.add_argument("--min-hours", type=float, help="fewest paid hours per agent per week")
    r.add_argument("--max-hours", type=float, help="most paid hours per agent per week")
    r.add_argument("--roster-time-limit", type=float, default=20.0, metavar="S",
                   help="roster solver time limit (default 20); the most balanced roster found by then is kept")


def _agents(value: str | None):
    if value is None:
        return None
    if value.strip().isdigit():
        from wfm_desktop.core import limits

        return int(limits.check_range("--agents", int(value), 0, limits.MAX_AGENTS))
    path = Path(value)
    if not path.is_file():
        raise WfmError(f"--agents: {value!r} is neither a number nor an existing file (of agents)")
    from wfm_desktop.core.scheduling.roster_agents import read_agents

    return read_agents(path)


def check_schedule_options(args: argparse.Namespace) -> None:
    """Bound the numeric options before any file is read (also used by ``plan --templates``)."""
    from wfm_desktop.core import limits

    limits.check_max("--time-limit", args.time_limit, limits.MAX_TIME_LIMIT_S, unit="s")
    limits.check_max("--max-seats", getattr(args, "max_seats", None), limits.MAX_AGENTS)
    limits.check_max("--roster-time-limit", getattr(args, "roster_time_limit", None), limits.MAX_TIME_LIMIT_S,
                       unit="s")
    for name in ("min_hours", "max_hours"):
        limits.check_max(f"--{name.replace('_', '-')}", getattr(args, name, None), 168, unit="h")


def run(args: argparse.Namespace) -> int:
    from wfm_desktop.core.files import check_not_source, check_output_path
    from wfm_desktop.core.scheduling.schedule_files import (read_requirements, write_coverage_csv, write_schedule_csv,
                                              write_schedule_xlsx)
    from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings
    from wfm_desktop.core.scheduling.templates import load_templates

    check_schedule_options(args)
    out = Path(args.output)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise WfmError(f"{out}: the output must be .xlsx or .csv")
    check_output_path(out, force=args.force)
    check_not_source(out, args.requirements, args.templates)
    if args.coverage_csv:
        check_output_path(args.coverage_csv, force=args.force)
    if args.report:
        check_output_path(args.report, force=args.force)
    frame = read_requirements(args.requirements, sheet=args.sheet)
    templates = auto_templates(frame, args.queue) if args.templates.lower() == AUTO else load_templates(args.templates)
    settings = ScheduleSettings(under_penalty_per_h=args.under_penalty, over_cost_per_h=args.over_cost,
                                max_seats=args.max_seats, time_limit_s=args.time_limit,
                                shrinkage_unmodelled=args.shrinkage_unmodelled, gap_warning=thresholds(args)[0])
    result, roster = solve_and_roster(frame, templates, settings, args, queue=args.queue,
                                      locked=published_shifts(args, frame))
    report_quality(result, args.report)
    if out.suffix.lower() == ".xlsx":
        write_schedule_xlsx(out, result, roster, force=args.force)
    else:
        write_schedule_csv(out, result, roster, force=args.force)
    print(f"written: {out}")
    if args.coverage_csv:
        write_coverage_csv(args.coverage_csv, result, force=args.force)
        print(f"written: {args.coverage_csv}")
    return 0


def solve_and_roster(frame, templates, settings, args: argparse.Namespace, *, queue: str | None = None,
                     roster_failure_ok: bool = False, locked=None):
    """Solve the shift mix, print its summary, and roster it when the roster options ask; (result, roster).

    With `locked` shifts (:func:`published_shifts`) the published weeks are kept and the rest
    re-planned. With `roster_failure_ok` a roster that cannot be made is reported on stdout
    and the roster is None (the plan keeps its schedule); otherwise the WfmError
    naming the rule propagates.
    """
    from wfm_desktop.core.scheduling.roster import RosterRules, build_roster, failure_text
    from wfm_desktop.core.scheduling.shift_mix import solve_schedule

    from wfm_desktop.core.scheduling.result import with_thresholds

    wanted = args.roster or args.agents is not None
    if locked is not None:
        return _replan(frame, templates, settings, args, locked, queue=queue, wanted=wanted,
                       roster_failure_ok=roster_failure_ok)
    result = with_thresholds(solve_schedule(frame, templates, settings, queue=queue, progress=_progress()),
                             *thresholds(args))
    print("\n".join(result.summary_lines()))
    roster = None
    if wanted and result.shifts.empty:
        print("roster: not built, the schedule has no shifts")
    elif wanted:
        rules = roster_rules(args)
        try:
            roster = build_roster(result.shifts, _agents(args.agents), rules, progress=_progress())
        except WfmError as exc:
            if not roster_failure_ok:
                raise
            print(failure_text(exc))  # the same sentence as the Schedule page
            return result, None
        print(roster.summary_line())
    return result, roster


def roster_rules(args: argparse.Namespace):
    from wfm_desktop.core.scheduling.roster import RosterRules

    return RosterRules(max_days_per_week=args.max_days, min_days_per_week=args.min_days,
                       min_consecutive_days_off=args.days_off, min_rest_h=args.min_rest_h,
                       min_hours_per_week=args.min_hours, max_hours_per_week=args.max_hours,
                       time_limit_s=args.roster_time_limit)


def _replan(frame, templates, settings, args, locked, *, queue, wanted: bool, roster_failure_ok: bool):
    """Keep the published weeks, solve and roster the rest: the plan's own re-plan
    (:func:`wfm_desktop.core.plan.compute.solve_and_roster`, as the Schedule page's Solve)."""
    from wfm_desktop.core.plan.compute import solve_and_roster as replan

    if queue is not None and "queue" in frame.columns:
        from wfm_desktop.core.scheduling.demand import prepare_requirement

        prepare_requirement(frame, queue=queue)  # the queue exists (the message names the queues)
        frame = frame[frame["queue"].astype(str) == queue]
    rules = roster_rules(args) if wanted else None
    result, roster, error = replan(frame, templates, settings, rules, _agents(args.agents), locked=locked,
                                   progress=_progress(), under_warning=thresholds(args)[1])
    print("\n".join(result.summary_lines()))
    if error and not roster_failure_ok:
        raise WfmError(error)
    if error:
        print(error)
    elif roster is not None:
        print(roster.summary_line())
    return result, roster


def _progress():
    """Elapsed-time lines on stderr when it is a terminal (quiet in scripts and tests)."""
    if not sys.stderr.isatty():
        return None
    last = [-1]

    def show(fraction: float, message: str) -> None:
        step = int(fraction * 20)
        if step != last[0]:
            last[0] = step
            print(f"\r{message:<60}", end="", file=sys.stderr, flush=True)
            if fraction >= 1.0:
                print(file=sys.stderr)
    return show
