"""Schedules for real centres: weeks, nights, a busy machine — time and gap against the whole-horizon bound.

Cases (the shift-mix solver through ``solve_schedule``, child process and all,
time measured from the call to the returned schedule):

* **sample centre** — the gross-for-scheduling requirement of the sample plan's
  three queues summed per interval, 15-minute intervals, from Mon 2026-01-05,
  with the templates of ``benchmarks/schedule_quality.py`` (8 h with two paid
  15-minute breaks and a 30-minute lunch, 6 h and 4 h, every 15 minutes from
  opening until the last start that ends by closing) and its costed objective
  (wages 20/h, under-coverage 100/h, over-coverage 1/h); 1 week (goal: gap
  ≤ 1 % within 30 s) and 4 weeks (gap ≤ 2 % within 120 s);
* **24/7 queue** — a synthetic queue open round the clock (60 calls per
  15 minutes at the peak, 9 at night, AHT 300 s, 80 % in 20 s, Erlang C, 10 %
  shrinkage not modelled), a day template (05:00–15:00 every 30 min, breaks as
  above), a night template (15:30–23:30 every 30 min, 8 h with a lunch, running
  past midnight) and a part-time 4 h template; 4 weeks (gap ≤ 2 % within 120 s,
  day 1's 00:00–06:00 covered by the cyclic rule);
* the same three runs with **both cores kept busy** by two spinning processes
  (goal: a schedule with gap ≤ 5 % returned within the limit + 10 s, never
  "no solution");
* **scaling**: the sample centre for 1, 2, 4, 8 and 13 weeks, limit 30 s per
  week (goal: 13 weeks within 15× the 1-week time at the same gap);
* **pyworkforce** (``MinAbsDifference``, CP-SAT, 2 workers) beside our MILP on
  the same requirement *without breaks* and the same starts, over + under
  agent-hours as the objective (what it minimises), 1 and 4 weeks, the same
  time limit; it cannot model shifts that cross midnight, so it has no 24/7 row.

The gap is against the bound of the whole horizon (the LP relaxation, or the
sum of the independent blocks' bounds), never per block. ``--quick``: 1 and 2
weeks and the 24/7 queue for 1 week with short limits, no busy runs, no
pyworkforce. The load average is printed with every row: the figures are only
comparable at the same load.

    python benchmarks/schedule_scale.py [--quick] [--only 247,247busy,scale] [--repeat 2]

``--only`` runs the named cases (sample1, sample4, 247, their ``…busy``
twins, scale, pyworkforce); ``--repeat N`` runs them N times, alternated, so
that two runs of a case see the same load; ``--scale-weeks`` picks the
scaling case's horizons.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.schedule_quality import open_window, run_pyworkforce, templates  # noqa: E402
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, solve_schedule  # noqa: E402
from wfm_desktop.core.scheduling.templates import template_from_record  # noqa: E402
from wfm_desktop.core.staffing.erlang import required_agents, workload_erlangs  # noqa: E402

WEEK_START = "2026-01-05"
BREAKS_8H = "break1 15 paid 1:30-2:00; lunch 30 unpaid 3:00-5:00; break2 15 paid 6:00-6:30"


def sample_plan(weeks: int):
    from wfm_desktop.core.forecast import ForecastSettings
    from wfm_desktop.core.history.sample import sample_history_path
    from wfm_desktop.core.importers import import_history
    from wfm_desktop.core.plan.pipeline import run_plan, source_info
    from wfm_desktop.core.staffing.queue_settings import PlanSettings, QueueSettings
    from wfm_desktop.core.staffing.shrinkage import ShrinkageTable

    path = sample_history_path()
    history = import_history(path).history
    settings = PlanSettings(default=QueueSettings(sl=0.8, answer_s=20.0, max_occupancy=0.85,
                                                  shrinkage=ShrinkageTable.typical()))
    return run_plan(history, settings, ForecastSettings(method="auto", horizon_days=7 * weeks + 7),
                    source=source_info(path, history))


def sample_requirement(plan, weeks: int) -> pd.DataFrame:
    from wfm_desktop.core.scheduling.from_plan import schedule_requirement

    return schedule_requirement(plan, days=7 * weeks, start=WEEK_START)


def requirement_247(weeks: int) -> pd.DataFrame:
    starts = pd.date_range(WEEK_START, periods=weeks * 7 * 96, freq="15min")
    hour = starts.hour + starts.minute / 60
    shape = 0.15 + np.exp(-((hour - 11) / 3.0) ** 2) + 0.7 * np.exp(-((hour - 17) / 3.0) ** 2)
    day = np.array([1.1, 1.0, 1.0, 0.97, 0.95, 0.7, 0.6])[starts.day_of_week]
    calls = 60 * shape * day / 1.15
    net = required_agents(workload_erlangs(calls, 300.0, 15), 300.0, sl=0.8, answer_s=20.0)
    return pd.DataFrame({"start": starts, "contacts": calls, "aht_s": 300.0, "agents_net": net,
                         "agents_schedule": np.ceil(net / 0.9 - 1e-9), "shrinkage_unmodelled": 0.1})


def templates_247():
    rec = [{"name": "Day 8h", "start_earliest": "05:00", "start_latest": "15:00", "start_step_min": 30,
            "paid_length_min": 480, "breaks": BREAKS_8H, "cost_per_hour": 20},
           {"name": "Night 8h", "start_earliest": "15:30", "start_latest": "23:30", "start_step_min": 30,
            "paid_length_min": 480, "breaks": "lunch 30 unpaid 3:30-4:30", "cost_per_hour": 24},
           {"name": "Part 4h", "start_earliest": "07:00", "start_latest": "18:00", "start_step_min": 60,
            "paid_length_min": 240, "contract": "part", "cost_per_hour": 21}]
    return [template_from_record(r, "benchmark") for r in rec]


def load() -> float:
    return os.getloadavg()[0]


def run(case: str, frame, kinds, limit_s: float, settings: ScheduleSettings | None = None, busy: bool = False) -> dict:
    settings = settings or ScheduleSettings(time_limit_s=limit_s, mip_rel_gap=0.005)
    started = time.perf_counter()
    try:
        r = solve_schedule(frame, kinds, settings)
    except Exception as exc:  # noqa: BLE001 - a failure is a row of the table ("no solution")
        return {"case": case, "limit_s": limit_s, "time_s": time.perf_counter() - started, "status": f"FAILED: {exc}",
                "gap": np.nan, "busy": busy, "load": load()}
    wall = time.perf_counter() - started
    s = r.summary
    cov = r.coverage
    first_night = cov[(cov["start"] < cov["start"].min() + pd.Timedelta(hours=6))]
    night_short = float((first_night["required"] - first_night["scheduled"]).clip(lower=0).max()) \
        if first_night["required"].sum() > 0 else np.nan
    return {"case": case, "limit_s": limit_s, "time_s": wall, "solve_s": s["solve_s"], "status": s["status"],
            "gap": s["gap"], "over_h": s["over_h"], "under_h": s["under_h"], "required_h": s["required_h"],
            "efficiency": s["efficiency"], "shifts": s["shifts"], "day1_night_short": night_short,
            "flagged": bool(s["warning"]), "busy": busy, "load": load()}


def over_under_settings(limit_s: float) -> ScheduleSettings:
    return ScheduleSettings(under_penalty_per_h=1.0, over_cost_per_h=1.0, time_limit_s=limit_s, mip_rel_gap=1e-4)


CASES = ("sample1", "sample4", "247", "sample1busy", "sample4busy", "247busy", "scale", "pyworkforce")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1-2 weeks, short limits (smoke run)")
    parser.add_argument("--only", default=",".join(CASES),
                        help="comma-separated cases to run, of: " + ", ".join(CASES) + " (default: all)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each chosen case this many times, the cases alternated (default 1)")
    parser.add_argument("--scale-weeks", default="1,2,4,8,13", help="weeks of the scaling case (default 1,2,4,8,13)")
    args = parser.parse_args()
    only = [c.strip() for c in args.only.split(",") if c.strip()]
    unknown = [c for c in only if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    scale_weeks = [int(w) for w in args.scale_weeks.split(",")]
    print(f"machine: {os.cpu_count()} cores, load average {load():.1f} at the start")
    weeks_needed = 2 if args.quick else max([4] + (scale_weeks if "scale" in only else []))
    started = time.perf_counter()
    plan = sample_plan(weeks_needed)
    print(f"sample plan built in {time.perf_counter() - started:.1f} s")
    rows: list[dict] = []

    def sample(weeks: int):
        frame = sample_requirement(plan, weeks)
        return frame, templates(True, open_window(frame), cost_per_hour=20.0)

    def show(row: dict) -> None:
        rows.append(row)
        night = row.get("day1_night_short", np.nan)
        print(f"  {row['case']}: {row['status']}, {row['time_s']:.1f} s, gap {row['gap']:.2%}, "
              + ("" if not np.isfinite(night) else f"day 1 00-06 short by at most {night:g} agents, ")
              + f"load {row['load']:.1f}", flush=True)

    if args.quick:
        for weeks in (1, 2):
            frame, kinds = sample(weeks)
            show(run(f"sample centre {weeks} wk", frame, kinds, 15.0 * weeks))
        show(run("24/7 + nights 1 wk", requirement_247(1), templates_247(), 20.0))
        only = []
    main_cases = {"sample1": ("sample centre 1 wk", *sample(1), 30.0),
                  "sample4": ("sample centre 4 wk", *sample(4), 120.0),
                  "247": ("24/7 + nights 4 wk", requirement_247(4), templates_247(), 120.0)} if only else {}
    for _ in range(args.repeat):
        for key in ("sample1", "sample4", "247"):
            if key in only:
                show(run(*main_cases[key]))
        busy = [key for key in ("sample1", "sample4", "247") if key + "busy" in only]
        if busy:
            spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
            try:
                for key in busy:
                    case, frame, kinds, limit = main_cases[key]
                    show(run(case + " (2 cores busy)", frame, kinds, limit, busy=True))
            finally:
                for p in spinners:
                    p.kill()
                    p.wait()
        if "scale" in only:
            for weeks in scale_weeks:
                frame, kinds = sample(weeks)
                show(run(f"scaling: sample centre {weeks} wk", frame, kinds, 30.0 * weeks))
        if "pyworkforce" in only:
            for weeks, limit in ((1, 30.0), (4, 120.0)):
                frame = sample_requirement(plan, weeks)
                window = open_window(frame)
                show(run(f"no breaks, over+under: MILP {weeks} wk", frame, templates(False, window), limit,
                         settings=over_under_settings(limit)))
                try:
                    pw = run_pyworkforce(frame, window, limit)
                    rows.append({"case": f"no breaks, over+under: pyworkforce {weeks} wk", "limit_s": limit,
                                 "time_s": pw["time_s"], "status": pw["status"], "gap": np.nan,
                                 "over_h": pw["over_h"], "under_h": pw["under_h"], "shifts": pw["shifts"],
                                 "load": load()})
                    print(f"  pyworkforce {weeks} wk: {pw['status']}, {pw['time_s']:.1f} s", flush=True)
                except ImportError:
                    print("pyworkforce is not installed (pip install pyworkforce==0.5.1): its rows are missing")

    table = pd.DataFrame(rows)
    cols = [c for c in ("case", "limit_s", "time_s", "status", "gap", "over_h", "under_h", "efficiency",
                        "shifts", "day1_night_short", "flagged", "load") if c in table.columns]
    with pd.option_context("display.width", 250, "display.max_colwidth", 48):
        print(table[cols].to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    scaling = table[table["case"].str.startswith("scaling")]
    for n in range(len(scaling) // len(scale_weeks) if "scale" in only else 0):
        one = scaling.iloc[n * len(scale_weeks):(n + 1) * len(scale_weeks)]
        t1, tn = one["time_s"].iloc[0], one["time_s"].iloc[-1]
        print(f"scaling (run {n + 1}): {scale_weeks[-1]} weeks in {tn:.1f} s = {tn / t1:.1f}× the "
              f"{scale_weeks[0]}-week {t1:.1f} s (goal ≤ 15× for 13 weeks); gaps "
              + ", ".join(f"{g:.2%}" for g in one["gap"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
