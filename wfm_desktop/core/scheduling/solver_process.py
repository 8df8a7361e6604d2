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
import threading
import time
import traceback
from typing import Any, Callable

import numpy as np

from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn, report
from wfm_desktop.core.scheduling.blocks import solve_blocks
from wfm_desktop.core.scheduling.milp_problem import MilpProblem, MilpResult  # noqa: F401 - re-exported

POLL_S = 0.1
GRACE_S = 8.0  # a shift-mix child still running this long after its time limit is ended (its best kept)
STARTUP_S = 120.0  # most a child may take to load its libraries and read its input
MIN_LIMIT_SHARE = 0.5  # a solve told when it was called keeps at least this share of its limit for itself


class SolverTimeout(WfmError):
    """The child did not finish before its hard deadline and was ended."""


_CHILD_CONN = None  # set in the child: where child_note() sends its notes


def child_note(message: str) -> None:
    """From inside the child, send the parent a progress note (ignored when not in a child)."""
    if _CHILD_CONN is not None:
        _CHILD_CONN.send(("note", str(message)))


def child_incumbent(value: Any) -> None:
    """From inside the child, send the parent the best answer so far (kept if the deadline ends the child)."""
    if _CHILD_CONN is not None:
        _CHILD_CONN.send(("incumbent", value))


def _child_entry(conn, inbox, func: Callable[[Any], Any]) -> None:
    global _CHILD_CONN
    _CHILD_CONN = conn
    try:
        payload = inbox.recv()  # the libraries of func are loaded by now (unpickling func imported them)
        inbox.close()
        conn.send(("ready", None))
        result = func(payload)
        conn.send(("ok", result))
    except WfmError as exc:
        conn.send(("wfm", str(exc)))
    except BaseException as exc:  # noqa: BLE001 - report anything to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def _send_payload(conn, payload: Any) -> None:
    try:
        conn.send(payload)
    except (OSError, EOFError, BrokenPipeError):
        pass  # the child was ended before it read its input
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
    startup_s: float = STARTUP_S,
    on_timeout: Callable[[Any, float], Any] | None = None,
) -> Any:
    """Return ``func(payload)`` computed in a spawned child process.

    The deadline counts from the moment the child is **ready** (its libraries
    loaded and its input read), so a slow start on a busy machine does not eat
    the solver's time; the start-up itself may take up to `startup_s`. The input
    is sent by a helper thread, so `cancel()` is heard in every phase, start-up
    included (raises Cancelled). When `deadline_s` passes, the child is ended
    and, if it sent an incumbent (:func:`child_incumbent`) and `on_timeout` is
    given, ``on_timeout(incumbent, elapsed_s)`` is returned; otherwise
    SolverTimeout is raised. `progress(fraction, message)` gets the elapsed
    time, as a fraction of `expected_s` (default: the deadline). `on_start(pid)`
    is told the child's process id (tests use it to check the child is gone).
    """
    ctx = multiprocessing.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    inbox, outbox = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_entry, args=(sender, inbox, func), name=f"wfm-{label}", daemon=True)
    launched = time.monotonic()
    process.start()
    sender.close()
    inbox.close()
    feeder = threading.Thread(target=_send_payload, args=(outbox, payload), name=f"wfm-{label}-input", daemon=True)
    feeder.start()
    if on_start is not None:
        on_start(process.pid)
    expected = expected_s or deadline_s
    note = ""
    ready_at = None
    incumbent = None
    try:
        while True:
            if receiver.poll(POLL_S):
                try:
                    kind, value = receiver.recv()
                except EOFError:
                    raise WfmError(f"the {label} process ended without an answer (exit code "
                                   f"{process.exitcode}); it may have run out of memory") from None
                if kind == "ready":
                    ready_at = time.monotonic()
                    continue
                if kind == "incumbent":
                    incumbent = value
                    continue
                if kind != "note":
                    break
                note = f"; {value}"
            now = time.monotonic()
            if cancel is not None and cancel():
                raise Cancelled(f"{label} cancelled after {now - launched:.1f} s"
                                + ("" if ready_at is not None else " (while starting)"))
            if ready_at is None:
                if now - launched > startup_s:
                    raise SolverTimeout(f"the {label} process did not start within {startup_s:.0f} s and was "
                                        "stopped; the computer may be very busy — try again")
                if not process.is_alive() and not receiver.poll(0):
                    raise WfmError(f"the {label} process ended without an answer (exit code {process.exitcode})")
                report(progress, 0.0, f"{label}: starting ({now - launched:.0f} s)")
                continue
            elapsed = now - ready_at
            if elapsed > deadline_s:
                if incumbent is not None and on_timeout is not None:
                    return on_timeout(incumbent, elapsed)
                raise SolverTimeout(f"the {label} did not finish within {deadline_s:.0f} s and was stopped; "
                                    "allow more time or make the problem smaller")
            if not process.is_alive() and not receiver.poll(0):
                raise WfmError(f"the {label} process ended without an answer (exit code {process.exitcode})")
            report(progress, elapsed / expected if expected > 0 else 0.0, f"{label}: {elapsed:.0f} s elapsed{note}")
    finally:
        receiver.close()
        _end(process)
        feeder.join(1.0)
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

def _solve_milp_payload(payload: dict) -> MilpResult:
    # imported here, in the child: HiGHS (scipy) stays off the app's start-up path
    from wfm_desktop.core.scheduling.best_schedule import solve_with_first_schedule
    from wfm_desktop.core.scheduling.highs_run import solve_highs

    problem: MilpProblem = payload["problem"]
    gap = payload["mip_rel_gap"]
    limit = float(payload["time_limit_s"])
    limit = planned_limit(limit, payload.get("called_at"), time.time())
    started = time.perf_counter()
    if problem.structure is not None:
        res = solve_with_first_schedule(problem, limit, gap, child_note, child_incumbent)
        if res is not None:
            return res
    res = solve_blocks(problem, limit, lambda sub, lim: solve_highs(sub, lim, gap), note=child_note)
    return MilpResult(
        x=res["x"], objective=res["objective"], bound=res["bound"], gap=res["gap"], status=res["status"],
        message=res["message"], solve_s=time.perf_counter() - started, nodes=res["nodes"],
    )


def planned_limit(limit_s: float, called_at: float | None, now: float) -> float:
    """The time a child ready at `now` gives its solve: the limit counts from the caller's call (`called_at`),
    so what building the model and starting the child took is spent — but at least half the limit is left."""
    if called_at is None:
        return limit_s
    return max(MIN_LIMIT_SHARE * limit_s, limit_s - max(0.0, now - called_at))


def _timed_out(incumbent: MilpResult, elapsed_s: float) -> MilpResult:
    """The best schedule the child had sent when its deadline ended it."""
    return MilpResult(x=incumbent.x, objective=incumbent.objective, bound=incumbent.bound, gap=incumbent.gap,
                      status=1, message=f"stopped by the deadline after {elapsed_s:.0f} s; best schedule found kept",
                      solve_s=elapsed_s, nodes=incumbent.nodes)


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
    called_at: float | None = None,
) -> MilpResult:
    """Solve `problem` with HiGHS in a child process.

    Independent blocks (e.g. days no shift links) are solved one by one
    (:mod:`milp_blocks`). HiGHS gets `time_limit_s` (shared between the
    blocks) and normally returns its best solution by then;
    the child is ended `grace_s` later (default 5 s + 25 % of the limit; for a
    shift mix, which sends its best schedule as it goes, 8 s: time for its first
    schedule under a very short limit)
    if it has not, and the best schedule it had sent is returned. The time
    counts from the moment the child is ready (see :func:`run_in_child`). ``called_at`` (``time.time()`` when
    the caller was called): the child plans its work to end `time_limit_s` after that moment, so the time spent
    building the model and starting the child is taken from the limit (at most half of it) rather than added
    to it; the watchdog still counts from "ready". ``in_process=True`` solves here instead (no cancel, no hard stop;
    for small problems and debugging).
    """
    if time_limit_s <= 0:
        raise WfmError(f"time limit: {time_limit_s} s must be more than zero")
    payload = {"problem": problem, "time_limit_s": time_limit_s, "mip_rel_gap": mip_rel_gap, "called_at": called_at}
    if in_process:
        return _solve_milp_payload(payload)
    if grace_s is not None:
        grace = grace_s
    elif problem.structure is not None:  # the child sends its best schedule as it goes: a short grace loses nothing
        grace = GRACE_S
    else:
        grace = 5.0 + 0.25 * time_limit_s
    return run_in_child(
        _solve_milp_payload, payload, deadline_s=time_limit_s + grace, label=label,
        progress=progress, cancel=cancel, expected_s=time_limit_s, on_start=on_start, on_timeout=_timed_out,
    )
