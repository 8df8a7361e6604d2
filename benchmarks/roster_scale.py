"""Rosters for a whole centre: the sample centre (~245 agents) and a 5× copy (~1,200 agents), 4 weeks each.

Shifts: the sample plan (``wfm-desktop plan --sample``, 3 queues summed, the
gross-for-scheduling requirement) scheduled week by week from Mon 2026-01-05
for 4 weeks with the templates of docs/scheduling.md (8 h full-time with two
paid breaks and an unpaid lunch, starts 07:00–13:30 every 30 min; 4 h
part-time 07:00–18:00 every hour), each week's shift mix with a 30 s limit
(not part of the roster's time). The 5× copy repeats every shift 5 times.

Agents (seeded, so every run rosters the same centre): the fewest who can
work the shifts under the days rules (``fewest_agents``: 262 for the sample's
peaky week, 243 agents on Monday and 39 on Sunday) plus 12 % for time off; 60 % ``any`` contract, 25 % ``full``, 15 %
``part``; 10 % of the agents take 1–5 days of time off in each week; 10 %
have a weekly unavailable window (e.g. ``Wed 00:00-12:00``); 30 % prefer a
start window; 30 % prefer two days off. Rules: the defaults (at most 5 days
a week, 2 consecutive days off, 11 h rest), minimum 16 h a week for part
and 32 h for full agents. Every roster is checked by the independent checker
of the tests (``tests/core/scheduling/roster_checker.py``).

Anchors in the same run: the exact MILP (HiGHS, ``method="milp"``) on the
sample centre's first week with a 60 s limit (the method before this
decomposition), and — when OR-Tools is installed (the ``bench`` extra) —
CP-SAT on the same one-week model (same rules, hours balance objective
dropped: first feasible roster), 2 workers, 60 s.

A 24/7 queue (17 eight-hour shifts a day: 06:00, 14:00 and 22:00 starts, the
night running into the next day) is rostered for 4 weeks with the fewest
agents the days rules allow (the issue's case: "no roster found within 30 s"
for 35 agents × 7 days).

    python benchmarks/roster_scale.py [--quick]      (--quick: no 5× centre, no anchors)
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wfm_desktop.core.scheduling.roster import Agent, RosterRules, build_roster  # noqa: E402
from wfm_desktop.core.scheduling.roster_decompose import fewest_agents  # noqa: E402
from wfm_desktop.core.scheduling.templates import load_templates  # noqa: E402

START = pd.Timestamp("2026-01-05")
WEEKS = 4
TEMPLATES_CSV = """name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,weekdays,contract,min_count,max_count,cost_per_hour
Full 8h,07:00,13:30,30,480,break1 15 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00; break2 15 paid 5:30-6:30,all,full,0,,20
Part 4h,07:00,18:00,60,240,,all,part,0,,22.5
"""


def sample_shifts(cache: Path) -> pd.DataFrame:
    """Four weeks of the sample plan's shifts (cached next to the script's temp folder)."""
    if cache.is_file():
        return pd.read_pickle(cache)
    from benchmarks.schedule_quality import requirement_from_sample_plan  # noqa: F401 (same plan settings)
    from wfm_desktop.core.forecast import ForecastSettings
    from wfm_desktop.core.history.sample import sample_history_path
    from wfm_desktop.core.importers import import_history
    from wfm_desktop.core.plan.pipeline import run_plan, source_info
    from wfm_desktop.core.scheduling.from_plan import schedule_requirement
    from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, solve_schedule
    from wfm_desktop.core.staffing.queue_settings import PlanSettings, QueueSettings
    from wfm_desktop.core.staffing.shrinkage import ShrinkageTable

    path = sample_history_path()
    history = import_history(path).history
    settings = PlanSettings(default=QueueSettings(sl=0.8, answer_s=20.0, max_occupancy=0.85,
                                                  shrinkage=ShrinkageTable.typical()))
    plan = run_plan(history, settings, ForecastSettings(method="auto", horizon_days=7 * WEEKS + 7),
                    source=source_info(path, history))
    tpl_path = cache.with_suffix(".csv")
    tpl_path.write_text(TEMPLATES_CSV)
    templates = load_templates(tpl_path)
    frames = []
    for w in range(WEEKS):
        req = schedule_requirement(plan, days=7, start=START + pd.Timedelta(days=7 * w))
        result = solve_schedule(req, templates, ScheduleSettings(time_limit_s=30.0))
        print(f"  shift mix week {w + 1}: {len(result.shifts)} shifts, {result.summary['status']}", flush=True)
        frames.append(result.shifts)
    shifts = pd.concat(frames, ignore_index=True)
    shifts["shift_id"] = np.arange(1, len(shifts) + 1)
    shifts.to_pickle(cache)
    return shifts


def copies(shifts: pd.DataFrame, n: int) -> pd.DataFrame:
    out = pd.concat([shifts] * n, ignore_index=True)
    out["shift_id"] = np.arange(1, len(out) + 1)
    return out


def centre_agents(shifts: pd.DataFrame, seed: int = 7) -> list[Agent]:
    rng = np.random.default_rng(seed)
    per_day = np.bincount((pd.to_datetime(shifts["day"]) - START).dt.days, minlength=7 * WEEKS).tolist()
    n = math.ceil(fewest_agents(per_day, 5, 2) * 1.12)
    days = pd.date_range(START, periods=7 * WEEKS)
    agents = []
    for i in range(n):
        contract = rng.choice(["any", "full", "part"], p=[0.6, 0.25, 0.15])
        time_off = []
        for w in range(WEEKS):
            if rng.random() < 0.10:
                first = int(rng.integers(0, 7))
                time_off += list(days[7 * w + first: 7 * w + min(7, first + int(rng.integers(1, 6)))])
        unavailable = ()
        if rng.random() < 0.10:
            unavailable = ((int(rng.integers(0, 7)), 0, 720),)
        pref = None
        if rng.random() < 0.3:
            lo = int(rng.choice([420, 480, 540, 600]))
            pref = (lo, lo + 120)
        pref_off = ()
        if rng.random() < 0.3:
            d = int(rng.integers(0, 7))
            pref_off = (d, (d + 1) % 7)
        lo_h = {"any": None, "full": 32.0, "part": 16.0}[contract]
        agents.append(Agent(f"Agent {i + 1:04d}", contract, lo_h, None, tuple(time_off), unavailable, pref,
                            pref_off))
    return agents


def queue_24_7(weeks: int = WEEKS) -> pd.DataFrame:
    """A 24/7 bank queue: every day 7 early (06:00), 6 late (14:00) and 4 night (22:00) 8-hour shifts."""
    rows = []
    for d in range(7 * weeks):
        day = START + pd.Timedelta(days=d)
        for start_h, n in ((6, 7), (14, 6), (22, 4)):
            for _ in range(n):
                s = day + pd.Timedelta(hours=start_h)
                rows.append({"template": f"{start_h:02d}h", "day": day, "start": s, "end": s + pd.Timedelta(hours=8),
                             "paid_h": 8.0, "contract": "full"})
    out = pd.DataFrame(rows)
    out["shift_id"] = np.arange(1, len(out) + 1)
    return out


def run(label, shifts, agents, rules, method="auto"):
    from tests.core.scheduling.roster_checker import check_roster

    t0 = time.perf_counter()
    try:
        result = build_roster(shifts, agents, rules, method=method)
    except Exception as exc:  # noqa: BLE001 - the benchmark prints every outcome
        return {"run": label, "agents": len(agents), "shifts": len(shifts), "time_s": time.perf_counter() - t0,
                "outcome": f"failed: {str(exc)[:90]}"}
    wall = time.perf_counter() - t0
    problems = check_roster(result.assignments, shifts, agents, rules)
    s = result.summary
    return {"run": label, "agents": len(agents), "shifts": len(shifts), "time_s": wall,
            "outcome": f"{s['method']}; checker: {len(problems)} violations",
            "weekend_spread": s["weekend_days_spread"], "late_spread": s["late_shifts_spread"],
            "pref_start": s["preferred_start_met"], "pref_off": s["preferred_days_off_met"]}


def cp_sat_week(shifts: pd.DataFrame, agents: list[Agent], rules: RosterRules, limit_s: float) -> dict:
    """CP-SAT on one week: y[a, group] with the same hard rules (no time off / windows: the plain model)."""
    from ortools.sat.python import cp_model

    t0 = time.perf_counter()
    groups = shifts.groupby(["day", "start", "end", "contract"]).size().reset_index(name="n")
    day = ((pd.to_datetime(groups["day"]) - START).dt.days).to_numpy()
    start = ((pd.to_datetime(groups["start"]) - START) / pd.Timedelta(minutes=1)).to_numpy()
    end = ((pd.to_datetime(groups["end"]) - START) / pd.Timedelta(minutes=1)).to_numpy()
    m = cp_model.CpModel()
    y = {}
    for a, ag in enumerate(agents):
        for g in range(len(groups)):
            if ag.contract in ("any", groups["contract"].iloc[g]):
                y[a, g] = m.NewBoolVar("")
    for g in range(len(groups)):
        m.Add(sum(y[a, g] for a in range(len(agents)) if (a, g) in y) == int(groups["n"].iloc[g]))
    for a in range(len(agents)):
        work = []
        for d in range(7):
            w = m.NewBoolVar("")
            m.Add(sum(y[a, g] for g in np.flatnonzero(day == d) if (a, g) in y) == w)
            work.append(w)
        m.Add(sum(work) <= rules.max_days_per_week)
        starts = [m.NewBoolVar("") for _ in range(7)]
        m.Add(sum(starts) >= 1)
        for d in range(7):
            for k in range(rules.min_consecutive_days_off):
                m.AddImplication(starts[d], work[(d + k) % 7].Not())
    rest = rules.min_rest_h * 60
    for g in range(len(groups)):
        clash = [g2 for g2 in range(len(groups)) if day[g2] == (day[g] + 1) % 7
                 and (start[g2] + (7 * 1440 if day[g2] < day[g] else 0)) - end[g] < rest]
        for a in range(len(agents)):
            for g2 in clash:
                if (a, g) in y and (a, g2) in y:
                    m.AddBoolOr([y[a, g].Not(), y[a, g2].Not()])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit_s
    solver.parameters.num_workers = 2
    status = solver.Solve(m)
    return {"run": "anchor: CP-SAT, sample centre week 1", "agents": len(agents), "shifts": int(groups["n"].sum()),
            "time_s": time.perf_counter() - t0, "outcome": solver.StatusName(status)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / "wfm_roster_scale_shifts.pkl"
    shifts = sample_shifts(cache)
    rules = RosterRules(time_limit_s=60.0)
    rows = []
    agents = centre_agents(shifts)
    rows.append(run("sample centre, 4 weeks", shifts, agents, rules))
    print(rows[-1], flush=True)
    night = queue_24_7()
    per_day = np.bincount((night["day"] - START).dt.days).tolist()
    n_night = fewest_agents(per_day, 5, 2)
    rows.append(run(f"24/7 queue with nights, 4 weeks (fewest: {n_night})", night,
                    [Agent(f"Agent {i + 1:03d}") for i in range(n_night)], rules))
    print(rows[-1], flush=True)
    if not args.quick:
        big = copies(shifts, 5)
        rows.append(run("5× sample centre, 4 weeks", big, centre_agents(big), rules))
        print(rows[-1], flush=True)
        week1 = shifts[pd.to_datetime(shifts["day"]) < START + pd.Timedelta(days=7)]
        plain = [Agent(a.name, a.contract) for a in centre_agents(week1)]
        rows.append(run("same week, decomposition", week1, plain, rules))
        print(rows[-1], flush=True)
        rows.append(run("anchor: exact MILP (HiGHS), sample centre week 1", week1, plain, rules, method="milp"))
        print(rows[-1], flush=True)
        try:
            rows.append(cp_sat_week(week1, plain, rules, 60.0))
        except ImportError:
            rows.append({"run": "anchor: CP-SAT", "outcome": "ortools not installed"})
        print(rows[-1], flush=True)
    print(f"\nload average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.2f}"))


if __name__ == "__main__":
    main()
