"""Editable shrinkage table: category, % of paid time, modelled by the schedule; shows the totals."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from wfm_desktop.core.staffing.shrinkage import ShrinkageCategory, ShrinkageTable
from wfm_desktop.gui.theme import error_html
from wfm_desktop.gui.glossary import apply_header_tips
from wfm_desktop.gui.widgets.data_table import install_copy

TIP = ("Shrinkage: share of paid time agents are not available for contacts.\n"
       "Gross for FTE and budget = net ÷ (1 − total); gross for scheduling = net ÷ (1 − the part the\n"
       "schedule does not model). Tick 'In schedule' for breaks and lunch the shifts place themselves.")


class ShrinkageEditor(QWidget):
    """Emits ``changed()`` after every edit; :meth:`table` returns the ShrinkageTable (or raises WfmError)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QTableWidget(0, 3)
        install_copy(self.grid)
        self.grid.setHorizontalHeaderLabels(["Category", "% of paid time", "In schedule"])
        apply_header_tips(self.grid)  # what each heading means (gui/glossary.py)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setToolTip(TIP)
        self.grid.setMinimumHeight(250)
        self.total = QLabel()
        self.total.setWordWrap(True)
        self.total.setToolTip(TIP)
        add = QPushButton("Add")
        remove = QPushButton("Remove")
        add.clicked.connect(self._add_row)
        remove.clicked.connect(self._remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid)
        layout.addWidget(self.total)
        layout.addLayout(buttons)
        self.grid.itemChanged.connect(self._edited)
        self._loading = False

    def set_table(self, table: ShrinkageTable) -> None:
        self._loading = True
        self.grid.setRowCount(0)
        for category in table.categories:
            self._append(category.name, category.fraction * 100, category.scheduled)
        self._loading = False
        self._update_total()

    def _append(self, name: str, percent: float, scheduled: bool) -> None:
        row = self.grid.rowCount()
        self.grid.insertRow(row)
        self.grid.setItem(row, 0, QTableWidgetItem(name))
        value = QTableWidgetItem(f"{percent:g}")
        value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid.setItem(row, 1, value)
        flag = QTableWidgetItem()
        flag.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        flag.setCheckState(Qt.CheckState.Checked if scheduled else Qt.CheckState.Unchecked)
        self.grid.setItem(row, 2, flag)

    def _add_row(self) -> None:
        self._loading = True
        self._append(f"category {self.grid.rowCount() + 1}", 0.0, False)
        self._loading = False
        self._edited()

    def _remove_row(self) -> None:
        row = self.grid.currentRow()
        if row < 0:
            row = self.grid.rowCount() - 1
        if row >= 0:
            self.grid.removeRow(row)
            self._edited()

    def _edited(self, *_args) -> None:
        if self._loading:
            return
        self._update_total()
        self.changed.emit()

    def table(self) -> ShrinkageTable:
        categories = []
        for row in range(self.grid.rowCount()):
            name = (self.grid.item(row, 0).text() if self.grid.item(row, 0) else "").strip()
            text = (self.grid.item(row, 1).text() if self.grid.item(row, 1) else "").strip().rstrip("%")
            try:
                percent = float(text.replace(",", ".")) if text else 0.0
            except ValueError:
                raise WfmError(f"shrinkage row {row + 1} ({name or 'no name'}): {text!r} is not a percentage") from None
            if not 0 <= percent < 100:
                raise WfmError(f"shrinkage row {row + 1} ({name}): {percent:g}% must be from 0 to below 100")
            scheduled = self.grid.item(row, 2).checkState() == Qt.CheckState.Checked
            categories.append(ShrinkageCategory(name, percent / 100, scheduled))
        return ShrinkageTable(tuple(categories))

    def _update_total(self) -> None:
        try:
            table = self.table()
        except WfmError as exc:
            self.total.setText(error_html(str(exc)))
            return
        self.total.setText(f"Total <b>{table.total:.1%}</b> (for FTE and budget) · not modelled by the schedule "
                           f"<b>{table.unscheduled:.1%}</b> (for scheduling)")
