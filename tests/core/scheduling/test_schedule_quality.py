"""A good schedule always in hand, and its quality said: first schedule, bound, flag, nights round the horizon."""

import json
import time

import numpy as np
import openpyxl
import pandas as pd
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from wfm_desktop.cli import main
from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.core.scheduling.default_templates import templates_for_hours
from wfm_desktop.core.scheduling.demand import prepare_requirement
from wfm_desktop.core.scheduling.blocks import blocks
from wfm_desktop.core.scheduling.first_schedule import (first_schedule, first_schedule_and_lp,
                                                        first_schedule_in_blocks, lp_bound, near_lp,
                                                        systematic_rounding)
from wfm_desktop.core.scheduling.horizon import improve_in_windows, windows
from wfm_desktop.core.scheduling.highs_run import solve_highs
from wfm_desktop.core.scheduling.result import REPORT_KEYS, quality_warning
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, build_model, solve_schedule
from wfm_desktop.core.scheduling.solver_process import child_incumbent, run_in_child
from wfm_desktop.core.scheduling.templates import template_from_record

from tests.core.scheduling.test_solver_process import gone, hard_model


def night_template(cost=24.0):
    return template_from_record({"name": "Night", "start_earliest": "22:00", "start_latest": "22:00",
                                 "start_step_min": 60, "paid_length_min": 480, "cost_per_hour": cost}, "t")


def feasible(problem, x, tol=1e-6):
    ax = problem.A @ x
    return (np.all(ax >= problem.row_lower - tol) and np.all(ax <= problem.row_upper + tol)
            and np.all(x >= problem.lower - tol) and np.all(x <= problem.upper + tol)
            and np.allclose(x[problem.integrality == 1], np.rint(x[problem.integrality == 1])))


def small_night_model(seed):
    starts = pd.date_range("2026-01-05", periods=2 * 48, freq="30min")
    hour = starts.hour + starts.minute / 60
    rng = np.random.default_rng(seed)
    need = np.maximum(0, np.round(5 + 3 * np.sin(hour / 24 * 2 * np.pi) + rng.normal(0, 1, len(hour))))
    day = template_from_record({"name": "D", "start_earliest": "05:00", "start_latest": "14:00", "start_step_min": 60,
                                "paid_length_min": 480, "cost_per_hour": 20,
                                "breaks": "b 30 paid 2:00-3:00; lunch 30 unpaid 3:30-5:00"}, "t")
    frame = pd.DataFrame({"start": starts, "agents_schedule": need})
    return build_model(prepare_requirement(frame), [day, night_template(), template_from_record(
        {"name": "E", "start_earliest": "14:00", "start_latest": "18:00", "start_step_min": 60,
         "paid_length_min": 480, "cost_per_hour": 22, "breaks": "lunch 30 unpaid 3:00-4:00"}, "t")],
        ScheduleSettings(over_cost_per_h=2.0)).problem


@pytest.mark.parametrize("seed", [1, 2])
def test_first_schedule_is_a_valid_schedule_above_a_bound_below_the_optimum(seed):
    problem = small_night_model(seed)
    x, bound = first_schedule(problem, 30.0)
    assert x is not None and feasible(problem, x)
    # the optimum by scipy's own MILP call (no start, no windows, no blocks), proved
    res = milp(problem.c, constraints=LinearConstraint(problem.A, problem.row_lower, problem.row_upper),
               integrality=problem.integrality, bounds=Bounds(problem.lower, problem.upper),
               options={"time_limit": 60, "mip_rel_gap": 0.0})
    assert res.status == 0
    assert bound <= res.fun + 1e-6 <= problem.c @ x + 1e-6
    assert (problem.c @ x - bound) / (problem.c @ x) < 0.10  # the rounding is near the bound, not a wild guess


def test_a_start_is_kept_when_highs_finds_nothing_better_in_time():
    problem = small_night_model(3)
    x0, _ = first_schedule(problem, 30.0)
    seen = []
    res = solve_highs(problem, 0.01, 0.0, start=x0, on_incumbent=lambda x, obj, bound: seen.append(obj))
    assert res["x"] is not None and res["objective"] <= problem.c @ x0 + 1e-6
    assert feasible(problem, res["x"])


def test_windows_cover_the_horizon_and_never_make_the_schedule_worse():
    assert windows(14) == [(0, 8), (7, 14)]
    assert windows(28, offset=3) == [(0, 4), (3, 11), (10, 18), (17, 25), (24, 28)]
    problem = hard_model()
    x0, _ = first_schedule(problem, 30.0)
    reports = []
    x, _ = improve_in_windows(problem, x0, 10.0,
                              lambda sub, limit, start, on_inc: solve_highs(sub, limit, 0.005, start=start,
                                                                             on_incumbent=on_inc),
                              report=lambda x, obj: reports.append(obj), offset=3)
    assert feasible(problem, x)
    assert problem.c @ x <= problem.c @ x0 + 1e-6
    assert reports and min(reports) <= problem.c @ x0 + 1e-6


@pytest.mark.parametrize("offset", [0.5, 0.7])
def test_systematic_rounding_keeps_every_run_of_starts_within_one_agent_of_the_lp(offset):
    problem = small_night_model(8)
    x_lp, _ = lp_bound(problem, 30.0)
    n = problem.structure.n_shift
    rng = np.random.default_rng(0)
    x_lp = x_lp.copy()
    x_lp[:n] = rng.uniform(0, 3, n) * (rng.uniform(size=n) < 0.6)  # fractional counts of every kind
    x = systematic_rounding(problem, x_lp, offset)
    assert np.all(x[:n] == np.round(x[:n])) and np.all(x[:n] >= 0)
    assert np.array_equal(x[n:], x_lp[n:])  # only the shift counts are rounded
    day = problem.structure.day[:n]
    for d in np.unique(day):  # one template-day run after another: the day changes between them
        for run in np.split(np.flatnonzero(day == d), np.flatnonzero(np.diff(np.flatnonzero(day == d)) > 1) + 1):
            lp_total, whole_total = np.cumsum(x_lp[run]), np.cumsum(x[run])
            assert np.all(np.abs(whole_total - lp_total) <= 1.0 + 1e-9)
            # the running total is the LP's, rounded: down below the offset, up from it
            assert np.array_equal(whole_total, np.floor(lp_total + offset + 1e-9))


@pytest.mark.parametrize("seed", [4, 5])
def test_windows_near_the_lp_give_valid_schedules_no_worse_than_the_start_and_above_the_optimum(seed):
    problem = small_night_model(seed)
    x0, bound, x_lp = first_schedule_and_lp(problem, 30.0)
    near = near_lp(problem, x_lp, x0)
    n = problem.structure.n_shift
    # the neighbourhood: every shift count between the LP's rounded down and up, or the start's own count
    assert np.all(near.lower[:n] <= x0[:n]) and np.all(x0[:n] <= near.upper[:n])
    assert np.all((near.upper[:n] - near.lower[:n] <= 1) | (near.lower[:n] == x0[:n]) | (near.upper[:n] == x0[:n]))
    x, _ = improve_in_windows(near, x0, 20.0, lambda sub, limit, start, on_inc: solve_highs(
        sub, limit, 0.0, start=start, on_incumbent=on_inc))
    assert feasible(problem, x)  # a schedule of the whole problem, not only of the neighbourhood
    assert problem.c @ x <= problem.c @ x0 + 1e-6
    exact = milp(problem.c, constraints=LinearConstraint(problem.A, problem.row_lower, problem.row_upper),
                 integrality=problem.integrality, bounds=Bounds(problem.lower, problem.upper),
                 options={"time_limit": 60, "mip_rel_gap": 0.0})
    assert exact.status == 0
    assert bound <= exact.fun + 1e-6 <= problem.c @ x + 1e-6


@pytest.mark.parametrize("seed", [6, 7])
def test_the_first_schedule_block_by_block_is_valid_and_its_bound_is_the_whole_lp_or_above_below_the_optimum(seed):
    starts = pd.date_range("2026-01-05", periods=3 * 48, freq="30min")
    hour = starts.hour + starts.minute / 60
    rng = np.random.default_rng(seed)
    need = np.where((hour >= 7) & (hour < 21),
                    np.maximum(0, np.round(6 + 4 * np.sin((hour - 7) / 14 * np.pi) + rng.normal(0, 1, len(hour)))), 0)
    day = template_from_record({"name": "D", "start_earliest": "07:00", "start_latest": "13:00", "start_step_min": 30,
                                "paid_length_min": 420, "cost_per_hour": 20,
                                "breaks": "b 30 paid 1:30-2:30; lunch 30 unpaid 3:00-4:30"}, "t")
    part = template_from_record({"name": "P", "start_earliest": "07:00", "start_latest": "17:00", "start_step_min": 60,
                                 "paid_length_min": 240, "cost_per_hour": 22}, "t")
    problem = build_model(prepare_requirement(pd.DataFrame({"start": starts, "agents_schedule": need})),
                          [day, part], ScheduleSettings(over_cost_per_h=2.0)).problem
    parts = blocks(problem.A, len(problem.c))
    assert sum(problem.integrality[c].any() for c, _ in parts) == 3  # one block per day: no shift crosses midnight
    x, bound = first_schedule_in_blocks(problem, parts, 30.0)
    assert x is not None and feasible(problem, x)
    _, whole = lp_bound(problem, 30.0)
    exact = milp(problem.c, constraints=LinearConstraint(problem.A, problem.row_lower, problem.row_upper),
                 integrality=problem.integrality, bounds=Bounds(problem.lower, problem.upper),
                 options={"time_limit": 60, "mip_rel_gap": 0.0})
    assert exact.status == 0
    # each block's bound rounded up to the objective step: at least the whole LP's, never above the optimum
    assert whole - 1e-6 <= bound <= exact.fun + 1e-6
    assert exact.fun <= problem.c @ x + 1e-6


def test_the_night_before_the_horizon_is_covered_by_the_cyclic_rule():
    # two days; 3 agents needed 00:00-06:00 on both days, nobody else: only nights can cover, and the
    # first morning's night is the one that starts on the last evening (the cyclic horizon)
    starts = pd.date_range("2026-01-05", periods=2 * 24, freq="60min")
    need = np.where(starts.hour < 6, 3.0, 0.0)
    frame = pd.DataFrame({"start": starts, "agents_schedule": need})
    r = solve_schedule(frame, [night_template()], ScheduleSettings(time_limit_s=20), in_process=True)
    assert r.summary["under_h"] == 0.0
    day1 = r.coverage[r.coverage["start"] < pd.Timestamp("2026-01-05 06:00")]
    assert (day1["scheduled"] == 3.0).all()
    assert len(r.shifts) == 6 and (r.shifts["start"].dt.hour == 22).all()
    # six shifts: three each evening; the last evening's run into the day after the horizon, which is
    # day 1's early hours by the rule (22:00-06:00, all 8 h on site)
    last = r.shifts[r.shifts["day"] == pd.Timestamp("2026-01-06")]
    assert len(last) == 3 and (last["end"] == pd.Timestamp("2026-01-07 06:00")).all()
    assert r.summary["warning"] is None


def test_a_short_limit_on_a_hard_problem_is_flagged_in_the_report_and_the_workbook(tmp_path, capsys):
    starts = pd.date_range("2026-01-05", periods=7 * 96, freq="15min")
    hour = starts.hour + starts.minute / 60
    rng = np.random.default_rng(11)
    need = np.maximum(0, np.round(10 + 8 * np.sin(hour / 24 * 2 * np.pi) + rng.normal(0, 2, len(hour))))
    req = tmp_path / "req.csv"
    pd.DataFrame({"start": starts, "agents_schedule": need}).to_csv(req, index=False)
    templates = tmp_path / "t.csv"
    templates.write_text(
        "name,start_earliest,start_latest,start_step_min,paid_length_min,breaks,cost_per_hour\n"
        "Day,00:00,23:30,30,480,b1 15 paid 1:30-2:00; lunch 30 unpaid 3:00-5:00; b2 15 paid 6:00-6:30,20\n"
        "Part,00:00,23:00,30,240,,22\n", encoding="utf-8")
    out, report = tmp_path / "s.xlsx", tmp_path / "r.json"
    code = main(["schedule", str(req), "--templates", str(templates), "-o", str(out), "--time-limit", "1",
                 "--gap-warning", "0.001", "--report", str(report)])
    assert code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert set(REPORT_KEYS) <= set(data)
    assert data["warning"].startswith("Schedule flagged")
    assert data["gap"] is None or data["gap"] > 0.001  # None: not even the bound in time (a very busy machine)
    for key in ("over_h", "under_h", "scheduled_h", "required_h", "efficiency", "solve_s"):
        assert isinstance(data[key], float)
    assert data["efficiency"] == pytest.approx(data["paid_h"] / data["required_h"])
    assert "warning: Schedule flagged" in capsys.readouterr().err
    wb = openpyxl.load_workbook(out)
    assert str(wb["Summary"]["A1"].value).startswith("⚠ Schedule flagged")
    for name in ("Schedule", "Coverage"):
        row1 = [c.value for c in wb[name][1] if c.value is not None]
        assert any(str(v).startswith("⚠ Schedule flagged") for v in row1)


def test_quality_warning_rules():
    base = {"gap": 0.01, "gap_warning": 0.05, "required_h": 100.0, "under_h": 1.0}
    assert quality_warning(base) is None
    assert "gap above the 5% threshold" in quality_warning(dict(base, gap=0.06))
    assert "uncovered (3.0%, above 2%)" in quality_warning(dict(base, under_h=3.0))
    assert "unknown" in quality_warning(dict(base, gap=float("nan")))
    assert quality_warning(dict(base, gap=0.06, gap_warning=0.1)) is None
    with pytest.raises(WfmError, match="gap warning threshold"):
        ScheduleSettings(gap_warning=0.0)


def _wait_and_send(seconds):
    child_incumbent({"best": 42})
    time.sleep(seconds)
    return "finished"


def test_a_deadline_returns_the_best_answer_the_child_had_sent():
    pids = []
    out = run_in_child(_wait_and_send, 3600, deadline_s=1.0, on_start=pids.append,
                       on_timeout=lambda incumbent, elapsed: (incumbent, elapsed >= 1.0))
    assert out == ({"best": 42}, True)
    assert gone(pids[0])


def test_cancel_is_heard_while_the_child_is_starting():
    # a payload far larger than a pipe holds: the child is still starting (not yet read it) when cancelled
    pids, seen = [], []
    with pytest.raises(Cancelled, match="while starting"):
        run_in_child(len, b"x" * 200_000_000, deadline_s=600, on_start=pids.append, cancel=lambda: True,
                     progress=lambda f, m: seen.append(m))
    assert gone(pids[0])


def test_templates_follow_the_opening_hours():
    open_247 = pd.DataFrame({"start": pd.date_range("2026-01-05", periods=96, freq="15min"),
                             "agents_schedule": 5.0})
    names = {t.name: t for t in templates_for_hours(prepare_requirement(open_247))}
    assert names["Full 8h"].start_earliest_min == 0 and names["Full 8h"].start_latest_min == 23 * 60 + 30
    assert "Night 8h" in names
    day = open_247.copy()
    hour = day["start"].dt.hour
    day["agents_schedule"] = np.where((hour >= 6) & (hour < 23), 5.0, 0.0)
    names = {t.name: t for t in templates_for_hours(prepare_requirement(day))}
    assert names["Full 8h"].start_earliest_min == 6 * 60
    assert names["Full 8h"].start_latest_min + names["Full 8h"].span_min <= 23 * 60
    assert names["Part 4h"].start_latest_min == 19 * 60
    assert "Night 8h" not in names


def test_schedule_days_past_the_horizon_are_refused_with_the_days_left():
    from types import SimpleNamespace

    from wfm_desktop.core.scheduling.from_plan import schedule_requirement

    req = pd.DataFrame({"queue": "Q", "start": pd.date_range("2026-01-05", periods=10 * 24, freq="60min"),
                        "agents_schedule": 1.0})
    plan = SimpleNamespace(requirements=req)
    with pytest.raises(WfmError, match="give at most 8 days"):
        schedule_requirement(plan, days=9, start="2026-01-07")


def test_model_carries_the_day_of_every_column():
    problem = hard_model()
    st = problem.structure
    assert (st.day[:st.n_shift] >= 0).all() and st.day.max() == 6
    # under/over-coverage (one per interval, in no break group) have no day
    assert (st.day[problem.integrality == 0] == -1).sum() == 2 * 7 * 96


@pytest.mark.parametrize("max_count", [1, None])
def test_the_plan_workbook_banners_a_flagged_schedule_only(tmp_path, max_count):
    import zipfile
    from dataclasses import replace

    from tests.core.plan_builders import plan_data
    from wfm_desktop.core.export import ScheduleExport, write_plan_workbook

    data = plan_data(days=7)
    frame = data.intraday[data.intraday["queue"] == "Sales"]
    t = template_from_record({"name": "F", "start_earliest": "08:00", "start_latest": "10:00", "start_step_min": 30,
                              "paid_length_min": 480, "cost_per_hour": 20, "max_count": max_count}, "t")
    result = solve_schedule(frame, [t], ScheduleSettings(time_limit_s=20, under_penalty_per_h=1000.0), in_process=True)
    flagged = max_count == 1  # one shift a day cannot cover the queue
    assert bool(result.summary["warning"]) == flagged
    path = tmp_path / "plan.xlsx"
    write_plan_workbook(replace(data, schedule=ScheduleExport(result, None)), path)
    wb = openpyxl.load_workbook(path)
    banner = openpyxl.load_workbook(path, data_only=True)["Summary"]["A3"].value  # the status line (cached)
    with zipfile.ZipFile(path) as z:
        drawings = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    if flagged:
        assert banner.startswith("Check failed: ⚠ Schedule flagged") and "uncovered" in banner
        assert drawings.count("Schedule flagged") == 2  # the text boxes over Schedule and Coverage
        assert "Schedule flagged" in wb["Coverage"].oddHeader.center.text
        # the tables still start at A1, untouched
        assert [c.value for c in wb["Coverage"][1]][:3] == ["Date", "Interval", "Req"]
    else:
        assert banner.startswith("OK: all") and "Schedule flagged" not in drawings


def test_the_greedy_schedule_is_valid_and_covers_where_shifts_can():
    from wfm_desktop.core.scheduling.first_schedule import greedy_schedule

    problem = small_night_model(4)
    x = greedy_schedule(problem)
    assert x is not None and feasible(problem, x)
    n_t = problem.structure.n_intervals
    covered = problem.A[:n_t, :problem.structure.n_shift] @ x[:problem.structure.n_shift]
    assert covered.sum() > 0
    res = milp(problem.c, constraints=LinearConstraint(problem.A, problem.row_lower, problem.row_upper),
               integrality=problem.integrality, bounds=Bounds(problem.lower, problem.upper),
               options={"time_limit": 60, "mip_rel_gap": 0.0})
    assert res.fun <= problem.c @ x + 1e-6
