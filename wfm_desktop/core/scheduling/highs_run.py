"""HiGHS with a starting schedule and incumbent reports, through the bindings scipy ships.

``scipy.optimize.milp`` can neither take a starting solution nor tell us about
the schedules HiGHS finds on the way. SciPy (1.13 and later) ships the HiGHS
Python bindings it uses itself (``scipy.optimize._highspy._core``: the same
``Highs`` object as the ``highspy`` package, with ``setSolution`` and
callbacks), so no new dependency is needed: :func:`solve_highs` passes the
model, hands HiGHS a start (a MIP start: HiGHS checks it and keeps it as its
first incumbent), and calls ``on_incumbent(x, objective, bound)`` for every
improving schedule. Should a SciPy release drop that module, the solve falls
back to ``scipy.optimize.milp`` (no start, no reports; the caller keeps its own
start as the incumbent and returns the better of the two).
"""

from __future__ import annotations

import warnings
from typing import Callable

import numpy as np

from wfm_desktop.core.scheduling.milp_problem import MilpProblem

IncumbentFn = Callable[[np.ndarray, float, float], None]

try:  # the private module is part of SciPy's own HiGHS interface since 1.13
    from scipy.optimize._highspy import _core as _h
    HAVE_BINDINGS = hasattr(_h, "_Highs") and hasattr(_h, "cb")
except ImportError:  # pragma: no cover - depends on the SciPy release
    _h = None
    HAVE_BINDINGS = False


def _finite(values: np.ndarray, inf: float) -> np.ndarray:
    out = np.asarray(values, dtype=float).copy()
    out[np.isposinf(out)] = inf
    out[np.isneginf(out)] = -inf
    return out


def solve_highs(problem: MilpProblem, time_limit_s: float, mip_rel_gap: float, *, start: np.ndarray | None = None,
                on_incumbent: IncumbentFn | None = None, relax: bool = False, options: dict | None = None) -> dict:
    """Solve `problem` (or its LP relaxation with ``relax=True``); return ``x, objective, bound, status, message, nodes``.

    ``status`` is 0 (optimal), 1 (stopped at the time limit with a schedule)
    or another code with ``x`` None. A `start` that HiGHS accepts is its first
    incumbent; when HiGHS ends with nothing better, the start is returned.
    """
    if not HAVE_BINDINGS:
        return _solve_scipy(problem, time_limit_s, mip_rel_gap, start, relax)
    inf = _h.kHighsInf
    lp = _lp(problem)
    is_mip = not relax and bool(np.any(problem.integrality))
    if is_mip:
        lp.integrality_ = [_h.HighsVarType(int(i)) for i in problem.integrality]
    highs = _h._Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("time_limit", float(max(time_limit_s, 0.01)))
    if is_mip:
        highs.setOptionValue("mip_rel_gap", float(mip_rel_gap))
        if problem.objective_step > 0:
            # the optimum is a multiple of the step: HiGHS prunes every node that cannot improve by a whole step
            highs.setOptionValue("mip_abs_gap", 0.999 * problem.objective_step)
    for key, value in (options or {}).items():
        highs.setOptionValue(key, value)
    highs.passModel(lp)
    start_obj = None
    if start is not None and is_mip:
        start = np.asarray(start, dtype=float)
        start_obj = float(problem.c @ start)
        highs.setSolution(_solution(start))
    if on_incumbent is not None and is_mip:
        def callback(kind, _message, data_out, _data_in, _user) -> None:
            if kind == _h.cb.HighsCallbackType.kCallbackMipImprovingSolution:
                on_incumbent(np.array(data_out.mip_solution, dtype=float), float(data_out.objective_function_value),
                             float(data_out.mip_dual_bound))
        highs.setCallback(callback, None)
        highs.startCallback(_h.cb.HighsCallbackType.kCallbackMipImprovingSolution)
    highs.run()
    status = highs.getModelStatus()
    info = highs.getInfo()
    text = highs.modelStatusToString(status)
    has_solution = info.primal_solution_status == 2 or (is_mip and info.objective_function_value < inf)
    x = np.array(highs.getSolution().col_value, dtype=float) if has_solution else None
    objective = float(problem.c @ x) if x is not None else float("nan")
    if is_mip:
        bound = float(info.mip_dual_bound)
        nodes = int(info.mip_node_count)
    else:
        bound, nodes = objective, 0
    if start_obj is not None and (x is None or start_obj < objective - 1e-9):
        x, objective = start.copy(), start_obj
    if status == _h.HighsModelStatus.kOptimal:
        code = 0
    elif x is not None:
        code = 1
    else:
        code = 2 if status == _h.HighsModelStatus.kInfeasible else 4
    if not np.isfinite(bound) or abs(bound) >= inf:
        bound = float("-inf")
    return {"x": x, "objective": objective, "bound": bound, "status": code, "message": text, "nodes": nodes}


def _lp(problem: MilpProblem):
    inf = _h.kHighsInf
    A = problem.A.tocsc()
    n, m = len(problem.c), A.shape[0]
    lp = _h.HighsLp()
    lp.num_col_, lp.num_row_ = n, m
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    lp.a_matrix_.format_ = _h.MatrixFormat.kColwise
    lp.col_cost_ = np.asarray(problem.c, dtype=float)
    lp.col_lower_, lp.col_upper_ = _finite(problem.lower, inf), _finite(problem.upper, inf)
    lp.row_lower_, lp.row_upper_ = _finite(problem.row_lower, inf), _finite(problem.row_upper, inf)
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = A.indptr, A.indices, A.data
    return lp


class LpSession:
    """The LP relaxation of `problem`, kept loaded so that changed column bounds re-solve from the last basis
    (a warm start: a few dual simplex steps instead of a new solve). Without SciPy's bindings each solve starts
    afresh."""

    def __init__(self, problem: MilpProblem) -> None:
        self.problem = problem
        self.lower = problem.lower.astype(float).copy()
        self.upper = problem.upper.astype(float).copy()
        self.highs = None
        if HAVE_BINDINGS:
            self.highs = _h._Highs()
            self.highs.setOptionValue("output_flag", False)
            self.highs.passModel(_lp(problem))

    def solve(self, time_limit_s: float) -> np.ndarray | None:
        """The LP optimum with the current bounds, or None (infeasible, or out of time)."""
        if self.highs is None:
            p = self.problem
            res = _solve_scipy(MilpProblem(p.c, p.A, p.row_lower, p.row_upper, self.lower, self.upper,
                                           p.integrality), time_limit_s, 0.0, None, True)
            return res["x"] if res["status"] == 0 else None
        self.highs.setOptionValue("time_limit", float(max(time_limit_s, 0.01)))
        self.highs.run()
        if self.highs.getModelStatus() != _h.HighsModelStatus.kOptimal:
            return None
        return np.array(self.highs.getSolution().col_value, dtype=float)

    def set_lower(self, cols: np.ndarray, values: np.ndarray) -> None:
        self.lower[cols] = values
        if self.highs is not None:
            inf = _h.kHighsInf
            self.highs.changeColsBounds(len(cols), np.asarray(cols, dtype=np.int32),
                                        _finite(self.lower[cols], inf), _finite(self.upper[cols], inf))


def _solution(x: np.ndarray):
    sol = _h.HighsSolution()
    sol.value_valid = True
    sol.col_value = list(map(float, x))
    return sol


def _solve_scipy(problem: MilpProblem, time_limit_s: float, mip_rel_gap: float, start, relax: bool) -> dict:
    from scipy.optimize import Bounds, LinearConstraint, milp

    options = {"disp": False, "time_limit": float(time_limit_s), "mip_rel_gap": mip_rel_gap}
    if problem.objective_step > 0 and not relax:
        options["mip_abs_gap"] = 0.999 * problem.objective_step
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unrecognized options", category=RuntimeWarning)
        res = milp(problem.c, constraints=([LinearConstraint(problem.A, problem.row_lower, problem.row_upper)]
                                           if problem.A.shape[0] else None),
                   integrality=None if relax else problem.integrality,
                   bounds=Bounds(problem.lower, problem.upper), options=options)
    x = None if res.x is None else np.asarray(res.x)
    objective = float(res.fun) if res.fun is not None else float("nan")
    bound = getattr(res, "mip_dual_bound", None)
    bound = float(bound) if bound is not None and not relax else objective
    status = int(res.status)
    if start is not None and not relax:
        start_obj = float(problem.c @ start)
        if x is None or start_obj < objective - 1e-9:
            x, objective, status = np.asarray(start, dtype=float), start_obj, 1 if status != 0 else 0
    return {"x": x, "objective": objective, "bound": bound, "status": status, "message": str(res.message),
            "nodes": int(getattr(res, "mip_node_count", 0) or 0)}
