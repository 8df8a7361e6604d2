"""The open plan as the GUI pages share it.

Pages never talk to each other; they read and write the plan through this
controller, which emits ``changed(stage)`` so that pages downstream of a stage
know their inputs changed. Setting a stage's result drops the results of every
stage downstream of it (they are stale), following the flow in DESIGN.md:
history → forecast → requirements → schedule → budget.

``inputs`` holds each page's settings (plain data, keyed by name); results are
what the core computed from them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

STAGES: tuple[str, ...] = ("history", "forecast", "requirements", "schedule", "budget")


class PlanController(QObject):
    changed = Signal(str)  # the stage whose result changed (downstream ones were cleared)
    input_changed = Signal(str)  # the input key that changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: dict[str, Any] = {}
        self._inputs: dict[str, Any] = {}

    def result(self, stage: str) -> Any:
        _check(stage)
        return self._results.get(stage)

    def set_result(self, stage: str, value: Any) -> None:
        """Store `value` as `stage`'s result and drop everything downstream of it."""
        _check(stage)
        self._results[stage] = value
        for later in STAGES[STAGES.index(stage) + 1 :]:
            self._results.pop(later, None)
        self.changed.emit(stage)

    def input(self, key: str, default: Any = None) -> Any:
        return self._inputs.get(key, default)

    def set_input(self, key: str, value: Any) -> None:
        self._inputs[key] = value
        self.input_changed.emit(key)


def _check(stage: str) -> None:
    if stage not in STAGES:
        raise KeyError(f"unknown plan stage {stage!r}; stages are {', '.join(STAGES)}")
