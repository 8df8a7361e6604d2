"""Schedule quality and speed: the shift-mix MILP against pyworkforce's MinAbsDifference.

Requirement: one week of 15-minute requirements from the sample plan — what
``wfm-desktop plan --sample`` computes (the bundled sample history, 3 queues,
forecast "auto", 80 % in 20 s, occupancy ≤ 85 %, the typical shrinkage table),
the first whole week of its horizon (Mon 2026-01-05 to Sun 01-11), the
**gross-for-scheduling** requirement of the three queues summed per interval
(the requirement ``plan --templates`` schedules by default:
:func:`wfm_desktop.core.scheduling.from_plan.schedule_requirement`). The
sample is open 07:00–22:00; peak about 200 agents on Monday, 25 on Sunday.
With ``--synthetic`` a synthetic weekday week is used instead.

Shift starts: every 15 min from the first open interval until the last start
that still ends by closing (07:00–22:00 on the sample: 8 h paid 07:00–13:30,
27 starts; 6 h 07:00–16:00, 37; 4 h 07:00–18:00, 45 — 109 per day). With
breaks, each 8-hour shift has a 30-minute unpaid lunch in any of 9 positions
(3:00–5:00 after the start) and two paid 15-minute breaks in 3 positions each
(1:30–2:00 and 6:00–6:30); its day then lasts 8:30.

Objective: over-coverage + under-coverage agent-hours, equally weighted and
no wage cost, which is exactly what MinAbsDifference minimises, so the figures
compare like with like. Its optimum is small (a few agent-hours), so its
*relative* gap is a severe measure; one more run uses the app's costed
objective (wages 20/h, under-coverage 100/h, over-coverage 1/h) where the gap
is relative to the wage bill. Runs: with breaks at 20 s and 60 s time
limits (goal: gap ≤ 1 % within 60 s); without breaks (goal: over + under no
worse than pyworkforce's, in no more than 5× its time); pyworkforce
MinAbsDifference on the same requirement and starts (no breaks; it has none),
2 search workers, its own time limit. Needs the ``bench`` extra
(``pip install pyworkforce==0.5.1``, which brings ortools).

    python benchmarks/schedule_quality.py [--quick] [--synthetic]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from wfm_desktop.core.staffing.erlang import required_agents, workload_erlangs  # noqa: E402
from wfm_desktop.core.scheduling.demand import prepare_requirement  # noqa: E402
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, solve_schedule  # noqa: E402
from wfm_desktop.core.scheduling.templates import template_from_record  # noqa: E402

AHT_S = 240.0
SHRINKAGE_UNMODELLED = 0.10
BREAKS_8H = "break1 15 paid 1:30-2:00; lunch 30 unpaid 3:00-5:00; break2 15 paid 6:00-6:30"
WEEK_START = "2026-01-05"  # the first Monday of the sample plan's horizon


def requirement_from_sample_plan() -> pd.DataFrame:
    """The sample plan's gross-for-scheduling requirement of the week, all queues (see the docstring)."""
    from wfm_desktop.core.forecast import ForecastSettings
    from wfm_desktop.core.importers import import_history
    from wfm_desktop.core.plan.pipeline import run_plan, source_info
    from wfm_desktop.core.staffing.queue_settings import PlanSettings
    from wfm_desktop.core.scheduling.from_plan import schedule_requirement
    from wfm_desktop.core.staffing.queue_settings import QueueSettings
    from wfm_desktop.core.history.sample import sample_history_path
    from wfm_desktop.core.staffing.shrinkage import ShrinkageTable

    path = sample_history_path()
    history = import_history(path).history
    settings = PlanSettings(default=QueueSettings(sl=0.8, answer_s=20.0, max_occupancy=0.85,
                                                  shrinkage=ShrinkageTable.typical()))
    plan = run_plan(history, settings, ForecastSettings(method="auto", horizon_days=14),
                    source=source_info(path, history))
    return schedule_requirement(plan, days=7, start=WEEK_START)


def synthetic_requirement() -> pd.DataFrame:
    starts = pd.date_range("2026-01-05", periods=5 * 96, freq="15min")
    hour = starts.hour + starts.minute / 60
    shape = np.exp(-((hour - 10.5) / 1.8) ** 2) + 0.8 * np.exp(-((hour - 15.0) / 2.2) ** 2)
    day_factor = np.array([1.15, 1.0, 0.97, 0.95, 0.9])[starts.dayofweek]
    open_ = (hour >= 7) & (hour < 21)
    calls = pd.Series(np.where(open_, 330 * shape * day_factor + 20, 0.0), index=starts)
    return _agents(calls[open_])


def _agents(calls: pd.Series) -> pd.DataFrame:
    a = workload_erlangs(calls.to_numpy(), AHT_S, 15)
    net = required_agents(a, AHT_S, sl=0.8, answer_s=20.0)
    gross = np.ceil(net / (1 - SHRINKAGE_UNMODELLED) - 1e-9)
    return pd.DataFrame({"start": calls.index, "contacts": calls.to_numpy(), "aht_s": AHT_S, "agents_net": net,
                         "agents_schedule": gross})


def open_window(frame) -> tuple[int, int]:
    """First open minute of the day and closing minute (end of the last interval that needs agents)."""
    need = frame.groupby("start")["agents_schedule"].sum()
    times = need[need > 0].index
    minutes = times.hour * 60 + times.minute
    return int(minutes.min()), int(minutes.max()) + 15


def templates(with_breaks: bool, window: tuple[int, int], cost_per_hour: float = 0.0):
    """8 h, 6 h and 4 h shifts starting every 15 min from opening until the last start that ends by closing."""
    opening, closing = window
    hhmm = lambda m: f"{m // 60:02d}:{m % 60:02d}"  # noqa: E731
    specs = [("8h", 480, 30, BREAKS_8H if with_breaks else ""), ("6h", 360, 0, ""), ("4h", 240, 0, "")]
    out = []
    for name, paid, lunch, breaks in specs:
        latest = closing - paid - lunch  # the 8-hour day lasts 8:30 with its lunch (same starts without breaks)
        out.append(template_from_record({"name": name, "start_earliest": hhmm(opening), "start_latest": hhmm(latest),
                                         "start_step_min": 15, "paid_length_min": paid, "breaks": breaks,
                                         "cost_per_hour": cost_per_hour}, "benchmark"))
    return out


def run_milp(frame, window, with_breaks: bool, time_limit_s: float, costed: bool = False) -> dict:
    if costed:  # wages 20/h, under-coverage 100/h, over-coverage 1/h on top of wages: the app's defaults
        settings = ScheduleSettings(time_limit_s=time_limit_s, mip_rel_gap=1e-4)
        kinds = templates(with_breaks, window, cost_per_hour=20.0)
    else:
        settings = ScheduleSettings(under_penalty_per_h=1.0, over_cost_per_h=1.0, time_limit_s=time_limit_s,
                                    mip_rel_gap=1e-4)
        kinds = templates(with_breaks, window)
    started = time.perf_counter()
    r = solve_schedule(frame, kinds, settings)
    wall = time.perf_counter() - started
    s = r.summary
    label = "costed: wages+penalties" if costed else "over+under"
    return {"method": f"MILP {'with' if with_breaks else 'without'} breaks, {label}, limit {time_limit_s:g} s",
            "time_s": wall, "gap": s["gap"], "over_h": s["over_h"], "under_h": s["under_h"], "shifts": s["shifts"],
            "status": s["status"], "size": s["model_size"]}


def run_pyworkforce(frame, window, time_limit_s: float) -> dict:
    from pyworkforce.scheduling import MinAbsDifference

    req = prepare_requirement(frame)
    per_day = req.per_day
    required = req.required.reshape(len(req.days), per_day).astype(int)
    coverage = {}
    for t in templates(False, window):
        for s in t.start_offsets_min():
            row = np.zeros(per_day, dtype=int)
            row[s // 15: (s + t.span_min) // 15] = 1
            coverage[f"{t.name}@{s // 60:02d}{s % 60:02d}"] = row.tolist()
    peak = int(required.max())
    solver = MinAbsDifference(num_days=len(req.days), periods=per_day, shifts_coverage=coverage,
                              required_resources=required.tolist(), max_period_concurrency=max(2 * peak, 1),
                              max_shift_concurrency=max(peak, 1), max_search_time=time_limit_s,
                              num_search_workers=2)
    started = time.perf_counter()
    solution = solver.solve()
    wall = time.perf_counter() - started
    scheduled = np.zeros_like(required, dtype=float)
    n_shifts = 0
    for item in solution["resources_shifts"]:
        if item["resources"] > 0:
            scheduled[item["day"]] += item["resources"] * np.array(coverage[item["shift"]])
            n_shifts += item["resources"]
    diff = scheduled - required
    return {"method": f"pyworkforce MinAbsDifference, limit {time_limit_s:g} s", "time_s": wall, "gap": math.nan,
            "over_h": float(diff.clip(min=0).sum() / 4), "under_h": float((-diff).clip(min=0).sum() / 4),
            "shifts": n_shifts, "status": solution["status"].lower(), "size": f"{len(coverage)} shifts × {len(req.days)} days"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short time limits (smoke run)")
    parser.add_argument("--synthetic", action="store_true", help="use the synthetic week instead of the sample")
    args = parser.parse_args()
    if args.synthetic:
        frame, source = synthetic_requirement(), "synthetic week (5 days, 07:00-21:00)"
    else:
        started = time.perf_counter()
        frame = requirement_from_sample_plan()
        source = (f"sample plan, week of {WEEK_START}, gross for scheduling of "
                  f"{frame['queue'].nunique()} queues summed (plan built in {time.perf_counter() - started:.1f} s)")
    window = open_window(frame)
    limits = (5.0, 10.0) if args.quick else (20.0, 60.0)
    pw_limit = 10.0 if args.quick else 60.0
    per_interval = frame.groupby("start")["agents_schedule"].sum()
    kinds = templates(False, window)
    print(f"requirement: {source}; {int((per_interval > 0).sum())} open 15-min intervals, "
          f"open {window[0] // 60:02d}:{window[0] % 60:02d}-{window[1] // 60:02d}:{window[1] % 60:02d}, peak "
          f"{per_interval.max():.0f} agents, {per_interval.sum() / 4:.0f} agent-hours; "
          f"{sum(len(t.start_offsets_min()) for t in kinds)} shift starts per day "
          f"({', '.join(f'{t.name}: {len(t.start_offsets_min())}' for t in kinds)})")
    rows = [run_milp(frame, window, True, limits[0]), run_milp(frame, window, True, limits[1]),
            run_milp(frame, window, False, limits[1])]
    pw_at = len(rows)
    try:
        rows.append(run_pyworkforce(frame, window, pw_limit))
    except ImportError:
        print("pyworkforce is not installed (pip install pyworkforce==0.5.1): its row is missing")
    rows.append(run_milp(frame, window, True, limits[1], costed=True))
    table = pd.DataFrame(rows)
    table["over+under_h"] = table["over_h"] + table["under_h"]
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(table[["method", "status", "time_s", "gap", "over_h", "under_h", "over+under_h", "shifts"]]
              .to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print("model sizes: " + "; ".join(f"{r['method']}: {r['size']}" for r in rows))
    if len(rows) == 5:
        ours, theirs = rows[2], rows[pw_at]
        print(f"without breaks: MILP over+under {ours['over_h'] + ours['under_h']:.2f} h in {ours['time_s']:.1f} s vs "
              f"pyworkforce {theirs['over_h'] + theirs['under_h']:.2f} h in {theirs['time_s']:.1f} s "
              f"(time ratio {ours['time_s'] / theirs['time_s']:.2f}×, goal ≤ 5× with no more over+under)")
    print(f"with breaks at {limits[1]:g} s: gap {rows[1]['gap']:.2%} on over+under (goal ≤ 1%); "
          f"{rows[-1]['gap']:.2%} on the costed objective (wages dominate it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
