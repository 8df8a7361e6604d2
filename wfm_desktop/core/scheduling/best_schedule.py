"""Solve a shift-mix MILP so that a good schedule is always in hand, and say how good it is.

Runs inside the solver's child process (:mod:`solver_process`):

1. **First schedule and whole-horizon bound** (:mod:`first_schedule`): before
   anything, the empty schedule and a greedy one (no LP, a blink) are sent to
   the parent, so a deadline always has a schedule to return; then the LP
   relaxation, dived and with its breaks placed, in seconds for any size on
   an idle machine; sent to the parent as the incumbent.
2. **Improve**, within the time left:
   * when the MILP splits into independent blocks of at most 8 days (day
     shifts, or a week with nights), each block is solved by HiGHS starting
     from its part of the first schedule (:func:`blocks.solve_blocks`);
   * when a block spans longer (nights linking several weeks), the horizon is
     improved one week window at a time (:mod:`horizon`): a first sweep near
     the LP (each count between the LP's rounded down and up,
     :func:`first_schedule.near_lp`), then open sweeps while time is left and
     the gap is above the tolerance.
   Every improvement is sent to the parent, so a deadline that ends the child
   still returns the best schedule found.
3. The bound is the best valid one for the **whole** horizon — the LP bound,
   or the sum of the blocks' bounds when the blocks are independent — so the
   gap never hides what splitting lost.
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

from wfm_desktop.core.scheduling.blocks import blocks, solve_blocks
from wfm_desktop.core.scheduling.first_schedule import (empty_schedule, first_schedule_and_lp,
                                                        first_schedule_in_blocks, greedy_schedule, near_lp)
from wfm_desktop.core.scheduling.highs_run import solve_highs
from wfm_desktop.core.scheduling.horizon import LOOKAHEAD_DAYS, WINDOW_DAYS, day_span, improve_in_windows
from wfm_desktop.core.scheduling.milp_problem import MilpProblem, MilpResult

FIRST_SHARE = 0.3  # share of the time limit the first schedule may take
FIRST_MIN_S = 5.0  # ... and at least this, even under a shorter limit: a schedule always comes back
END_MARGIN_S, END_MARGIN_SHARE = 4.0, 0.03  # the work ends this much before the limit (the smaller of the two)
LP_SHARE = 0.6  # ... except its LP relaxation, which may take this share on a busy machine (else: the greedy)


def relative_gap(objective: float, bound: float) -> float:
    if not np.isfinite(objective) or not np.isfinite(bound):
        return float("nan")
    return max(0.0, objective - bound) / max(abs(objective), 1e-9)


def solve_with_first_schedule(problem: MilpProblem, time_limit_s: float, mip_rel_gap: float,
                              note: Callable[[str], None], send: Callable[[MilpResult], None]) -> MilpResult | None:
    """The best schedule within `time_limit_s` (see the module docstring); None when no first schedule could be made."""
    started = time.perf_counter()
    # the improvement ends a little before the limit: HiGHS overruns its limit on a busy machine, and the
    # schedule still has to reach the parent and be written up within the limit and its grace
    time_limit_s = time_limit_s - min(END_MARGIN_S, END_MARGIN_SHARE * time_limit_s)
    empty = empty_schedule(problem)
    if empty is not None:  # a schedule in hand before any solve: flagged (under-covered, gap unknown), never nothing
        send(MilpResult(x=empty, objective=float(problem.c @ empty), bound=float("-inf"), gap=float("nan"),
                        status=1, message="no schedule found in time: no shifts", solve_s=0.0, nodes=0))
    greedy = greedy_schedule(problem, max(FIRST_MIN_S, 0.1 * time_limit_s))
    if greedy is not None:
        send(MilpResult(x=greedy, objective=float(problem.c @ greedy), bound=float("-inf"), gap=float("nan"),
                        status=1, message="greedy schedule (no bound yet): the time limit came first",
                        solve_s=time.perf_counter() - started, nodes=0))
    all_parts = blocks(problem.A, len(problem.c))
    parts = [(cols, rows) for cols, rows in all_parts if problem.integrality[cols].any()]
    longest = max((day_span(problem, cols) for cols, _ in parts), default=0)
    first_limit = max(FIRST_MIN_S, FIRST_SHARE * time_limit_s)
    if len(parts) > 1 and longest <= WINDOW_DAYS + LOOKAHEAD_DAYS:  # independent days or weeks: block by block
        x0, lp_bound = first_schedule_in_blocks(problem, all_parts, first_limit, fallback=greedy)
        x_lp = None
    else:
        x0, lp_bound, x_lp = first_schedule_and_lp(problem, first_limit, fallback=greedy,
                                                   lp_limit_s=LP_SHARE * time_limit_s)
    if x0 is None:
        return None
    best = {"x": x0, "objective": float(problem.c @ x0)}

    def result(x: np.ndarray, objective: float, bound: float, status: int, message: str, nodes: int = 0):
        return MilpResult(x=x, objective=objective, bound=min(bound, objective), gap=relative_gap(objective, bound),
                          status=status, message=message, solve_s=time.perf_counter() - started, nodes=nodes)

    def offer(x: np.ndarray, objective: float) -> None:
        if objective < best["objective"] - 1e-9:
            best.update(x=x, objective=objective)
            send(result(x, objective, lp_bound, 1, "best schedule found by the time limit"))

    send(result(x0, best["objective"], lp_bound, 1, "first schedule (LP rounded) — the time limit came first"))
    note(f"first schedule in {time.perf_counter() - started:.1f} s: cost {best['objective']:,.2f}, "
         f"gap {relative_gap(best['objective'], lp_bound):.1%} against the LP bound {lp_bound:,.2f}")

    def solve_one(sub, limit, start, on_incumbent):
        return solve_highs(sub, limit, mip_rel_gap, start=start, on_incumbent=on_incumbent)

    left = time_limit_s - (time.perf_counter() - started)
    if relative_gap(best["objective"], lp_bound) <= mip_rel_gap:  # proved good enough already: nothing to search
        return result(x0, best["objective"], lp_bound, 0, "within the gap tolerance of the whole-horizon bound")
    if longest <= WINDOW_DAYS + LOOKAHEAD_DAYS:
        res = solve_blocks(problem, max(0.1, left), solve_one, note=note, start=x0, report=offer)
        x = res["x"] if res["x"] is not None else best["x"]
        objective = float(problem.c @ x)
        if objective > best["objective"]:
            x, objective = best["x"], best["objective"]
        # a block stopped before HiGHS had a bound of its own makes the sum no bound: the LP bound stands then
        bound = max(res["bound"], lp_bound) if res["x"] is not None and res.get("bound_known") else lp_bound
        status = res["status"] if res["x"] is not None else 1
        if status == 0 and relative_gap(objective, bound) > mip_rel_gap + 1e-9:
            status = 1
        return result(x, objective, bound, status, res["message"], res["nodes"])
    x, nodes, sweep = best["x"], 0, 0
    left = time_limit_s - (time.perf_counter() - started)
    if x_lp is not None and left >= 0.5 and relative_gap(best["objective"], lp_bound) > mip_rel_gap:
        # first near the LP (each week's counts between the LP's rounded down and up): far fewer choices,
        # so HiGHS finds better schedules in a window's time than in the whole window
        x, n = improve_in_windows(near_lp(problem, x_lp, x), x, left, solve_one, report=offer, note=note)
        nodes += n
        offer(x, float(problem.c @ x))
    while True:
        left = time_limit_s - (time.perf_counter() - started)
        if left < 0.5 or relative_gap(best["objective"], lp_bound) <= mip_rel_gap:
            break
        before = best["objective"]
        x, n = improve_in_windows(problem, x, left, solve_one, report=offer, note=note,
                                  offset=(sweep % 2) * (WINDOW_DAYS // 2))
        nodes += n
        offer(x, float(problem.c @ x))
        sweep += 1
        if best["objective"] > before - 1e-6 * max(1.0, abs(before)):
            break  # a whole sweep found nothing better
    x, objective = best["x"], best["objective"]
    within = relative_gap(objective, lp_bound) <= mip_rel_gap + 1e-9
    timed_out = time.perf_counter() - started >= time_limit_s - 0.5
    status = 0 if within else 1
    message = ("within the gap tolerance of the whole-horizon bound" if within else
               "time limit reached" if timed_out else "week windows found nothing better")
    return result(x, objective, lp_bound, status, message, nodes)
