"""A first schedule within seconds, and a bound for the whole horizon: the LP relaxation, rounded and repaired.

1. The **LP relaxation** of the whole shift-mix MILP (shift and break counts
   allowed to be fractional) is solved; its objective, rounded up to the
   objective step, is a lower bound on the cost of *any* schedule of the whole
   horizon — the bound the reported gap is measured against when the horizon
   is solved in windows (a window's own bound says nothing about the whole).
   Independent blocks (days no shift links) are done one by one
   (:func:`first_schedule_in_blocks`): the sum of their rounded-up LP bounds is
   a bound for the whole, at least the whole LP's.
2. **Rounding**: the running totals of each day's shift counts, along the
   starts, are rounded (:func:`systematic_rounding`; four offsets, the best
   kept); then, per template, day and break rule, the shifts in start order
   take the break start inside their window where the LP put the most break
   mass not yet used — every break lies in its window by construction — and
   one LP with all counts fixed sets the under- and over-coverage.
3. **Breaks** of the best rounding are placed again by a small MILP (counts
   held); with time to spare an LP dive is tried as well and the better kept.

The schedule is usually a few percent above the bound; it is the incumbent
the MILP (or the week windows, which first search near the LP: :func:`near_lp`)
start from and improve, never a result on its own unless the time runs out first.
"""

from __future__ import annotations

import math
import time

import numpy as np

from wfm_desktop.core.scheduling.highs_run import LpSession, solve_highs
from wfm_desktop.core.scheduling.milp_problem import MilpProblem


LP_OPTIONS = {"solver": "ipm"}  # interior point, then crossover to an exact basis: 3.7 s against 5.1 s by
# the simplex on the 24/7 month of benchmarks/schedule_scale.py (quiet machine); the objective is the same


def lp_bound(problem: MilpProblem, time_limit_s: float) -> tuple[np.ndarray | None, float]:
    """(x, bound): the LP relaxation's solution and its objective rounded up to the objective step."""
    res = solve_highs(problem, time_limit_s, 0.0, relax=True, options=LP_OPTIONS)
    if res["x"] is None or res["status"] != 0:
        return None, float("-inf")
    bound = res["objective"]
    step = problem.objective_step
    if step > 0:
        bound = math.ceil(bound / step - 1e-6) * step
    return res["x"], float(bound)


def round_and_repair(problem: MilpProblem, x_lp: np.ndarray, time_limit_s: float) -> np.ndarray | None:
    """A whole schedule near `x_lp` (steps 2–4 of the module docstring), or None if repair fails."""
    st = problem.structure
    x = np.asarray(x_lp, dtype=float)
    integer = problem.integrality.astype(bool)
    shift = np.zeros(len(x), dtype=bool)
    shift[:st.n_shift] = True
    counts = np.minimum(np.ceil(x - 1e-6), problem.upper)
    counts = np.where(shift, np.maximum(counts, 0.0), 0.0)
    _respect_count_rows(problem, counts, x, shift)
    for shift_cols, shift_starts, break_cols, break_starts, earliest, latest in st.groups:
        mass = {int(p): float(x[c]) for c, p in zip(break_cols, break_starts)}
        col_of = {int(p): int(c) for c, p in zip(break_cols, break_starts)}
        for j, s in sorted(zip(shift_cols, shift_starts), key=lambda js: js[1]):
            window = [p for p in range(int(s) + int(earliest), int(s) + int(latest) + 1) if p in mass]
            for _ in range(int(counts[j])):
                p = max(window, key=lambda q: (mass[q], -q))
                mass[p] -= 1.0
                counts[col_of[p]] += 1
    fixed = MilpProblem(problem.c, problem.A, problem.row_lower, problem.row_upper,
                        np.where(integer, counts, problem.lower), np.where(integer, counts, problem.upper),
                        np.zeros_like(problem.integrality), problem.objective_step)
    res = solve_highs(fixed, time_limit_s, 0.0, relax=True)
    if res["x"] is None or res["status"] != 0:
        return None
    out = res["x"]
    out[integer] = np.rint(out[integer])
    return out


def _respect_count_rows(problem: MilpProblem, counts: np.ndarray, x_lp: np.ndarray, shift: np.ndarray) -> None:
    """Take rounded-up shifts off until every row of shift counts only is within its upper limit."""
    A = problem.A.tocsr()
    for r in range(A.shape[0]):
        hi = problem.row_upper[r]
        if not np.isfinite(hi):
            continue
        cols = A.indices[A.indptr[r]:A.indptr[r + 1]]
        vals = A.data[A.indptr[r]:A.indptr[r + 1]]
        if not (len(cols) and shift[cols].all() and np.all(vals == 1.0)):
            continue
        while counts[cols].sum() > hi + 1e-9:
            extra = np.where(counts[cols] > 0, counts[cols] - x_lp[cols], -np.inf)
            counts[cols[int(np.argmax(extra))]] -= 1


DIVE_SHARE = 0.2  # share of the fractional shift counts rounded up in each round of the dive


def dive(problem: MilpProblem, x_lp: np.ndarray, time_limit_s: float) -> np.ndarray:
    """Shift counts made whole by an LP dive; other columns as the last LP left them.

    In each round the fifth of the still-fractional shift counts nearest to the
    next whole number are raised to it (a lower bound) and the LP is solved
    again from its last basis (:class:`highs_run.LpSession`); the other counts
    follow. Counts still fractional when the time is up, or when a raise makes
    the LP infeasible, are rounded up.
    """
    started = time.perf_counter()
    x = np.asarray(x_lp, dtype=float).copy()
    n = problem.structure.n_shift
    session = LpSession(problem)
    while True:
        frac = x[:n] - np.floor(x[:n] + 1e-6)
        open_ = np.flatnonzero(frac > 1e-6)
        left = time_limit_s - (time.perf_counter() - started)
        if not len(open_) or left <= 0.1:
            break
        pick = open_[np.argsort(-frac[open_], kind="stable")[:max(1, int(len(open_) * DIVE_SHARE))]]
        session.set_lower(pick, np.minimum(np.ceil(x[pick] - 1e-6), problem.upper[pick]))
        res = session.solve(left)
        if res is None:
            break
        x = res
    x[:n] = np.minimum(np.ceil(x[:n] - 1e-6), problem.upper[:n])
    return x


def place_breaks(problem: MilpProblem, x: np.ndarray, time_limit_s: float) -> np.ndarray | None:
    """With the shift counts of `x` held, the best break placement (a small MILP), or None."""
    n = problem.structure.n_shift
    lower, upper = problem.lower.astype(float).copy(), problem.upper.astype(float).copy()
    lower[:n] = upper[:n] = np.rint(x[:n])
    res = solve_highs(MilpProblem(problem.c, problem.A, problem.row_lower, problem.row_upper, lower, upper,
                                  problem.integrality, problem.objective_step), time_limit_s, 1e-3)
    if res["x"] is None:
        return None
    out = res["x"]
    integer = problem.integrality.astype(bool)
    out[integer] = np.rint(out[integer])
    return out


def greedy_schedule(problem: MilpProblem, time_limit_s: float = 30.0) -> np.ndarray | None:
    """A schedule in a blink, with no LP: cover the earliest short interval with the shift that covers
    the most shortage per unit of cost among those on site then, breaks in the middle of their windows.

    The fallback when the machine is too busy for even the LP relaxation within the time; usually
    well above the optimum (over-coverage), never empty where shifts can help. None when it cannot
    respect the templates' per-day maximum or minimum counts.
    """
    st = problem.structure
    n_t, n = st.n_intervals, st.n_shift
    if n_t <= 0:
        return None
    A = problem.A.tocsc()
    need = problem.row_lower[:n_t].astype(float).copy()
    counts = np.zeros(len(problem.c))
    # each shift column with its breaks placed in the middle of their windows: its net coverage
    middle: dict[int, list[int]] = {j: [] for j in range(n)}
    for shift_cols, shift_starts, break_cols, break_starts, earliest, latest in st.groups:
        where = {int(p): int(c) for c, p in zip(break_cols, break_starts)}
        for j, s in zip(shift_cols, shift_starts):
            target = int(s) + (int(earliest) + int(latest)) // 2
            p = min(where, key=lambda q: (abs(q - target), q))
            middle[int(j)].append(where[p])
    from scipy import sparse  # lazily: scipy is not on the app's start-up path

    pairs = [(c, j) for j, cols in middle.items() for c in cols]  # (break column, its shift column)
    to_shift = sparse.csc_matrix((np.ones(len(pairs)), ([c for c, _ in pairs], [j for _, j in pairs])),
                                 shape=(A.shape[1], n))
    cover = (A[:n_t, :n] + A[:n_t, :] @ to_shift).tocsc()  # each shift with its breaks: its net coverage
    cover.eliminate_zeros()
    on_site = cover.T.tocsc()  # interval -> shift columns covering it
    started = time.perf_counter()
    t = 0
    while t < n_t:
        if time.perf_counter() - started > time_limit_s:
            return None
        if need[t] <= 1e-9:
            t += 1
            continue
        cand = on_site.indices[on_site.indptr[t]:on_site.indptr[t + 1]]
        cand = cand[(cover[t, cand].toarray().ravel() > 0) & (counts[cand] < problem.upper[cand])]
        if not len(cand):
            t += 1
            continue
        best, best_score = -1, -np.inf
        for j in cand:
            rows = cover.indices[cover.indptr[j]:cover.indptr[j + 1]]
            vals = cover.data[cover.indptr[j]:cover.indptr[j + 1]]
            gain = np.minimum(np.maximum(need[rows], 0.0), np.maximum(vals, 0.0)).sum()
            score = gain / max(problem.c[j], 1e-9)
            if score > best_score:
                best, best_score = j, score
        counts[best] += 1
        for c in middle[best]:
            counts[c] += 1
        rows = cover.indices[cover.indptr[best]:cover.indptr[best + 1]]
        need[rows] -= cover.data[cover.indptr[best]:cover.indptr[best + 1]]
    integer = problem.integrality.astype(bool)
    fixed = MilpProblem(problem.c, problem.A, problem.row_lower, problem.row_upper,
                        np.where(integer, counts, problem.lower), np.where(integer, counts, problem.upper),
                        np.zeros_like(problem.integrality), problem.objective_step)
    res = solve_highs(fixed, max(1.0, time_limit_s - (time.perf_counter() - started)), 0.0, relax=True)
    if res["x"] is None or res["status"] != 0:
        return None
    out = res["x"]
    out[integer] = np.rint(out[integer])
    return out


def empty_schedule(problem: MilpProblem) -> np.ndarray | None:
    """The schedule with no shift (everything under-covered): valid whenever no template has a minimum count.

    The last resort when even the LP relaxation does not finish within the time limit, so that a solve
    always returns a schedule (flagged: its under-coverage is the whole requirement)."""
    x = np.zeros(len(problem.c))
    n = problem.structure.n_shift
    integer = problem.integrality.astype(bool)
    A = problem.A.tocsr()
    cont = np.flatnonzero(~integer)
    # each continuous column (under/over of one interval) sits in one coverage row: +1 under, -1 over
    sub = A[:, cont].tocsc()
    for k, j in enumerate(cont):
        rows = sub.indices[sub.indptr[k]:sub.indptr[k + 1]]
        vals = sub.data[sub.indptr[k]:sub.indptr[k + 1]]
        if len(rows) != 1:
            continue  # a running total of shifts or breaks: 0 with no shift
        need = problem.row_lower[rows[0]]
        if vals[0] > 0 and need > 0:
            x[j] = need / vals[0]
        elif vals[0] < 0 and need < 0:
            x[j] = need / vals[0]
    ax = A @ x
    ok = np.all(ax >= problem.row_lower - 1e-6) and np.all(ax <= problem.row_upper + 1e-6)
    return x if ok and n >= 0 else None


def first_schedule(problem: MilpProblem, time_limit_s: float,
                   fallback: np.ndarray | None = None) -> tuple[np.ndarray | None, float]:
    """(x, bound): a rounded and repaired schedule (None if it could not be made) and the whole-horizon LP bound;
    when the LP does not finish in time, `fallback` (e.g. the greedy schedule) and no bound."""
    x, bound, _ = first_schedule_and_lp(problem, time_limit_s, fallback)
    return x, bound


def first_schedule_and_lp(problem: MilpProblem, time_limit_s: float, fallback: np.ndarray | None = None,
                          lp_limit_s: float | None = None) -> tuple[np.ndarray | None, float, np.ndarray | None]:
    """:func:`first_schedule` and the LP relaxation's solution it rounded (None when the LP did not finish).

    The LP may take up to `lp_limit_s` (default: `time_limit_s`) even when that is longer than
    `time_limit_s`: on a busy machine the LP is what everything else waits for, and without it only the
    greedy schedule (often 10–15% above the optimum) is left.
    """
    started = time.perf_counter()
    x_lp, bound = lp_bound(problem, max(time_limit_s, lp_limit_s or 0.0))
    if problem.structure is None:
        return None, bound, x_lp
    if x_lp is None:  # not even the LP within the time: the greedy schedule (or none), flagged by its gap
        return (fallback if fallback is not None else empty_schedule(problem)), bound, None
    lp_s = time.perf_counter() - started
    x = None
    for offset in ROUNDING_OFFSETS:  # cheap: one rounding and one LP each
        left = time_limit_s - (time.perf_counter() - started)
        if x is not None and left < 0.5:
            break
        y = round_and_repair(problem, systematic_rounding(problem, x_lp, offset), max(0.5, left))
        if y is not None and (x is None or problem.c @ y < problem.c @ x):
            x = y
    if x is not None:  # the best rounding's breaks placed by a small MILP
        y = place_breaks(problem, x, max(0.5, 0.5 * (time_limit_s - (time.perf_counter() - started))))
        if y is not None and problem.c @ y < problem.c @ x:
            x = y
    left = time_limit_s - (time.perf_counter() - started)
    if left > 1.0:  # time to spare (a quiet machine): the dive too, for at most twice the LP's time or a quarter
        x_dive = dive(problem, x_lp, min(0.7 * left, max(2.0 * lp_s, 0.25 * time_limit_s)))
        y = place_breaks(problem, x_dive, max(0.5, time_limit_s - (time.perf_counter() - started)))
        if y is not None and (x is None or problem.c @ y < problem.c @ x):
            x = y
    if x is None:  # nothing could take its breaks: plain rounding up
        x = round_and_repair(problem, x_lp, max(0.5, time_limit_s - (time.perf_counter() - started)))
    return x, bound, x_lp


ROUNDING_OFFSETS = (0.7, 0.5, 0.6, 0.8)  # 0.7 first: the best on the 24/7 month (2.4% above the bound)


def systematic_rounding(problem: MilpProblem, x_lp: np.ndarray, offset: float) -> np.ndarray:
    """`x_lp` with its shift counts made whole by rounding their running totals along each day's starts.

    On one template and day, neighbouring starts cover nearly the same intervals, so rounding each
    count up over-staffs and rounding each to the nearest loses whole agents; rounding the running
    total ``S_j = x_1 + … + x_j`` instead (count j = ⌊S_j + offset⌋ − ⌊S_{j−1} + offset⌋) keeps every
    stretch of starts within one agent of the LP's total. `offset` 0.5 is rounding to the nearest;
    above it leans to more agents. Columns of one template and day are consecutive in the model
    (:func:`shift_mix.build_model`); a run here is a stretch of one day.
    """
    st = problem.structure
    n = st.n_shift
    out = np.asarray(x_lp, dtype=float).copy()
    day = st.day[:n]
    cuts = np.flatnonzero(np.diff(day) != 0) + 1
    for a, z in zip(np.r_[0, cuts], np.r_[cuts, n]):
        total = np.floor(np.cumsum(np.maximum(out[a:z], 0.0)) + offset + 1e-9)
        out[a:z] = np.diff(np.r_[0.0, total])
    out[:n] = np.minimum(np.maximum(out[:n], 0.0), problem.upper[:n])
    return out


def first_schedule_in_blocks(problem: MilpProblem, parts: list[tuple[np.ndarray, np.ndarray]], time_limit_s: float,
                             fallback: np.ndarray | None = None) -> tuple[np.ndarray | None, float]:
    """(x, bound) as :func:`first_schedule`, made block by block when the problem splits into independent blocks
    (`parts`: (columns, rows) of each, from :func:`blocks.blocks`), so that its time grows with the number of
    blocks, not faster: each block's LP, dive and breaks are its own small problems.

    The blocks share no variable and no constraint, so the sum of their LP optima is the LP optimum of the
    whole; each block's optimum is a whole multiple of the objective step, so each block's LP bound is
    rounded up before they are added — the bound is valid for the whole horizon and at least the whole LP's.
    If a block's LP does not finish in its share of the time, `fallback` and no bound.
    """
    from wfm_desktop.core.scheduling.blocks import sub_problem

    started = time.perf_counter()
    integer = [(c, r) for c, r in parts if problem.integrality[c].any()]
    continuous = [(c, r) for c, r in parts if not problem.integrality[c].any()]
    if continuous:
        integer.append((np.concatenate([c for c, _ in continuous]), np.concatenate([r for _, r in continuous])))
    work = [max(1, int(problem.integrality[c].sum())) for c, _ in integer]
    x = np.zeros(len(problem.c))
    bound = 0.0
    for i, (cols, rows) in enumerate(integer):
        left = time_limit_s - (time.perf_counter() - started)
        limit = max(0.5, left * work[i] / sum(work[i:]))
        sub = sub_problem(problem, cols, rows)
        cols = np.sort(cols)
        if not sub.integrality.any() or sub.structure is None:
            x_b, b = lp_bound(sub, limit)
        else:
            x_b, b, _ = first_schedule_and_lp(sub, limit)
        if x_b is None or not np.isfinite(b):
            return (fallback if fallback is not None else empty_schedule(problem)), float("-inf")
        x[cols] = x_b
        bound += b
    return x, float(bound)


def near_lp(problem: MilpProblem, x_lp: np.ndarray, x: np.ndarray) -> MilpProblem:
    """`problem` with each shift count kept between the LP's value rounded down and rounded up (and the
    current schedule's count `x`, so that it stays a valid start): the neighbourhood the LP points at
    (*RENS*, Berthold 2014). Breaks stay free. Its schedules are schedules of `problem`; its bound is not
    one of `problem` (the whole-horizon bound stays the LP's)."""
    n = problem.structure.n_shift
    lower, upper = problem.lower.astype(float).copy(), problem.upper.astype(float).copy()
    lower[:n] = np.minimum(np.maximum(lower[:n], np.floor(x_lp[:n] + 1e-6)), np.rint(x[:n]))
    upper[:n] = np.maximum(np.minimum(upper[:n], np.ceil(x_lp[:n] - 1e-6)), np.rint(x[:n]))
    return MilpProblem(problem.c, problem.A, problem.row_lower, problem.row_upper, lower, upper,
                       problem.integrality, problem.objective_step, problem.structure)
