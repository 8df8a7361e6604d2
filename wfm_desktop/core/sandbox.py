"""Parse untrusted files in a child process with a memory and a time limit.

A crafted spreadsheet can make a native parser ask for hundreds of gigabytes
and abort the whole process, or make Python code run for hours. Every reader
of a user file therefore runs its parsing through :func:`run_limited`: the
function runs in a child process started with the ``spawn`` context (safe in
the frozen app, like the solver's child in :mod:`scheduling.solver_process`);
the child limits its own address space (``RLIMIT_AS`` on Linux, a job object
on Windows; on macOS, where address-space limits do not work, the parent
watches the child's resident memory and ends it), and the parent ends it when
the deadline passes or the caller cancels. Whatever the file does, the caller
gets a result or a :class:`~wfm_desktop.core.errors.WfmError` naming the file.

A child that finished cleanly is kept for the next read (starting one costs
about half a second), so importing many files costs one start-up. Module
limits the parent holds (``MAX_*`` constants of :data:`LIMIT_MODULES`, which
tests lower) are sent with every call, so the child applies the same limits.
"""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from wfm_desktop.core.errors import Cancelled, WfmError
from wfm_desktop.core.progress import CancelFn, ProgressFn

GIB = 1 << 30
DEADLINE_S = 300.0          # no real file takes minutes to parse; a hostile one is stopped
POLL_S = 0.02
IDLE_WORKERS = 2
RECYCLE_RSS_BYTES = 600 << 20   # a child that grew beyond this is not kept for the next read
LIMIT_MODULES = ("wfm_desktop.core.importers.safety", "wfm_desktop.core.plan.file_format")


def default_memory_limit() -> int:
    """Half the machine's memory, at least 2 GiB and at most 6 GiB (env ``WFM_READER_MEMORY_MB`` overrides)."""
    override = os.environ.get("WFM_READER_MEMORY_MB", "").strip()
    if override.isdigit() and int(override) > 0:
        return int(override) << 20
    total = _physical_memory()
    return int(min(6 * GIB, max(2 * GIB, total // 2 if total else 2 * GIB)))


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 0


MEMORY_LIMIT_BYTES: int | None = None   # None: default_memory_limit(); tests lower it


@dataclass
class Stats:
    """What the last call cost in the child (the hostile corpus reports it)."""

    peak_rss_bytes: int = 0
    seconds: float = 0.0
    outcome: str = ""   # "ok", "error", "crash", "memory", "timeout", "cancelled"


last_stats = Stats()


class ReaderFailed(WfmError):
    """The reader process ran out of memory or time, crashed, or failed on the file (message names it)."""


# ---------------------------------------------------------------- the child

_CHILD_CONN = None


def _child_progress(fraction: float, message: str = "") -> None:
    if _CHILD_CONN is not None:
        _CHILD_CONN.send(("progress", (float(fraction), str(message))))


def _peak_rss() -> int:
    """This process's peak resident memory, in bytes.

    On Linux this is the ``VmHWM`` of the process's own memory: ``ru_maxrss`` carries a spawned
    child's parent's peak across the exec, so a child of a large app would look large (and
    never be kept) although it read a small file."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _limit_own_memory(limit: int) -> None:
    if sys.platform == "win32":
        _windows_job_limit(limit)
        return
    if sys.platform == "darwin":
        return  # RLIMIT_AS is not enforced on macOS: the parent watches instead
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    value = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (value, hard))


def _windows_job_limit(limit: int) -> None:
    """Put this process into a job object whose processes may commit at most `limit` bytes."""
    import ctypes
    from ctypes import wintypes

    class IoCounters(ctypes.Structure):
        _fields_ = [(n, ctypes.c_ulonglong) for n in ("r_ops", "w_ops", "o_ops", "r_bytes", "w_bytes", "o_bytes")]

    class BasicLimits(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                    ("SchedulingClass", wintypes.DWORD)]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                    ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                    ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

    job_limit_process_memory, extended_limit_information = 0x100, 9
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    job = kernel32.CreateJobObjectW(None, None)
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = job_limit_process_memory
    info.ProcessMemoryLimit = limit
    if not job or not kernel32.SetInformationJobObject(wintypes.HANDLE(job), extended_limit_information,
                                                       ctypes.byref(info), ctypes.sizeof(info)):
        raise OSError(ctypes.get_last_error(), "cannot create the reader's job object")
    if not kernel32.AssignProcessToJobObject(wintypes.HANDLE(job), wintypes.HANDLE(kernel32.GetCurrentProcess())):
        raise OSError(ctypes.get_last_error(), "cannot limit the reader's memory")


def _apply_constants(constants: dict[str, dict[str, Any]]) -> None:
    for module_name, values in constants.items():
        module = importlib.import_module(module_name)
        for name, value in values.items():
            setattr(module, name, value)


def _worker_main(conn, memory_limit: int, preload: tuple[str, ...] = ()) -> None:
    """The child's loop: run each (function, payload) it is sent and send back the outcome."""
    global _CHILD_CONN
    _CHILD_CONN = conn
    try:
        _limit_own_memory(memory_limit)
    except (OSError, ValueError) as exc:
        conn.send(("fatal", f"the memory limit cannot be set ({exc})"))
        return
    for name in preload:  # the readers' modules (pandas…), imported while the parent is busy elsewhere
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # the job that needs it reports the failure
    conn.send(("ready", None))
    while True:
        try:
            func, payload, constants = conn.recv()
        except (EOFError, OSError):
            return
        try:
            _apply_constants(constants)
            result = func(payload, _child_progress)
            reply = ("ok", result)
        except WfmError as exc:
            reply = ("raise", exc)
        except MemoryError:
            reply = ("memory", "")
        except RecursionError:
            reply = ("failed", "the file nests too deeply to be read")
        except Exception as exc:  # noqa: BLE001 - any parser failure becomes a message naming the file
            reply = ("failed", f"{type(exc).__name__}: {str(exc)[:300]}", traceback.format_exc())
        try:
            conn.send((*reply, _peak_rss()))
        except Exception:  # noqa: BLE001 - an unpicklable exception or result: send its text
            kind = reply[0]
            text = str(reply[1])[:300] if kind == "raise" else "the result could not be passed back"
            conn.send(("failed" if kind != "raise" else "message", text, _peak_rss()))


# ---------------------------------------------------------------- the parent

class _Worker:
    def __init__(self, memory_limit: int, preload: tuple[str, ...] = ()) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child_conn = ctx.Pipe(duplex=True)
        self.memory_limit = memory_limit
        self.process = ctx.Process(target=_worker_main, args=(child_conn, memory_limit, preload),
                                   name="wfm-reader", daemon=True)
        self.process.start()
        child_conn.close()
        self.ready = False

    def end(self) -> None:
        try:
            self.conn.close()
        except OSError:
            pass
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(2.0)
            if self.process.is_alive():
                self.process.kill()
        self.process.join(2.0)


_idle: list[_Worker] = []
_lock = threading.Lock()


def _take_worker(memory_limit: int) -> _Worker:
    with _lock:
        while _idle:
            worker = _idle.pop()
            if worker.memory_limit == memory_limit and worker.process.is_alive():
                return worker
            worker.end()
    return _Worker(memory_limit)


def _give_back(worker: _Worker, peak_rss: int) -> None:
    with _lock:
        if len(_idle) < IDLE_WORKERS and peak_rss < RECYCLE_RSS_BYTES and worker.process.is_alive():
            _idle.append(worker)
            return
    worker.end()


def start_early(preload: tuple[str, ...] = ("wfm_desktop.core.importers.import_file",)) -> None:
    """Start a reader child now, importing `preload` in it, for the first read to find it ready.

    The app calls this as soon as its window is on screen: starting a child and importing
    pandas in it takes about a second, which then overlaps the app importing its own modules
    instead of following them (the first start reads the sample right after). Does nothing
    when a reader is already waiting.
    """
    limit = int(MEMORY_LIMIT_BYTES or default_memory_limit())
    with _lock:
        if any(worker.memory_limit == limit for worker in _idle):
            return
    worker = _Worker(limit, preload)
    _give_back(worker, 0)


@atexit.register
def shutdown() -> None:
    """End the idle reader processes (at exit; tests call it to check nothing is left running)."""
    with _lock:
        workers, _idle[:] = list(_idle), []
    for worker in workers:
        worker.end()


def _constants() -> dict[str, dict[str, Any]]:
    out = {}
    for name in LIMIT_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            out[name] = {k: v for k, v in vars(module).items() if k.startswith("MAX_") and isinstance(v, (int, float))}
    return out


def _rss_of(pid: int) -> int:
    """Resident memory of a process on macOS (where the parent watches the child)."""
    import subprocess

    try:
        out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, timeout=5)
        return int(out.stdout.strip() or 0) * 1024
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0


def run_limited(func: Callable[[Any, Callable[[float, str], None]], Any], payload: Any, *, what: str,
                progress: ProgressFn = None, cancel: CancelFn = None, deadline_s: float | None = None,
                memory_bytes: int | None = None) -> Any:
    """Return ``func(payload, progress)`` computed in a limited child process.

    `func` must be a top-level function; it reports progress through the
    callable it is given. A WfmError it raises is raised here unchanged; any
    other failure, running out of memory, a crash of a native parser or the
    deadline passing raises WfmError starting with `what` (the file's name).
    `cancel()` returning True ends the child and raises Cancelled.
    """
    global last_stats
    limit = int(memory_bytes or MEMORY_LIMIT_BYTES or default_memory_limit())
    deadline = float(deadline_s or DEADLINE_S)
    started = time.monotonic()
    stats = Stats()
    worker = _take_worker(limit)
    reply = None
    try:
        try:
            worker.conn.send((func, payload, _constants()))
        except (OSError, EOFError, BrokenPipeError):
            worker.end()
            worker = _Worker(limit)
            worker.conn.send((func, payload, _constants()))
        watch_next = started + 0.25
        while reply is None:
            if worker.conn.poll(POLL_S):
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is None:
                    worker.process.join(2.0)
                    stats.outcome = "crash"
                    raise ReaderFailed(_crash_message(what, worker.process.exitcode, limit)) from None
                if message[0] == "progress":
                    if progress is not None:
                        progress(*message[1])
                elif message[0] == "ready":
                    worker.ready = True
                elif message[0] == "fatal":
                    stats.outcome = "crash"
                    raise ReaderFailed(f"{what}: cannot be read safely: {message[1]}")
                else:
                    reply = message
                continue
            now = time.monotonic()
            if cancel is not None and cancel():
                stats.outcome = "cancelled"
                raise Cancelled(f"reading {what} cancelled")
            if now - started > deadline:
                stats.outcome = "timeout"
                raise ReaderFailed(f"{what}: reading the file took longer than {deadline:.0f} s and was stopped; "
                               "the file is too large or built to stall the reader (save it again from Excel, or "
                               "split it)")
            if not worker.process.is_alive() and not worker.conn.poll(0):
                worker.process.join(2.0)
                stats.outcome = "crash"
                raise ReaderFailed(_crash_message(what, worker.process.exitcode, limit))
            if sys.platform == "darwin" and now > watch_next:
                watch_next = now + 0.25
                if _rss_of(worker.process.pid) > limit:
                    stats.outcome = "memory"
                    raise ReaderFailed(_memory_message(what, limit))
    except BaseException:
        worker.end()
        stats.seconds = time.monotonic() - started
        last_stats = stats
        raise
    kind, peak = reply[0], reply[-1]
    stats.peak_rss_bytes, stats.seconds = int(peak or 0), time.monotonic() - started
    if kind in ("ok", "raise"):
        _give_back(worker, stats.peak_rss_bytes)
    else:
        worker.end()
    stats.outcome = {"ok": "ok", "memory": "memory"}.get(kind, "error")
    last_stats = stats
    if kind == "ok":
        return reply[1]
    if kind == "raise":
        raise reply[1]
    if kind == "memory":
        raise ReaderFailed(_memory_message(what, limit))
    if kind == "message":
        raise ReaderFailed(reply[1])
    error = ReaderFailed(f"{what}: cannot be read — the reader failed on it ({reply[1]}); the file may be "
                         "damaged. Open it in Excel or LibreOffice and save it again as .xlsx or .csv")
    if len(reply) > 3:
        error.add_note(f"in the reader process:\n{reply[2]}")  # for developers; messages show str(error) only
    raise error


def _memory_message(what: str, limit: int) -> str:
    return (f"{what}: reading the file needed more than {limit / GIB:.1f} GB of memory and was stopped; "
            "the file is damaged, built to exhaust memory, or too large (split it)")


def _crash_message(what: str, exitcode: int | None, limit: int) -> str:
    return (f"{what}: the file made the reader stop (exit code {exitcode}) — it may be damaged or built to "
            f"exhaust memory (the reader may use {limit / GIB:.1f} GB). Open it in Excel or LibreOffice and "
            "save it again as .xlsx or .csv")


def in_child() -> bool:
    """True inside a reader child (where reading runs directly, without another child)."""
    return _CHILD_CONN is not None
