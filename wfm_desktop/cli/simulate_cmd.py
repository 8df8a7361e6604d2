"""`wfm-desktop simulate REQUIREMENTS -o OUT`: the plan's promise checked by discrete-event simulation.

    wfm-desktop simulate requirements.csv -o simulated.csv
    wfm-desktop simulate requirements.csv --schedule schedule.csv -o simulated.xlsx
    wfm-desktop simulate requirements.csv --arrivals actuals.csv --patience-s 180 -o replay.csv
    wfm-desktop simulate march.wfmplan -o simulated.xlsx

The input is an interval table (queue, start, contacts, aht_s, agents_net — what
``wfm-desktop staff`` writes is accepted as it is), or a saved plan: its simulation
stage is run (each queue with its own answer time, patience, chats per agent and
response target; the plan's schedule, when it is up to date, with its breaks). The output is that table with
``sim_service_level, sim_asa_s, sim_abandon_rate, sim_occupancy`` and their
``_lo``/``_hi`` (95% interval) beside it, plus a table per queue and day: in a
.xlsx the sheets ``intervals`` and ``days``; with a .csv the days go to
``OUT_days.csv`` beside it. See docs/simulation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from wfm_desktop.cli.patience_option import HISTORY, number, patience_value


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "simulate",
        help="simulate a requirement (or schedule) to check its service level",
        description="Discrete-event simulation of every queue of an interval table: service level, ASA, "
                    "abandonment and occupancy per interval and per day with 95%% confidence intervals.",
    )
    parser.add_argument("input", metavar="PLAN.wfmplan|REQUIREMENTS",
                        help="a saved plan, or an interval table (.csv or .xlsx), e.g. from `staff`")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output .csv or .xlsx")
    parser.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    parser.add_argument("--sheet", help="Excel sheet of REQUIREMENTS to read (default: the first)")
    parser.add_argument("--schedule", metavar="SCHEDULE",
                        help="shifts with breaks (.csv or .xlsx as `schedule` writes) staffing the queue instead of "
                             "its agents_net column")
    parser.add_argument("--schedule-queue", metavar="QUEUE", help="the queue the schedule staffs (when several)")
    parser.add_argument("--absence", type=float, default=0.0, metavar="F",
                        help="with --schedule: share of shifts absent at random (unplanned shrinkage), e.g. 0.08")
    parser.add_argument("--arrivals", metavar="ACTUALS",
                        help="replay these actual arrival counts (start, contacts/offered/calls; any interval length) "
                             "instead of Poisson arrivals from the forecast")
    parser.add_argument("--post-mortem", action="store_true",
                        help="with --arrivals: split the miss between promised and achieved service level into "
                             "staffing, daily volume, intraday shape and AHT (a waterfall) and write it too")
    parser.add_argument("--replications", type=int, default=10, metavar="N", help="replications (default 10)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument("--patience-s", type=patience_value, metavar="S|history",
                        help="mean patience of callers for rows without a patience_s column (default: none); "
                             "'history': each queue's patience estimated from the plan's history (or the table's "
                             "own abandoned and waiting-time columns)")
    parser.add_argument("--service-cv", type=float, metavar="CV",
                        help="lognormal handle times with this coefficient of variation (default: exponential)")
    parser.add_argument("--answer-s", type=float, default=20.0, metavar="S",
                        help="the T of the service level for rows without target_answer_s (default 20)")
    parser.add_argument("--chat-slowdown", type=float, default=0.0, metavar="F",
                        help="chat: handle time grows by F per other chat the agent has (default 0)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser


def _read(path: str, sheet: str | None):
    from wfm_desktop.cli.staff_cmd import read_table

    return read_table(path, sheet)


def _days_path(output: str) -> str:
    stem, ext = os.path.splitext(output)
    return f"{stem}_days{ext}"


def _postmortem_path(output: str) -> str:
    stem, ext = os.path.splitext(output)
    return f"{stem}_postmortem{ext}"


def _schedule_path(output: str, part: str) -> str:
    stem, ext = os.path.splitext(output)
    return f"{stem}_schedule{part}{ext}"


def _write(intervals, days, path: str, *, force: bool, postmortem=None, scheduled=None) -> None:
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.files import write_atomic

    ext = os.path.splitext(path)[1].lower()
    if ext == ".csv":
        write_atomic(path, lambda tmp: intervals.to_csv(tmp, index=False), force=force)
        write_atomic(_days_path(path), lambda tmp: days.to_csv(tmp, index=False), force=force)
        if postmortem is not None:
            write_atomic(_postmortem_path(path), lambda tmp: postmortem.to_csv(tmp, index=False), force=force)
        if scheduled is not None:
            write_atomic(_schedule_path(path, ""), lambda tmp: scheduled[0].to_csv(tmp, index=False), force=force)
            write_atomic(_schedule_path(path, "_days"), lambda tmp: scheduled[1].to_csv(tmp, index=False), force=force)
    elif ext == ".xlsx":
        import pandas as pd

        def save(tmp):
            with pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
                intervals.to_excel(writer, index=False, sheet_name="intervals")
                days.to_excel(writer, index=False, sheet_name="days")
                if postmortem is not None:
                    postmortem.to_excel(writer, index=False, sheet_name="post-mortem")
                if scheduled is not None:
                    scheduled[0].to_excel(writer, index=False, sheet_name="schedule intervals")
                    scheduled[1].to_excel(writer, index=False, sheet_name="schedule days")

        write_atomic(path, save, force=force)
    else:
        raise WfmError(f"{path}: the output must end in .csv or .xlsx")


def run(args) -> int:
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.files import check_output_path
    from wfm_desktop.core.simulation.model import SimulationSettings
    from wfm_desktop.core.simulation.simulate import simulate_intervals

    check_output_path(args.output, force=args.force)
    if os.path.splitext(args.output)[1].lower() == ".csv":
        check_output_path(_days_path(args.output), force=args.force)
        if args.post_mortem:
            check_output_path(_postmortem_path(args.output), force=args.force)
    if args.post_mortem and not args.arrivals:
        raise WfmError("--post-mortem compares the plan with what happened: give the actuals with --arrivals")
    if args.post_mortem and args.schedule:
        raise WfmError("--post-mortem replays a requirement's agents; leave out --schedule")
    for name in (args.schedule, args.arrivals):
        if name and os.path.abspath(args.output) in (os.path.abspath(args.input), os.path.abspath(name)):
            raise WfmError(f"{args.output}: the output would replace an input; choose another name")
    settings = SimulationSettings(replications=args.replications, seed=args.seed, answer_s=args.answer_s,
                                  patience_s=number(args.patience_s), service_cv=args.service_cv,
                                  chat_slowdown=args.chat_slowdown, absence=args.absence)
    settings.check()
    if args.absence and not args.schedule:
        raise WfmError("--absence applies to a schedule (--schedule); a requirement's agents are already net")
    is_plan = args.input.lower().endswith(".wfmplan")
    started = time.perf_counter()
    plan_sim = None
    if is_plan:
        frame, plan_sim = _from_plan(args)
    else:
        frame = _read(args.input, args.sheet)
        if args.patience_s == HISTORY:
            from wfm_desktop.cli.staff_cmd import _patience_from_table

            frame = _patience_from_table(frame, args.input)
    schedule = _read(args.schedule, "Schedule" if args.schedule.lower().endswith((".xlsx", ".xlsm")) else None) \
        if args.schedule else None
    actuals = _read(args.arrivals, None) if args.arrivals else None
    if plan_sim is not None and schedule is None and actuals is None:
        result = plan_sim.requirement
        days = plan_sim.days()
    else:
        result = simulate_intervals(frame, settings, schedule=schedule, schedule_queue=args.schedule_queue,
                                    actuals=actuals)
        days = result.days()
    intervals = result.intervals()
    scheduled = None
    if plan_sim is not None and plan_sim.schedule is not None and schedule is None and actuals is None:
        scheduled = (plan_sim.intervals("schedule"), plan_sim.days("schedule"))
    pm = _post_mortem(frame, actuals, settings) if args.post_mortem else None
    seconds = time.perf_counter() - started
    _write(intervals, days, args.output, force=args.force,
           postmortem=None if pm is None else _postmortem_table(pm), scheduled=scheduled)
    queues = {}
    for queue in sorted(set(result.queue)):
        m = result.metrics((result.queue == queue).nonzero()[0])
        queues[queue] = {name: {"value": est, "lo": lo, "hi": hi} for name, (est, lo, hi) in m.items()}
    summary = {"output": args.output, "rows": int(len(intervals)), "days": int(len(days)),
               "replications": settings.replications, "seed": settings.seed, "seconds": round(seconds, 2),
               "queues": queues}
    if args.json:
        print(json.dumps(summary))
        return 0
    extra = "" if args.output.lower().endswith(".xlsx") else f" and {_days_path(args.output)}"
    if scheduled is not None and not args.output.lower().endswith(".xlsx"):
        extra += f" (the schedule: {_schedule_path(args.output, '')}, {_schedule_path(args.output, '_days')})"
    print(f"wrote {args.output}{extra}: {summary['rows']} intervals, {summary['days']} queue-days, "
          f"{settings.replications} replications in {seconds:.1f} s", file=sys.stdout)
    for queue, m in queues.items():
        sl, asa, ab = m["sim_service_level"], m["sim_asa_s"], m["sim_abandon_rate"]
        print(f"  {queue}: service level {sl['value']:.1%} [{sl['lo']:.1%}, {sl['hi']:.1%}], "
              f"ASA {asa['value']:.1f} s, abandoned {ab['value']:.1%}")
    if scheduled is not None:
        for row in plan_sim.summary("schedule").itertuples(index=False):
            print(f"  schedule ({row.queue}, {plan_sim.absence:.0%} of shifts absent at random): service level "
                  f"{row.sim_service_level:.1%} [{row.sim_service_level_lo:.1%}, {row.sim_service_level_hi:.1%}], "
                  f"ASA {row.sim_asa_s:.1f} s, abandoned {row.sim_abandon_rate:.1%}")
    if plan_sim is not None and plan_sim.quality_flag():
        print(f"warning: {plan_sim.quality_flag()}", file=sys.stderr)
    if pm is not None:
        print(f"post-mortem: {pm.sentence()}")
        for note in pm.notes:
            print(f"  note: {note}")
    return 0


def _from_plan(args):
    """A saved plan: its requirement table as the simulator reads it, and its simulation stage run with
    this command's settings (the plan file is not changed)."""
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.plan.saved import open_plan
    from wfm_desktop.core.simulation.plan_stage import SETTINGS_KEY, requirement_frame

    if args.sheet:
        raise WfmError("--sheet reads a workbook; a plan file has no sheets")
    plan = open_plan(args.input)
    plan.refresh()
    staffing = plan.result("staffing")
    if getattr(staffing, "requirements", None) is None:
        raise WfmError(f"{args.input}: the plan has no staffing plan to simulate "
                       f"({plan.state('staffing').reason or plan.state('staffing').status})")
    plan.inputs.set(SETTINGS_KEY, {**plan.resolved(SETTINGS_KEY), "replications": args.replications,
                                   "seed": args.seed, "service_cv": args.service_cv,
                                   "chat_slowdown": args.chat_slowdown}, "Simulation settings")
    frame = requirement_frame(staffing)
    if args.patience_s == HISTORY:  # each queue's own estimate, for the queues without a patience of their own
        from wfm_desktop.cli.patience_option import estimated
        from wfm_desktop.core.plan.compute import history_of

        history = history_of(plan.result("data"))
        if history is None:
            raise WfmError(f"--patience-s history: {args.input} holds no history")
        queues = sorted(frame["queue"].astype(str).unique())
        found = estimated(history, [q for q in queues if q in history.queues], where=f"the history in {args.input}")
        frame["patience_s"] = frame["patience_s"].fillna(frame["queue"].astype(str).map(found)) \
            .where(frame["response_h"].isna())
    elif args.patience_s is not None:  # for the queues without a patience of their own
        frame["patience_s"] = frame["patience_s"].fillna(args.patience_s).where(frame["response_h"].isna())
    if args.answer_s != 20.0:
        raise WfmError("--answer-s: each queue of a plan has its own answer time (its staffing settings)")
    if args.patience_s is not None or args.schedule or args.arrivals:
        return frame, None  # the command's own simulation of the plan's table
    return frame, plan.run("simulation")


def _post_mortem(frame, actuals, settings):
    """The waterfall with the perfect-forecast line restaffed by the staff command's engine."""
    import numpy as np

    from wfm_desktop.core.simulation.replay import post_mortem
    from wfm_desktop.core.staffing.intervals import staff_table

    def restaff(actual_frame):
        cols = {str(c).strip().lower(): c for c in actual_frame.columns}
        keep = [c for c in actual_frame.columns if str(c).strip().lower() not in
                ("agents_net", "agents_gross", "workload_erlangs", "service_level", "asa_s", "occupancy",
                 "abandon_rate")]
        staffed, _notes = staff_table(actual_frame[keep], source="actuals")
        planned_open = actual_frame[cols["agents_net"]].to_numpy(dtype=float) > 0
        return np.where(planned_open, staffed["agents_net"].to_numpy(), 0)

    return post_mortem(frame, actuals, settings, restaff=restaff)


def _postmortem_table(pm):
    import pandas as pd

    days = pm.days.assign(day=pd.to_datetime(pm.days["day"]).dt.strftime("%Y-%m-%d"))
    return pd.concat([days, pd.DataFrame([pm.period])], ignore_index=True)
