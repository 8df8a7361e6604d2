"""One read-only table model for every pandas table in the GUI.

Column arrays and their formatters are cached when the frame is set, so a cell
lookup is an index into a numpy array, never ``iloc``. Sorting uses numpy
``argsort`` on the cached column (stable, NaN last).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from wfm_desktop.gui.glossary import term_tip

Formatter = Callable[[Any], str]


def default_formatter(dtype: np.dtype, values: np.ndarray | None = None) -> Formatter:
    """A formatter for a column: integers with thousands separators, floats to 2 decimals, NaN blank.

    A float column whose every value is whole (agent counts: Req, Sched, Diff) is shown
    without decimals, like an integer column, so "14" never reads "14.00".
    """
    if pd.api.types.is_bool_dtype(dtype):
        return lambda v: "yes" if bool(v) else "no"
    if pd.api.types.is_integer_dtype(dtype):
        return lambda v: f"{int(v):,}"
    if pd.api.types.is_float_dtype(dtype):
        decimals = 2
        if values is not None and len(values):
            finite = values[np.isfinite(values)]
            if len(finite) and np.all(finite == np.round(finite)) and np.all(np.abs(finite) < 1e15):
                decimals = 0
        return lambda v: "" if v is None or np.isnan(v) else f"{v:,.{decimals}f}"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return lambda v: "" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d %H:%M")
    return lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def _column_formatter(column: pd.Series) -> Formatter:
    if pd.api.types.is_float_dtype(column.dtype):
        return default_formatter(column.dtype, column.to_numpy(dtype=float, na_value=np.nan))
    return default_formatter(column.dtype)


class DataFrameModel(QAbstractTableModel):
    """Shows a DataFrame; headers, formatters, tooltips and row colours are optional."""

    def __init__(self, frame: pd.DataFrame | None = None, parent=None) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._columns: list[np.ndarray] = []
        self._formatters: list[Formatter] = []
        self._headers: list[str] = []
        self._header_tips: list[str] = []
        self._order = np.arange(0)
        self._row_background: Callable[[int], Any] | None = None
        if frame is not None:
            self.set_frame(frame)

    # -- content -------------------------------------------------------------
    def set_frame(
        self,
        frame: pd.DataFrame,
        *,
        headers: Mapping[str, str] | None = None,
        formatters: Mapping[str, Formatter] | None = None,
        tooltips: Mapping[str, str] | None = None,
        row_background: Callable[[int], Any] | None = None,
    ) -> None:
        """Replace the table. `row_background(row)` (original row number) may return a QColor."""
        headers = headers or {}
        formatters = formatters or {}
        tooltips = tooltips or {}
        self.beginResetModel()
        self._frame = frame
        self._columns = [frame[c].to_numpy() for c in frame.columns]
        self._formatters = [formatters.get(c) or _column_formatter(frame[c]) for c in frame.columns]
        self._headers = [headers.get(c, str(c)) for c in frame.columns]
        self._header_tips = [tooltips.get(c, "") for c in frame.columns]
        self._order = np.arange(len(frame))
        self._row_background = row_background
        self.endResetModel()

    def frame(self) -> pd.DataFrame:
        return self._frame

    # -- Qt model interface --------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = int(self._order[index.row()])
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._formatters[col](self._columns[col][row])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            kind = self._columns[col].dtype.kind
            if kind in "iufb":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and self._row_background is not None:
            return self._row_background(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and section < len(self._headers):
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole and section < len(self._header_tips):
                return self._header_tips[section] or term_tip(self._headers[section]) or None
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not self._columns:
            return
        values = self._columns[column]
        self.layoutAboutToBeChanged.emit()
        try:
            keys = np.asarray(values, dtype=float) if values.dtype.kind in "iufbM" else np.asarray(values.astype(str))
            order_ = np.argsort(keys, kind="stable")
        except (TypeError, ValueError):
            order_ = np.argsort(np.asarray([str(v) for v in values]), kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            order_ = order_[::-1]
        self._order = order_
        self.layoutChanged.emit()

    def source_row(self, view_row: int) -> int:
        """The frame's row number shown at `view_row` (after sorting)."""
        return int(self._order[view_row])
