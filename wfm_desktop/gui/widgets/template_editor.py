"""An editable table of shift templates (one row per template, the CSV columns), with the selected
template's breaks as rows and a preview of one shift on a time line (:class:`TemplateDetails`).

The Breaks cell keeps the text the CSV and JSON files hold; the break rows
below the table write it (``lunch 30 unpaid 3:00-5:00; …``), so files, undo
and the plan file are unchanged.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.scheduling.templates import (
    CSV_COLUMNS,
    BreakRule,
    ShiftTemplate,
    format_duration,
    parse_break,
    template_from_record,
    templates_from_frame,
    templates_to_records,
)
from wfm_desktop.gui.theme import set_role
from wfm_desktop.gui.widgets.data_table import install_copy

HEADERS = {
    "name": ("Name", "A unique name for the template."),
    "start_earliest": ("Earliest start", "First allowed start time, HH:MM."),
    "start_latest": ("Latest start", "Last allowed start time, HH:MM (a late start runs overnight)."),
    "start_step_min": ("Step (min)", "Minutes between allowed starts; a multiple of the interval."),
    "paid_length_min": ("Paid (min)", "Paid minutes, paid breaks included, unpaid lunch not."),
    "breaks": ("Breaks", "Edit the breaks of the selected template in the rows below the table.\n"
                         "As text (the CSV/JSON form): NAME LENGTH_MIN paid|unpaid EARLIEST-LATEST, separated by ';',\n"
                         "the window being when the break may start after the shift start, e.g.\n"
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
    reloaded = Signal()  # after set_templates / set_frame (a file loaded, undo, a plan opened)

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
        self.reloaded.emit()

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


BREAK_HEADERS = (("Break", "A name without spaces, e.g. lunch, break1."),
                 ("Length (min)", "Minutes the break lasts."),
                 ("Paid", "Ticked: the break is paid (in the paid minutes); unticked: it lengthens the day."),
                 ("Earliest start", "Earliest start of the break after the shift start, H:MM (1:30 = 90 minutes "
                                    "after the start)."),
                 ("Latest start", "Latest start of the break after the shift start, H:MM."))


class BreakRows(QTableWidget):
    """One row per break (name, length, paid, earliest and latest start after the shift start)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(BREAK_HEADERS), parent)
        install_copy(self)
        for i, (label, tip) in enumerate(BREAK_HEADERS):
            item = QTableWidgetItem(label)
            item.setToolTip(tip)
            self.setHorizontalHeaderItem(i, item)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(24)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_breaks(self, rules: list[BreakRule]) -> None:
        blocked = self.blockSignals(True)
        self.setRowCount(0)
        for rule in rules:
            self._append(rule)
        self.blockSignals(blocked)

    def _append(self, rule: BreakRule) -> None:
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(rule.name))
        self.setItem(row, 1, QTableWidgetItem(str(rule.length_min)))
        paid = QTableWidgetItem("paid")
        paid.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        paid.setCheckState(Qt.CheckState.Checked if rule.paid else Qt.CheckState.Unchecked)
        self.setItem(row, 2, paid)
        self.setItem(row, 3, QTableWidgetItem(format_duration(rule.earliest_min)))
        self.setItem(row, 4, QTableWidgetItem(format_duration(rule.latest_min)))

    def add_break(self) -> None:
        last = self._rule_or_none(self.rowCount() - 1) if self.rowCount() else None
        start = (last.latest_min + last.length_min + 60) if last else 120
        self._append(BreakRule(f"break{self.rowCount() + 1}", 15, True, start, start + 30))
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.selectedIndexes()}, reverse=True)
        for row in rows:
            self.removeRow(row)
        if rows:
            self.changed.emit()

    def _cell(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text().strip() if item else ""

    def row_text(self, row: int) -> str:
        """The row as the break text: ``lunch 30 unpaid 3:00-5:00``."""
        paid = self.item(row, 2)
        word = "paid" if paid is not None and paid.checkState() == Qt.CheckState.Checked else "unpaid"
        return f"{self._cell(row, 0)} {self._cell(row, 1)} {word} {self._cell(row, 3)}-{self._cell(row, 4)}"

    def _rule_or_none(self, row: int) -> BreakRule | None:
        try:
            return parse_break(self.row_text(row), "break")
        except WfmError:
            return None

    def text(self) -> str:
        """Every row as the Breaks cell's text (``; ``-separated)."""
        return "; ".join(self.row_text(r) for r in range(self.rowCount()))

    def problem(self) -> str | None:
        """What is wrong with a row, naming it (None when every row reads)."""
        for r in range(self.rowCount()):
            name = self._cell(r, 0)
            if not name or any(ch.isspace() for ch in name):
                return f"break row {r + 1}: the name must be one word (e.g. lunch, break1)"
            try:
                parse_break(self.row_text(r), f"break row {r + 1}")
            except WfmError as exc:
                return str(exc)
        return None


class ShiftPreview(QWidget):
    """One shift of a template on a time line: work, each break at its earliest start, and its window."""

    WORK, PAID, UNPAID, WINDOW = QColor("#4C78A8"), QColor("#F2C14E"), QColor("#8C8C8C"), QColor("#E0B040")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template: ShiftTemplate | None = None
        self.message = "Select a template to see one shift"
        self.setMinimumHeight(128)
        self.setToolTip("One shift starting at the earliest start: work in blue, each break at its earliest start "
                        "(paid yellow, unpaid grey), the shaded band is where the break may start or run.")

    def set_template(self, template: ShiftTemplate | None, message: str = "") -> None:
        self.template, self.message = template, message
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(8, 6, -8, -6)
        p.fillRect(self.rect(), self.palette().base())
        t = self.template
        if t is None:
            p.setPen(self.palette().text().color())
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            return
        start, span = t.start_earliest_min, t.span_min
        lo = (start // 60) * 60
        hi = -(-(start + span) // 60) * 60
        width = max(60, hi - lo)
        bar = QRectF(rect.left() + 18, rect.top() + 24, rect.width() - 36, 26)

        def x(minute: float) -> float:
            return bar.left() + (minute - lo) / width * bar.width()

        p.setPen(self.palette().text().color())
        end = start + span
        heading = (f"{t.name}: {start // 60:02d}:{start % 60:02d} to {end // 60 % 24:02d}:{end % 60:02d}"
                   f"{' (+1 day)' if end >= 1440 else ''}, {t.paid_length_min / 60:g} h paid, "
                   f"{span // 60}:{span % 60:02d} from start to end")
        self.setToolTip(heading)  # whole, where a narrow preview elides it
        p.drawText(QRectF(rect.left(), rect.top(), rect.width(), 18), Qt.AlignmentFlag.AlignLeft,
                   p.fontMetrics().elidedText(heading, Qt.TextElideMode.ElideRight, int(rect.width())))
        p.fillRect(QRectF(x(start), bar.top(), x(end) - x(start), bar.height()), self.WORK)
        for i, b in enumerate(t.breaks):  # the window (where the break may run) as a band under the bar
            band = QRectF(x(start + b.earliest_min), bar.bottom() + 3 + 4 * (i % 2),
                          x(start + b.latest_min + b.length_min) - x(start + b.earliest_min), 3)
            p.fillRect(band, self.PAID if b.paid else self.UNPAID)
            p.fillRect(QRectF(x(start + b.earliest_min), bar.top(), x(start + b.earliest_min + b.length_min)
                              - x(start + b.earliest_min), bar.height()), self.PAID if b.paid else self.UNPAID)
        p.setPen(QPen(self.palette().text().color(), 1))
        axis = bar.bottom() + 12
        label_px = p.fontMetrics().horizontalAdvance("00:00") + 8  # hours between labels: they never overlap
        every = next((h for h in (1, 2, 3, 4, 6, 12) if (x(lo + 60 * h) - x(lo)) >= label_px), 24)
        for minute in range(lo, hi + 1, 60):
            px = x(minute)
            p.drawLine(int(px), int(axis), int(px), int(axis + 5))
            if (minute - lo) % (60 * every) == 0:
                p.drawText(QRectF(px - 20, axis + 6, 40, 16), Qt.AlignmentFlag.AlignCenter,
                           f"{minute // 60 % 24:02d}:00")
        p.drawText(QRectF(bar.left(), axis + 24, bar.width(), max(34.0, rect.bottom() - axis - 24)),
                   Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,  # as many lines as the key needs
                   "blue: work · yellow: paid break · grey: unpaid break (at its earliest start; the thin band "
                   "under the bar: where it may run)")


class TemplateDetails(QWidget):
    """The selected template's breaks as rows (Add/Remove) and its shift preview; edits write the Breaks cell."""

    def __init__(self, editor: TemplateEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.rows = BreakRows()
        self.preview = ShiftPreview()
        self.title = QLabel("Breaks")
        self.problem = QLabel("")
        set_role(self.problem, "error")
        self.problem.setWordWrap(True)
        self.add_button, self.remove_button = QPushButton("Add break"), QPushButton("Remove break")
        self.add_button.setToolTip("Add a break to the selected template")
        self.remove_button.setToolTip("Remove the selected break rows")
        self.add_button.clicked.connect(self.rows.add_break)
        self.remove_button.clicked.connect(self.rows.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left = QVBoxLayout()
        left.addLayout(buttons)
        left.addWidget(self.rows, 1)
        left.addWidget(self.problem)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.preview, 1)
        self._row = -1
        self.rows.changed.connect(self._rows_changed)
        editor.itemSelectionChanged.connect(self._selection_changed)
        editor.currentCellChanged.connect(lambda *_: self._selection_changed())
        editor.edited.connect(self._editor_edited)
        editor.reloaded.connect(self._selection_changed)
        self._selection_changed()

    def _selection_changed(self) -> None:
        current = self.editor.currentRow()  # the row last clicked or selected (also with Ctrl held)
        rows = sorted({i.row() for i in self.editor.selectedIndexes()})
        if 0 <= current < self.editor.rowCount():
            self._row = current
        else:
            self._row = rows[0] if rows else (0 if self.editor.rowCount() else -1)
        self._load_row()

    def _load_row(self) -> None:
        enabled = 0 <= self._row < self.editor.rowCount()
        for w in (self.rows, self.add_button, self.remove_button):
            w.setEnabled(enabled)
        if not enabled:
            self.rows.set_breaks([])
            self.title.setText("Breaks")
            self.preview.set_template(None, "Select a template to see one shift")
            return
        record = self._record(self._row)
        self.title.setText(f"Breaks of {record['name'] or 'row ' + str(self._row + 1)}")
        rules, problem = [], None
        for part in filter(None, (p.strip() for p in record["breaks"].split(";"))):
            try:
                rules.append(parse_break(part, "breaks"))
            except WfmError as exc:
                problem = str(exc)
        self.rows.set_breaks(rules)
        self._refresh_preview()
        if problem:
            self.problem.setText(problem)

    def _record(self, row: int) -> dict:
        col = list(CSV_COLUMNS)
        return {c: (self.editor.item(row, i).text() if self.editor.item(row, i) else "") for i, c in enumerate(col)}

    def _editor_edited(self) -> None:
        """A cell typed (or a row added/removed): reload the rows when the Breaks text is not theirs."""
        if not 0 <= self._row < self.editor.rowCount():
            self._selection_changed()
            return
        if self._record(self._row)["breaks"] != self.rows.text():
            self._load_row()
        else:
            self._refresh_preview()

    def _rows_changed(self) -> None:
        if not 0 <= self._row < self.editor.rowCount():
            return
        problem = self.rows.problem()
        self.problem.setText(problem or "")
        if problem:
            self.preview.set_template(None, problem)
            return
        column = list(CSV_COLUMNS).index("breaks")
        item = self.editor.item(self._row, column)
        if item is None or item.text() != self.rows.text():
            if item is None:
                self.editor.setItem(self._row, column, QTableWidgetItem(self.rows.text()))
            else:
                item.setText(self.rows.text())  # emits the editor's edited(): one undo step, as a typed cell

    def _refresh_preview(self) -> None:
        if not 0 <= self._row < self.editor.rowCount():
            return
        try:
            template = template_from_record(self._record(self._row), f"template table row {self._row + 2}")
        except WfmError as exc:
            self.preview.set_template(None, str(exc))
            self.problem.setText(str(exc))
            return
        self.problem.setText("")
        self.preview.set_template(template)
