"""The child-process solver: cancel and deadline really end the child; a time limit returns the best found."""

import os
import time

import numpy as np
import pandas as pd
import pytest

from wfm_desktop.core.errors import Cancelled
from wfm_desktop.core.scheduling.demand import prepare_requirement
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, build_model
from wfm_desktop.core.scheduling.templates import template_from_record
from wfm_desktop.core.scheduling.solver_process import SolverTimeout, run_in_child, solve_milp


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_deadline_terminates_a_child_that_never_returns():
    pids = []
    with pytest.raises(SolverTimeout, match="did not finish within 1 s"):
        run_in_child(time.sleep, 3600, deadline_s=1.0, on_start=pids.append)
    assert gone(pids[0])


def test_cancel_terminates_the_child_and_reports_progress():
    pids, seen = [], []
    calls = iter(range(1000))

    def cancel():
        return next(calls) >= 3

    with pytest.raises(Cancelled):
        run_in_child(time.sleep, 3600, deadline_s=600, on_start=pids.append, cancel=cancel,
                     progress=lambda f, m: seen.append(m))
    assert gone(pids[0])
    assert seen and all("elapsed" in m or "starting" in m for m in seen)


def test_child_result_and_errors_come_back():
    assert run_in_child(abs, -3, deadline_s=60) == 3
    with pytest.raises(RuntimeError, match="TypeError"):
        run_in_child(abs, "x", deadline_s=60)


def hard_model():
    starts = pd.date_range("2026-01-05", periods=7 * 96, freq="15min")
    hour = starts.hour + starts.minute / 60
    rng = np.random.default_rng(7)
    need = np.where((hour >= 7) & (hour < 22), 8 + 6 * np.sin((hour - 7) / 15 * np.pi) + rng.normal(0, 1.5, len(hour)), 0)
    frame = pd.DataFrame({"start": starts, "agents_schedule": np.maximum(0, np.round(need))})
    t = template_from_record({"name": "F", "start_earliest": "06:00", "start_latest": "14:00", "start_step_min": 15,
                              "paid_length_min": 480, "cost_per_hour": 17,
                              "breaks": "b1 15 paid 1:30-2:00; lunch 30 unpaid 3:00-5:00; b2 15 paid 6:00-6:30"},
                             "t")
    p = template_from_record({"name": "P", "start_earliest": "08:00", "start_latest": "18:00", "start_step_min": 15,
                              "paid_length_min": 240, "cost_per_hour": 19, "contract": "part"}, "t")
    night = template_from_record({"name": "N", "start_earliest": "20:00", "start_latest": "23:45",
                                  "start_step_min": 15, "paid_length_min": 480, "cost_per_hour": 23}, "t")
    # the overnight template links every day to the next: one block, not seven easy ones
    return build_model(prepare_requirement(frame), [t, p, night], ScheduleSettings(over_cost_per_h=3.0)).problem


def test_time_limit_stops_the_solver_and_the_child_ends():
    pids = []
    result = solve_milp(hard_model(), time_limit_s=1.0, mip_rel_gap=0.0, on_start=pids.append)
    assert gone(pids[0])
    # a week of 15-minute intervals with 3 placed breaks is not proved optimal in 1 s
    assert result.status == 1 and result.status_text == "time limit reached"
    if result.x is not None:  # an incumbent found by then comes back with its gap
        assert result.gap > 0


def test_cancel_during_a_real_solve():
    pids = []
    state = {"n": 0}

    def cancel():
        state["n"] += 1
        return state["n"] > 5

    with pytest.raises(Cancelled):
        solve_milp(hard_model(), time_limit_s=120.0, mip_rel_gap=0.0, on_start=pids.append, cancel=cancel)
    assert gone(pids[0])


def test_progress_notes_come_from_the_child_while_it_solves():
    from tests.core.scheduling.test_blocks import day_model

    seen = []
    result = solve_milp(day_model(days=3), time_limit_s=60, progress=lambda f, m: seen.append(m))
    assert result.x is not None
    assert any("block 1 of 4 solved" in m for m in seen)  # 3 days + the closed hours (an LP)
    assert all(m.startswith("solver: ") and ("elapsed" in m or "starting" in m) for m in seen)


def test_the_limit_counts_from_the_call_but_leaves_the_solve_at_least_half():
    from wfm_desktop.core.scheduling.solver_process import planned_limit

    assert planned_limit(120.0, None, 1000.0) == 120.0  # not told when it was called: the whole limit
    assert planned_limit(120.0, 1000.0, 1007.5) == 112.5  # 7.5 s building and starting the child are spent
    assert planned_limit(120.0, 1000.0, 1100.0) == 60.0  # a very slow start leaves the solve half
    assert planned_limit(120.0, 1000.0, 999.0) == 120.0  # clocks never give it more than the limit
