"""`wfm-desktop simulate REQUIREMENTS -o OUT`: the plan's promise checked by discrete-event simulation.

    wfm-desktop simulate requirements.csv -o simulated.csv
    wfm-desktop simulate requirements.csv --schedule schedule.csv -o simulated.xlsx
    wfm-desktop simulate requirements.csv --arrivals actuals.csv --patience-s 180 -o replay.csv

The input is an interval table (queue, start, contacts, aht_s, agents_net — what
``wfm-desktop staff`` writes is accepted as it is). The output is that table with
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


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "simulate",
        help="simulate a requirement (or schedule) to check its service level",
        description="Discrete-event simulation of every queue of an interval table: service level, ASA, "
                    "abandonment and occupancy per interval and per day with 95%% confidence intervals.",
    )
    parser.add_argument("input", metavar="REQUIREMENTS", help="interval table (.csv or .xlsx), e.g. from `staff`")
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
    parser.add_argument("--patience-s", type=float, metavar="S",
                        help="mean patience of callers for rows without a patience_s column (default: none)")
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


def _write(intervals, days, path: str, *, force: bool, postmortem=None) -> None:
    from wfm_desktop.core.errors import WfmError
    from wfm_desktop.core.files import write_atomic

    ext = os.path.splitext(path)[1].lower()
    if ext == ".csv":
        write_atomic(path, lambda tmp: intervals.to_csv(tmp, index=False), force=force)
        write_atomic(_days_path(path), lambda tmp: days.to_csv(tmp, index=False), force=force)
        if postmortem is not None:
            write_atomic(_postmortem_path(path), lambda tmp: postmortem.to_csv(tmp, index=False), force=force)
    elif ext == ".xlsx":
        import pandas as pd

        def save(tmp):
            with pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
                intervals.to_excel(writer, index=False, sheet_name="intervals")
                days.to_excel(writer, index=False, sheet_name="days")
                if postmortem is not None:
                    postmortem.to_excel(writer, index=False, sheet_name="post-mortem")

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
                                  patience_s=args.patience_s, service_cv=args.service_cv,
                                  chat_slowdown=args.chat_slowdown, absence=args.absence)
    settings.check()
    if args.absence and not args.schedule:
        raise WfmError("--absence applies to a schedule (--schedule); a requirement's agents are already net")
    frame = _read(args.input, args.sheet)
    schedule = _read(args.schedule, "Schedule" if args.schedule.lower().endswith((".xlsx", ".xlsm")) else None) \
        if args.schedule else None
    actuals = _read(args.arrivals, None) if args.arrivals else None
    started = time.perf_counter()
    result = simulate_intervals(frame, settings, schedule=schedule, schedule_queue=args.schedule_queue,
                                actuals=actuals)
    intervals, days = result.intervals(), result.days()
    pm = _post_mortem(frame, actuals, settings) if args.post_mortem else None
    seconds = time.perf_counter() - started
    _write(intervals, days, args.output, force=args.force,
           postmortem=None if pm is None else _postmortem_table(pm))
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
    print(f"wrote {args.output}{extra}: {summary['rows']} intervals, {summary['days']} queue-days, "
          f"{settings.replications} replications in {seconds:.1f} s", file=sys.stdout)
    for queue, m in queues.items():
        sl, asa, ab = m["sim_service_level"], m["sim_asa_s"], m["sim_abandon_rate"]
        print(f"  {queue}: service level {sl['value']:.1%} [{sl['lo']:.1%}, {sl['hi']:.1%}], "
              f"ASA {asa['value']:.1f} s, abandoned {ab['value']:.1%}")
    if pm is not None:
        print(f"post-mortem: {pm.sentence()}")
        for note in pm.notes:
            print(f"  note: {note}")
    return 0


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
