"""Shared state of one workbook being written: formats, safe cell writers, what sheets share.

Sheet writers are plain functions ``write(ctx: ExportContext) -> None``. They
find their worksheet with ``ctx.sheet(name)``, write text only through
:meth:`ExportContext.text` (never parsed as a formula, whatever it starts
with), numbers through :meth:`ExportContext.number` (NaN → empty cell) and
formulas through :meth:`ExportContext.formula` (with the app's value cached).
What one sheet publishes for others (defined names, where a column lives) goes
in ``ctx.names``, ``ctx.ranges`` and the context's other named fields; the
sheets are written in the order of :data:`wfm_desktop.core.export.workbook.SHEETS`,
so a sheet reads only what an earlier one published.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from wfm_desktop.core.export.data import PlanWorkbookData
from wfm_desktop.core.formula_safety import is_risky
from wfm_desktop.core.progress import CancelFn, ProgressFn, check_cancel

# Number formats used everywhere, by meaning.
NUMBER_FORMATS = {
    "int": "#,##0",
    "dec1": "#,##0.0",
    "dec2": "#,##0.00",
    "fte": "#,##0.0",
    "pct": "0.0%",
    "seconds": "#,##0",
    "seconds1": "#,##0.0",
    "date": "ddd dd mmm yyyy",
    "date_short": "yyyy-mm-dd",
    "month": "mmm yyyy",  # the one month label style: "Jan 2000"
    "money": "#,##0",  # replaced per workbook by Styles.set_currency ('#,##0 "USD"')
    "money2": "#,##0.00",
    "time": "hh:mm",
    "datetime": "yyyy-mm-dd hh:mm",
    "day_time": "ddd hh:mm",
    "text": "@",
}
INPUT_FILL = "#FFF2CC"  # inputs a manager may change
HEADER_FILL = "#1F4E78"


@dataclass
class ColumnRange:
    """Where a table column lives: sheet, column letter, first and last data row (1-based)."""

    sheet: str
    col: int
    first_row: int
    last_row: int

    def ref(self) -> str:
        letter = xl_col_to_name(self.col)
        return f"{quote_sheet(self.sheet)}!${letter}${self.first_row}:${letter}${self.last_row}"


def quote_sheet(name: str) -> str:
    """A sheet name as it must appear in a formula ('Daily forecast')."""
    return "'" + name.replace("'", "''") + "'"


class Styles:
    """The workbook's cell formats, created once (XlsxWriter formats are per workbook)."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._wb = workbook
        self._cache: dict[tuple, Any] = {}
        self.title = workbook.add_format({"bold": True, "font_size": 16, "font_color": HEADER_FILL})
        self.subtitle = workbook.add_format({"italic": True, "font_color": "#595959"})
        self.section = workbook.add_format({"bold": True, "font_size": 12, "font_color": HEADER_FILL,
                                            "bottom": 1, "bottom_color": HEADER_FILL})
        self.header = workbook.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL,
                                           "text_wrap": True, "valign": "top", "border": 1})
        self.label = workbook.add_format({"bold": True, "valign": "top"})
        self.note = workbook.add_format({"text_wrap": True, "valign": "top", "font_color": "#404040"})
        self.number_formats = dict(NUMBER_FORMATS)

    def set_currency(self, currency: str) -> None:
        """Money cells (kinds "money", "money2") show `currency` after the amount: one currency format."""
        suffix = f' "{currency}"' if currency.isalpha() else ""
        self.number_formats["money"] = "#,##0" + suffix
        self.number_formats["money2"] = "#,##0.00" + suffix

    def get(self, kind: str, *, bold: bool = False, input_cell: bool = False, wrap: bool = False):
        """A format for a number `kind` (a key of NUMBER_FORMATS, or "general")."""
        key = (kind, self.number_formats.get(kind), bold, input_cell, wrap)
        if key not in self._cache:
            props: dict[str, Any] = {}
            if kind != "general":
                props["num_format"] = self.number_formats[kind]
            if bold:
                props["bold"] = True
            if input_cell:  # unlocked: the only cells a manager can edit on the protected sheets
                props.update({"bg_color": INPUT_FILL, "font_color": "#1F3C88", "border": 1, "border_color": "#BFBFBF",
                              "locked": False})
            if wrap:
                props.update({"text_wrap": True, "valign": "top"})
            self._cache[key] = self._wb.add_format(props)
        return self._cache[key]


@dataclass
class ExportContext:
    """One export in progress: the workbook, its data, formats, and what sheets share."""

    workbook: xlsxwriter.Workbook
    data: PlanWorkbookData
    styles: Styles
    progress: ProgressFn = None
    cancel: CancelFn = None
    names: dict[str, str] = field(default_factory=dict)  # defined name -> absolute reference
    ranges: dict[str, ColumnRange] = field(default_factory=dict)  # "Sheet:column" -> where
    frames: dict[str, Any] = field(default_factory=dict)  # sorted copies the sheets share
    # Blocks the Summary adds after its key figures: ``part(ctx, worksheet, first_row) -> next free row``.
    summary_parts: tuple[Callable[[ExportContext, Any, int], int], ...] = ()
    # Published by the Assumptions sheet: queue -> month (1-12) -> (total shrinkage name, unscheduled name).
    # (Every FTE divides by the one name Contract_Hours_Week.)
    shrinkage_names: dict[str, dict[int, tuple[str, str]]] = field(default_factory=dict)
    # Published by the budget's Assumptions block and the Budget sheet.
    budget_one_offs: tuple[str, str] | None = None  # names of the one-off amounts and their months
    budget_total_row: int | None = None  # 0-based row of the Budget sheet's totals
    # Which queues' net agents are Erlang C formulas (live_staffing.LivePlan), set before any sheet is written.
    live: Any = None
    # Input checks for the Summary's status line: (label, formula giving TRUE when fine, message when not).
    checks: list[tuple[str, str, str]] = field(default_factory=list)
    _quoted_formats: dict[int, Any] = field(default_factory=dict)  # format id -> the same with a quote prefix
    _sheets: dict[str, Any] = field(default_factory=dict)

    def add_sheet(self, name: str):
        self._sheets[name] = self.workbook.add_worksheet(name)
        return self._sheets[name]

    def sheet(self, name: str):
        return self._sheets[name]

    def check_cancel(self) -> None:
        check_cancel(self.cancel)

    # -- cell writers -------------------------------------------------------------------------
    def text(self, ws, row: int, col: int, value: Any, fmt=None) -> None:
        """Write `value` as text, never as a formula (formula injection: '=cmd|…', '+1', '@SUM').

        Text a spreadsheet could take for a formula also gets Excel's quote
        prefix, so editing the cell later does not turn it into one.
        """
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif is_risky(str(value)):
            ws.write_string(row, col, str(value), self._quoted(fmt))
        else:
            ws.write_string(row, col, str(value), fmt)

    def _quoted(self, fmt):
        """`fmt` (or no format) with the quote prefix, made once per format."""
        key = id(fmt)
        if key not in self._quoted_formats:
            quoted = self.workbook.add_format()
            if fmt is not None:
                quoted.__dict__.update({k: v for k, v in vars(fmt).items() if k not in ("xf_index", "dxf_index")})
            quoted.set_quote_prefix()
            self._quoted_formats[key] = quoted
        return self._quoted_formats[key]

    @staticmethod
    def number(ws, row: int, col: int, value: Any, fmt=None) -> None:
        """Write a number; None or NaN leaves the cell empty (formatted)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            ws.write_blank(row, col, None, fmt)
        else:
            ws.write_number(row, col, float(value), fmt)

    @staticmethod
    def when(ws, row: int, col: int, value: date | datetime | None, fmt) -> None:
        if value is None:
            ws.write_blank(row, col, None, fmt)
        else:
            if not isinstance(value, datetime):
                value = datetime(value.year, value.month, value.day)
            ws.write_datetime(row, col, value, fmt)

    @staticmethod
    def formula(ws, row: int, col: int, formula: str, fmt, value: float) -> None:
        """Write a formula with the app's `value` as its cached result."""
        ws.write_formula(row, col, formula, fmt, float(value))

    def define_name(self, name: str, sheet: str, row: int, col: int) -> str:
        """Give cell (row, col) of `sheet` the workbook-level name `name`; return the name."""
        ref = f"={quote_sheet(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"
        self.workbook.define_name(name, ref)
        self.names[name] = ref
        return name


def set_print_layout(ws, *, repeat_header_row: int | None = 0, landscape: bool = True) -> None:
    """Landscape, fit to one page wide, header row repeated, sheet name and page numbers."""
    if landscape:
        ws.set_landscape()
    ws.set_paper(9)  # A4; Excel adapts to Letter printers
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header("&L&\"-,Bold\"&A&Rwfm_desktop")
    ws.set_footer("&LPrinted &D&RPage &P of &N")
    if repeat_header_row is not None:
        ws.repeat_rows(repeat_header_row)
