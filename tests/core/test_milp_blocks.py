"""Independent blocks of an integer program: found exactly, solved to the same optimum."""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from wfm_desktop.core.milp_blocks import blocks
from wfm_desktop.core.requirement import prepare_requirement
from wfm_desktop.core.scheduling import ScheduleSettings, build_model
from wfm_desktop.core.shifts import template_from_record
from wfm_desktop.core.solver_process import solve_milp


def day_model(days=3, late="12:00"):
    starts = pd.date_range("2026-01-05", periods=days * 48, freq="30min")
    hour = starts.hour + starts.minute / 60
    need = np.where((hour >= 8) & (hour < 20), np.round(3 + 3 * np.sin((hour - 8) / 12 * np.pi)), 0.0)
    t = template_from_record({"name": "F", "start_earliest": "07:00", "start_latest": late, "start_step_min": 30,
                              "paid_length_min": 480, "cost_per_hour": 20,
                              "breaks": "b 30 paid 1:30-2:30; lunch 30 unpaid 3:00-5:00"}, "t")
    p = template_from_record({"name": "P", "start_earliest": "08:00", "start_latest": "16:00", "start_step_min": 30,
                              "paid_length_min": 240, "cost_per_hour": 22}, "t")
    return build_model(prepare_requirement(pd.DataFrame({"start": starts, "agents_schedule": need})), [t, p],
                       ScheduleSettings()).problem


def test_days_without_overnight_shifts_are_separate_blocks():
    problem = day_model(days=3)
    parts = blocks(problem.A, len(problem.c))
    integer_blocks = [cols for cols, _ in parts if problem.integrality[cols].any()]
    assert len(integer_blocks) == 3
    assert sorted(np.concatenate([c for c, _ in parts]).tolist()) == list(range(len(problem.c)))
    # a late start (23:30 + 8 h 30) runs into the next day and links the days into one block
    linked = day_model(days=3, late="23:30")
    assert sum(1 for cols, _ in blocks(linked.A, len(linked.c)) if linked.integrality[cols].any()) == 1


def test_block_solve_reaches_the_whole_problem_optimum():
    problem = day_model(days=2)
    whole = milp(problem.c, constraints=LinearConstraint(problem.A, problem.row_lower, problem.row_upper),
                 integrality=problem.integrality, bounds=Bounds(problem.lower, problem.upper),
                 options={"mip_rel_gap": 0.0})
    split = solve_milp(problem, time_limit_s=60, mip_rel_gap=0.0, in_process=True)
    assert split.status == 0
    assert split.objective == pytest.approx(whole.fun, rel=1e-9)
    lhs = problem.A @ split.x
    assert (lhs >= problem.row_lower - 1e-6).all() and (lhs <= problem.row_upper + 1e-6).all()
