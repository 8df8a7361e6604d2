"""Long horizons in week windows: re-optimise one week at a time with the rest of the schedule held.

Days and weeks are linked only by shifts that run past midnight (and, in a
roster, by weekly rules). A 13-week horizon with a night template is one
connected MILP with 13 times the columns of one week; branch and bound on it
grows far worse than linearly. Here the horizon is improved **window by
window**: a window is one week plus the next day (so a night starting on the
window's last day is chosen knowing the morning it covers); every column
outside the window is held at its value in the current schedule, its coverage
moved to the right-hand side, and the window's MILP is solved starting from the
current schedule's own values (a valid start, so a window never makes the
schedule worse). Given a problem whose bounds keep each count near the LP
(:func:`first_schedule.near_lp`), the same windows search only there. Each
window is a one-week problem, so the work grows about
linearly with the weeks. The bound stays that of the whole horizon (the LP
relaxation, :mod:`first_schedule`): windows' own bounds prove nothing about the
whole.
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

from wfm_desktop.core.scheduling.milp_problem import MilpProblem

WINDOW_DAYS = 7
LOOKAHEAD_DAYS = 1


def day_span(problem: MilpProblem, cols: np.ndarray) -> int:
    """How many days the integer columns `cols` stretch over (0 without a structure)."""
    if problem.structure is None:
        return 0
    days = problem.structure.day[cols]
    days = days[days >= 0]
    return int(days.max() - days.min() + 1) if len(days) else 0


def windows(n_days: int, offset: int = 0) -> list[tuple[int, int]]:
    """[first, last) days of each window: weeks from day 0 (or from `offset`, the first window then shorter),
    each with one look-ahead day."""
    firsts = [0] + list(range(offset, n_days, WINDOW_DAYS)) if offset else list(range(0, n_days, WINDOW_DAYS))
    firsts = sorted(set(firsts))
    ends = firsts[1:] + [n_days]
    return [(a, min(n_days, b + LOOKAHEAD_DAYS)) for a, b in zip(firsts, ends)]


def window_problem(problem: MilpProblem, x: np.ndarray, first: int, last: int) -> tuple[MilpProblem, np.ndarray]:
    """The MILP of days [first, last) with every other column held at `x`; and its columns in the whole."""
    st = problem.structure
    A = problem.A.tocsc()
    free = np.flatnonzero((st.day >= first) & (st.day < last))
    rows = np.unique(A[:, free].indices)
    Ar = problem.A.tocsr()[rows]
    touched = np.unique(Ar.indices)
    cont = touched[(st.day[touched] < 0)]
    cols = np.union1d(free, cont)
    held = np.setdiff1d(np.arange(len(x)), cols)
    shift = Ar[:, held] @ x[held]
    sub = MilpProblem(problem.c[cols], Ar[:, cols], problem.row_lower[rows] - shift, problem.row_upper[rows] - shift,
                      problem.lower[cols], problem.upper[cols], problem.integrality[cols], problem.objective_step)
    return sub, cols


def improve_in_windows(problem: MilpProblem, x: np.ndarray, time_limit_s: float, solve_one: Callable,
                       report: Callable[[np.ndarray, float], None] | None = None,
                       note: Callable[[str], None] | None = None, offset: int = 0) -> tuple[np.ndarray, int]:
    """Improve schedule `x` window by window within `time_limit_s`; return it and the number of nodes searched.

    ``solve_one(sub, limit_s, start, on_incumbent)`` solves a window (a dict
    with ``x`` and ``objective``); ``report(x, objective)`` is told the whole
    schedule after each window and each improvement inside one.
    """
    x = np.array(x, dtype=float)
    st = problem.structure
    n_days = int(st.day.max()) + 1
    spans = windows(n_days, offset)
    started = time.perf_counter()
    weight = [max(1, int(np.sum((st.day >= a) & (st.day < b)))) for a, b in spans]
    nodes = 0
    for i, (first, last) in enumerate(spans):
        left = time_limit_s - (time.perf_counter() - started)
        if left <= 0.05:
            break
        limit = left * weight[i] / sum(weight[i:])
        sub, cols = window_problem(problem, x, first, last)
        start = x[cols]

        def on_incumbent(xs: np.ndarray, _obj: float, _bound: float, cols=cols) -> None:
            if report is not None:
                whole = x.copy()
                whole[cols] = xs
                report(whole, float(problem.c @ whole))

        res = solve_one(sub, limit, start, on_incumbent)
        nodes += res.get("nodes", 0)
        if res["x"] is not None and float(sub.c @ res["x"]) <= float(sub.c @ start) + 1e-9:
            x[cols] = res["x"]
            integer = problem.integrality[cols].astype(bool)
            x[cols[integer]] = np.rint(x[cols[integer]])
        if report is not None:
            report(x.copy(), float(problem.c @ x))
        if note is not None:
            note(f"week {i + 1} of {len(spans)} improved (schedule cost {float(problem.c @ x):,.2f})")
    return x, nodes
