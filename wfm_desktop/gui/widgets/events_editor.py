"""An editable list of special days (events): date, closed or factor, label, queue."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.forecast import Event, read_events_csv
from wfm_desktop.gui.glossary import apply_header_tips
from wfm_desktop.gui.widgets.data_table import install_copy

EVENT_COLUMNS = ("Date", "Type", "Factor", "Label", "Queue")


class EventsEditor(QGroupBox):
    """Rows of events the planner types, adds, removes or loads from an events CSV.

    ``error(message)`` is emitted when a loaded file is rejected; ``changed()``
    after every edit the planner makes (a cell, Add, Remove, Load), not after
    :meth:`set_events`.
    """

    error = Signal(str)
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Events (special days)", parent)
        self.setToolTip("Closed days forecast 0; a factor multiplies the normal-day forecast.\n"
                        "Queue empty = every queue. Special days are kept out of model fitting.")
        self.table = QTableWidget(0, len(EVENT_COLUMNS))
        install_copy(self.table)
        self.table.setHorizontalHeaderLabels(EVENT_COLUMNS)
        apply_header_tips(self.table)  # what each heading means (gui/glossary.py)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(120)
        add = QPushButton("Add")
        add.clicked.connect(lambda: self.add_event())
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        load = QPushButton("Load CSV…")
        load.setToolTip("date,type,factor,label[,queue]; type is closed or factor")
        load.clicked.connect(self._ask_load)
        buttons = QHBoxLayout()
        for button in (add, remove, load):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())

    def add_event(self, event: Event | None = None) -> None:
        self._append(event)
        self.changed.emit()

    def _append(self, event: Event | None) -> None:
        blocked = self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        if event is None:
            values = (dt.date.today().isoformat(), "closed", "", "", "")
        else:
            values = (event.date.isoformat(), "closed" if event.closed else "factor",
                      "" if event.closed else f"{event.factor:g}", event.label, event.queue or "")
        for column, text in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.blockSignals(blocked)

    def set_events(self, events) -> None:
        """Show `events` (e.g. from an opened plan or an undo); emits no ``changed``."""
        self.table.setRowCount(0)
        for event in events:
            self._append(event)

    def events(self) -> tuple[Event, ...]:
        """The rows as Events; a bad cell raises WfmError naming its row and column."""
        out = []
        for row in range(self.table.rowCount()):
            cells = [(self.table.item(row, c).text().strip() if self.table.item(row, c) else "") for c in range(5)]
            date_text, kind, factor_text, label, queue = cells
            where = f"event row {row + 1}"
            try:
                day = dt.date.fromisoformat(date_text)
            except ValueError as exc:
                raise WfmError(f"{where}, Date: {date_text!r} is not a date (use YYYY-MM-DD)") from exc
            kind = kind.lower()
            if kind == "closed":
                out.append(Event(day, closed=True, factor=0.0, label=label, queue=queue or None))
            elif kind == "factor":
                try:
                    factor = float(factor_text)
                except ValueError as exc:
                    raise WfmError(f"{where}, Factor: {factor_text!r} is not a number (e.g. 1.2)") from exc
                out.append(Event(day, factor=factor, label=label, queue=queue or None))
            else:
                raise WfmError(f"{where}, Type: {kind!r} must be 'closed' or 'factor'")
        return tuple(out)

    def remove_selected(self) -> None:
        """Remove the selected rows (the last row when none is selected)."""
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        rows = rows or ([self.table.rowCount() - 1] if self.table.rowCount() else [])
        for row in rows:
            self.table.removeRow(row)
        if rows:
            self.changed.emit()

    def load_csv(self, path: str) -> None:
        """Append the events of an events CSV; emits ``error`` when the file is rejected."""
        try:
            events = read_events_csv(path)
        except WfmError as exc:
            self.error.emit(str(exc))
            return
        for event in events:
            self._append(event)
        if events:
            self.changed.emit()

    def _ask_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load events", "", "CSV files (*.csv)")
        if path:
            self.load_csv(path)
