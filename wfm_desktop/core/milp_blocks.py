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
from scipy import sparse
from scipy.sparse.csgraph import connected_components


def blocks(A: sparse.csr_matrix, n_vars: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(variable indices, row indices) of each connected block of ``A``; variables in no row form their own."""
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


def solve_blocks(problem, time_limit_s: float, solve_one: Callable, note: Callable[[str], None] | None = None) -> dict:
    """Solve `problem` block by block with ``solve_one(sub_problem, time_limit_s) -> dict``.

    ``solve_one`` returns ``x, objective, bound, status, message, nodes``.
    Returns the same keys for the whole problem (x None if any block has none).
    """
    from wfm_desktop.core.solver_process import MilpProblem

    parts = blocks(problem.A, len(problem.c))
    integer = [(cols, rows) for cols, rows in parts if problem.integrality[cols].any()]
    continuous = [(cols, rows) for cols, rows in parts if not problem.integrality[cols].any()]
    if continuous:
        integer.append((np.concatenate([c for c, _ in continuous]), np.concatenate([r for _, r in continuous])))
    work = [int(problem.integrality[cols].sum()) for cols, _ in integer]
    started = time.perf_counter()
    x = np.zeros(len(problem.c))
    objective = bound = 0.0
    status, messages, nodes, missing = 0, [], 0, False
    for i, (cols, rows) in enumerate(integer):
        remaining_s = max(0.05, time_limit_s - (time.perf_counter() - started))
        share = work[i] / max(1, sum(work[i:])) if work[i] else 0.0
        limit = remaining_s * share if i < len(integer) - 1 and work[i] else remaining_s
        rows = np.sort(rows)
        sub = MilpProblem(problem.c[cols], problem.A[rows][:, cols], problem.row_lower[rows],
                          problem.row_upper[rows], problem.lower[cols], problem.upper[cols],
                          problem.integrality[cols], problem.objective_step)
        res = solve_one(sub, max(0.05, limit))
        if res["x"] is not None:
            res = round_bound(res, problem.objective_step)
        nodes += res["nodes"]
        if res["status"] != 0:
            status = res["status"] if status in (0, 1) else status
            messages.append(res["message"])
        if res["x"] is None:
            missing = True
            continue
        x[cols] = res["x"]
        objective += res["objective"]
        bound += res["bound"] if np.isfinite(res["bound"]) else res["objective"]
        if note is not None and len(integer) > 1:
            note(f"block {i + 1} of {len(integer)} solved (objective so far {objective:,.2f}, bound {bound:,.2f})")
    gap = abs(objective - bound) / max(abs(objective), 1e-9) if not missing else float("nan")
    return {"x": None if missing else x, "objective": objective if not missing else float("nan"),
            "bound": bound, "gap": gap, "status": status, "nodes": nodes, "blocks": len(integer),
            "message": "; ".join(dict.fromkeys(messages)) or "Optimal"}


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
