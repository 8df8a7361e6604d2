"""An editable table of shift templates (one row per template, the CSV columns)."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from wfm_desktop.core.scheduling.templates import CSV_COLUMNS, ShiftTemplate, templates_from_frame, templates_to_records
from wfm_desktop.gui.widgets.data_table import install_copy

HEADERS = {
    "name": ("Name", "A unique name for the template."),
    "start_earliest": ("Earliest start", "First allowed start time, HH:MM."),
    "start_latest": ("Latest start", "Last allowed start time, HH:MM (a late start runs overnight)."),
    "start_step_min": ("Step (min)", "Minutes between allowed starts; a multiple of the interval."),
    "paid_length_min": ("Paid (min)", "Paid minutes, paid breaks included, unpaid lunch not."),
    "breaks": ("Breaks", "NAME LENGTH_MIN paid|unpaid EARLIEST-LATEST, separated by ';'.\n"
                         "The window is when the break may start, after the shift start, e.g.\n"
                         "'lunch 30 unpaid 3:00-5:00; break 15 paid 1:30-2:00'. Windows may not overlap."),
    "weekdays": ("Days", "Days the template runs: Mon-Fri, Mon,Wed,Sat-Sun or all."),
    "contract": ("Contract", "full or part (a roster agent's contract limits the shifts they take)."),
    "min_count": ("Min/day", "Fewest shifts of this template per day."),
    "max_count": ("Max/day", "Most shifts of this template per day (blank = no limit)."),
    "cost_per_hour": ("Cost/hour", "Cost of one paid hour."),
}


class TemplateEditor(QTableWidget):
    """Edit templates as text cells; :meth:`templates` validates them (WfmError names row and field).

    ``edited()`` is emitted after each change the planner makes (a cell, a row
    added or removed), not after :meth:`set_templates` / :meth:`set_frame`.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(CSV_COLUMNS), parent)
        install_copy(self)
        for i, col in enumerate(CSV_COLUMNS):
            label, tip = HEADERS[col]
            item = QTableWidgetItem(label)
            item.setToolTip(tip)
            self.setHorizontalHeaderItem(i, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(24)
        self.itemChanged.connect(lambda _item: self.edited.emit())

    def set_templates(self, templates: list[ShiftTemplate]) -> None:
        self.set_frame(pd.DataFrame(templates_to_records(templates)))

    def set_frame(self, frame: pd.DataFrame) -> None:
        """Show a template table as text (NaN as empty, 30.0 as 30) without emitting ``edited``."""
        blocked = self.blockSignals(True)
        self.setRowCount(0)
        for record in frame.to_dict("records"):
            self._append({k: _text(v) for k, v in record.items()})
        self.blockSignals(blocked)

    def add_row(self, record: dict | None = None) -> None:
        self._append(record)
        self.edited.emit()

    def _append(self, record: dict | None) -> None:
        blocked = self.blockSignals(True)
        record = record or {"name": f"Shift {self.rowCount() + 1}", "start_earliest": "08:00",
                            "start_latest": "12:00", "start_step_min": 30, "paid_length_min": 480, "breaks": "",
                            "weekdays": "Mon-Fri", "contract": "full", "min_count": 0, "max_count": "",
                            "cost_per_hour": 20}
        row = self.rowCount()
        self.insertRow(row)
        for i, col in enumerate(CSV_COLUMNS):
            self.setItem(row, i, QTableWidgetItem(str(record.get(col, ""))))
        self.blockSignals(blocked)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.selectedIndexes()}, reverse=True)
        for row in rows:
            self.removeRow(row)
        if rows:
            self.edited.emit()

    def frame(self) -> pd.DataFrame:
        rows = []
        for r in range(self.rowCount()):
            rows.append({col: (self.item(r, i).text() if self.item(r, i) else "") for i, col in enumerate(CSV_COLUMNS)})
        return pd.DataFrame(rows, columns=list(CSV_COLUMNS))

    def templates(self) -> list[ShiftTemplate]:
        """The table's templates, validated ("template table row N" in messages, the header is row 1)."""
        return templates_from_frame(self.frame(), "template table")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
