"""Nothing a user opens runs code: user text in written CSV and xlsx files never becomes a formula.

A queue, site or template called ``=HYPERLINK("http://…")`` or ``@SUM(…)`` would
run as a formula when a spreadsheet program opens the file. As OWASP advises
for CSV, a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe (numbers stay numbers: ``-3`` or
``+1.5`` are not text that needs it); our own readers remove that apostrophe
again (:func:`unescape`). In xlsx files such text is written as a string with
Excel's quote prefix, so editing the cell does not turn it into a formula.

>>> escape("=1+2"), escape("-3"), escape("Sales")
("'=1+2", '-3', 'Sales')
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d[\d,]*\.?\d*|\.\d+)([eE][+-]?\d+)?%?")


def is_risky(value: Any) -> bool:
    """True for text a spreadsheet program could read as a formula."""
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value.strip())


def escape(value: Any) -> Any:
    """`value` with a leading apostrophe when it is risky text; anything else unchanged."""
    return "'" + value if is_risky(value) else value


def unescape(value: Any) -> Any:
    """Undo :func:`escape` (for the app's own CSV readers)."""
    if isinstance(value, str) and value.startswith("'") and is_risky(value[1:]):
        return value[1:]
    return value


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells and column names are escaped; numeric columns untouched."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or isinstance(series.dtype, (pd.StringDtype, pd.CategoricalDtype)):
            values = series.astype(object)
            if values.map(is_risky).any():
                out[column] = values.map(escape)
    out.columns = [escape(c) for c in out.columns]
    return out


def unescape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(unescape)
    out.columns = [unescape(c) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path, **kwargs) -> None:
    """``frame.to_csv(path, **kwargs)`` with risky text escaped."""
    escape_frame(frame).to_csv(path, **kwargs)


XLSXWRITER_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def quote_xlsxwriter_text(writer: pd.ExcelWriter, sheet_name: str, frame: pd.DataFrame, *, startrow: int = 0,
                          index: bool = False) -> None:
    """After ``frame.to_excel(writer, sheet_name)``: rewrite risky text cells as strings with a quote prefix."""
    ws = writer.sheets[sheet_name]
    quoted = writer.book.add_format({"quote_prefix": True})
    offset = 1 if index else 0
    for j, column in enumerate(frame.columns):
        if is_risky(column):
            ws.write_string(startrow, j + offset, str(column), quoted)
        series = frame[column]
        if series.dtype != object and not isinstance(series.dtype, (pd.StringDtype, pd.CategoricalDtype)):
            continue
        for i, value in enumerate(series.astype(object).tolist()):
            if is_risky(value):
                ws.write_string(startrow + 1 + i, j + offset, value, quoted)


def quote_openpyxl_cells(ws) -> None:
    """Make every risky text cell of an openpyxl sheet a quoted string (openpyxl reads "=…" as a formula)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type in ("f", "s") and is_risky(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True
