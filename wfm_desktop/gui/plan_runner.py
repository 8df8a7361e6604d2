"""Recompute the plan's out-of-date automatic stages off the GUI thread.

One :class:`PlanRunner` per open plan (the :class:`~wfm_desktop.gui.plan_controller.PlanController`
owns it). Whenever an input or a result changes it waits :data:`COALESCE_MS` (a burst of edits is
one recompute), then takes the first stage of ``model.stale_auto()`` in graph order:
``model.job(stage)`` on the GUI thread → ``job.run(progress, cancel)`` on a worker
(:class:`~wfm_desktop.gui.workers.TaskRunner`: newest request wins, stale generations are dropped)
→ ``controller.store(computed)`` on the GUI thread, which changes a result and so schedules the
next stage (staffing → budget → export). Pages never compute a plan stage themselves; they show
``plan.result(stage)`` and its state, including :meth:`computing` and :meth:`failure`.

A stage that failed is not retried until what it reads changes (its fingerprint).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from wfm_desktop.core.errors import WfmError
from wfm_desktop.gui.workers import TaskRunner

COALESCE_MS = 100


class PlanRunner(QObject):
    """Keeps a plan's automatic stages up to date; signals use the pages' stage names."""

    started = Signal(str)  # a stage is being computed
    failed = Signal(str, object, str)  # stage, exception, details (a traceback; empty for a WfmError)
    idle = Signal()  # nothing left to compute

    def __init__(self, controller, parent: QObject | None = None, coalesce_ms: int = COALESCE_MS) -> None:
        super().__init__(parent)
        self.controller = controller
        self.tasks = TaskRunner(self)
        self.tasks.done.connect(self._done)
        self.tasks.failed.connect(self._failed)
        self.tasks.cancelled.connect(self._cancelled)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(coalesce_ms)
        self._timer.timeout.connect(self._next)
        self._current: tuple[str, str | None] | None = None  # (core stage, fingerprint) being computed
        self._failures: dict[str, tuple[str | None, BaseException]] = {}
        self._forced: set[str] = set()  # stages to compute again although up to date
        controller.input_changed.connect(self.schedule)
        controller.changed.connect(self.schedule)
        controller.reset.connect(self._on_reset)

    # -- what the pages and the step list ask -------------------------------------------------
    @property
    def busy(self) -> bool:
        """Computing, or about to look for work (an edit is waiting out the coalescing delay)."""
        return self._current is not None or self._timer.isActive()

    def computing(self, stage: str) -> bool:
        return self._current is not None and self._current[0] == stage

    def failure(self, stage: str) -> BaseException | None:
        """The error of the stage's last computation from what it reads now (None: no failure)."""
        failed = self._failures.get(stage)
        if failed is None or failed[0] != self.controller.model.fingerprint(stage)[0]:
            return None
        return failed[1]

    # -- scheduling -------------------------------------------------------------------------
    def schedule(self, *_args) -> None:
        self._timer.start()

    def recompute(self, stage: str) -> None:
        """Compute an automatic stage again even if it is up to date (a page's explicit request)."""
        name = self.controller.core_name(stage)
        self._forced.add(name)
        self._failures.pop(name, None)
        self.schedule()

    def shutdown(self) -> None:
        self._timer.stop()
        self.tasks.cancel()
        self._current = None

    def _on_reset(self) -> None:
        self.tasks.cancel()
        self._current = None
        self._failures.clear()
        self.schedule()

    def _next(self) -> None:
        model = self.controller.model
        stale = model.stale_auto()
        forced = [s for s in model.graph.names if s in self._forced and s not in stale and not model.waits_for(s)]
        self._forced.clear()
        for stage in stale + forced:
            fp = model.fingerprint(stage)[0]
            failed = self._failures.get(stage)
            if failed is not None and failed[0] == fp:
                continue  # failed from these very reads: wait for an edit
            if self._current == (stage, fp) and stage not in forced:
                return  # already computing exactly this
            try:
                job = model.job(stage)
            except WfmError as exc:
                self._failures[stage] = (fp, exc)
                self.failed.emit(self.controller.page_name(stage), exc, "")
                continue
            self._current = (stage, fp)
            self.tasks.submit(job.run)  # cancels and drops an older request
            self.started.emit(self.controller.page_name(stage))
            self.controller.states_changed.emit()
            return
        if self._current is not None:  # what was computing is no longer needed
            self.tasks.cancel()
            self._current = None
            self.controller.states_changed.emit()
        self.idle.emit()

    def _done(self, computed) -> None:
        self._current = None
        self._failures.pop(computed.stage, None)
        self.controller.store(computed)  # emits changed → schedule(): the next stage

    def _failed(self, exc: BaseException, details: str) -> None:
        stage, fp = self._current or (None, None)
        self._current = None
        if stage is not None:
            self._failures[stage] = (fp, exc)
            self.failed.emit(self.controller.page_name(stage), exc, "" if isinstance(exc, WfmError) else details)
        self.controller.states_changed.emit()
        self.schedule()

    def _cancelled(self) -> None:
        self._current = None
