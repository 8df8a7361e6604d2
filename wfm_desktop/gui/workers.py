"""All the GUI's threading: run core functions off the GUI thread.

A :class:`TaskRunner` belongs to one consumer (a page, a chart). Each
:meth:`TaskRunner.submit` stamps the request with a new generation number,
asks any earlier task of the same runner to cancel, and drops results that
arrive from stale generations, so a quickly changing input never shows an old
answer. Callbacks (done, failed, progress) always run on the GUI thread.

The function receives ``progress`` and ``cancel`` keyword callables, as every
slow core function does.
"""

from __future__ import annotations

import atexit

import threading
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from wfm_desktop.core.errors import Cancelled

PROGRESS_INTERVAL_S = 0.05  # throttle progress signals to 20 a second


class _TaskSignals(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object, str)
    progressed = Signal(int, float, str)
    cancelled = Signal(int)


class _Task(QRunnable):
    def __init__(self, generation: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        # Python keeps the task alive (TaskRunner._tasks) until its signals are handled.
        self.setAutoDelete(False)
        self.generation = generation
        self.signals = _TaskSignals()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cancel = threading.Event()
        self._last_progress = 0.0

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, fraction: float, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_INTERVAL_S or fraction >= 1.0:
            self._last_progress = now
            self.signals.progressed.emit(self.generation, float(fraction), str(message))

    def run(self) -> None:  # runs on a pool thread
        try:
            result = self._fn(*self._args, progress=self._progress, cancel=self._cancel.is_set, **self._kwargs)
        except Cancelled:
            self.signals.cancelled.emit(self.generation)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI, never lost
            self.signals.failed.emit(self.generation, exc, traceback.format_exc())
        else:
            if self._cancel.is_set():
                self.signals.cancelled.emit(self.generation)
            else:
                self.signals.finished.emit(self.generation, result)


_chart_pool: QThreadPool | None = None


def chart_pool() -> QThreadPool:
    """The chart thread: charts render here one at a time (gui/widgets/mpl_canvas.py), so a page's
    charts never hold up the GUI thread nor take the plan's threads in the global pool."""
    global _chart_pool
    if _chart_pool is None:
        _chart_pool = QThreadPool()
        _chart_pool.setMaxThreadCount(1)
        atexit.register(_end_chart_pool)
    return _chart_pool


def _end_chart_pool() -> None:
    """At exit, while Python is still whole: drop queued charts, wait for the one drawing, and free the pool.

    Left to the interpreter's teardown, the pool's thread could still be running Python code (or the
    pool be freed after Qt) when the interpreter is half gone: a crash on the way out."""
    global _chart_pool
    pool, _chart_pool = _chart_pool, None
    if pool is not None:
        pool.clear()
        pool.waitForDone(10_000)
        del pool


class TaskRunner(QObject):
    """Runs one kind of task at a time for its owner, newest request wins.

    Signals: ``started()``, ``progress(fraction, message)``, ``done(result)``,
    ``failed(exception, details)``, ``cancelled()``, ``busy_changed(bool)``.
    """

    started = Signal()
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object, str)
    cancelled = Signal()
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._generation = 0
        self._current: _Task | None = None
        self._tasks: dict[int, _Task] = {}

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    @property
    def generation(self) -> int:
        return self._generation

    def submit(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> int:
        """Run ``fn(*args, progress=..., cancel=..., **kwargs)`` on a pool thread."""
        self.cancel()
        self._generation += 1
        task = _Task(self._generation, fn, args, kwargs)
        task.signals.finished.connect(self._on_finished)
        task.signals.failed.connect(self._on_failed)
        task.signals.progressed.connect(self._on_progress)
        task.signals.cancelled.connect(self._on_cancelled)
        self._current = task
        was_busy = self.busy
        self._tasks[task.generation] = task
        self._pool.start(task)
        self.started.emit()
        if not was_busy:
            self.busy_changed.emit(True)
        return task.generation

    def cancel(self) -> None:
        """Ask the current task to stop; its result, if any, is dropped."""
        if self._current is not None:
            self._current.cancel()
            self._current = None

    def _finish(self, generation: int) -> bool:
        """Forget `generation`; True when it is the newest request (its result counts)."""
        self._tasks.pop(generation, None)
        if not self._tasks:
            self.busy_changed.emit(False)
        current = self._current is not None and generation == self._generation
        if current:
            self._current = None
        return current

    @Slot(int, object)
    def _on_finished(self, generation: int, result: object) -> None:
        if self._finish(generation):
            self.done.emit(result)

    @Slot(int, object, str)
    def _on_failed(self, generation: int, exc: object, details: str) -> None:
        if self._finish(generation):
            self.failed.emit(exc, details)

    @Slot(int)
    def _on_cancelled(self, generation: int) -> None:
        self._finish(generation)
        if generation == self._generation:
            self.cancelled.emit()

    @Slot(int, float, str)
    def _on_progress(self, generation: int, fraction: float, message: str) -> None:
        if generation == self._generation:
            self.progress.emit(fraction, message)
