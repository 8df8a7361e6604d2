"""The open plan as the GUI pages share it: a thin Qt adapter over the core plan model.

The plan itself — inputs with undo, results with the fingerprints they were computed from, the
stage graph and each stage's state — is :class:`wfm_desktop.core.plan.model.Plan` (``self.model``).
This class adds Qt signals so pages can observe it:

* ``changed(stage)`` — a stage's result was stored. Storing a result never drops another stage's
  result: a stage whose inputs did not change keeps its result (a new schedule leaves the budget
  as it is); a stage whose inputs did change shows as out of date (:meth:`state`).
* ``states_changed()`` — a stage's state may have changed (the step list redraws its indicators).
* ``input_changed(key)``, ``undo_changed()``, ``reset()``, ``cache_changed(key)`` as before.

The controller's :attr:`runner` (:class:`~wfm_desktop.gui.plan_runner.PlanRunner`) recomputes the
out-of-date automatic stages (staffing, budget, export) off the GUI thread after every change;
pages only show what the plan holds (:meth:`result`, :meth:`state`, :meth:`computing`, :meth:`failure`).

Stage names: the pages' names ``"history"`` and ``"requirements"`` are the core's ``"data"`` and
``"staffing"`` (:data:`ALIASES`); ``"forecast"``, ``"schedule"``, ``"budget"``, ``"export"`` are the same.

Contract for pages:

* an edit the planner makes → ``set_input(key, value, "Edit AHT (Billing)")``
  with a new value object (never mutate a stored value);
* ``input_changed(key)`` → show ``input(key)`` if it differs from what the page
  shows (it was undone, redone or loaded), then recompute as the page would
  after an edit; compare with :func:`same_value` to avoid loops;
* ``set_cache(key, value)`` keeps an entry in the plan file; ``cache_changed(key)`` tells the
  document (modified flag, autosave) — it is not an undo step;
* ``reset()`` is emitted after New/Open replaced all inputs and results: show
  every input again (a missing key means the page's defaults).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from wfm_desktop.core.plan.inputs import PlanInputs, same_value
from wfm_desktop.core.plan.model import Plan, StageState
from wfm_desktop.gui.plan_runner import PlanRunner

__all__ = ["STAGES", "ALIASES", "PlanController", "same_value"]

STAGES: tuple[str, ...] = ("history", "forecast", "requirements", "schedule", "budget", "scenarios", "simulation",
                           "export", "accuracy")
ALIASES = {"history": "data", "requirements": "staffing"}
_PAGE_NAMES = {core: page for page, core in ALIASES.items()}


def core_stage(stage: str) -> str:
    """The core stage of a page's stage name ("requirements" → "staffing")."""
    return ALIASES.get(stage, stage)


class PlanController(QObject):
    changed = Signal(str)  # the stage whose result changed (the pages' name for it)
    input_changed = Signal(str)  # the input key that changed (edit, undo, redo)
    undo_changed = Signal()  # can_undo/can_redo/labels/modified may have changed
    reset = Signal()  # New or Open replaced every input and result
    cache_changed = Signal(str)  # a saved cache entry was set, replaced or removed: its key
    states_changed = Signal()  # a stage's state (not run / up to date / out of date / flagged) may have changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = Plan()
        self.runner = PlanRunner(self, self)

    @staticmethod
    def core_name(stage: str) -> str:
        """The core's name of a page's stage name ("requirements" → "staffing")."""
        return core_stage(stage)

    @staticmethod
    def page_name(stage: str) -> str:
        """The pages' name of a core stage ("staffing" → "requirements")."""
        return _PAGE_NAMES.get(stage, stage)

    @property
    def inputs(self) -> PlanInputs:
        return self.model.inputs

    # -- results ---------------------------------------------------------------
    def result(self, stage: str) -> Any:
        _check(stage)
        return self.model.result(core_stage(stage))

    def results(self) -> dict[str, Any]:
        return {_PAGE_NAMES.get(name, name): value for name, value in self.model.results().items()}

    def set_result(self, stage: str, value: Any) -> None:
        """Store `value` as `stage`'s result, computed from what the stage reads now."""
        _check(stage)
        self.model.set_result(core_stage(stage), value)
        self.changed.emit(stage)
        self.states_changed.emit()

    def store(self, computed) -> None:
        """Store a result computed from a snapshot (``model.job(stage).run()``) with that snapshot's fingerprint."""
        self.model.store(computed)
        self.changed.emit(_PAGE_NAMES.get(computed.stage, computed.stage))
        self.states_changed.emit()

    def state(self, stage: str) -> StageState:
        _check(stage)
        return self.model.state(core_stage(stage))

    def computing(self, stage: str) -> bool:
        """The stage is being recomputed off the GUI thread right now."""
        _check(stage)
        return self.runner.computing(core_stage(stage))

    def failure(self, stage: str) -> BaseException | None:
        """Why the stage's last automatic computation from what it reads now failed (None: it did not)."""
        _check(stage)
        return self.runner.failure(core_stage(stage))

    def export_data(self):
        """What File ▸ Export writes (the core's export stage, computed now if out of date; None: nothing)."""
        if self.model.needs_compute("export"):
            self.model.run("export")
            self.states_changed.emit()
        return self.model.result("export")

    # -- inputs ----------------------------------------------------------------
    def input(self, key: str, default: Any = None) -> Any:
        return self.inputs.get(key, default)

    def set_input(self, key: str, value: Any, label: str | None = None, *, merge: bool = True,
                  undoable: bool = True) -> bool:
        """Set an input as one undoable step (see PlanInputs.set); True when it changed."""
        edit = self.inputs.set(key, value, label, merge=merge, undoable=undoable)
        if edit is None:
            return False
        self.input_changed.emit(key)
        self.undo_changed.emit()
        self.states_changed.emit()
        return True

    def undo(self) -> str:
        """Undo the last input edit; returns its label ('' when there was nothing to undo)."""
        edit = self.inputs.undo()
        if edit is None:
            return ""
        self.input_changed.emit(edit.key)
        self.undo_changed.emit()
        self.states_changed.emit()
        return edit.label

    def redo(self) -> str:
        edit = self.inputs.redo()
        if edit is None:
            return ""
        self.input_changed.emit(edit.key)
        self.undo_changed.emit()
        self.states_changed.emit()
        return edit.label

    # -- saved cache -----------------------------------------------------------
    def cache(self, key: str, default: Any = None) -> Any:
        """A saved entry the plan file keeps beside the results (e.g. the solved schedule's tables)."""
        return self.model.cache.get(key, default)

    def set_cache(self, key: str, value: Any) -> None:
        """Keep `value` (JSON-able or a DataFrame) in the plan file; None removes it. Not undoable.

        Emits ``cache_changed(key)`` when the entry really changed (an equal value is no
        change), so the document shows the plan as modified at once and autosaves it.
        """
        cache = self.model.cache
        before = cache.get(key)
        if value is None:
            cache.pop(key, None)
        else:
            cache[key] = value
        if (before is None) != (value is None) or not same_value(before, value):
            self.cache_changed.emit(key)

    def caches(self) -> dict[str, Any]:
        return dict(self.model.cache)

    # -- the whole plan --------------------------------------------------------
    def load(self, inputs: dict[str, Any] | None = None, results: dict[str, Any] | None = None,
             cache: dict[str, Any] | None = None) -> None:
        """Replace every input, result and cache entry (New with nothing, Open with a file's content)."""
        for stage in results or {}:
            _check(stage)
        model = Plan()
        model.inputs.reset(inputs)
        for name in model.graph.names:  # in graph order: each fingerprinted on what precedes it
            for stage, value in (results or {}).items():
                if core_stage(stage) == name and value is not None:
                    model.set_result(name, value)
        model.cache = dict(cache or {})
        self.load_plan(model)

    def load_plan(self, plan: Plan) -> None:
        """Make an opened core plan the open plan (its inputs, results, fingerprints and cache)."""
        inputs = self.model.inputs
        inputs.reset(plan.inputs.values())  # the same PlanInputs object: widgets hold its end_step
        plan.inputs = inputs
        plan._memo.clear()
        plan._reads_memo.clear()  # (the inputs object changed: its revision count is another's)
        self.model = plan
        self.reset.emit()
        self.undo_changed.emit()
        self.states_changed.emit()

    def mark_saved(self) -> None:
        self.inputs.mark_clean()
        self.undo_changed.emit()

    @property
    def is_modified(self) -> bool:
        return self.inputs.is_modified


def _check(stage: str) -> None:
    if stage not in STAGES and stage not in ALIASES.values():
        raise KeyError(f"unknown plan stage {stage!r}; stages are {', '.join(STAGES)}")
