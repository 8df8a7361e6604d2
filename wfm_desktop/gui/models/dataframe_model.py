"""One read-only table model for every pandas table in the GUI.

Column arrays and their formatters are cached when the frame is set, so a cell
lookup is an index into a numpy array, never ``iloc``. Sorting uses numpy
``argsort`` on the cached column (stable, NaN last); a filter keeps the rows
whose shown text contains a word (or whose number passes ``>5``, ``<=0.8``), in
one column or any. Columns named as in the core's frames (``contacts``,
``agents_gross``, ``service_level``…) are shown with the workbook's number
format for that meaning (:data:`WORKBOOK_KINDS`) unless a page gives its own.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Mapping

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from wfm_desktop.gui.glossary import term_tip

Formatter = Callable[[Any], str]

# The workbook's number format of each core column (core/export/context.py NUMBER_FORMATS, by meaning).
WORKBOOK_KINDS = {
    "contacts": "dec1", "lower": "dec1", "upper": "dec1", "forecast": "dec1",
    "aht_s": "seconds", "asa_s": "seconds1",
    "workload_erlangs": "dec2", "agents_gross": "dec2",
    "agents_net": "int", "agents_schedule": "int",
    "workload_h": "dec1", "agents_net_h": "dec1", "agents_schedule_h": "dec1", "agents_gross_h": "dec1",
    "fte": "fte", "required_fte": "fte", "effective_fte": "fte",
    "service_level": "pct", "occupancy": "pct", "abandon_rate": "pct", "p_wait": "pct",
}


def excel_number(value: float, decimals: int, *, percent: bool = False) -> str:
    """`value` as Excel shows it with that many decimals: halves round away from zero (812.25 → 812.3,
    where Python's format gives 812.2), thousands separated."""
    number = Decimal(repr(float(value))) * (100 if percent else 1)
    shown = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{shown:,.{decimals}f}" + ("%" if percent else "")


def workbook_formatter(kind: str) -> Formatter:
    """Text as the workbook shows a number of this kind: ``dec1`` 1,234.5, ``pct`` 80.0%, ``int`` 1,235."""
    decimals = {"int": 0, "seconds": 0, "dec1": 1, "fte": 1, "seconds1": 1, "dec2": 2, "pct": 1}.get(kind, 2)

    def fmt(v) -> str:
        if v is None or pd.isna(v) or not np.isfinite(v):
            return ""
        return excel_number(v, decimals, percent=kind == "pct")
    return fmt


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
    kind = WORKBOOK_KINDS.get(str(column.name))
    if kind is not None and pd.api.types.is_numeric_dtype(column.dtype) and not pd.api.types.is_bool_dtype(column.dtype):
        return workbook_formatter(kind)
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
        self._sorted = np.arange(0)  # every row in sort order; _order is what the filter keeps of it
        self._filter: tuple[str, int | None] = ("", None)
        self._texts: dict[int, np.ndarray] = {}  # lower-case shown text per column, made on the first filter
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
        self._sorted = np.arange(len(frame))
        self._texts = {}
        self._order = self._filtered(self._sorted)
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
        self._sorted = order_
        self._order = self._filtered(order_)
        self.layoutChanged.emit()

    def source_row(self, view_row: int) -> int:
        """The frame's row number shown at `view_row` (after sorting and filtering)."""
        return int(self._order[view_row])

    def view_row(self, source_row: int) -> int | None:
        """Where the frame's row `source_row` is shown, or None when the filter hides it."""
        found = np.flatnonzero(self._order == source_row)
        return int(found[0]) if len(found) else None

    # -- filtering ------------------------------------------------------------
    def set_filter(self, text: str, column: int | None = None) -> None:
        """Keep the rows whose shown text contains `text` (any column, or only `column`); "" shows all.

        In one numeric column, ``>5``, ``>=5``, ``<0.8``, ``<=0.8``, ``=3`` and ``<>0`` compare the
        numbers themselves (a percentage as typed, ``<80%``, or as a fraction, ``<0.8``).
        """
        self._filter = (text.strip(), column)
        self.beginResetModel()
        self._order = self._filtered(self._sorted)
        self.endResetModel()

    def filter_text(self) -> tuple[str, int | None]:
        return self._filter

    def _filtered(self, rows: np.ndarray) -> np.ndarray:
        text, column = self._filter
        if not text or not self._columns:
            return rows
        if column is not None and column < len(self._columns):
            keep = self._comparison(text, column)
            if keep is None:
                keep = np.char.find(self._shown_text(column), text.lower()) >= 0
        else:
            keep = np.zeros(len(self._frame), dtype=bool)
            for c in range(len(self._columns)):
                keep |= np.char.find(self._shown_text(c), text.lower()) >= 0
        return rows[keep[rows]]

    def _comparison(self, text: str, column: int) -> np.ndarray | None:
        import operator
        import re

        values = self._columns[column]
        match = re.fullmatch(r"(<=|>=|<>|!=|<|>|=)\s*([-+]?[\d.,]*\d)\s*(%?)", text)
        if match is None or values.dtype.kind not in "iuf":
            return None
        ops = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq,
               "<>": operator.ne, "!=": operator.ne}
        try:
            number = float(match.group(2).replace(",", ""))
        except ValueError:
            return None
        if match.group(3):
            number /= 100
        numbers = values.astype(float)
        if match.group(1) in ("=", "<>", "!="):  # compare as shown: "=80.0%" matches 0.7996
            shown = np.char.replace(np.char.replace(self._shown_text(column), ",", ""), "%", "")
            typed = match.group(2).replace(",", "")
            equal = np.char.equal(shown, typed) | np.isclose(numbers, number, rtol=0, atol=1e-9)
            return equal if match.group(1) == "=" else ~equal
        with np.errstate(invalid="ignore"):
            return ops[match.group(1)](numbers, number) & ~np.isnan(numbers)

    def _shown_text(self, column: int) -> np.ndarray:
        if column not in self._texts:
            fmt, values = self._formatters[column], self._columns[column]
            self._texts[column] = np.array([fmt(v).lower() for v in values], dtype=str) if len(values) \
                else np.zeros(0, dtype=str)
        return self._texts[column]

    # -- what a view shows, for copying and export ----------------------------------------------
    def header_text(self, column: int) -> str:
        return self._headers[column]

    def shown_frame(self) -> pd.DataFrame:
        """The rows as shown (sorted, filtered) with the shown headings and the frame's own values."""
        if not self._columns:
            return pd.DataFrame()
        out = self._frame.iloc[self._order].reset_index(drop=True)
        out.columns = self._headers
        return out
