"""The open plan as the GUI pages share it.

Pages never talk to each other; they read and write the plan through this
controller, which emits ``changed(stage)`` so that pages downstream of a stage
know their inputs changed. Setting a stage's result drops the results of every
stage downstream of it (they are stale), following the flow in docs/architecture.md:
history → forecast → requirements → schedule → budget.

``inputs`` holds each page's settings (plain data: JSON-able or DataFrames,
keyed by name, see :mod:`wfm_desktop.core.plan.inputs`); every
:meth:`set_input` is one undoable step with a label for the Edit menu. Results
are what the core computed from the inputs.

Contract for pages:

* an edit the planner makes → ``set_input(key, value, "Edit AHT (Billing)")``
  with a new value object (never mutate a stored value);
* ``input_changed(key)`` → show ``input(key)`` if it differs from what the page
  shows (it was undone, redone or loaded), then recompute as the page would
  after an edit; compare with :func:`same_value` to avoid loops;
* ``set_cache(key, value)`` keeps a result that cannot simply be recomputed (a
  time-limited solve) in the plan file; ``cache_changed(key)`` tells the document
  (modified flag, autosave) — it is not an undo step;
* ``reset()`` is emitted after New/Open replaced all inputs and results: show
  every input again (a missing key means the page's defaults).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from wfm_desktop.core.plan.inputs import PlanInputs, same_value

__all__ = ["STAGES", "PlanController", "same_value"]

STAGES: tuple[str, ...] = ("history", "forecast", "requirements", "schedule", "budget")


class PlanController(QObject):
    changed = Signal(str)  # the stage whose result changed (downstream ones were cleared)
    input_changed = Signal(str)  # the input key that changed (edit, undo, redo)
    undo_changed = Signal()  # can_undo/can_redo/labels/modified may have changed
    reset = Signal()  # New or Open replaced every input and result
    cache_changed = Signal(str)  # a results-cache entry was set, replaced or removed: its key

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: dict[str, Any] = {}
        self._cache: dict[str, Any] = {}
        self.inputs = PlanInputs()

    # -- results ---------------------------------------------------------------
    def result(self, stage: str) -> Any:
        _check(stage)
        return self._results.get(stage)

    def results(self) -> dict[str, Any]:
        return dict(self._results)

    def set_result(self, stage: str, value: Any) -> None:
        """Store `value` as `stage`'s result and drop everything downstream of it."""
        _check(stage)
        self._results[stage] = value
        for later in STAGES[STAGES.index(stage) + 1 :]:
            self._results.pop(later, None)
        self.changed.emit(stage)

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
        return True

    def undo(self) -> str:
        """Undo the last input edit; returns its label ('' when there was nothing to undo)."""
        edit = self.inputs.undo()
        if edit is None:
            return ""
        self.input_changed.emit(edit.key)
        self.undo_changed.emit()
        return edit.label

    def redo(self) -> str:
        edit = self.inputs.redo()
        if edit is None:
            return ""
        self.input_changed.emit(edit.key)
        self.undo_changed.emit()
        return edit.label

    # -- results cache -------------------------------------------------------
    def cache(self, key: str, default: Any = None) -> Any:
        """A saved copy of a result that cannot simply be recomputed (e.g. a time-limited solve)."""
        return self._cache.get(key, default)

    def set_cache(self, key: str, value: Any) -> None:
        """Keep `value` (JSON-able or a DataFrame) in the plan file; None removes it. Not undoable.

        Emits ``cache_changed(key)`` when the entry really changed (an equal value is no
        change), so the document shows the plan as modified at once and autosaves it.
        """
        before = self._cache.get(key)
        if value is None:
            self._cache.pop(key, None)
        else:
            self._cache[key] = value
        if (before is None) != (value is None) or not same_value(before, value):
            self.cache_changed.emit(key)

    def caches(self) -> dict[str, Any]:
        return dict(self._cache)

    # -- the whole plan --------------------------------------------------------
    def load(self, inputs: dict[str, Any] | None = None, results: dict[str, Any] | None = None,
             cache: dict[str, Any] | None = None) -> None:
        """Replace every input, result and cache entry (New with nothing, Open with a file's content)."""
        for stage in results or {}:
            _check(stage)
        self.inputs.reset(inputs)
        self._results = dict(results or {})
        self._cache = dict(cache or {})
        self.reset.emit()
        self.undo_changed.emit()

    def mark_saved(self) -> None:
        self.inputs.mark_clean()
        self.undo_changed.emit()

    @property
    def is_modified(self) -> bool:
        return self.inputs.is_modified


def _check(stage: str) -> None:
    if stage not in STAGES:
        raise KeyError(f"unknown plan stage {stage!r}; stages are {', '.join(STAGES)}")
