"""The plan's one contracted week, as a spin box any page can show.

Every box shows and edits the same plan input
(:data:`wfm_desktop.core.conventions.CONTRACT_WEEK_KEY`): the Staffing page's
and the Budget page's are one setting shown in two places. An edit is one
undoable step ("Edit contracted week"); an edit, undo, redo or Open on any page
updates every box and emits :attr:`ContractWeekBox.week_changed` so the page
recomputes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox

from wfm_desktop.core.conventions import CONTRACT_WEEK_KEY, DEFAULT_CONTRACT_HOURS_WEEK

TIP = ("Contracted hours per FTE per week — one for the whole plan (Staffing, capacity plan and Budget).\n"
       "FTE = paid (gross) agent-hours ÷ (contracted week × weeks): a full week is 1 week, a month its\n"
       "days ÷ 7 (a 28-day February is 4 weeks), a part week at either end of the plan its open days ÷\n"
       "the open days a week. Gross agents are not rounded for FTE. A site whose contract differs\n"
       f"sets its own week on the Budget page's sites table. Default {DEFAULT_CONTRACT_HOURS_WEEK:g} h.")
LABEL = "Edit contracted week"


def contract_week(plan) -> float:
    """The plan's contracted week (the default when the plan does not set one)."""
    value = plan.input(CONTRACT_WEEK_KEY)
    return DEFAULT_CONTRACT_HOURS_WEEK if value is None else float(value)


class ContractWeekBox(QDoubleSpinBox):
    """A spin box bound to the plan's contracted week (see the module docstring)."""

    week_changed = Signal(float)

    def __init__(self, plan, parent=None) -> None:
        super().__init__(parent)
        self._plan = plan
        self.setRange(1.0, 80.0)
        self.setDecimals(2)
        self.setSingleStep(0.5)
        self.setSuffix(" h/week")
        self.setAccelerated(True)
        self.setToolTip(TIP)
        self._show()
        self.valueChanged.connect(self._edited)
        self.editingFinished.connect(plan.inputs.end_step)
        plan.input_changed.connect(self._input_changed)
        plan.reset.connect(self._show)

    def _show(self) -> None:
        self.blockSignals(True)
        self.setValue(contract_week(self._plan))
        self.blockSignals(False)

    def _edited(self, value: float) -> None:
        if value != contract_week(self._plan):
            self._plan.set_input(CONTRACT_WEEK_KEY, float(value), LABEL)

    def _input_changed(self, key: str) -> None:
        if key != CONTRACT_WEEK_KEY:
            return
        self._show()
        self.week_changed.emit(self.value())
