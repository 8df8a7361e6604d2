"""One table written to its own CSV or Excel file (a page's "Export this table").

The rows and headings are the ones the planner sees; the values are the table's
own (full precision), so a pasted or exported table computes the same as the
plan. Text that a spreadsheet could run as a formula is escaped
(:mod:`wfm_desktop.core.formula_safety`), and the file is written atomically
(:mod:`wfm_desktop.core.files`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from wfm_desktop.core.errors import WfmError
from wfm_desktop.core.files import write_atomic
from wfm_desktop.core.formula_safety import XLSXWRITER_OPTIONS, escape_frame, is_risky
from wfm_desktop.core.progress import check_cancel, report


def sheet_name(name: str) -> str:
    """A valid Excel sheet name from `name` (no []:*?/\\, at most 31 characters, not empty)."""
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip().strip("'")[:31]
    return cleaned or "Table"


def write_table(frame: pd.DataFrame, path, *, sheet: str = "Table", force: bool = False,
                progress=None, cancel=None) -> Path:
    """Write `frame` (its column names are the headings) to `path`: ``.csv`` or ``.xlsx``.

    Dates and times stay dates in Excel (``yyyy-mm-dd hh:mm``); numbers stay numbers.
    Returns the path written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise WfmError(f"{target.name}: a table is exported as .csv or .xlsx")
    report(progress, 0.0, f"Writing {target.name}")
    check_cancel(cancel)
    if suffix == ".csv":
        safe = escape_frame(frame)
        write_atomic(target, lambda tmp: safe.to_csv(tmp, index=False, lineterminator="\n",
                                                     date_format="%Y-%m-%d %H:%M"), force=force)
    else:
        write_atomic(target, lambda tmp: _write_xlsx(frame, tmp, sheet_name(sheet)), force=force)
    report(progress, 1.0, f"Wrote {target.name}")
    return target


def _write_xlsx(frame: pd.DataFrame, path: Path, sheet: str) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": False, **XLSXWRITER_OPTIONS})
    ws = book.add_worksheet(sheet)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    quoted = book.add_format({"quote_prefix": True})
    for j, column in enumerate(frame.columns):
        ws.write_string(0, j, str(column), bold)
        series = frame[column]
        width = max(8, min(40, len(str(column)) + 2))
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            for i, value in enumerate(series):
                if not pd.isna(value):
                    ws.write_datetime(i + 1, j, pd.Timestamp(value).to_pydatetime(), when)
            width = max(width, 17)
        elif pd.api.types.is_bool_dtype(series.dtype):
            for i, value in enumerate(series):
                ws.write_boolean(i + 1, j, bool(value))
        elif pd.api.types.is_numeric_dtype(series.dtype):
            for i, value in enumerate(series.to_numpy(dtype=float)):
                if value == value and abs(value) != float("inf"):
                    ws.write_number(i + 1, j, float(value))
        else:
            for i, value in enumerate(series.astype(object)):
                if value is None or (isinstance(value, float) and value != value):
                    continue
                text = str(value)
                ws.write_string(i + 1, j, text, quoted if is_risky(text) else None)
        ws.set_column(j, j, width)
    ws.freeze_panes(1, 0)
    if len(frame.columns):
        ws.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)
    book.close()
