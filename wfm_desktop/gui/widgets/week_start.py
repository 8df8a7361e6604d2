"""The plan's first day of the week (Monday, Sunday or Saturday), as a combo box any page can show.

It edits the plan input :data:`wfm_desktop.core.conventions.WEEK_START_KEY`; every weekly figure
(Weekly FTE, the capacity plan and budget by week, the workbook's Weekly FTE) starts its weeks on
that day. An edit is one undoable step; undo, redo and Open show the plan's value again and emit
:attr:`WeekStartBox.week_start_changed` with the weekday number (Monday = 0).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox

from wfm_desktop.core.conventions import DEFAULT_WEEK_START, WEEK_START_KEY, WEEK_STARTS, first_weekday

TIP = ("The first day of the plan's weeks: every weekly figure (Weekly FTE, the capacity plan and budget by\n"
       "week, the workbook) starts its weeks on it. A part week at either end of the plan counts its open\n"
       "days ÷ the open days of a full week.")
LABEL = "Edit first day of the week"


def week_start_name(plan) -> str:
    value = plan.input(WEEK_START_KEY)
    return DEFAULT_WEEK_START if value is None else str(value)


class WeekStartBox(QComboBox):
    week_start_changed = Signal(int)

    def __init__(self, plan, parent=None) -> None:
        super().__init__(parent)
        self._plan = plan
        self.addItems(list(WEEK_STARTS))
        self.setToolTip(TIP)
        self._show()
        self.currentTextChanged.connect(self._edited)
        plan.input_changed.connect(self._input_changed)
        plan.reset.connect(self._on_reset)

    def first_day(self) -> int:
        return first_weekday(self.currentText())

    def _show(self) -> None:
        self.blockSignals(True)
        self.setCurrentText(week_start_name(self._plan))
        self.blockSignals(False)

    def _edited(self, text: str) -> None:
        if text != week_start_name(self._plan):
            self._plan.set_input(WEEK_START_KEY, text, LABEL)
        self.week_start_changed.emit(self.first_day())

    def _input_changed(self, key: str) -> None:
        if key == WEEK_START_KEY:
            self._show()
            self.week_start_changed.emit(self.first_day())

    def _on_reset(self) -> None:
        self._show()
        self.week_start_changed.emit(self.first_day())
