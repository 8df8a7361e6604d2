"""Run an integer program in a child process that a deadline or cancel really ends.

``scipy.optimize.milp`` (HiGHS) has no callback, so it can neither report
progress nor be stopped from Python, and its own ``time_limit`` has been seen
ignored when it runs in a worker thread. Here the solve runs in a child process
started with the ``spawn`` context (safe in a frozen PyInstaller app, where
``multiprocessing.freeze_support()`` is called at start-up); the parent polls
it, reports the elapsed time, and terminates the child when the user cancels or
when a hard deadline (the solver's own time limit plus a grace period) passes.

The child runs a top-level (picklable) function on a payload and sends back its
result; an exception in the child comes back as a WfmError with its message.
"""

from __future__ import annotations

import multiprocessing
import time
import traceback
import warnings
from typing import Any, Callable

import numpy as np

from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, report
from wfm_desktop.core.scheduling.blocks import solve_blocks
from wfm_desktop.core.scheduling.milp_problem import MilpProblem, MilpResult  # noqa: F401 - re-exported

POLL_S = 0.1


class SolverTimeout(WfmError):
    """The child did not finish before its hard deadline and was ended."""


_CHILD_CONN = None  # set in the child: where child_note() sends its notes


def child_note(message: str) -> None:
    """From inside the child, send the parent a progress note (ignored when not in a child)."""
    if _CHILD_CONN is not None:
        _CHILD_CONN.send(("note", str(message)))


def _child_entry(conn, func: Callable[[Any], Any], payload: Any) -> None:
    global _CHILD_CONN
    _CHILD_CONN = conn
    try:
        result = func(payload)
        conn.send(("ok", result))
    except WfmError as exc:
        conn.send(("wfm", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def run_in_child(
    func: Callable[[Any], Any],
    payload: Any,
    *,
    deadline_s: float,
    label: str = "solver",
    progress: ProgressFn = None,
    cancel: CancelFn = None,
    expected_s: float | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Any:
    """Return ``func(payload)`` computed in a spawned child process.

    The child is terminated (then killed if it ignores that) when `cancel()`
    returns True (raises Cancelled) or when `deadline_s` seconds have passed
    (raises SolverTimeout). `progress(fraction, message)` gets the elapsed time,
    as a fraction of `expected_s` (default: the deadline). `on_start(pid)` is
    told the child's process id (tests use it to check the child is gone).
    """
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_entry, args=(sender, func, payload), name=f"wfm-{label}", daemon=True)
    started = time.monotonic()
    process.start()
    sender.close()
    if on_start is not None:
        on_start(process.pid)
    expected = expected_s or deadline_s
    note = ""
    try:
        while True:
            if receiver.poll(POLL_S):
                try:
                    kind, value = receiver.recv()
                except EOFError:
                    raise WfmError(f"the {label} process ended without an answer (exit code "
                                   f"{process.exitcode}); it may have run out of memory") from None
                if kind != "note":
                    break
                note = f"; {value}"
            elapsed = time.monotonic() - started
            if cancel is not None and cancel():
                raise Cancelled(f"{label} cancelled after {elapsed:.1f} s")
            if elapsed > deadline_s:
                raise SolverTimeout(f"the {label} did not finish within {deadline_s:.0f} s and was stopped; "
                                    "allow more time or make the problem smaller")
            if not process.is_alive() and not receiver.poll(0):
                raise WfmError(f"the {label} process ended without an answer (exit code {process.exitcode})")
            report(progress, elapsed / expected if expected > 0 else 0.0, f"{label}: {elapsed:.0f} s elapsed{note}")
    finally:
        receiver.close()
        _end(process)
    if kind == "wfm":
        raise WfmError(value)
    if kind == "error":
        raise RuntimeError(f"the {label} failed in its process: {value}")
    return value


def _end(process) -> None:
    if process.is_alive():
        process.terminate()
        process.join(2.0)
        if process.is_alive():
            process.kill()
    process.join(2.0)


# ---------------------------------------------------------------- MILP through HiGHS

def _solve_one(problem: MilpProblem, time_limit_s: float, mip_rel_gap: float) -> dict:
    from scipy.optimize import Bounds, LinearConstraint, milp

    options = {"disp": False, "time_limit": float(time_limit_s), "mip_rel_gap": mip_rel_gap}
    if problem.objective_step > 0:
        # the optimum is a multiple of the step: a solution less than one step above the bound is optimal, and
        # HiGHS prunes every node that cannot improve by a whole step (scipy passes this option on verbatim)
        options["mip_abs_gap"] = 0.999 * problem.objective_step
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unrecognized options", category=RuntimeWarning)
        res = milp(
            problem.c,
            constraints=([LinearConstraint(problem.A, problem.row_lower, problem.row_upper)]
                         if problem.A.shape[0] else None),
            integrality=problem.integrality,
            bounds=Bounds(problem.lower, problem.upper),
            options=options,
        )
    bound = getattr(res, "mip_dual_bound", None)
    fun = float(res.fun) if res.fun is not None else float("nan")
    return {"x": None if res.x is None else np.asarray(res.x), "objective": fun,
            "bound": float(bound) if bound is not None else fun, "status": int(res.status),
            "message": str(res.message), "nodes": int(getattr(res, "mip_node_count", 0) or 0)}


def _solve_milp_payload(payload: dict) -> MilpResult:
    problem: MilpProblem = payload["problem"]
    gap = payload["mip_rel_gap"]
    started = time.perf_counter()
    res = solve_blocks(problem, float(payload["time_limit_s"]), lambda sub, limit: _solve_one(sub, limit, gap),
                       note=child_note)
    return MilpResult(
        x=res["x"], objective=res["objective"], bound=res["bound"], gap=res["gap"], status=res["status"],
        message=res["message"], solve_s=time.perf_counter() - started, nodes=res["nodes"],
    )


def solve_milp(
    problem: MilpProblem,
    *,
    time_limit_s: float = 60.0,
    mip_rel_gap: float = 1e-4,
    grace_s: float | None = None,
    label: str = "solver",
    progress: ProgressFn = None,
    cancel: CancelFn = None,
    in_process: bool = False,
    on_start: Callable[[int], None] | None = None,
) -> MilpResult:
    """Solve `problem` with HiGHS in a child process.

    Independent blocks (e.g. days no shift links) are solved one by one
    (:mod:`milp_blocks`). HiGHS gets `time_limit_s` (shared between the
    blocks) and normally returns its best solution by then;
    the child is ended `grace_s` later (default 5 s + 25 % of the limit) if it
    has not. ``in_process=True`` solves here instead (no cancel, no hard stop;
    for small problems and debugging).
    """
    if time_limit_s <= 0:
        raise WfmError(f"time limit: {time_limit_s} s must be more than zero")
    payload = {"problem": problem, "time_limit_s": time_limit_s, "mip_rel_gap": mip_rel_gap}
    if in_process:
        return _solve_milp_payload(payload)
    grace = 5.0 + 0.25 * time_limit_s if grace_s is None else grace_s
    return run_in_child(
        _solve_milp_payload, payload, deadline_s=time_limit_s + grace, label=label,
        progress=progress, cancel=cancel, expected_s=time_limit_s, on_start=on_start,
    )
