"""Independent blocks of an integer program: found exactly, solved to the same optimum."""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from scipy import sparse

from wfm_desktop.core.scheduling.blocks import blocks, round_bound, solve_blocks
from wfm_desktop.core.scheduling.demand import prepare_requirement
from wfm_desktop.core.scheduling.shift_mix import ScheduleSettings, build_model, objective_step
from wfm_desktop.core.scheduling.templates import template_from_record
from wfm_desktop.core.scheduling.solver_process import solve_milp


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


def test_objective_step_of_the_schedule_model():
    # wages 20/h and 22/h × paid hours, under 100/h and over 1/h per 30-min interval: all multiples of 0.5
    assert day_model(days=1).objective_step == pytest.approx(0.5)


def test_objective_step_is_zero_for_fractional_requirements_or_irrational_costs():
    e = sparse.csr_matrix(np.ones((2, 2)))
    assert objective_step(np.array([160.0, 25.0, 0.25]), np.array([1.0, 2.0]), e, e) == pytest.approx(0.25)
    assert objective_step(np.array([0.25]), np.array([1.5, 2.0]), e, e) == 0.0
    assert objective_step(np.array([np.pi, 0.25]), np.array([1.0, 2.0]), e, e) == 0.0
    assert objective_step(np.array([0.25]), np.array([1.0, 2.0]), e * 0.5, e) == 0.0


@pytest.mark.parametrize("res, step, bound, status", [
    ({"objective": 2.5, "bound": 1.978, "status": 1}, 0.25, 2.0, 1),
    ({"objective": 2.0, "bound": 1.978, "status": 1}, 0.25, 2.0, 0),   # rounding closes the gap: proved optimal
    ({"objective": 0.25, "bound": 0.0, "status": 1}, 0.25, 0.0, 1),    # a bound on a multiple stays
    ({"objective": 2.0, "bound": 1.978, "status": 1}, 0.0, 1.978, 1),  # no step: unchanged
    ({"objective": 2.0, "bound": 2.0 - 1e-9, "status": 0}, 0.25, 2.0, 0),
])
def test_round_bound(res, step, bound, status):
    out = round_bound(dict(res, message="Time limit reached"), step)
    assert out["bound"] == pytest.approx(bound) and out["status"] == status
    assert out["objective"] == res["objective"]


def test_time_left_by_early_blocks_goes_to_a_block_stopped_by_its_share():
    problem = day_model(days=3)
    calls = []

    def fake_solve(sub, limit_s):  # block 1 stops at its limit the first time; everything else is optimal at once
        if not sub.integrality.any():  # the continuous intervals no shift covers, solved together as an LP
            return {"x": np.zeros(len(sub.c)), "objective": 0.0, "bound": 0.0, "status": 0, "message": "Optimal",
                    "nodes": 0}
        calls.append(limit_s)
        first = len(calls) == 1
        return {"x": np.zeros(len(sub.c)), "objective": 10.0 if first else 4.0, "bound": 5.0 if first else 4.0,
                "status": 1 if first else 0, "message": "Time limit reached" if first else "Optimal", "nodes": 1}

    res = solve_blocks(problem, 30.0, fake_solve)
    assert len(calls) == 4                       # three blocks, then block 1 again
    assert calls[0] == pytest.approx(10.0, rel=0.05)   # a third of the integer variables
    assert calls[3] == pytest.approx(30.0, rel=0.05)   # all the time the other blocks left
    assert res["status"] == 0 and res["objective"] == 12.0 and res["bound"] == 12.0


def test_second_pass_keeps_the_better_solution_and_the_higher_bound():
    problem = day_model(days=2)
    answers = iter([(3.0, 1.0, 1), (2.0, 2.0, 0), (3.5, 1.5, 1)])  # multiples of its step 0.5

    def fake_solve(sub, limit_s):
        if not sub.integrality.any():
            return {"x": np.zeros(len(sub.c)), "objective": 0.0, "bound": 0.0, "status": 0, "message": "Optimal",
                    "nodes": 0}
        objective, bound, status = next(answers)
        return {"x": np.full(len(sub.c), objective), "objective": objective, "bound": bound, "status": status,
                "message": "Time limit reached" if status else "Optimal", "nodes": 1}

    res = solve_blocks(problem, 30.0, fake_solve)
    assert res["objective"] == 5.0 and res["bound"] == 3.5 and res["status"] == 1  # 3.0 kept, bound 1.5 kept
