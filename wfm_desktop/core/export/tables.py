"""The three data sheets: Intraday requirements, Daily forecast and Weekly FTE.

Each is one Excel table (filters, banded rows) starting at A1 with a frozen
header row. Gross agents are formulas over the Assumptions shrinkage cells;
daily agent-hours add up the intraday rows of the same queue and date; weekly
agent-hours add up the daily rows of the same queue and week; FTE divides by
the queue's contracted hours. Look-ups match on the queue and date *cells*
(SUMPRODUCT of exact comparisons, not SUMIFS, whose criteria would treat a
queue named ``Sales*`` or ``>5`` as a pattern), so they survive a manager
sorting or filtering a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from wfm_desktop.core.export.context import ColumnRange, ExportContext, quote_sheet, set_print_layout
from wfm_desktop.core.export.data import WEEKDAYS

INTRADAY = "Intraday requirements"
DAILY = "Daily forecast"
WEEKLY = "Weekly FTE"
_EPOCH = np.datetime64("1899-12-30", "D")
HEAT_COLOURS = {"min_color": "#FFFFFF", "mid_color": "#FFE699", "max_color": "#F4B183"}


@dataclass
class Col:
    """One table column: header, number kind, width, and where its cells come from.

    ``values`` holds the numbers (or texts when ``kind == "text"``);
    ``formula(excel_row, i)`` — when given — builds the cell's formula and
    ``values[i]`` is its cached result.
    """

    key: str
    header: str
    kind: str
    width: float
    values: np.ndarray
    formula: Callable[[int, int], str] | None = None


def excel_serial(values: pd.Series) -> np.ndarray:
    """Datetimes → Excel serial day numbers (1900 date system), as floats."""
    stamps = pd.to_datetime(values).to_numpy(dtype="datetime64[ns]")
    return (stamps - _EPOCH.astype("datetime64[ns]")) / np.timedelta64(1, "D")


def excel_day(values: pd.Series) -> np.ndarray:
    """Dates (time of day dropped) → whole Excel serial day numbers."""
    return np.floor(excel_serial(pd.to_datetime(values).dt.normalize()) + 0.5)


def write_table(ctx: ExportContext, sheet: str, table_name: str, columns: list[Col], *, freeze_cols: int = 0) -> int:
    """Write `columns` as an Excel table at A1 of `sheet`; return the number of data rows."""
    ws = ctx.sheet(sheet)
    st = ctx.styles
    n = len(columns[0].values)
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.width)
        fmt = st.get("general" if col.kind == "text" else col.kind)
        values = col.values
        if col.kind == "text":
            write = ctx.text
            for i in range(n):
                write(ws, i + 1, c, values[i], fmt)
        elif col.formula is not None:
            build = col.formula
            write_formula = fast_formula_writer(ws)
            for i in range(n):
                write_formula(i + 1, c, build(i + 2, i), fmt, float(values[i]))
        else:
            write_number = ws.write_number
            finite = np.isfinite(values.astype(float))
            for i in range(n):
                if finite[i]:  # NaN (no value) or an infinite ASA leaves the cell empty
                    write_number(i + 1, c, float(values[i]), fmt)
        ctx.ranges[f"{sheet}:{col.key}"] = ColumnRange(sheet, c, 2, n + 1)
        if c % 3 == 2:
            ctx.check_cancel()
    ws.add_table(0, 0, max(n, 1), len(columns) - 1, {
        "name": table_name,
        "style": "Table Style Light 9",
        "columns": [{"header": col.header, "header_format": st.header} for col in columns],
    })
    ws.set_row(0, 46)
    ws.freeze_panes(1, freeze_cols)
    formula_cols = [c for c, col in enumerate(columns) if col.formula is not None]
    if formula_cols and n:
        ranges = " ".join(f"{_ref(0, c)}:{_ref(n - 1, c)}" for c in formula_cols)
        ws.ignore_errors({"formula_differs": ranges})
    set_print_layout(ws)
    return n


def fast_formula_writer(ws) -> Callable[..., None]:
    """``write(row, col, formula, fmt, value)`` for thousands of plain formulas.

    XlsxWriter's ``write_formula`` runs ~30 regular expressions per formula to
    add ``_xlfn.`` prefixes to newer functions; the bulk formulas here use only
    Excel 2007 functions, so they are stored the way ``write_formula`` stores
    them (without the leading "=") and skip that scan — 3× faster on 26,000
    rows. Falls back to ``write_formula`` if XlsxWriter's internals differ.
    """
    from xlsxwriter import worksheet as xw

    cell = getattr(xw, "CellFormulaTuple", None)
    table = getattr(ws, "table", None)
    if cell is None or table is None or getattr(ws, "constant_memory", False):
        return ws.write_formula

    def write(row: int, col: int, formula: str, fmt, value: float) -> None:
        if ws._check_dimensions(row, col):  # also tracks the sheet's used range
            raise ValueError(f"cell ({row}, {col}) is outside the sheet")
        table[row][col] = cell(formula[1:], fmt, value)

    return write


def _ref(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row + 1, col)


def column_letters(columns: list[Col]) -> dict[str, str]:
    """Column key → its letter in the table :func:`write_table` writes from `columns` (A, B, …).

    Formula builders look letters up here (once the list is complete) instead
    of spelling them, so adding a column never shifts a reference.
    """
    from xlsxwriter.utility import xl_col_to_name

    return {col.key: xl_col_to_name(c) for c, col in enumerate(columns)}


def _num(frame: pd.DataFrame, column: str) -> np.ndarray:
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _text(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].astype(str).to_numpy(dtype=object)


# -- Intraday requirements ----------------------------------------------------------------------


def write_intraday(ctx: ExportContext) -> None:
    frame = ctx.frames["intraday"]
    start = pd.to_datetime(frame["start"])
    date_serial = excel_day(start)
    # Exact fractions of a day for the clock time, so 08:30 never shows as 08:29.
    time_of_day = (start.dt.hour * 60 + start.dt.minute).to_numpy(dtype=float) / 1440.0
    queues = _text(frame, "queue")
    months = start.dt.month.to_numpy()
    names = ctx.shrinkage_names
    at: dict[str, str] = {}  # column key -> letter, filled in once the columns are listed

    def gross(which: int) -> Callable[[int, int], str]:
        def build(r: int, i: int) -> str:
            net_letter = at["net"]
            name = names[queues[i]][int(months[i])][which]
            x = f"{net_letter}{r}/(1-{name})"
            return f"=IF({net_letter}{r}=0,0,CEILING({x}-1E-9*MAX(1,{x}),1))"
        return build

    columns = [
        Col("date", "Date", "date", 15, date_serial),
        Col("interval", "Interval", "time", 9, time_of_day),
        Col("queue", "Queue", "text", 18, queues),
        Col("contacts", "Contacts", "dec1", 10, _num(frame, "contacts")),
        Col("aht_s", "AHT (s)", "seconds", 9, _num(frame, "aht_s")),
        Col("workload", "Workload (Erlangs)", "dec2", 11, _num(frame, "workload_erlangs")),
        Col("net", "Net agents", "int", 9, _num(frame, "agents_net")),
        Col("schedule", "Gross for scheduling", "int", 11, _num(frame, "agents_schedule"), gross(1)),
        Col("gross", "Gross agents", "int", 9, _num(frame, "agents_gross"), gross(0)),
        Col("sl", "SL", "pct", 8, _num(frame, "service_level")),
        Col("asa", "ASA (s)", "seconds1", 9, _num(frame, "asa_s")),
        Col("occupancy", "Occupancy", "pct", 11, _num(frame, "occupancy")),
    ]
    if "abandon_rate" in frame.columns and frame["abandon_rate"].notna().any():
        columns.append(Col("abandon", "Abandon rate", "pct", 10, _num(frame, "abandon_rate")))
    at.update(column_letters(columns))
    n = write_table(ctx, INTRADAY, "Intraday", columns, freeze_cols=3)
    ws = ctx.sheet(INTRADAY)
    if n:
        for c in (ctx.ranges[f"{INTRADAY}:{key}"].col for key in ("net", "schedule", "gross")):
            ws.conditional_format(1, c, n, c, {"type": "3_color_scale", **HEAT_COLOURS})


# -- Daily forecast -----------------------------------------------------------------------------


def write_daily(ctx: ExportContext) -> None:
    frame = ctx.frames["daily"]
    dates = pd.to_datetime(frame["date"])
    i_q = ctx.ranges[f"{INTRADAY}:queue"].ref()
    i_d = ctx.ranges[f"{INTRADAY}:date"].ref()
    i_sched = ctx.ranges[f"{INTRADAY}:schedule"].ref()
    i_gross = ctx.ranges[f"{INTRADAY}:gross"].ref()

    def hours(source: str) -> Callable[[int, int], str]:
        def build(r: int, i: int) -> str:
            return f"=SUMPRODUCT(({i_q}=$C{r})*({i_d}=$A{r}),{source})*Interval_Minutes/60"
        return build

    columns = [
        Col("date", "Date", "date", 15, excel_day(dates)),
        Col("day", "Day", "text", 6, np.array([WEEKDAYS[d] for d in dates.dt.day_of_week], dtype=object)),
        Col("queue", "Queue", "text", 18, _text(frame, "queue")),
        Col("contacts", "Contacts", "dec1", 11, _num(frame, "contacts")),
    ]
    for key, header in (("lower", "Contacts low"), ("upper", "Contacts high")):
        if key in frame.columns and frame[key].notna().any():
            columns.append(Col(key, header, "dec1", 11, _num(frame, key)))
    columns += [
        Col("aht_s", "AHT (s)", "seconds", 9, _num(frame, "aht_s")),
        Col("workload_h", "Workload (h)", "dec1", 11, _num(frame, "workload_h")),
        Col("net_h", "Net agent-hours", "dec1", 11, _num(frame, "agents_net_h")),
        Col("schedule_h", "Gross agent-hours for scheduling", "dec1", 15, _num(frame, "agents_schedule_h"),
            hours(i_sched)),
        Col("gross_h", "Gross agent-hours", "dec1", 11, _num(frame, "agents_gross_h"), hours(i_gross)),
        Col("sl", "Expected SL", "pct", 10, _num(frame, "service_level")),
    ]
    write_table(ctx, DAILY, "DailyForecast", columns, freeze_cols=3)


# -- Weekly FTE ---------------------------------------------------------------------------------


def write_weekly(ctx: ExportContext) -> None:
    frame = ctx.frames["weekly"]
    queues = _text(frame, "queue")
    d_q = ctx.ranges[f"{DAILY}:queue"].ref()
    d_d = ctx.ranges[f"{DAILY}:date"].ref()
    hpf = ctx.hours_per_fte_names

    def hours(key: str) -> Callable[[int, int], str]:
        source = ctx.ranges[f"{DAILY}:{key}"].ref()

        def build(r: int, i: int) -> str:
            return f"=SUMPRODUCT(({d_q}=$B{r})*({d_d}>=$A{r})*({d_d}<$A{r}+7),{source})"
        return build

    def fte(r: int, i: int) -> str:
        return f"=IF($C{r}=0,0,H{r}/({hpf[queues[i]]}*$C{r}/7))"

    columns = [
        Col("week_start", "Week commencing", "date", 15, excel_day(frame["week_start"])),
        Col("queue", "Queue", "text", 18, queues),
        Col("days", "Days", "int", 6, _num(frame, "days")),
        Col("contacts", "Contacts", "dec1", 11, _num(frame, "contacts")),
        Col("workload_h", "Workload (h)", "dec1", 11, _num(frame, "workload_h")),
        Col("net_h", "Net agent-hours", "dec1", 11, _num(frame, "agents_net_h")),
        Col("schedule_h", "Gross agent-hours for scheduling", "dec1", 15, _num(frame, "agents_schedule_h"),
            hours("schedule_h")),
        Col("gross_h", "Gross agent-hours", "dec1", 11, _num(frame, "agents_gross_h"), hours("gross_h")),
        Col("fte", "FTE", "fte", 8, _num(frame, "fte"), fte),
        Col("sl", "Expected SL", "pct", 10, _num(frame, "service_level")),
    ]
    assert columns[7].key == "gross_h"
    n = write_table(ctx, WEEKLY, "WeeklyFTE", columns, freeze_cols=2)
    if n:
        c = ctx.ranges[f"{WEEKLY}:fte"].col
        ctx.sheet(WEEKLY).conditional_format(1, c, n, c, {"type": "data_bar", "bar_color": "#9DC3E6",
                                                          "bar_solid": True})


def sheet_ref(sheet: str, cell: str) -> str:
    return f"{quote_sheet(sheet)}!{cell}"
