"""Split an integer program into independent blocks and solve them one by one.

A week of shifts that never run past midnight is seven separate problems that
share no variable and no constraint; branch and bound on the whole week
explores their combinations for nothing, while each day alone is proved
optimal quickly. :func:`blocks` finds the connected components of the
variable–constraint graph; :func:`solve_blocks` solves each (the continuous-
only blocks together as one LP), sharing the time limit in proportion to the
integer variables still to solve, and puts the answers back together: the
objective and the best bound are sums, so the reported gap covers the whole.
When the problem states an ``objective_step`` (its optimum is a whole multiple
of it), each block's bound is rounded up to the next multiple, and a block whose
solution is within that rounded bound counts as proved optimal.
"""

from __future__ import annotations

import math
import time
from typing import Callable

import numpy as np

from wfm_desktop.core.scheduling.milp_problem import MilpProblem


def blocks(A, n_vars: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(variable indices, row indices) of each connected block of ``A`` (a scipy sparse matrix);
    variables in no row form their own."""
    from scipy import sparse  # lazily: scipy is not on the app's start-up path
    from scipy.sparse.csgraph import connected_components

    n_rows = A.shape[0]
    coo = A.tocoo()
    graph = sparse.coo_matrix((np.ones(coo.nnz), (coo.col, n_vars + coo.row)),
                              shape=(n_vars + n_rows, n_vars + n_rows))
    n, labels = connected_components(graph, directed=False)
    var_labels, row_labels = labels[:n_vars], labels[n_vars:]
    order_v = np.argsort(var_labels, kind="stable")
    order_r = np.argsort(row_labels, kind="stable")
    v_split = np.searchsorted(var_labels[order_v], np.arange(n + 1))
    r_split = np.searchsorted(row_labels[order_r], np.arange(n + 1))
    out = []
    for k in range(n):
        cols = order_v[v_split[k]:v_split[k + 1]]
        if cols.size:
            out.append((cols, order_r[r_split[k]:r_split[k + 1]]))
    return out


def solve_blocks(problem, time_limit_s: float, solve_one: Callable, note: Callable[[str], None] | None = None,
                 *, start: np.ndarray | None = None, report: Callable[[np.ndarray, float], None] | None = None) -> dict:
    """Solve `problem` block by block with ``solve_one(sub_problem, time_limit_s) -> dict``.

    ``solve_one`` returns ``x, objective, bound, status, message, nodes``.
    Returns the same keys for the whole problem (x None if any block has none).
    A block stopped by its share of the time while later blocks finished early
    is solved again with the time left over (see :func:`_second_pass`).
    With a whole `start` schedule, ``solve_one(sub, limit, sub_start,
    on_incumbent)`` is called instead: each block starts from its part of it,
    and ``report(x, objective)`` is told the whole schedule (solved blocks
    plus the start elsewhere) whenever a block improves, so the best schedule
    is known at every moment.
    """
    parts = blocks(problem.A, len(problem.c))
    integer = [(cols, rows) for cols, rows in parts if problem.integrality[cols].any()]
    continuous = [(cols, rows) for cols, rows in parts if not problem.integrality[cols].any()]
    if continuous:
        integer.append((np.concatenate([c for c, _ in continuous]), np.concatenate([r for _, r in continuous])))
    subs = [_sub_problem(problem, cols, np.sort(rows)) for cols, rows in integer]
    work = [int(problem.integrality[cols].sum()) for cols, _ in integer]
    started = time.perf_counter()
    results: list[dict] = []
    limits: list[float] = []
    current = None if start is None else np.array(start, dtype=float)

    def solve_i(i: int, limit: float) -> dict:
        if current is None:
            return solve_one(subs[i], limit)
        cols = integer[i][0]

        def on_incumbent(xs, _obj, _bound):
            if report is not None:
                whole = current.copy()
                whole[cols] = xs
                report(whole, float(problem.c @ whole))

        res = solve_one(subs[i], limit, current[cols], on_incumbent)
        if res["x"] is not None and float(subs[i].c @ res["x"]) <= float(subs[i].c @ current[cols]) + 1e-9:
            current[cols] = res["x"]
            if report is not None:
                report(current.copy(), float(problem.c @ current))
        return res

    for i, sub in enumerate(subs):
        remaining_s = max(0.05, time_limit_s - (time.perf_counter() - started))
        share = work[i] / max(1, sum(work[i:])) if work[i] else 0.0
        limit = max(0.05, remaining_s * share if i < len(subs) - 1 and work[i] else remaining_s)
        limits.append(limit)
        results.append(_solve_rounded(solve_i, i, limit, problem.objective_step))
        if note is not None and len(subs) > 1:
            done = [r for r in results if r["x"] is not None]
            note(f"block {i + 1} of {len(subs)} solved (objective so far {sum(r['objective'] for r in done):,.2f}, "
                 f"bound {sum(_bound(r) for r in done):,.2f})")
    _second_pass(subs, results, limits, time_limit_s - (time.perf_counter() - started), solve_i,
                 problem.objective_step, note)
    x = np.zeros(len(problem.c))
    missing = any(r["x"] is None for r in results)
    for (cols, _), r in zip(integer, results):
        if r["x"] is not None:
            x[cols] = r["x"]
    objective = sum(r["objective"] for r in results if r["x"] is not None)
    bound = sum(_bound(r) for r in results if r["x"] is not None)
    status = 0
    for r in results:
        if r["status"] != 0:
            status = r["status"] if status in (0, 1) else status
    messages = [r["message"] for r in results if r["status"] != 0]
    gap = abs(objective - bound) / max(abs(objective), 1e-9) if not missing else float("nan")
    return {"x": None if missing else x, "objective": objective if not missing else float("nan"),
            "bound": bound, "gap": gap, "status": status, "nodes": sum(r["nodes"] for r in results),
            "blocks": len(subs), "message": "; ".join(dict.fromkeys(messages)) or "Optimal",
            "bound_known": all(np.isfinite(r["bound"]) for r in results)}


def _sub_problem(problem, cols: np.ndarray, rows: np.ndarray):
    return MilpProblem(problem.c[cols], problem.A[rows][:, cols], problem.row_lower[rows], problem.row_upper[rows],
                       problem.lower[cols], problem.upper[cols], problem.integrality[cols], problem.objective_step,
                       _sub_structure(problem.structure, np.sort(cols), np.sort(rows)))


def sub_problem(problem, cols: np.ndarray, rows: np.ndarray):
    """The block of `problem` on columns `cols` and rows `rows` (both sorted here), with its shift structure."""
    return _sub_problem(problem, np.sort(cols), np.sort(rows))


def _sub_structure(st, cols: np.ndarray, rows: np.ndarray):
    """`st` (a ShiftStructure or None) seen from the block on the sorted `cols` and `rows`: shift columns stay
    first, coverage rows first, and the break groups whose shifts lie in the block are renumbered."""
    if st is None or not len(cols) or np.any(np.diff(cols) < 0) or np.any(np.diff(rows) < 0):
        return None
    from wfm_desktop.core.scheduling.milp_problem import ShiftStructure

    new = np.full(len(st.day), -1)
    new[cols] = np.arange(len(cols))
    groups = []
    for shift_cols, shift_starts, break_cols, break_starts, earliest, latest in st.groups:
        if new[shift_cols[0]] < 0:
            continue
        groups.append((new[shift_cols], shift_starts, new[break_cols], break_starts, earliest, latest))
    return ShiftStructure(day=st.day[cols], n_shift=int(np.sum(cols < st.n_shift)), groups=tuple(groups),
                          n_intervals=int(np.sum(rows < st.n_intervals)))


def _bound(res: dict) -> float:
    return res["bound"] if np.isfinite(res["bound"]) else res["objective"]


def _solve_rounded(solve_i: Callable, i: int, limit_s: float, step: float) -> dict:
    res = solve_i(i, limit_s)
    return round_bound(res, step) if res["x"] is not None else res


def _second_pass(subs: list, results: list[dict], limits: list[float], left_s: float, solve_i: Callable,
                 step: float, note: Callable[[str], None] | None) -> None:
    """Give the time left over to the blocks stopped by their time limit, largest absolute gap first.

    HiGHS cannot resume a search, so such a block is solved again from the start
    with its part of the time left (in proportion to its absolute gap); that is
    only worth it when the new limit is well above (1.5×) its first one.
    The better solution is kept and the higher of the two bounds (both are valid).
    """
    started = time.perf_counter()
    open_ = [i for i, r in enumerate(results) if r["status"] == 1 and r["x"] is not None]
    open_.sort(key=lambda i: results[i]["objective"] - _bound(results[i]), reverse=True)
    for n, i in enumerate(open_):
        left = left_s - (time.perf_counter() - started)
        gaps = [max(0.0, results[k]["objective"] - _bound(results[k])) for k in open_[n:]]
        share = gaps[0] / sum(gaps) if sum(gaps) > 0 else 1.0 / len(gaps)
        limit = left * share
        if limit < max(1.0, 1.5 * limits[i]):
            continue
        if note is not None:
            note(f"block {i + 1} again with {limit:.0f} s (time left by blocks that finished early)")
        again = _solve_rounded(solve_i, i, limit, step)
        if again["x"] is None:
            continue
        first = results[i]
        best = again if again["objective"] <= first["objective"] else first
        bound = max(_bound(first), _bound(again))
        merged = dict(best, bound=min(bound, best["objective"]), nodes=first["nodes"] + again["nodes"])
        results[i] = round_bound(merged, step) if step > 0 else _closed(merged)


def _closed(res: dict) -> dict:
    if res["status"] == 1 and res["objective"] - res["bound"] <= 1e-9 * max(1.0, abs(res["objective"])):
        return dict(res, status=0, message="Optimal")
    return res


def round_bound(res: dict, step: float) -> dict:
    """`res` with its bound rounded up to a multiple of `step` (> 0) and marked optimal if that closes the gap.

    Valid only when the optimum is known to be such a multiple; HiGHS cannot be
    told so through scipy, so it may stop at its time limit with a bound just
    below the objective it has already reached.
    """
    bound, objective = res["bound"], res["objective"]
    if not step > 0 or not np.isfinite(bound) or not np.isfinite(objective):
        return res
    rounded = math.ceil(bound / step - 1e-6) * step
    out = dict(res, bound=min(max(bound, rounded), objective))
    if res["status"] == 1 and objective - out["bound"] <= 1e-6 * max(1.0, abs(objective)):
        out.update(status=0, message="Optimal (bound rounded up to a multiple of the objective step)")
    return out
