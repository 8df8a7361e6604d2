"""The three data sheets: Intraday requirements, Daily forecast and Weekly FTE.

Each is one Excel table (filters, banded rows) starting at A1 with a frozen
header row. Gross agents are formulas over the Assumptions shrinkage cells
(paid agents unrounded; gross for scheduling rounded up to whole agents);
daily agent-hours add up the intraday rows of the same queue and date; weekly
agent-hours add up the daily rows of the same queue and week; FTE divides by
the plan's contracted week (``Contract_Hours_Week``) × the week's contracted
weeks (1, or open days ÷ ``Open_Days_Per_Week`` for a part week). Look-ups match on the queue and date *cells*
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
from wfm_desktop.core.export import live_staffing
from wfm_desktop.core.export.assumptions import month_suffixes
from wfm_desktop.core.export.data import WEEKDAYS
from wfm_desktop.core.staffing.erlang_c import erlang_c_metrics, required_agents_c

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
    ``values[i]`` is its cached result; a row where it returns None gets the
    value instead (empty when not finite).
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
            write_number = ws.write_number
            for i in range(n):
                text = build(i + 2, i)
                if text is not None:
                    write_formula(i + 1, c, text, fmt, float(values[i]))
                elif np.isfinite(float(values[i])):
                    write_number(i + 1, c, float(values[i]), fmt)
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
    live = ctx.live
    index = ctx.data.queue_index()
    by_queue = {q.queue: q for q in ctx.data.queues}
    suffix = month_suffixes(ctx)
    contacts = _num(frame, "contacts")
    is_open = live_staffing.open_mask(frame)
    row_is_live = np.array([q in live.live for q in queues], dtype=bool) & is_open & (contacts > 0)
    levers = [live_staffing.row_names(index[queues[i]], suffix[int(months[i])],
                                      chat=by_queue[queues[i]].channel == "chat") for i in range(len(frame))]
    short = {q: live_staffing.row_names(index[q], "", short=True) for q in live.live}

    def gross(which: int) -> Callable[[int, int], str]:
        def build(r: int, i: int) -> str:
            net_letter = at["net"]
            name = names[queues[i]][int(months[i])][which]
            x = f"{net_letter}{r}/(1-{name})"
            if which == 0:  # paid agents for FTE and budget: not rounded
                return f"={x}"
            return f"=IF({net_letter}{r}=0,0,CEILING({x}-1E-9*MAX(1,{x}),1))"  # whole agents to schedule
        return build

    def aht_eff(r: int, i: int) -> str:
        conc = levers[i].concurrency
        return f"${at['aht_s']}{r}" if conc is None else f"(${at['aht_s']}{r}/{conc})"

    def handle(r: int) -> str:  # the search columns read the effective handle time from its helper column
        return f"{at['handle_s']}{r}"

    def workload(r: int, i: int) -> str:  # contacts × effective AHT ÷ interval, as the app computes it
        return f"=${at['contacts']}{r}*{aht_eff(r, i)}/(Interval_Minutes*60)"

    def step(b: int) -> Callable[[int, int], str | None]:
        width = 2 ** b

        def build(r: int, i: int) -> str | None:  # N so far, plus 2^b unless N + 2^b − 1 already meets
            if not row_is_live[i]:
                return None
            q = queues[i]
            prev = f"{at['search_from']}{r}" if b == live.bits - 1 else f"{at[f'step{b + 1}']}{r}"
            test = live_staffing.meets(prev, f"{at['workload']}{r}", handle(r), short[q], targets=by_queue[q],
                                       off=width - 1)
            return f"={prev}+IF({test},0,{width})"
        return build

    def net(r: int, i: int) -> str | None:
        q = queues[i]
        if q not in live.live or not is_open[i]:
            return None
        if contacts[i] <= 0:  # a quiet open interval: the minimum staff
            return f"={levers[i].min_staff}"
        return f"=MAX({levers[i].min_staff},IF(${at['workload']}{r}=0,0,${at['step0']}{r}))"

    def only_live(text: Callable[[int, int], str]) -> Callable[[int, int], str | None]:
        return lambda r, i: text(r, i) if row_is_live[i] else None

    def gap(r: int) -> str:
        return f"(${at['net']}{r}-${at['workload']}{r})"

    columns = [
        Col("date", "Date", "date", 15, date_serial),
        Col("interval", "Interval", "time", 9, time_of_day),
        Col("queue", "Queue", "text", 18, queues),
        Col("contacts", "Contacts", "dec1", 10, contacts,
            lambda r, i: f"=${at['forecast_contacts']}{r}*(1+{levers[i].growth})"),
        Col("aht_s", "AHT (s)", "seconds", 9, _num(frame, "aht_s"),
            lambda r, i: f"=${at['forecast_aht_s']}{r}*(1+{levers[i].aht_change})"),
        Col("workload", "Workload (Erlangs)", "dec2", 11, _num(frame, "workload_erlangs"), workload),
        Col("net", "Net agents", "int", 9, _num(frame, "agents_net"), net),
        Col("schedule", "Gross for scheduling", "int", 11, _num(frame, "agents_schedule"), gross(1)),
        Col("gross", "Gross agents", "dec2", 9, _num(frame, "agents_gross"), gross(0)),
        Col("sl", "SL", "pct", 8, _num(frame, "service_level"), only_live(
            lambda r, i: f"=MAX(0,MIN(1,1-${at['p_wait']}{r}*EXP(-{gap(r)}*{levers[i].seconds}/{handle(r)})))")),
        Col("asa", "ASA (s)", "seconds1", 9, _num(frame, "asa_s"), only_live(
            lambda r, i: f"=${at['p_wait']}{r}*{handle(r)}/{gap(r)}")),
        Col("occupancy", "Occupancy", "pct", 11, _num(frame, "occupancy"), only_live(
            lambda r, i: f"=${at['workload']}{r}/${at['net']}{r}")),
    ]
    if "abandon_rate" in frame.columns and frame["abandon_rate"].notna().any():
        columns.append(Col("abandon", "Abandon rate", "pct", 10, _num(frame, "abandon_rate")))
    helpers = _live_helpers(frame, live, row_is_live, levers, short, at, aht_eff, step)
    columns += helpers
    at.update(column_letters(columns))
    n = write_table(ctx, INTRADAY, "Intraday", columns, freeze_cols=3)
    ws = ctx.sheet(INTRADAY)
    if n:
        for c in (ctx.ranges[f"{INTRADAY}:{key}"].col for key in ("net", "schedule", "gross")):
            ws.conditional_format(1, c, n, c, {"type": "3_color_scale", **HEAT_COLOURS})
    # Print area: one week — the first seven days of the first queue; the rest is a click away (Page Layout ▸
    # Print Area ▸ Clear, or a filter), where 13 weeks of intervals would print as a hundred pages.
    first_week = np.flatnonzero((queues == queues[0]) & (date_serial < date_serial[0] + 7)) if n else []
    if len(first_week):
        ws.print_area(0, 0, int(first_week[-1]) + 1, len(columns) - len(helpers) - 1)
    first_helper = len(columns) - len(helpers)
    ws.set_column(first_helper, len(columns) - 1, 10, None, {"level": 1, "hidden": True})
    ws.set_column(len(columns), len(columns), None, None, {"collapsed": True})
    if live.live:
        holds = ctx.ranges[f"{INTRADAY}:window_holds"].ref()
        ctx.checks.append(("Staffing search window", f"=COUNTIF({holds},0)=0",
                           "An interval's net agents lie outside the formulas' search window (Intraday "
                           "requirements, column 'Window holds' = 0): an input is outside its range"))


def _live_helpers(frame: pd.DataFrame, live, row_is_live: np.ndarray, levers, short, at: dict[str, str],
                  aht_eff: Callable[[int, int], str], step: Callable[[int], Callable]) -> list[Col]:
    """Forecast inputs, the open flag and the Erlang C search: helper columns, grouped and collapsed at the right.

    Cached values: the search start L, each step's partial answer (the bits of the app's answer − L from
    the top down to that step), 1 for "Window holds", and P(wait) at the app's net agents.
    """
    n = len(frame)
    cols = [
        Col("forecast_contacts", "Forecast contacts", "dec1", 10, _num(frame, "contacts")),
        Col("forecast_aht_s", "Forecast AHT (s)", "seconds1", 10, _num(frame, "aht_s")),
        Col("open", "Open (1 = staffed)", "int", 8, live_staffing.open_mask(frame).astype(float)),
    ]
    if not live.live:
        return cols
    a = _num(frame, "workload_erlangs")
    aht = _num(frame, "aht_s")
    queues = _text(frame, "queue")
    found = np.full(n, np.nan)
    p_wait = np.full(n, np.nan)
    for q in live.live:
        qa = live.targets[q]
        rows = np.flatnonzero(row_is_live & (queues == q))
        if not rows.size:
            continue
        ah = live_staffing.effective_aht(qa, aht[rows])
        found[rows] = required_agents_c(a[rows], ah, sl=qa.sl_target, answer_s=20.0 if qa.answer_s is None
                                        else qa.answer_s, asa_s=qa.asa_target_s, max_occupancy=qa.max_occupancy)
        p_wait[rows] = erlang_c_metrics(_num(frame, "agents_net")[rows], a[rows], ah, 0.0)["p_wait"]
    lo = np.full(n, np.nan)
    for q in live.live:
        rows = np.flatnonzero(row_is_live & (queues == q))
        lo[rows] = live_staffing.python_search_start(a[rows], live.targets[q].max_occupancy)
    d_final = np.nan_to_num(found - lo).astype(np.int64)
    handle = np.full(n, np.nan)
    for q in live.live:
        rows = np.flatnonzero(row_is_live & (queues == q))
        handle[rows] = live_staffing.effective_aht(live.targets[q], aht[rows])
    cols.append(Col("handle_s", "Handle time per contact (s)", "seconds1", 9, handle,
                    lambda r, i: f"={aht_eff(r, i)}" if row_is_live[i] else None))
    cols.append(Col("search_from", "Search from (L)", "int", 8, lo,
                    lambda r, i: live_staffing.search_start(f"{at['workload']}{r}", short[queues[i]],
                                                            targets=live.targets[queues[i]])
                    if row_is_live[i] else None))
    for b in range(live.bits - 1, -1, -1):
        decided = (2 ** live.bits - 1) ^ (2 ** b - 1)  # the bits fixed once step b is done
        cols.append(Col(f"step{b}", f"Step {live.bits - b}", "int", 7,
                        np.where(row_is_live, lo + np.bitwise_and(d_final, decided), np.nan), step(b)))
    top = 2 ** live.bits - 1

    def holds(r: int, i: int) -> str | None:
        if not row_is_live[i]:
            return None
        q = queues[i]
        test = live_staffing.meets(f"{at['search_from']}{r}", f"{at['workload']}{r}", f"{at['handle_s']}{r}",
                                   short[q], targets=live.targets[q], off=top)
        return f"=IF({test},1,0)"

    cols.append(Col("window_holds", "Window holds", "int", 7, np.where(row_is_live, 1.0, np.nan), holds))
    cols.append(Col("p_wait", "P(wait) at net", "pct", 8, p_wait,
                    lambda r, i: "=MIN(1,MAX(0," + live_staffing.erlang_c(f"{at['net']}{r}", f"{at['workload']}{r}")
                    + "))" if row_is_live[i] else None))
    return cols


# -- Daily forecast -----------------------------------------------------------------------------


def write_daily(ctx: ExportContext) -> None:
    frame = ctx.frames["daily"]
    dates = pd.to_datetime(frame["date"])
    i_q = ctx.ranges[f"{INTRADAY}:queue"].ref()
    i_d = ctx.ranges[f"{INTRADAY}:date"].ref()
    i = {key: ctx.ranges[f"{INTRADAY}:{key}"].ref() for key in
         ("contacts", "aht_s", "workload", "net", "schedule", "gross", "sl")}

    def match(r: int) -> str:
        return f"({i_q}=$C{r})*({i_d}=$A{r})"

    def hours(source: str) -> Callable[[int, int], str]:
        def build(r: int, _: int) -> str:
            return f"=SUMPRODUCT({match(r)},{source})*Interval_Minutes/60"
        return build

    def where_known(values: np.ndarray, build: Callable[[int], str]) -> Callable[[int, int], str | None]:
        # A day without contacts has no AHT or SL (an empty cell, as in the app); contacts stay 0 whatever the growth.
        return lambda r, k: build(r) if np.isfinite(values[k]) else None

    aht = _num(frame, "aht_s")
    sl = _num(frame, "service_level")
    columns = [
        Col("date", "Date", "date", 15, excel_day(dates)),
        Col("day", "Day", "text", 6, np.array([WEEKDAYS[d] for d in dates.dt.day_of_week], dtype=object)),
        Col("queue", "Queue", "text", 18, _text(frame, "queue")),
        Col("contacts", "Contacts", "int", 11, _num(frame, "contacts"),
            lambda r, k: f"=SUMPRODUCT({match(r)},{i['contacts']})"),
    ]
    for key, header in (("lower", "Contacts low"), ("upper", "Contacts high")):
        if key in frame.columns and frame[key].notna().any():
            columns.append(Col(key, header, "int", 11, _num(frame, key)))
    columns += [
        Col("aht_s", "AHT (s)", "seconds", 9, aht, where_known(
            aht, lambda r: f"=SUMPRODUCT({match(r)},{i['contacts']},{i['aht_s']})/$D{r}")),
        Col("workload_h", "Workload (h)", "dec1", 11, _num(frame, "workload_h"), hours(i["workload"])),
        Col("net_h", "Net agent-hours", "dec1", 11, _num(frame, "agents_net_h"), hours(i["net"])),
        Col("schedule_h", "Gross agent-hours for scheduling", "dec1", 15, _num(frame, "agents_schedule_h"),
            hours(i["schedule"])),
        Col("gross_h", "Gross agent-hours", "dec1", 11, _num(frame, "agents_gross_h"), hours(i["gross"])),
        Col("sl", "Expected SL", "pct", 10, sl, where_known(
            sl, lambda r: f"=SUMPRODUCT({match(r)},{i['sl']},{i['contacts']})"
                          f"/SUMPRODUCT({match(r)}*ISNUMBER({i['sl']}),{i['contacts']})")),
    ]
    write_table(ctx, DAILY, "DailyForecast", columns, freeze_cols=3)


# -- Weekly FTE ---------------------------------------------------------------------------------


def write_weekly(ctx: ExportContext) -> None:
    frame = ctx.frames["weekly"]
    queues = _text(frame, "queue")
    d_q = ctx.ranges[f"{DAILY}:queue"].ref()
    d_d = ctx.ranges[f"{DAILY}:date"].ref()
    at: dict[str, str] = {}  # column key -> letter, filled in once the columns are listed

    def match(r: int) -> str:
        return f"({d_q}=$B{r})*({d_d}>=$A{r})*({d_d}<$A{r}+7)"

    def hours(key: str) -> Callable[[int, int], str]:
        source = ctx.ranges[f"{DAILY}:{key}"].ref()

        def build(r: int, i: int) -> str:
            return f"=SUMPRODUCT({match(r)},{source})"
        return build

    def fte(r: int, i: int) -> str:  # gross hours ÷ (the plan's one contracted week × the week's weeks)
        weeks = f"${at['weeks']}{r}"
        return f"=IF({weeks}=0,0,{at['gross_h']}{r}/(Contract_Hours_Week*{weeks}))"

    sl = _num(frame, "service_level")
    d_sl, d_contacts = ctx.ranges[f"{DAILY}:sl"].ref(), ctx.ranges[f"{DAILY}:contacts"].ref()

    def expected_sl(r: int, i: int) -> str | None:  # days weighted by their contacts, as the app does
        if not np.isfinite(sl[i]):
            return None
        return (f"=SUMPRODUCT({match(r)},{d_sl},{d_contacts})"
                f"/SUMPRODUCT({match(r)}*ISNUMBER({d_sl}),{d_contacts})")

    columns = [
        Col("week_start", "Week commencing", "date", 15, excel_day(frame["week_start"])),
        Col("queue", "Queue", "text", 18, queues),
        Col("days", "Days", "int", 6, _num(frame, "days")),
        Col("open_days", "Open days", "int", 6, _num(frame, "open_days")),
        Col("weeks", "Weeks (contracted)", "dec2", 10, _num(frame, "weeks"),
            lambda r, i: f"=${at['open_days']}{r}/Open_Days_Per_Week"),
        Col("contacts", "Contacts", "int", 11, _num(frame, "contacts"), hours("contacts")),
        Col("workload_h", "Workload (h)", "dec1", 11, _num(frame, "workload_h"), hours("workload_h")),
        Col("net_h", "Net agent-hours", "dec1", 11, _num(frame, "agents_net_h"), hours("net_h")),
        Col("schedule_h", "Gross agent-hours for scheduling", "dec1", 15, _num(frame, "agents_schedule_h"),
            hours("schedule_h")),
        Col("gross_h", "Gross agent-hours", "dec1", 11, _num(frame, "agents_gross_h"), hours("gross_h")),
        Col("fte", "FTE", "fte", 8, _num(frame, "fte"), fte),
        Col("sl", "Expected SL", "pct", 10, sl, expected_sl),
    ]
    at.update(column_letters(columns))
    n = write_table(ctx, WEEKLY, "WeeklyFTE", columns, freeze_cols=2)
    if n:
        c = ctx.ranges[f"{WEEKLY}:fte"].col
        ctx.sheet(WEEKLY).conditional_format(1, c, n, c, {"type": "data_bar", "bar_color": "#9DC3E6",
                                                          "bar_solid": True})


def sheet_ref(sheet: str, cell: str) -> str:
    return f"{quote_sheet(sheet)}!{cell}"
